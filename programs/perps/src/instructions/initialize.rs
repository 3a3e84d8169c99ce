use crate::accounts_ix::Initialize;
use crate::events::ExchangeInitialized;
use crate::runtime::emit_event;
use anchor_lang::prelude::*;

/// The accounts check that `admin` is the program's upgrade authority.
pub fn initialize(ctx: Context<Initialize>) -> Result<()> {
    let mut exchange = ctx.accounts.exchange.load_init()?;
    exchange.admin = ctx.accounts.admin.key();
    exchange.quote_mint = ctx.accounts.quote_mint.key();
    exchange.vault = ctx.accounts.vault.key();
    exchange.next_position_id = 1;
    exchange.bump = ctx.bumps.exchange;
    exchange.vault_bump = ctx.bumps.vault;
    emit_event(&ExchangeInitialized {
        exchange: ctx.accounts.exchange.key(),
        admin: exchange.admin,
        quote_mint: exchange.quote_mint,
        vault: exchange.vault,
        timestamp: Clock::get()?.unix_timestamp,
    });
    Ok(())
}
