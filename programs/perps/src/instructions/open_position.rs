use crate::accounts_ix::OpenPosition;
use crate::math::safe_math::SafeMath;
use anchor_lang::prelude::*;

pub fn open_position(ctx: Context<OpenPosition>) -> Result<()> {
    let mut exchange = ctx.accounts.exchange.load_mut()?;
    let position_id = exchange.next_position_id;
    exchange.next_position_id = position_id.safe_add(1)?;
    let (mark, cumulative_loss) = {
        let market = ctx.accounts.market.load()?;
        (market.mark_price, market.cumulative_loss_per_lot)
    };

    let mut position = ctx.accounts.position.load_init()?;
    position.owner = ctx.accounts.owner.key();
    position.market = ctx.accounts.market.key();
    position.position_id = position_id;
    position.bump = ctx.bumps.position;
    // Bad debt written off before the position existed is not its to pay.
    position.loss_snapshot = cumulative_loss;
    position.emit_updated(mark, &Clock::get()?)
}
