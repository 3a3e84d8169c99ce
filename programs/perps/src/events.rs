//! Events: a public contract decoded by the indexer from `Program data:` log lines.
//!
//! Never edit a released event in place (field order and types are its wire format); add a new
//! versioned event instead. Every field documents its unit.

use crate::state::MarketParams;
use crate::types::{CancelReason, InsuranceReason, PositionSide, Side};
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

/// One fill between an incoming (taker) order and a resting (maker) order (`place_order`).
/// Emitted once per fill, followed by `PositionUpdated` for the taker, then for the maker.
#[event]
pub struct OrderFilled {
    /// The market account.
    pub market: Pubkey,
    /// The taker's position id.
    pub position_id: u64,
    /// The taker's (incoming) order id, unique in the market.
    pub order_id: u64,
    /// Fill price (the maker's price). Unit: quote atoms per base lot.
    pub price: u64,
    /// Fill quantity. Unit: base lots.
    pub quantity: u64,
    /// Fee paid by the taker: `ceil(price × quantity × taker_fee_bps / 10000)`. Unit: quote atoms.
    pub taker_fee: u64,
    /// Fee paid by the maker: `ceil(price × quantity × maker_fee_bps / 10000)`, capped at the
    /// maker's collateral. Unit: quote atoms.
    pub maker_fee: u64,
    /// The taker's wallet (owner of the taker position).
    pub taker: Pubkey,
    /// The maker's wallet (owner of the maker position).
    pub maker: Pubkey,
    /// The maker's position id.
    pub maker_position_id: u64,
    /// The maker's (resting) order id.
    pub maker_order_id: u64,
    /// Side of the taker: `Bid` = the taker bought.
    pub taker_side: Side,
    /// Per-market fill sequence number (`market.fill_seq` after this fill): 1, 2, 3, … without
    /// gaps, so a consumer can detect a missed fill.
    pub seq: u64,
    /// Cluster time of the fill. Unit: Unix seconds.
    pub timestamp: i64,
}

/// A position changed: opened, deposited into, withdrawn from, filled (taker or maker),
/// liquidated, or settled.
#[event]
pub struct PositionUpdated {
    /// Unique in the exchange.
    pub position_id: u64,
    /// Owner of the position.
    pub user: Pubkey,
    /// The market account.
    pub market: Pubkey,
    /// Absolute size; the direction is `side`. Unit: base lots.
    pub size: u64,
    /// Average entry price, `cost_basis / size` rounded down; 0 when flat.
    /// Unit: quote atoms per base lot.
    pub entry_price: u64,
    /// PnL of the open size at `mark_price` (exact, from the cost basis). Unit: quote atoms.
    pub unrealized_pnl: i64,
    /// Flat, long or short.
    pub side: PositionSide,
    /// Cash held by the position (isolated margin). Unit: quote atoms.
    pub collateral: u64,
    /// Cumulative realised trading PnL, fees excluded. Unit: quote atoms.
    pub realized_pnl: i64,
    /// Cumulative PnL moved into (+) or out of (-) collateral by `settle_pnl`. Unit: quote atoms.
    /// Equity = collateral + realized_pnl - settled_pnl + unrealized_pnl.
    pub settled_pnl: i64,
    /// The market's mark price used for `unrealized_pnl` (0 if never set).
    /// Unit: quote atoms per base lot.
    pub mark_price: u64,
    /// Slot of the change.
    pub slot: u64,
    /// Cluster time of the change. Unit: Unix seconds.
    pub timestamp: i64,
}

