//! Position accounting: size, cost basis, realised and unrealised PnL.
//!
//! A position keeps its exact **cost basis** (`|size| × average entry`, quote atoms) rather than a
//! rounded average price, so accounting is exact: for every position,
//! `realized_pnl - signed_cost_basis == Σ over its fills of (-signed quantity × price)`, and the
//! right-hand side sums to zero over taker and maker of each fill. PnL is therefore zero-sum to
//! the atom; rounding only happens when part of a position is closed (the share of cost basis
//! released is rounded against the user: up for a long, down for a short).

use crate::math::safe_math::{Cast, SafeMath};
use crate::quantities::{BaseLots, QuoteAtomsPerBaseLot};
use crate::types::Side;
use anchor_lang::prelude::*;

/// The part of a position that fills change.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PositionState {
    /// Signed size: positive long, negative short. Unit: base lots.
    pub size: i64,
    /// `|size| × average entry price`, exact. Unit: quote atoms.
    pub cost_basis: u64,
}

/// Result of applying one fill to a position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FillEffect {
    pub state: PositionState,
    /// PnL realised by the closing part of the fill. Unit: quote atoms.
    pub realized_pnl: i64,
}

/// Applies a fill of `quantity` at `price` in direction `side` (bid = buy) to `pos`.
/// A fill larger than an opposite position closes it and opens the rest at `price`.
pub fn apply_fill(
    pos: PositionState,
    side: Side,
    quantity: BaseLots,
    price: QuoteAtomsPerBaseLot,
) -> Result<FillEffect> {
    let q = quantity.0;
    let is_buy = side == Side::Bid;
    let abs = pos.size.unsigned_abs();
    let same_direction = pos.size == 0 || (pos.size > 0) == is_buy;
    if same_direction {
        let new_abs = abs.safe_add(q)?;
        let cost = pos.cost_basis.safe_add(price.notional(quantity)?.0)?;
        return Ok(FillEffect {
            state: PositionState {
                size: signed(new_abs, is_buy)?,
                cost_basis: cost,
            },
            realized_pnl: 0,
        });
    }
    // Reducing (and maybe flipping).
    let closed = q.min(abs);
    let opened = q.safe_sub(closed)?;
    let long = pos.size > 0;
    let released = if closed == abs {
        pos.cost_basis
    } else {
        let num = (pos.cost_basis as u128).safe_mul(closed as u128)?;
        // Against the user: a long releases more cost (less profit), a short less proceeds.
        let r = if long {
            num.safe_div_ceil(abs as u128)?
        } else {
            num.safe_div(abs as u128)?
        };
        r.cast::<u64>()?
    };
    let exit_value = price.notional(BaseLots(closed))?.0;
    let realized = if long {
        (exit_value as i128).safe_sub(released as i128)?
    } else {
        (released as i128).safe_sub(exit_value as i128)?
    };
    let remaining_cost = pos.cost_basis.safe_sub(released)?;
    let state = if opened > 0 {
        PositionState {
            size: signed(opened, is_buy)?,
            cost_basis: price.notional(BaseLots(opened))?.0,
        }
    } else {
        PositionState {
            size: signed(abs.safe_sub(closed)?, long)?,
            cost_basis: remaining_cost,
        }
    };
    Ok(FillEffect {
        state,
        realized_pnl: realized.cast()?,
    })
}

fn signed(abs: u64, positive: bool) -> Result<i64> {
    let v: i64 = abs.cast()?;
    Ok(if positive { v } else { v.safe_mul(-1)? })
}

/// PnL of the open size at `mark`: `size × mark - cost` for a long, `cost - |size| × mark` for a
/// short. Exact. Unit: quote atoms.
pub fn unrealized_pnl(pos: PositionState, mark: QuoteAtomsPerBaseLot) -> Result<i128> {
    let value = (pos.size.unsigned_abs() as u128).safe_mul(mark.0 as u128)?;
    let value: i128 = value.cast()?;
    let cost = pos.cost_basis as i128;
    if pos.size >= 0 {
        value.safe_sub(cost)
    } else {
        cost.safe_sub(value)
    }
}

/// Average entry price, `cost / |size|` rounded down; 0 when flat. Display only: accounting uses
/// the exact cost basis. Unit: quote atoms per base lot.
pub fn entry_price(pos: PositionState) -> Result<u64> {
    if pos.size == 0 {
        return Ok(0);
    }
    pos.cost_basis.safe_div(pos.size.unsigned_abs())
}

/// `-signed_cost_basis`: the quote side of the position as if every fill had moved cash.
/// With `realized`: `virtual_quote = realized - signed_cost` (see the module doc).
pub fn signed_cost(pos: PositionState) -> i128 {
    if pos.size >= 0 {
        pos.cost_basis as i128
    } else {
        -(pos.cost_basis as i128)
    }
}

#[cfg(test)]
mod tests;
