use crate::accounts_ix::MoveCollateral;
use crate::errors::PerpsError;
use crate::math::safe_math::SafeMath;
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
    let mut exchange = ctx.accounts.exchange.load_mut()?;
    exchange.total_collateral = exchange.total_collateral.safe_add(args.amount)?;
    let mut position = ctx.accounts.position.load_mut()?;
    position.collateral = position.collateral.safe_add(args.amount)?;
    let mark = ctx.accounts.market.load()?.mark_price;
    position.emit_updated(mark, &Clock::get()?)
}
