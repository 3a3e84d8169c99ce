use crate::accounts_ix::SettlePnl;
use crate::errors::PerpsError;
use crate::math::safe_math::{Cast, SafeMath};
use anchor_lang::prelude::*;

/// Moves `min(profit pnl, -loss pnl, loss collateral)` quote atoms of collateral from the losing
/// position to the profitable one (PnL = realised-not-settled + unrealised at the fresh mark).
/// Neither position's equity changes; the vault and `total_collateral` are untouched.
pub fn settle_pnl(ctx: Context<SettlePnl>) -> Result<()> {
    let clock = Clock::get()?;
    let market = ctx.accounts.market.load()?;
    let mark = market.fresh_mark_price(clock.unix_timestamp)?;
    let mut profit = ctx.accounts.profit_position.load_mut()?;
    let mut loss = ctx.accounts.loss_position.load_mut()?;
    let gain = profit.total_pnl(mark)?;
    let owed = loss.total_pnl(mark)?.safe_mul(-1)?;
    let amount = gain.min(owed).min(loss.collateral as i128);
    require!(amount > 0, PerpsError::NothingToSettle);
    let amount: u64 = amount.cast()?;
    let signed: i64 = amount.cast()?;
    loss.collateral = loss.collateral.safe_sub(amount)?;
    loss.settled_pnl = loss.settled_pnl.safe_sub(signed)?;
    profit.collateral = profit.collateral.safe_add(amount)?;
    profit.settled_pnl = profit.settled_pnl.safe_add(signed)?;
    profit.emit_updated(mark, &clock)?;
    loss.emit_updated(mark, &clock)
}
