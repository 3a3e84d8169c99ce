//! `deposit`, `withdraw` and `settle_pnl` on plain structs (the token transfers stay in the
//! handlers).

use super::market::sync;
use crate::errors::PerpsError;
use crate::math::pnl;
use crate::math::safe_math::{Cast, SafeMath};
use crate::math::settle::{settle_amount, Gain};
use crate::quantities::{BaseLots, QuoteAtomsPerBaseLot};
use crate::state::{Exchange, Market, Position};
use anchor_lang::prelude::*;

/// Credits `amount` (> 0, `InvalidAmount`) quote atoms to the position's collateral.
pub fn deposit(
    market: &Market,
    exchange: &mut Exchange,
    position: &mut Position,
    amount: u64,
) -> Result<()> {
    require!(amount > 0, PerpsError::InvalidAmount);
    sync(market, position)?;
    exchange.total_collateral = exchange.total_collateral.safe_add(amount)?;
    position.collateral = position.collateral.safe_add(amount)?;
    Ok(())
}

/// Debits `amount` (> 0) quote atoms from the position's collateral: at most the collateral
/// (`InsufficientCollateral`) and at most `Position::withdrawable` (`InsufficientMargin`): the
/// initial requirement of size and orders stays covered and positive unsettled PnL does not
/// count. Needs a fresh price (`PriceStale`) unless the position is flat with no orders.
pub fn withdraw(
    now: i64,
    market: &Market,
    exchange: &mut Exchange,
    position: &mut Position,
    amount: u64,
) -> Result<()> {
    require!(amount > 0, PerpsError::InvalidAmount);
    require!(
        amount <= position.collateral,
        PerpsError::InsufficientCollateral
    );
    sync(market, position)?;
    let exposed = position.size != 0 || position.open_orders > 0;
    // A flat position without orders needs no price: its equity is cash plus realised PnL.
    let mark = if exposed {
        market.fresh_mark_price(now)?
    } else {
        market.mark_price
    };
    let free = position.withdrawable(mark, market.initial_margin_bps)?;
    require!(amount <= free.0, PerpsError::InsufficientMargin);
    position.collateral = position.collateral.safe_sub(amount)?;
    exchange.total_collateral = exchange.total_collateral.safe_sub(amount)?;
    Ok(())
}

/// Moves collateral from `loss` (negative PnL) to `profit` (positive PnL) in one market at a
/// fresh mark: only from a solvent payer (equity >= 0, else `CounterpartyBankrupt`), at most
/// the payer's loss and collateral and the profit's settleable PnL (`math::settle`: realised in
/// full, unrealised up to the settle limit); `NothingToSettle` when zero. Neither equity
/// changes. Returns the amount (quote atoms).
pub fn settle_pnl(
    now: i64,
    market: &Market,
    profit: &mut Position,
    loss: &mut Position,
) -> Result<u64> {
    let mark = market.fresh_mark_price(now)?;
    sync(market, profit)?;
    sync(market, loss)?;
    require!(loss.equity(mark)? >= 0, PerpsError::CounterpartyBankrupt);
    let gain = Gain {
        unsettled: profit.unsettled_pnl()?,
        unrealized: pnl::unrealized_pnl(profit.state(), QuoteAtomsPerBaseLot(mark))?,
        notional: QuoteAtomsPerBaseLot(mark).notional(BaseLots(profit.size.unsigned_abs()))?,
    };
    let amount = settle_amount(gain, loss.total_pnl(mark)?, loss.collateral)?;
    let signed: i64 = amount.cast()?;
    loss.collateral = loss.collateral.safe_sub(amount)?;
    loss.settled_pnl = loss.settled_pnl.safe_sub(signed)?;
    profit.collateral = profit.collateral.safe_add(amount)?;
    profit.settled_pnl = profit.settled_pnl.safe_add(signed)?;
    Ok(amount)
}
