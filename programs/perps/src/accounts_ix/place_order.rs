use crate::errors::PerpsError;
use crate::state::{Exchange, Market, OrderBook, Position};
use anchor_lang::prelude::*;

/// Maker positions are passed in `remaining_accounts` (writable, any order, each at most once):
/// one per distinct maker the order will fill (at most `MAX_FILLS_PER_ORDER`). They move in the
/// same transaction as the taker, so a fill is never half-applied and no settlement queue or
/// crank is needed; the price is that a taker must read the book to name its makers, and an
/// order whose book changed underneath fails with `MissingMakerPosition` rather than misfilling.
#[derive(Accounts)]
pub struct PlaceOrder<'info> {
    pub owner: Signer<'info>,
    /// Collects the fees.
    #[account(mut, seeds = [Exchange::SEED], bump = exchange.load()?.bump)]
    pub exchange: AccountLoader<'info, Exchange>,
    /// Listed (`MarketNotListed` once delisted).
    #[account(
        mut,
        has_one = exchange,
        has_one = order_book,
        constraint = !market.load()?.is_delisted() @ PerpsError::MarketNotListed,
    )]
    pub market: AccountLoader<'info, Market>,
    #[account(mut)]
    pub order_book: AccountLoader<'info, OrderBook>,
    /// The taker's position, PDA `["position", market, owner]`.
    #[account(
        mut,
        seeds = [Position::SEED, market.key().as_ref(), owner.key().as_ref()],
        bump = position.load()?.bump,
    )]
    pub position: AccountLoader<'info, Position>,
}
