use crate::state::{Market, OrderBook};
use anchor_lang::prelude::*;

/// Permissionless (any fee payer). The positions of the owners of the orders to prune go in
/// `remaining_accounts` (writable); an out-of-band order whose owner is not passed stays.
#[derive(Accounts)]
pub struct PruneOrders<'info> {
    #[account(has_one = order_book)]
    pub market: AccountLoader<'info, Market>,
    #[account(mut)]
    pub order_book: AccountLoader<'info, OrderBook>,
}
