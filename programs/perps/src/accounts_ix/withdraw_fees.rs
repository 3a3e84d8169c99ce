use crate::errors::PerpsError;
use crate::state::Exchange;
use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

#[derive(Accounts)]
pub struct WithdrawFees<'info> {
    pub admin: Signer<'info>,
    #[account(
        mut,
        seeds = [Exchange::SEED],
        bump = exchange.load()?.bump,
        has_one = admin @ PerpsError::Unauthorized,
        has_one = vault,
    )]
    pub exchange: AccountLoader<'info, Exchange>,
    /// The exchange vault, PDA `["vault", exchange]`.
    #[account(mut)]
    pub vault: Account<'info, TokenAccount>,
    /// Any token account of the quote mint the admin chooses (a treasury), never the vault
    /// (`TokenAccountIsVault`).
    #[account(
        mut,
        constraint = treasury.mint == vault.mint @ anchor_lang::error::ErrorCode::ConstraintTokenMint,
        constraint = treasury.key() != vault.key() @ PerpsError::TokenAccountIsVault,
    )]
    pub treasury: Account<'info, TokenAccount>,
    pub token_program: Program<'info, Token>,
}
