use crate::accounts_ix::Initialize;
use anchor_lang::prelude::*;

pub fn initialize(ctx: Context<Initialize>) -> Result<()> {
    let mut exchange = ctx.accounts.exchange.load_init()?;
    exchange.admin = ctx.accounts.admin.key();
    exchange.quote_mint = ctx.accounts.quote_mint.key();
    exchange.vault = ctx.accounts.vault.key();
    exchange.next_position_id = 1;
    exchange.bump = ctx.bumps.exchange;
    exchange.vault_bump = ctx.bumps.vault;
    Ok(())
}
