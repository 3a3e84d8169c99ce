//! Liquidation of one position into the liquidator's position.

use crate::errors::PerpsError;
use crate::math::liquidation::{self, Penalty};
use crate::math::safe_math::SafeMath;
use crate::quantities::{BaseLots, Bps, QuoteAtoms, QuoteAtomsPerBaseLot};
use crate::state::{Exchange, Market, OrderBook, Position};
use crate::types::Side;
use anchor_lang::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LiquidationOutcome {
    /// Size transferred. Unit: base lots.
    pub quantity: u64,
    pub penalty: Penalty,
}

/// Checks that `position` is below maintenance at `mark` (`NotLiquidatable`), cancels its
/// resting orders, transfers `min(max_quantity, |size|)` at `mark` to `liquidator`, charges the
/// penalty and checks the liquidator's initial margin (unless its exposure shrank).
pub fn liquidate_position(
    market: &Market,
    mark: u64,
    exchange: &mut Exchange,
    book: &mut OrderBook,
    position: &mut Position,
    liquidator: &mut Position,
    max_quantity: u64,
) -> Result<LiquidationOutcome> {
    require!(max_quantity > 0, PerpsError::InvalidQuantity);
    require!(position.size != 0, PerpsError::NoOpenPosition);
    let maintenance = position.maintenance_requirement(mark, market.maintenance_margin_bps)?;
    require!(
        liquidation::is_liquidatable(position.equity(mark)?, maintenance),
        PerpsError::NotLiquidatable
    );

    // Resting orders of the liquidated owner would re-open what is being closed: cancel them.
    book.bids.remove_owner(&position.owner)?;
    book.asks.remove_owner(&position.owner)?;
    position.bid_open_lots = 0;
    position.ask_open_lots = 0;
    position.open_orders = 0;

    // The liquidator takes over the size at the mark price: both sides of the transfer are
    // an ordinary fill, so PnL stays zero-sum.
    let quantity = max_quantity.min(position.size.unsigned_abs());
    let closing_side = if position.size > 0 {
        Side::Ask
    } else {
        Side::Bid
    };
    let price = QuoteAtomsPerBaseLot(mark);
    let liquidator_exposure_before = liquidator.worst_case_lots()?;
    position.apply_fill(closing_side, BaseLots(quantity), price)?;
    liquidator.apply_fill(closing_side.opposite(), BaseLots(quantity), price)?;

    let penalty = liquidation::penalty(
        price.notional(BaseLots(quantity))?,
        Bps(market.liquidation_penalty_bps),
        QuoteAtoms(position.collateral),
    )?;
    position.collateral = position.collateral.safe_sub(penalty.total.0)?;
    liquidator.collateral = liquidator.collateral.safe_add(penalty.liquidator.0)?;
    exchange.total_collateral = exchange.total_collateral.safe_sub(penalty.exchange.0)?;
    exchange.fees_collected = exchange.fees_collected.safe_add(penalty.exchange.0)?;

    if liquidator.worst_case_lots()? >= liquidator_exposure_before {
        let required = liquidator.initial_requirement(mark, market.initial_margin_bps)?;
        require!(
            liquidator.equity(mark)? >= required.0 as i128,
            PerpsError::InsufficientMargin
        );
    }
    Ok(LiquidationOutcome { quantity, penalty })
}
