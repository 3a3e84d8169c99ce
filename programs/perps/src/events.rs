//! Events: a public contract decoded by the indexer from `Program data:` log lines.
//!
//! Never edit a released event in place (field order and types are its wire format); add a new
//! versioned event instead. Every field documents its unit.

use anchor_lang::prelude::*;

/// A market was listed by the exchange admin (`create_market`).
#[event]
pub struct MarketCreated {
    /// The market account (PDA `["market", exchange, index as u16 LE]`).
    pub market: Pubkey,
    /// Position of the market in the exchange, from 0.
    pub index: u16,
    /// Ticker, e.g. `SOL-PERP`.
    pub symbol: String,
    /// Price increment. Unit: quote atoms per base lot.
    pub tick_size: u64,
    /// Quantity increment. Unit: base atoms per base lot.
    pub base_lot_size: u64,
    /// Decimals of the (synthetic) base asset, for display.
    pub base_decimals: u8,
    /// Fee charged to the taker of a fill. Unit: basis points of notional.
    pub taker_fee_bps: u16,
    /// Fee charged to the maker of a fill. Unit: basis points of notional.
    pub maker_fee_bps: u16,
    /// Margin required to open or grow a position. Unit: basis points of notional.
    pub initial_margin_bps: u16,
    /// Margin below which a position can be liquidated. Unit: basis points of notional.
    pub maintenance_margin_bps: u16,
    /// Fee taken from a liquidated position. Unit: basis points of the liquidated notional.
    pub liquidation_penalty_bps: u16,
    /// The only signer allowed to set the mark price.
    pub price_authority: Pubkey,
    /// A mark price older than this is stale. Unit: seconds.
    pub max_price_age_secs: u32,
    /// Cluster time of creation. Unit: Unix seconds.
    pub timestamp: i64,
}