/// A position was (partly) liquidated (`liquidate`): the liquidator took over
/// `liquidated_size` at the mark price. Followed by `PositionUpdated` for the liquidated
/// position, then for the liquidator's position.
#[event]
pub struct LiquidationExecuted {
    /// The liquidated position's id.
    pub position_id: u64,
    /// Owner of the liquidated position.
    pub user: Pubkey,
    /// The market account.
    pub market: Pubkey,
    /// Size transferred to the liquidator. Unit: base lots.
    pub liquidated_size: u64,
    /// The mark price at which it was transferred. Unit: quote atoms per base lot.
    pub liquidation_price: u64,
    /// Penalty taken from the liquidated position's collateral:
    /// `min(ceil(liquidated notional × liquidation_penalty_bps / 10000), collateral)`.
    /// Unit: quote atoms. Equals `liquidator_fee + exchange_fee`.
    pub penalty_fee: u64,
    /// The liquidator's wallet.
    pub liquidator: Pubkey,
    /// Absolute size left in the liquidated position. Unit: base lots.
    pub remaining_size: u64,
    /// The liquidator's position id (it received the size and `liquidator_fee`).
    pub liquidator_position_id: u64,
    /// Part of the penalty credited to the liquidator's position collateral. Unit: quote atoms.
    pub liquidator_fee: u64,
    /// Part of the penalty added to `exchange.fees_collected`. Unit: quote atoms.
    pub exchange_fee: u64,
    /// Cluster time. Unit: Unix seconds.
    pub timestamp: i64,
}

// ---- appended for issue 9 (risk model) ----

/// A resting order left the book without filling: cancelled by its owner, pruned or met outside
/// the price band, cancelled at fill time because the maker would fall below maintenance, or
/// evicted from a full side by a better order. Liquidation's cancellation of the liquidated
/// owner's orders emits no per-order event (`LiquidationExecuted` implies it).
#[event]
pub struct OrderCancelled {
    /// The market account.
    pub market: Pubkey,
    /// Owner of the order.
    pub owner: Pubkey,
    /// The owner's position id.
    pub position_id: u64,
    /// The cancelled order's id.
    pub order_id: u64,
    /// The side it rested on.
    pub side: Side,
    /// Its limit price. Unit: quote atoms per base lot.
    pub price: u64,
    /// Quantity that was still resting. Unit: base lots.
    pub quantity: u64,
    pub reason: CancelReason,
    /// The market's mark price when it was cancelled. Unit: quote atoms per base lot.
    pub mark_price: u64,
    /// Cluster time. Unit: Unix seconds.
    pub timestamp: i64,
}

/// The insurance fund of a market changed by something other than its share of trading fees
/// (that share is `floor((taker_fee + maker_fee) × INSURANCE_SHARE_BPS / 10000)` of each
/// `OrderFilled`, and is included in the next `balance` reported here).
#[event]
pub struct InsuranceFundChanged {
    /// The market account.
    pub market: Pubkey,
    /// The position whose liquidation or bankruptcy caused the change.
    pub position_id: u64,
    /// Signed change: positive = paid in. Unit: quote atoms.
    pub delta: i64,
    /// The market's insurance fund after the change. Unit: quote atoms.
    pub balance: u64,
    pub reason: InsuranceReason,
    /// Cluster time. Unit: Unix seconds.
    pub timestamp: i64,
}

/// A liquidated position was left flat with negative equity (`liquidate`): its deficit was
/// covered by the market's insurance fund first, and the rest written off against every other
/// open position of the market in proportion to its size (applied to each position's
/// `realized_pnl` when it is next touched; to the liquidator's at once).
#[event]
pub struct BankruptcyResolved {
    /// The market account.
    pub market: Pubkey,
    /// The bankrupt position's id.
    pub position_id: u64,
    /// Owner of the bankrupt position.
    pub owner: Pubkey,
    /// Negative equity before resolution. Unit: quote atoms.
    pub deficit: u64,
    /// Paid by the insurance fund into the position's collateral. Unit: quote atoms.
    pub insurance_paid: u64,
    /// Written off and spread over the market's open interest. Unit: quote atoms.
    pub socialized: u64,
    /// The market's cumulative socialized loss per base lot after this resolution.
    /// Unit: quote atoms per base lot, scaled by `LOSS_SCALE` (1e6).
    pub cumulative_loss_per_lot: u64,
    /// Lots of open size (long and short, the bankrupt position's excluded) the written-off
    /// loss was spread over. Unit: base lots.
    pub spread_over_lots: u64,
    /// The market's insurance fund after resolution. Unit: quote atoms.
    pub insurance_balance: u64,
    /// Cluster time. Unit: Unix seconds.
    pub timestamp: i64,
}

