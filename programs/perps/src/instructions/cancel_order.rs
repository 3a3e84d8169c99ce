use crate::accounts_ix::CancelOrder;
use crate::controller::orders::{self, Env};
use crate::types::Side;
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct CancelOrderArgs {
    /// The side the order rests on.
    pub side: Side,
    /// The id assigned by `place_order` (see `market.next_order_id`).
    pub order_id: u64,
}

pub fn cancel_order(ctx: Context<CancelOrder>, args: CancelOrderArgs) -> Result<()> {
    let clock = Clock::get()?;
    let market = ctx.accounts.market.load()?;
    let mut book = ctx.accounts.order_book.load_mut()?;
    let mut position = ctx.accounts.position.load_mut()?;
    let env = Env {
        market_key: ctx.accounts.market.key(),
        clock: &clock,
    };
    orders::cancel_order(
        env,
        &market,
        &mut book,
        &mut position,
        args.side,
        args.order_id,
    )?;
    Ok(())
}
