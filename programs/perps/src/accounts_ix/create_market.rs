use crate::errors::PerpsError;
use crate::state::{Exchange, Market, OrderBook};
use anchor_lang::prelude::*;

/// `index` is the new market's index: it must equal `exchange.market_count`
/// (`MarketIndexMismatch`). It is an instruction argument, not read from the exchange, so the IDL
/// can state the market's seeds and clients resolve the address from the arguments.
#[derive(Accounts)]
#[instruction(index: u16)]
pub struct CreateMarket<'info> {
    #[account(mut)]
    pub payer: Signer<'info>,
    pub admin: Signer<'info>,
    #[account(
        mut,
        seeds = [Exchange::SEED],
        bump = exchange.load()?.bump,
        has_one = admin @ PerpsError::Unauthorized,
        constraint = exchange.load()?.market_count == index @ PerpsError::MarketIndexMismatch,
    )]
    pub exchange: AccountLoader<'info, Exchange>,
    #[account(
        init,
        payer = payer,
        space = Market::SPACE,
        seeds = [Market::SEED, exchange.key().as_ref(), &index.to_le_bytes()],
        bump,
    )]
    pub market: AccountLoader<'info, Market>,
    /// The market's order book (8 248 bytes, under the 10 KiB limit of a CPI-created account).
    #[account(
        init,
        payer = payer,
        space = OrderBook::SPACE,
        seeds = [OrderBook::SEED, market.key().as_ref()],
        bump,
    )]
    pub order_book: AccountLoader<'info, OrderBook>,
    pub system_program: Program<'info, System>,
}
