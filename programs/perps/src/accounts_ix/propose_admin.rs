use crate::errors::PerpsError;
use crate::state::Exchange;
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct ProposeAdmin<'info> {
    pub admin: Signer<'info>,
    #[account(
        mut,
        seeds = [Exchange::SEED],
        bump = exchange.load()?.bump,
        has_one = admin @ PerpsError::Unauthorized,
    )]
    pub exchange: AccountLoader<'info, Exchange>,
}
