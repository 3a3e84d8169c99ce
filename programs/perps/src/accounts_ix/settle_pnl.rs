use crate::errors::PerpsError;
use crate::state::{Market, Position};
use anchor_lang::prelude::*;

/// Permissionless: moves PnL between two positions of one market, which changes neither's equity.
#[derive(Accounts)]
pub struct SettlePnl<'info> {
    pub market: AccountLoader<'info, Market>,
    /// A position with positive PnL (receives collateral).
    #[account(
        mut,
        constraint = profit_position.load()?.market == market.key() @ PerpsError::PositionMarketMismatch,
        constraint = profit_position.key() != loss_position.key() @ PerpsError::NothingToSettle,
    )]
    pub profit_position: AccountLoader<'info, Position>,
    /// A position with negative PnL (pays from its collateral).
    #[account(
        mut,
        constraint = loss_position.load()?.market == market.key() @ PerpsError::PositionMarketMismatch,
    )]
    pub loss_position: AccountLoader<'info, Position>,
}
