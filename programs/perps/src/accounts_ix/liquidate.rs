use crate::errors::PerpsError;
use crate::state::{Exchange, Market, OrderBook, Position};
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct Liquidate<'info> {
    /// Anyone; takes over the liquidated size into its own position in this market.
    pub liquidator: Signer<'info>,
    /// Collects the exchange's share of the penalty.
    #[account(mut, seeds = [Exchange::SEED], bump = exchange.load()?.bump)]
    pub exchange: AccountLoader<'info, Exchange>,
    /// Its open interest, insurance fund and socialized loss change.
    #[account(mut, has_one = exchange, has_one = order_book)]
    pub market: AccountLoader<'info, Market>,
    /// The liquidated owner's resting orders are cancelled first.
    #[account(mut)]
    pub order_book: AccountLoader<'info, OrderBook>,
    /// The position being liquidated.
    #[account(
        mut,
        constraint = position.load()?.market == market.key() @ PerpsError::PositionMarketMismatch,
        constraint = position.key() != liquidator_position.key() @ PerpsError::CannotLiquidateSelf,
    )]
    pub position: AccountLoader<'info, Position>,
    /// The liquidator's position, PDA `["position", market, liquidator]`.
    #[account(
        mut,
        seeds = [Position::SEED, market.key().as_ref(), liquidator.key().as_ref()],
        bump = liquidator_position.load()?.bump,
    )]
    pub liquidator_position: AccountLoader<'info, Position>,
}
