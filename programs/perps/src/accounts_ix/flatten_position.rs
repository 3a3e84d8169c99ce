use crate::errors::PerpsError;
use crate::state::{Market, Position};
use anchor_lang::prelude::*;

/// Permissionless: any position of a delisted market may be flattened at the settlement price.
#[derive(Accounts)]
pub struct FlattenPosition<'info> {
    /// Writable: flattening changes the market's open interest.
    #[account(mut)]
    pub market: AccountLoader<'info, Market>,
    #[account(
        mut,
        constraint = position.load()?.market == market.key() @ PerpsError::PositionMarketMismatch,
    )]
    pub position: AccountLoader<'info, Position>,
}
