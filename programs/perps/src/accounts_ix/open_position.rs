use crate::state::{Exchange, Market, Position};
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct OpenPosition<'info> {
    /// Owns the new position and pays its rent.
    #[account(mut)]
    pub owner: Signer<'info>,
    #[account(mut, seeds = [Exchange::SEED], bump = exchange.load()?.bump)]
    pub exchange: AccountLoader<'info, Exchange>,
    #[account(has_one = exchange)]
    pub market: AccountLoader<'info, Market>,
    #[account(
        init,
        payer = owner,
        space = Position::SPACE,
        seeds = [Position::SEED, market.key().as_ref(), owner.key().as_ref()],
        bump,
    )]
    pub position: AccountLoader<'info, Position>,
    pub system_program: Program<'info, System>,
}
