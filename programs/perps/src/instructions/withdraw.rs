use crate::accounts_ix::MoveCollateral;
use crate::errors::PerpsError;
use crate::math::margin;
use crate::math::safe_math::SafeMath;
use crate::quantities::QuoteAtoms;
use crate::state::Exchange;
use anchor_lang::prelude::*;
use anchor_spl::token::{self, Transfer};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct WithdrawArgs {
    /// Greater than zero. Unit: quote atoms.
    pub amount: u64,
}

pub fn withdraw(ctx: Context<MoveCollateral>, args: WithdrawArgs) -> Result<()> {
    require!(args.amount > 0, PerpsError::InvalidAmount);
    let clock = Clock::get()?;
    let exchange_bump = {
        let market = ctx.accounts.market.load()?;
        let mut position = ctx.accounts.position.load_mut()?;
        require!(
            args.amount <= position.collateral,
            PerpsError::InsufficientCollateral
        );
        let exposed = position.size != 0 || position.open_orders > 0;
        // A flat position without orders needs no price: its equity is cash plus realised PnL.
        let mark = if exposed {
            market.fresh_mark_price(clock.unix_timestamp)?
        } else {
            market.mark_price
        };
        let required = position.initial_requirement(mark, market.initial_margin_bps)?;
        let free = margin::withdrawable(
            QuoteAtoms(position.collateral),
            position.equity(mark)?,
            required,
        )?;
        require!(args.amount <= free.0, PerpsError::InsufficientMargin);
        position.collateral = position.collateral.safe_sub(args.amount)?;
        let mut exchange = ctx.accounts.exchange.load_mut()?;
        exchange.total_collateral = exchange.total_collateral.safe_sub(args.amount)?;
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
