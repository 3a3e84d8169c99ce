use crate::accounts_ix::SettlePnl;
use crate::controller::collateral;
use anchor_lang::prelude::*;

/// See `controller::collateral::settle_pnl`. Emits `PositionUpdated` for the profitable, then
/// the losing position.
pub fn settle_pnl(ctx: Context<SettlePnl>) -> Result<()> {
    let clock = Clock::get()?;
    let market = ctx.accounts.market.load()?;
    let mut profit = ctx.accounts.profit_position.load_mut()?;
    let mut loss = ctx.accounts.loss_position.load_mut()?;
    collateral::settle_pnl(clock.unix_timestamp, &market, &mut profit, &mut loss)?;
    profit.emit_updated(market.mark_price, &clock)?;
    loss.emit_updated(market.mark_price, &clock)
}
