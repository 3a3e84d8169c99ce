use crate::errors::PerpsError;
use crate::state::Market;
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct SetPrice<'info> {
    pub price_authority: Signer<'info>,
    #[account(mut, has_one = price_authority @ PerpsError::NotPriceAuthority)]
    pub market: AccountLoader<'info, Market>,
}
