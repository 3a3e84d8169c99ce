use crate::accounts_ix::MoveCollateral;
use crate::controller::collateral;
use crate::state::Exchange;
use anchor_lang::prelude::*;
use anchor_spl::token::{self, Transfer};

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
    let seeds: &[&[u8]] = &[Exchange::SEED, &[exchange_bump]];
    token::transfer(
        CpiContext::new_with_signer(
            ctx.accounts.token_program.to_account_info(),
            Transfer {
                from: ctx.accounts.vault.to_account_info(),
                to: ctx.accounts.user_token.to_account_info(),
                authority: ctx.accounts.exchange.to_account_info(),
            },
            &[seeds],
        ),
        args.amount,
    )
}