// ---- appended for issue 9, findings 7-9: admin actions and position lifecycle ----
// Every admin action emits one of these, naming the signer, so an indexer can show who changed
// what and when.

/// The exchange was created (`initialize`) by the program's upgrade authority.
#[event]
pub struct ExchangeInitialized {
    /// The exchange account (PDA `["exchange"]`).
    pub exchange: Pubkey,
    /// The first admin.
    pub admin: Pubkey,
    /// The collateral mint.
    pub quote_mint: Pubkey,
    /// The collateral vault (PDA `["vault", exchange]`).
    pub vault: Pubkey,
    /// Cluster time. Unit: Unix seconds.
    pub timestamp: i64,
}

/// The admin named a successor (`propose_admin`); it takes over once it signs `accept_admin`.
/// `pending_admin` = the default (all-zero) key withdraws a proposal.
#[event]
pub struct AdminProposed {
    /// The current admin (signer).
    pub admin: Pubkey,
    pub pending_admin: Pubkey,
    /// Cluster time. Unit: Unix seconds.
    pub timestamp: i64,
}

/// The pending admin accepted (`accept_admin`) and is now the admin.
#[event]
pub struct AdminChanged {
    pub previous_admin: Pubkey,
    /// The new admin (signer).
    pub admin: Pubkey,
    /// Cluster time. Unit: Unix seconds.
    pub timestamp: i64,
}

/// The admin replaced a market's price authority (`set_price_authority`).
#[event]
pub struct PriceAuthorityChanged {
    /// The market account.
    pub market: Pubkey,
    /// The admin (signer).
    pub admin: Pubkey,
    pub previous_price_authority: Pubkey,
    pub price_authority: Pubkey,
    /// Cluster time. Unit: Unix seconds.
    pub timestamp: i64,
}

/// The admin changed a market's fee and risk parameters (`update_market_params`). Units of each
/// field: see `MarketParams`.
#[event]
pub struct MarketParamsUpdated {
    /// The market account.
    pub market: Pubkey,
    /// The admin (signer).
    pub admin: Pubkey,
    pub previous: MarketParams,
    pub params: MarketParams,
    /// Cluster time. Unit: Unix seconds.
    pub timestamp: i64,
}

/// The admin moved collected fees out of the vault (`withdraw_fees`).
#[event]
pub struct FeesWithdrawn {
    /// The admin (signer).
    pub admin: Pubkey,
    /// The token account that received the fees.
    pub treasury: Pubkey,
    /// Unit: quote atoms.
    pub amount: u64,
    /// `exchange.fees_collected` after the withdrawal. Unit: quote atoms.
    pub fees_remaining: u64,
    /// Cluster time. Unit: Unix seconds.
    pub timestamp: i64,
}

/// A market was delisted (`delist_market`): trading and price updates stop for good, its resting
/// orders are cancelled and every position is valued (and can be flattened) at
/// `settlement_price`.
#[event]
pub struct MarketDelisted {
    /// The market account.
    pub market: Pubkey,
    /// The signer: the admin, or anyone once the price was stale past the escape delay.
    pub delisted_by: Pubkey,
    /// Whether the signer was the admin.
    pub by_admin: bool,
    /// The last mark price, final. Unit: quote atoms per base lot.
    pub settlement_price: u64,
    /// When that price was set. Unit: Unix seconds.
    pub price_updated_at: i64,
    /// Resting orders removed from the book (bids + asks).
    pub cancelled_orders: u16,
    /// Cluster time. Unit: Unix seconds.
    pub timestamp: i64,
}

/// A flat position without orders, collateral or unsettled PnL was closed by its owner
/// (`close_position`); the account's rent went back to the owner.
#[event]
pub struct PositionClosed {
    /// The closed position's id (never reused).
    pub position_id: u64,
    /// Owner of the position (signer, received the rent).
    pub user: Pubkey,
    /// The market account.
    pub market: Pubkey,
    /// Lamports returned to the owner.
    pub rent_returned: u64,
    /// Cluster time. Unit: Unix seconds.
    pub timestamp: i64,
}
