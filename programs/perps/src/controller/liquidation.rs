//! Liquidation of one position into the liquidator's position, with the close factor, the
//! penalty capped at positive equity, and bankruptcy resolution.

use super::market::{apply_fill, collect_income, sync};
use crate::errors::PerpsError;
use crate::math::liquidation::{self, Penalty};
use crate::math::safe_math::{Cast, SafeMath};
use crate::math::socialize;
use crate::quantities::{BaseLots, Bps, QuoteAtoms, QuoteAtomsPerBaseLot};
use crate::state::{Exchange, Market, OrderBook, Position};
use crate::types::Side;
use anchor_lang::prelude::*;

/// A bankrupt position's deficit and who paid it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Bankruptcy {
    /// Unit: quote atoms.
    pub deficit: u64,
    /// Paid by the insurance fund. Unit: quote atoms.
    pub insurance_paid: u64,
    /// Written off against open interest. Unit: quote atoms.
    pub socialized: u64,
    /// Lots of open size (both sides, the bankrupt position's excluded) it was spread over.
    pub lots: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LiquidationOutcome {
    /// Size transferred. Unit: base lots.
    pub quantity: u64,
    /// The mark price of the transfer. Unit: quote atoms per base lot.
    pub mark: u64,
    pub penalty: Penalty,
    /// Part of `penalty.exchange` paid into the insurance fund. Unit: quote atoms.
    pub penalty_to_insurance: u64,
    /// Set when the position was left flat with negative equity.
    pub bankruptcy: Option<Bankruptcy>,
}

/// Liquidates `position` into `liquidator` at a fresh mark:
/// * `NotLiquidatable` unless equity < maintenance requirement (`NoOpenPosition` if flat);
/// * cancels the position's resting orders (one pass per side);
/// * transfers `min(max_quantity, close factor)` at the mark, where the close factor is the
///   least size whose removal restores `liquidation::target_bps` (halfway from maintenance to
///   initial) after the penalty; a position with equity <= 0 is closed in full;
/// * penalty: `liquidation_penalty_bps` of the transferred notional, capped at
///   `min(collateral, max(equity, 0))`; half to the liquidator, the rest to the exchange, of
///   which `INSURANCE_SHARE_BPS` to the insurance fund;
/// * a position left flat with negative equity is bankrupt: the insurance fund pays its deficit
///   first, the rest is written off against the market's open interest (`socialize`);
/// * the liquidator must meet initial margin if its exposure grew (`InsufficientMargin`).
pub fn liquidate_position(
    now: i64,
    market: &mut Market,
    exchange: &mut Exchange,
    book: &mut OrderBook,
    position: &mut Position,
    liquidator: &mut Position,
    max_quantity: u64,
) -> Result<LiquidationOutcome> {
    require!(max_quantity > 0, PerpsError::InvalidQuantity);
    let mark = market.fresh_mark_price(now)?;
    require!(position.size != 0, PerpsError::NoOpenPosition);
    sync(market, position)?;
    sync(market, liquidator)?;
    let maintenance = position.maintenance_requirement(mark, market.maintenance_margin_bps)?;
    let equity = position.equity(mark)?;
    require!(
        liquidation::is_liquidatable(equity, maintenance),
        PerpsError::NotLiquidatable
    );

    // Resting orders of the liquidated owner would re-open what is being closed: cancel them.
    book.bids.remove_owner(&position.owner)?;
    book.asks.remove_owner(&position.owner)?;
    position.clear_open_orders();

    let price = QuoteAtomsPerBaseLot(mark);
    let cap = QuoteAtoms(equity.max(0).min(position.collateral as i128).cast()?);
    let close = liquidation::close_quantity(
        position.size.unsigned_abs(),
        price,
        equity,
        Bps(liquidation::target_bps(
            market.initial_margin_bps,
            market.maintenance_margin_bps,
        )),
        Bps(market.liquidation_penalty_bps),
        cap,
    )?;
    let quantity = max_quantity.min(close).max(1);
    let closing_side = if position.size > 0 {
        Side::Ask
    } else {
        Side::Bid
    };
    let penalty = liquidation::penalty(
        price.notional(BaseLots(quantity))?,
        Bps(market.liquidation_penalty_bps),
        cap,
    )?;
    position.collateral = position.collateral.safe_sub(penalty.total.0)?;
    liquidator.collateral = liquidator.collateral.safe_add(penalty.liquidator.0)?;
    exchange.total_collateral = exchange.total_collateral.safe_sub(penalty.exchange.0)?;
    let penalty_to_insurance = collect_income(market, exchange, penalty.exchange)?.0;

    // A full close at the mark leaves equity as it is: a negative one is resolved now, while
    // every other position (the liquidator's included) still holds the size it pays on.
    let bankruptcy = if quantity == position.size.unsigned_abs() {
        resolve_bankruptcy(market, exchange, position, liquidator, mark)?
    } else {
        None
    };

    // Both sides of the transfer are an ordinary fill at the mark: PnL stays zero-sum.
    let exposure_before = liquidator.worst_case_lots()?;
    apply_fill(market, position, closing_side, quantity, mark)?;
    apply_fill(market, liquidator, closing_side.opposite(), quantity, mark)?;
    if liquidator.worst_case_lots()? > exposure_before {
        liquidator.check_initial_margin(mark, market.initial_margin_bps)?;
    }
    Ok(LiquidationOutcome {
        quantity,
        mark,
        penalty,
        penalty_to_insurance,
        bankruptcy,
    })
}

