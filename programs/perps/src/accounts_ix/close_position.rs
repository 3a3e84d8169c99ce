use crate::state::{Market, Position};
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct ClosePosition<'info> {
    /// Owns the position and receives its rent.
    #[account(mut)]
    pub owner: Signer<'info>,
    pub market: AccountLoader<'info, Market>,
    /// PDA `["position", market, owner]`; closed (data zeroed, lamports to the owner).
    #[account(
        mut,
        seeds = [Position::SEED, market.key().as_ref(), owner.key().as_ref()],
        bump = position.load()?.bump,
        close = owner,
    )]
    pub position: AccountLoader<'info, Position>,
}
