//! Admin operations, the stale-price escape (delisting) and closing a position, on plain account
//! structs. Who may call each one is checked with the accounts (`has_one = admin` and friends);
//! these functions check everything else.
//!
//! The escape: a price authority that stops updating freezes every position (withdrawals of
//! exposed positions, settlement and liquidation all need a fresh price). The admin's remedy is
//! `set_price_authority`. If the admin cannot or will not act, anyone may delist the market once
//! its price has been stale for `max_price_age_secs + DELIST_ESCAPE_DELAY_SECS`: the last mark
//! price becomes the final settlement price, resting orders are cancelled, every position can be
//! flattened at that price (`flatten_position`, permissionless: PnL stays zero-sum because every
//! position closes at the same price), settled (`settle_pnl`) and withdrawn. The admin may delist
//! at any time, at the current mark price (it controls the price authority anyway).

use crate::errors::PerpsError;
use crate::math::safe_math::SafeMath;
use crate::state::{Exchange, Market, MarketParams, OrderBook, Position, MARKET_DELISTED};
use crate::types::Side;
use anchor_lang::prelude::*;

/// How long past `max_price_age_secs` a market's price must have gone without an update before
/// anyone (not only the admin) may delist the market at its last price. Unit: seconds (3 days).
pub const DELIST_ESCAPE_DELAY_SECS: i64 = 3 * 24 * 60 * 60;

/// Names (or, with the default key, withdraws) the admin's successor.
pub fn propose_admin(exchange: &mut Exchange, pending_admin: Pubkey) {
    exchange.pending_admin = pending_admin;
}

/// Makes `signer`, the pending admin, the admin (`NotPendingAdmin`). Returns the previous admin.
pub fn accept_admin(exchange: &mut Exchange, signer: Pubkey) -> Result<Pubkey> {
    require!(
        exchange.pending_admin != Pubkey::default() && exchange.pending_admin == signer,
        PerpsError::NotPendingAdmin
    );
    let previous = exchange.admin;
    exchange.admin = signer;
    exchange.pending_admin = Pubkey::default();
    Ok(previous)
}

/// Replaces the market's price authority; returns the previous one.
pub fn set_price_authority(market: &mut Market, price_authority: Pubkey) -> Pubkey {
    core::mem::replace(&mut market.price_authority, price_authority)
}

/// Validates `params` as `create_market` does and writes them (`MarketNotListed` once
/// delisted). Returns the previous parameters.
pub fn update_market_params(market: &mut Market, params: MarketParams) -> Result<MarketParams> {
    require!(!market.is_delisted(), PerpsError::MarketNotListed);
    params.validate()?;
    let previous = MarketParams::of(market);
    params.apply(market);
    Ok(previous)
}

/// Takes `amount` (> 0, `InvalidAmount`; at most the fees collected, `InsufficientFees`) out of
/// the exchange's fees; the caller moves the tokens. Returns the fees left. Unit: quote atoms.
pub fn withdraw_fees(exchange: &mut Exchange, amount: u64) -> Result<u64> {
    require!(amount > 0, PerpsError::InvalidAmount);
    require!(
        amount <= exchange.fees_collected,
        PerpsError::InsufficientFees
    );
    exchange.fees_collected = exchange.fees_collected.safe_sub(amount)?;
    Ok(exchange.fees_collected)
}

/// Whether anyone may delist `market` at `now`: a price was set, and it is older than
/// `max_price_age_secs + DELIST_ESCAPE_DELAY_SECS`.
pub fn stale_escape_open(market: &Market, now: i64) -> bool {
    let limit = i64::from(market.max_price_age_secs).saturating_add(DELIST_ESCAPE_DELAY_SECS);
    market.mark_price > 0 && now.saturating_sub(market.price_updated_at) > limit
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DelistOutcome {
    pub by_admin: bool,
    /// The final mark price. Unit: quote atoms per base lot.
    pub settlement_price: u64,
    /// Resting orders removed (bids + asks).
    pub cancelled_orders: u16,
}

/// Delists `market`: by the admin at any time, by anyone else once `stale_escape_open`
/// (`DelistNotAllowed`); never twice (`MarketNotListed`). Empties the book; positions keep their
/// (now stale) open-order counters until `flatten_position` clears them.
pub fn delist_market(
    exchange: &Exchange,
    market: &mut Market,
    book: &mut OrderBook,
    signer: Pubkey,
    now: i64,
) -> Result<DelistOutcome> {
    require!(!market.is_delisted(), PerpsError::MarketNotListed);
    let by_admin = signer == exchange.admin;
    require!(
        by_admin || stale_escape_open(market, now),
        PerpsError::DelistNotAllowed
    );
    let cancelled_orders = (book.bids.len() + book.asks.len()) as u16;
    book.bids = bytemuck::Zeroable::zeroed();
    book.asks = bytemuck::Zeroable::zeroed();
    market.status = MARKET_DELISTED;
    Ok(DelistOutcome {
        by_admin,
        settlement_price: market.mark_price,
        cancelled_orders,
    })
}

/// In a delisted market (`MarketNotDelisted`), closes the position's size at the settlement
/// price and clears its open-order counters (its orders left the book at delisting). Fails with
/// `NoOpenPosition` when there is nothing to do and `PositionBankrupt` when its equity (after
/// its socialized loss) is negative: such a position is liquidated, which resolves its deficit.
pub fn flatten_position(market: &mut Market, position: &mut Position) -> Result<()> {
    require!(market.is_delisted(), PerpsError::MarketNotDelisted);
    require!(
        position.size != 0
            || position.open_orders > 0
            || position.bid_open_lots > 0
            || position.ask_open_lots > 0,
        PerpsError::NoOpenPosition
    );
    // Socialized loss first, on the size held until now (as before any size change).
    crate::controller::market::sync(market, position)?;
    // A bankrupt position flattened here could never be liquidated (it is flat): its deficit
    // would escape the insurance fund and socialization. `liquidate` resolves it instead.
    require!(
        position.size == 0 || position.equity(market.mark_price)? >= 0,
        PerpsError::PositionBankrupt
    );
    if position.size != 0 {
        let closing = if position.size > 0 {
            Side::Ask
        } else {
            Side::Bid
        };
        market.flattened_size = market.flattened_size.safe_add(position.size)?;
        let lots = position.size.unsigned_abs();
        let price = market.mark_price;
        crate::controller::market::apply_fill(market, position, closing, lots, price)?;
    }
    position.bid_open_lots = 0;
    position.ask_open_lots = 0;
    position.bid_open_notional = 0;
    position.ask_open_notional = 0;
    position.open_orders = 0;
    Ok(())
}

/// A position may be closed only when closing it loses nothing and breaks no sum: flat, no
/// resting orders, no collateral (withdraw it first) and no unsettled PnL (`PositionNotEmpty`).
pub fn check_closable(position: &Position) -> Result<()> {
    require!(
        position.size == 0
            && position.open_orders == 0
            && position.bid_open_lots == 0
            && position.ask_open_lots == 0
            && position.collateral == 0
            && position.unsettled_pnl()? == 0,
        PerpsError::PositionNotEmpty
    );
    Ok(())
}

#[cfg(test)]
mod tests;