/// A position being closed in full with negative equity: the insurance fund pays into its
/// collateral what it can; the rest is written off (credited to its `realized_pnl`, so its
/// equity is 0) and added to the market's cumulative loss per lot, spread over every lot of
/// open size except the bankrupt position's own (`2 × open_interest + flattened_size - |size|`;
/// never zero while listed: its counterparties hold them; after delisting, zero once they were
/// all flattened, and then the rest stays unresolved: nobody is left to pay it). The liquidator pays its share at once, on the size it held
/// before taking the bankrupt one's; every other position pays when next touched.
fn resolve_bankruptcy(
    market: &mut Market,
    exchange: &mut Exchange,
    position: &mut Position,
    liquidator: &mut Position,
    mark: u64,
) -> Result<Option<Bankruptcy>> {
    let equity = position.equity(mark)?;
    if equity >= 0 {
        return Ok(None);
    }
    let deficit: u64 = equity.unsigned_abs().cast()?;
    let insurance_paid = deficit.min(market.insurance_fund);
    market.insurance_fund = market.insurance_fund.safe_sub(insurance_paid)?;
    exchange.insurance_fund = exchange.insurance_fund.safe_sub(insurance_paid)?;
    exchange.total_collateral = exchange.total_collateral.safe_add(insurance_paid)?;
    position.collateral = position.collateral.safe_add(insurance_paid)?;
    let rest = deficit.safe_sub(insurance_paid)?;
    // Longs plus shorts still open (after delisting, `flatten_position` closed some sizes with
    // no counterparty: `flattened_size`), the bankrupt position's own excluded.
    let lots: u64 = (market.open_interest as i128)
        .safe_mul(2)?
        .safe_add(market.flattened_size as i128)?
        .safe_sub(position.size.unsigned_abs() as i128)?
        .cast()?;
    let mut socialized = 0;
    if rest > 0 && lots > 0 {
        let delta = socialize::loss_per_lot_increase(rest, lots)?;
        market.cumulative_loss_per_lot = market.cumulative_loss_per_lot.safe_add(delta)?;
        market.socialized_loss_total = market.socialized_loss_total.safe_add(rest)?;
        position.realized_pnl = position.realized_pnl.safe_add(rest.cast()?)?;
        // Not the bankrupt position's to pay (it is flat after the transfer anyway).
        position.loss_snapshot = market.cumulative_loss_per_lot;
        sync(market, liquidator)?;
        socialized = rest;
    }
    Ok(Some(Bankruptcy {
        deficit,
        insurance_paid,
        socialized,
        lots,
    }))
}
