use crate::errors::PerpsError;
use crate::state::Exchange;
use anchor_lang::prelude::*;
use anchor_lang::solana_program::bpf_loader_upgradeable;
use anchor_spl::token::{Mint, Token, TokenAccount};

#[derive(Accounts)]
pub struct Initialize<'info> {
    #[account(mut)]
    pub payer: Signer<'info>,
    /// Becomes the exchange admin. Must be the program's upgrade authority (the deployer), so
    /// nobody can front-run the deployment and take the exchange (`NotUpgradeAuthority`).
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
    /// The program's ProgramData account: the address the BPF upgradeable loader derives from
    /// the program id (PDA `[program id]` of the loader), owned by the loader, which alone can
    /// create it, at deployment. Deriving it (rather than reading it from the program account)
    /// also works where the program runs as a native builtin with a ProgramData account set up
    /// beside it (perps-localnet `--upgrade-authority`).
    #[account(
        seeds = [crate::ID.as_ref()],
        bump,
        seeds::program = bpf_loader_upgradeable::ID,
        constraint = program_data.upgrade_authority_address == Some(admin.key())
            @ PerpsError::NotUpgradeAuthority,
    )]
    pub program_data: Account<'info, ProgramData>,
}
