use crate::errors::PerpsError;
use crate::state::{Exchange, Market};
use anchor_lang::prelude::*;

/// Accounts of the admin's market changes (`set_price_authority`, `update_market_params`).
#[derive(Accounts)]
pub struct MarketAdmin<'info> {
    pub admin: Signer<'info>,
    #[account(
        seeds = [Exchange::SEED],
        bump = exchange.load()?.bump,
        has_one = admin @ PerpsError::Unauthorized,
    )]
    pub exchange: AccountLoader<'info, Exchange>,
    #[account(mut, has_one = exchange)]
    pub market: AccountLoader<'info, Market>,
}
