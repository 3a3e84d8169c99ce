use crate::accounts_ix::ClosePosition;
use crate::controller::admin;
use crate::events::PositionClosed;
use crate::runtime::emit_event;
use anchor_lang::prelude::*;

/// Anchor's `close = owner` zeroes the account and moves its lamports to the owner after this.
pub fn close_position(ctx: Context<ClosePosition>) -> Result<()> {
    let position = ctx.accounts.position.load()?;
    admin::check_closable(&position)?;
    emit_event(&PositionClosed {
        position_id: position.position_id,
        user: position.owner,
        market: position.market,
        rent_returned: ctx.accounts.position.to_account_info().lamports(),
        timestamp: Clock::get()?.unix_timestamp,
    });
    Ok(())
}
