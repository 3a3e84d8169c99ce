use crate::accounts_ix::Liquidate;
use crate::controller::liquidation::liquidate_position;
use crate::events::LiquidationExecuted;
use crate::runtime::emit_event;
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct LiquidateArgs {
    /// Most size to take over; the position's size if larger. Greater than zero.
    /// Unit: base lots.
    pub max_quantity: u64,
}

pub fn liquidate(ctx: Context<Liquidate>, args: LiquidateArgs) -> Result<()> {
    let clock = Clock::get()?;
    let market = ctx.accounts.market.load()?;
    let mark = market.fresh_mark_price(clock.unix_timestamp)?;
    let mut exchange = ctx.accounts.exchange.load_mut()?;
    let mut book = ctx.accounts.order_book.load_mut()?;
    let mut position = ctx.accounts.position.load_mut()?;
    let mut liquidator = ctx.accounts.liquidator_position.load_mut()?;
    let out = liquidate_position(
        &market,
        mark,
        &mut exchange,
        &mut book,
        &mut position,
        &mut liquidator,
        args.max_quantity,
    )?;
    emit_event(&LiquidationExecuted {
        position_id: position.position_id,
        user: position.owner,
        market: ctx.accounts.market.key(),
        liquidated_size: out.quantity,
        liquidation_price: mark,
        penalty_fee: out.penalty.total.0,
        liquidator: ctx.accounts.liquidator.key(),
        remaining_size: position.size.unsigned_abs(),
        liquidator_position_id: liquidator.position_id,
        liquidator_fee: out.penalty.liquidator.0,
        exchange_fee: out.penalty.exchange.0,
        timestamp: clock.unix_timestamp,
    });
    position.emit_updated(mark, &clock)?;
    liquidator.emit_updated(mark, &clock)
}
