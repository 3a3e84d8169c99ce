use crate::accounts_ix::MoveCollateral;
use crate::controller::collateral;
use crate::errors::PerpsError;
use anchor_lang::prelude::*;
use anchor_spl::token::{self, Transfer};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct DepositArgs {
    /// Greater than zero. Unit: quote atoms.
    pub amount: u64,
}

pub fn deposit(ctx: Context<MoveCollateral>, args: DepositArgs) -> Result<()> {
    require!(args.amount > 0, PerpsError::InvalidAmount);
    token::transfer(
        CpiContext::new(
            ctx.accounts.token_program.to_account_info(),
            Transfer {
                from: ctx.accounts.user_token.to_account_info(),
                to: ctx.accounts.vault.to_account_info(),
                authority: ctx.accounts.owner.to_account_info(),
            },
        ),
        args.amount,
    )?;
    let market = ctx.accounts.market.load()?;
    let mut exchange = ctx.accounts.exchange.load_mut()?;
    let mut position = ctx.accounts.position.load_mut()?;
    collateral::deposit(&market, &mut exchange, &mut position, args.amount)?;
    position.emit_updated(market.mark_price, &Clock::get()?)
}
