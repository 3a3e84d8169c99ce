use crate::errors::PerpsError;
use crate::state::Market;
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct SetPrice<'info> {
    pub price_authority: Signer<'info>,
    /// Listed (`MarketNotListed`: a delisted market's price is final).
    #[account(
        mut,
        has_one = price_authority @ PerpsError::NotPriceAuthority,
        constraint = !market.load()?.is_delisted() @ PerpsError::MarketNotListed,
    )]
    pub market: AccountLoader<'info, Market>,
}
