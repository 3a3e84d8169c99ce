use crate::accounts_ix::WithdrawFees;
use crate::controller::admin;
use crate::events::FeesWithdrawn;
use crate::runtime::emit_event;
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct WithdrawFeesArgs {
    /// Greater than zero, at most `exchange.fees_collected`. Unit: quote atoms.
    pub amount: u64,
}

/// Keeps `vault.amount == total_collateral + fees_collected`: both sides fall by `amount`.
pub fn withdraw_fees(ctx: Context<WithdrawFees>, args: WithdrawFeesArgs) -> Result<()> {
    let (fees_remaining, exchange_bump) = {
        let mut exchange = ctx.accounts.exchange.load_mut()?;
        (
            admin::withdraw_fees(&mut exchange, args.amount)?,
            exchange.bump,
        )
    };
    // The loader is released: the CPI needs to borrow the exchange account.
    super::vault::pay_out(
        ctx.accounts.token_program.to_account_info(),
        ctx.accounts.vault.to_account_info(),
        ctx.accounts.treasury.to_account_info(),
        ctx.accounts.exchange.to_account_info(),
        exchange_bump,
        args.amount,
    )?;
    emit_event(&FeesWithdrawn {
        admin: ctx.accounts.admin.key(),
        treasury: ctx.accounts.treasury.key(),
        amount: args.amount,
        fees_remaining,
        timestamp: Clock::get()?.unix_timestamp,
    });
    Ok(())
}
