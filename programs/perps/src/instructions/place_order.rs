use crate::accounts_ix::PlaceOrder;
use crate::controller::orders::{self, Env};
use crate::state::Position;
use crate::types::{OrderType, Side};
use anchor_lang::prelude::*;
use core::cell::RefMut;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct PlaceOrderArgs {
    pub side: Side,
    /// Limit price: a positive multiple of the market's tick size, within the market's price
    /// band around the mark. Unit: quote atoms per base lot.
    pub price: u64,
    /// Greater than zero; `price × quantity` at least the market's minimum notional.
    /// Unit: base lots.
    pub quantity: u64,
    pub order_type: OrderType,
    /// Most resting orders this order may fill, 1..=`MAX_FILLS_PER_ORDER` (8).
    pub max_fills: u8,
}

pub fn place_order<'info>(
    ctx: Context<'_, '_, 'info, 'info, PlaceOrder<'info>>,
    args: PlaceOrderArgs,
) -> Result<()> {
    let clock = Clock::get()?;
    let market_key = ctx.accounts.market.key();
    let loaders = maker_loaders(ctx.remaining_accounts, &ctx.accounts.position.key());
    let mut makers = load_makers(&loaders, &market_key)?;
    let mut market = ctx.accounts.market.load_mut()?;
    let mut exchange = ctx.accounts.exchange.load_mut()?;
    let mut book = ctx.accounts.order_book.load_mut()?;
    let mut taker = ctx.accounts.position.load_mut()?;
    orders::place_order(
        Env {
            market_key,
            clock: &clock,
        },
        &mut market,
        &mut exchange,
        &mut book,
        &mut taker,
        &mut makers,
        &args,
    )?;
    Ok(())
}

/// Program-owned `Position` accounts among `remaining_accounts` (so created by this program at
/// `["position", market, owner]`), other than the taker's. Other accounts are ignored.
pub fn maker_loaders<'info>(
    accounts: &'info [AccountInfo<'info>],
    skip: &Pubkey,
) -> Vec<AccountLoader<'info, Position>> {
    accounts
        .iter()
        .filter(|info| info.key != skip && info.owner == &crate::ID)
        .filter_map(|info| AccountLoader::<Position>::try_from(info).ok())
        .collect()
}

/// Borrows each loaded position of `market` mutably (a position passed twice fails to borrow).
pub fn load_makers<'a, 'info>(
    loaders: &'a [AccountLoader<'info, Position>],
    market: &Pubkey,
) -> Result<Vec<RefMut<'a, Position>>> {
    let mut out = Vec::with_capacity(loaders.len());
    for loader in loaders {
        if loader.load()?.market == *market {
            out.push(loader.load_mut()?);
        }
    }
    Ok(out)
}
