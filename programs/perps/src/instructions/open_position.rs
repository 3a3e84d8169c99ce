use crate::accounts_ix::OpenPosition;
use crate::math::safe_math::SafeMath;
use anchor_lang::prelude::*;

pub fn open_position(ctx: Context<OpenPosition>) -> Result<()> {
    let mut exchange = ctx.accounts.exchange.load_mut()?;
    let position_id = exchange.next_position_id;
    exchange.next_position_id = position_id.safe_add(1)?;
    let mark = ctx.accounts.market.load()?.mark_price;

    let mut position = ctx.accounts.position.load_init()?;
    position.owner = ctx.accounts.owner.key();
    position.market = ctx.accounts.market.key();
    position.position_id = position_id;
    position.bump = ctx.bumps.position;
    position.emit_updated(mark, &Clock::get()?)
}
