use crate::errors::PerpsError;
use crate::state::{Exchange, Market, Position};
use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

/// Accounts of `deposit` and `withdraw`: the same accounts, money moving in opposite directions.
#[derive(Accounts)]
pub struct MoveCollateral<'info> {
    pub owner: Signer<'info>,
    #[account(mut, seeds = [Exchange::SEED], bump = exchange.load()?.bump, has_one = vault)]
    pub exchange: AccountLoader<'info, Exchange>,
    #[account(has_one = exchange)]
    pub market: AccountLoader<'info, Market>,
    #[account(
        mut,
        seeds = [Position::SEED, market.key().as_ref(), owner.key().as_ref()],
        bump = position.load()?.bump,
    )]
    pub position: AccountLoader<'info, Position>,
    /// The owner's token account of the quote mint (source of a deposit, destination of a
    /// withdrawal); never the vault itself (`TokenAccountIsVault`: a withdrawal "to" the vault
    /// would debit the position and move no tokens).
    #[account(
        mut,
        constraint = user_token.mint == vault.mint @ anchor_lang::error::ErrorCode::ConstraintTokenMint,
        constraint = user_token.key() != vault.key() @ PerpsError::TokenAccountIsVault,
    )]
    pub user_token: Account<'info, TokenAccount>,
    /// The exchange vault, PDA `["vault", exchange]`.
    #[account(mut)]
    pub vault: Account<'info, TokenAccount>,
    pub token_program: Program<'info, Token>,
}
