//! Bookkeeping every instruction shares: open interest, socialized loss and the split of the
//! exchange's income between fees and the insurance fund.

use crate::math::fees::insurance_share;
use crate::math::safe_math::SafeMath;
use crate::quantities::{BaseLots, QuoteAtoms, QuoteAtomsPerBaseLot};
use crate::state::{Exchange, Market, Position};
use crate::types::Side;
use anchor_lang::prelude::*;

/// Brings `p` up to date with the market's socialized loss. Called before any read of its
/// equity and any change of its size (so the charge uses the size it held meanwhile).
pub fn sync(market: &Market, p: &mut Position) -> Result<()> {
    p.apply_socialized_loss(market.cumulative_loss_per_lot)?;
    Ok(())
}

fn long_lots(p: &Position) -> u64 {
    p.size.max(0) as u64
}

/// Applies a fill (`side` from `p`'s point of view) and keeps `market.open_interest` (the sum
/// of long sizes) exact.
pub fn apply_fill(
    market: &mut Market,
    p: &mut Position,
    side: Side,
    quantity: u64,
    price: u64,
) -> Result<()> {
    let before = long_lots(p);
    p.apply_fill(side, BaseLots(quantity), QuoteAtomsPerBaseLot(price))?;
    market.open_interest = market
        .open_interest
        .safe_sub(before)?
        .safe_add(long_lots(p))?;
    Ok(())
}

/// Books `amount` of exchange income that already left `total_collateral`'s positions: the
/// insurance share to the market's fund (and the exchange's total), the rest to
/// `fees_collected`. Returns the insurance share.
pub fn collect_income(
    market: &mut Market,
    exchange: &mut Exchange,
    amount: QuoteAtoms,
) -> Result<QuoteAtoms> {
    let insurance = insurance_share(amount)?;
    market.insurance_fund = market.insurance_fund.safe_add(insurance.0)?;
    exchange.insurance_fund = exchange.insurance_fund.safe_add(insurance.0)?;
    exchange.fees_collected = exchange
        .fees_collected
        .safe_add(amount.safe_sub(insurance)?.0)?;
    Ok(insurance)
}
