use crate::accounts_ix::FlattenPosition;
use crate::controller::admin;
use anchor_lang::prelude::*;

/// Emits `PositionUpdated` (flat, at the settlement price).
pub fn flatten_position(ctx: Context<FlattenPosition>) -> Result<()> {
    let mut market = ctx.accounts.market.load_mut()?;
    let mut position = ctx.accounts.position.load_mut()?;
    admin::flatten_position(&mut market, &mut position)?;
    position.emit_updated(market.mark_price, &Clock::get()?)
}
