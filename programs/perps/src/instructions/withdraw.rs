use crate::accounts_ix::MoveCollateral;
use crate::controller::collateral;
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct WithdrawArgs {
    /// Greater than zero. Unit: quote atoms.
    pub amount: u64,
}

pub fn withdraw(ctx: Context<MoveCollateral>, args: WithdrawArgs) -> Result<()> {
    let clock = Clock::get()?;
    let exchange_bump = {
        let market = ctx.accounts.market.load()?;
        let mut exchange = ctx.accounts.exchange.load_mut()?;
        let mut position = ctx.accounts.position.load_mut()?;
        collateral::withdraw(
            clock.unix_timestamp,
            &market,
            &mut exchange,
            &mut position,
            args.amount,
        )?;
        position.emit_updated(market.mark_price, &clock)?;
        exchange.bump
    };
    // The loaders are released: the CPI needs to borrow the exchange account.
    super::vault::pay_out(
        ctx.accounts.token_program.to_account_info(),
        ctx.accounts.vault.to_account_info(),
        ctx.accounts.user_token.to_account_info(),
        ctx.accounts.exchange.to_account_info(),
        exchange_bump,
        args.amount,
    )
}
