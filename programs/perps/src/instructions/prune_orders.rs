use crate::accounts_ix::PruneOrders;
use crate::controller::orders::{self, Env};
use crate::instructions::place_order::{load_makers, maker_loaders};
use anchor_lang::prelude::*;

pub fn prune_orders<'info>(ctx: Context<'_, '_, 'info, 'info, PruneOrders<'info>>) -> Result<()> {
    let clock = Clock::get()?;
    let market_key = ctx.accounts.market.key();
    let loaders = maker_loaders(ctx.remaining_accounts, &Pubkey::default());
    let mut owners = load_makers(&loaders, &market_key)?;
    let market = ctx.accounts.market.load()?;
    let mut book = ctx.accounts.order_book.load_mut()?;
    let n = orders::prune_orders(
        Env {
            market_key,
            clock: &clock,
        },
        &market,
        &mut book,
        &mut owners,
    )?;
    msg!("pruned {} orders", n);
    Ok(())
}
