use crate::accounts_ix::Liquidate;
use crate::errors::PerpsError;
use crate::events::LiquidationExecuted;
use crate::math::liquidation;
use crate::math::safe_math::SafeMath;
use crate::quantities::{BaseLots, Bps, QuoteAtoms, QuoteAtomsPerBaseLot};
use crate::runtime::emit_event;
use crate::types::Side;
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct LiquidateArgs {
    /// Most size to take over; the position's size if larger. Greater than zero.
    /// Unit: base lots.
    pub max_quantity: u64,
}

pub fn liquidate(ctx: Context<Liquidate>, args: LiquidateArgs) -> Result<()> {
    require!(args.max_quantity > 0, PerpsError::InvalidQuantity);
    let clock = Clock::get()?;
    let market = ctx.accounts.market.load()?;
    let mark = market.fresh_mark_price(clock.unix_timestamp)?;
    let mut position = ctx.accounts.position.load_mut()?;
    let mut liquidator = ctx.accounts.liquidator_position.load_mut()?;
    require!(position.size != 0, PerpsError::NoOpenPosition);
    let maintenance = position.maintenance_requirement(mark, market.maintenance_margin_bps)?;
    require!(
        liquidation::is_liquidatable(position.equity(mark)?, maintenance),
        PerpsError::NotLiquidatable
    );

    // Resting orders of the liquidated owner would re-open what is being closed: cancel them.
    let mut book = ctx.accounts.order_book.load_mut()?;
    book.bids.remove_owner(&position.owner)?;
    book.asks.remove_owner(&position.owner)?;
    position.bid_open_lots = 0;
    position.ask_open_lots = 0;
    position.open_orders = 0;

    // The liquidator takes over the size at the mark price: both sides of the transfer are
    // an ordinary fill, so PnL stays zero-sum.
    let quantity = args.max_quantity.min(position.size.unsigned_abs());
    let closing_side = if position.size > 0 {
        Side::Ask
    } else {
        Side::Bid
    };
    let price = QuoteAtomsPerBaseLot(mark);
    let liquidator_exposure_before = liquidator.worst_case_lots()?;
    position.apply_fill(closing_side, BaseLots(quantity), price)?;
    liquidator.apply_fill(closing_side.opposite(), BaseLots(quantity), price)?;

    let notional = price.notional(BaseLots(quantity))?;
    let penalty = liquidation::penalty(
        notional,
        Bps(market.liquidation_penalty_bps),
        QuoteAtoms(position.collateral),
    )?;
    position.collateral = position.collateral.safe_sub(penalty.total.0)?;
    liquidator.collateral = liquidator.collateral.safe_add(penalty.liquidator.0)?;
    let mut exchange = ctx.accounts.exchange.load_mut()?;
    exchange.total_collateral = exchange.total_collateral.safe_sub(penalty.exchange.0)?;
    exchange.fees_collected = exchange.fees_collected.safe_add(penalty.exchange.0)?;

    // The liquidator's position must itself stay above initial margin unless the takeover
    // reduced its exposure.
    if liquidator.worst_case_lots()? >= liquidator_exposure_before {
        let required = liquidator.initial_requirement(mark, market.initial_margin_bps)?;
        require!(
            liquidator.equity(mark)? >= required.0 as i128,
            PerpsError::InsufficientMargin
        );
    }

    emit_event(&LiquidationExecuted {
        position_id: position.position_id,
        user: position.owner,
        market: ctx.accounts.market.key(),
        liquidated_size: quantity,
        liquidation_price: mark,
        penalty_fee: penalty.total.0,
        liquidator: ctx.accounts.liquidator.key(),
        remaining_size: position.size.unsigned_abs(),
        liquidator_position_id: liquidator.position_id,
        liquidator_fee: penalty.liquidator.0,
        exchange_fee: penalty.exchange.0,
        timestamp: clock.unix_timestamp,
    });
    position.emit_updated(mark, &clock)?;
    liquidator.emit_updated(mark, &clock)
}
