use crate::state::Exchange;
use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};

#[derive(Accounts)]
pub struct Initialize<'info> {
    #[account(mut)]
    pub payer: Signer<'info>,
    /// Becomes the exchange admin.
    pub admin: Signer<'info>,
    #[account(
        init,
        payer = payer,
        space = Exchange::SPACE,
        seeds = [Exchange::SEED],
        bump,
    )]
    pub exchange: AccountLoader<'info, Exchange>,
    /// The collateral token.
    pub quote_mint: Account<'info, Mint>,
    #[account(
        init,
        payer = payer,
        seeds = [Exchange::VAULT_SEED, exchange.key().as_ref()],
        bump,
        token::mint = quote_mint,
        token::authority = exchange,
    )]
    pub vault: Account<'info, TokenAccount>,
    pub token_program: Program<'info, Token>,
    pub system_program: Program<'info, System>,
}
