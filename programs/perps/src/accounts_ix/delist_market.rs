use crate::state::{Exchange, Market, OrderBook};
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct DelistMarket<'info> {
    /// The admin, or anyone once the price has been stale past the escape delay (checked by the
    /// controller, `DelistNotAllowed`).
    pub caller: Signer<'info>,
    #[account(seeds = [Exchange::SEED], bump = exchange.load()?.bump)]
    pub exchange: AccountLoader<'info, Exchange>,
    #[account(mut, has_one = exchange, has_one = order_book)]
    pub market: AccountLoader<'info, Market>,
    /// Emptied: resting orders are cancelled.
    #[account(mut)]
    pub order_book: AccountLoader<'info, OrderBook>,
}
