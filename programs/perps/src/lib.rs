//! A perpetual-futures exchange. Every instruction below is one file in `instructions/` (logic)
//! and one in `accounts_ix/` (accounts). Amounts: quote atoms (the collateral mint's smallest
//! unit); prices: quote atoms per base lot; quantities: base lots; fees and ratios: basis points.
//! Margin is isolated: each position (one per owner and market) holds its own collateral.

use anchor_lang::prelude::*;

pub mod accounts_ix;
pub mod controller;
pub mod errors;
pub mod events;
pub mod instructions;
pub mod math;
pub mod quantities;
pub mod runtime;
pub mod state;
pub mod types;

use accounts_ix::*;
pub use instructions::{
    CancelOrderArgs, CreateMarketArgs, DepositArgs, LiquidateArgs, PlaceOrderArgs, SetPriceArgs,
    WithdrawArgs,
};
pub use instructions::{ProposeAdminArgs, SetPriceAuthorityArgs, WithdrawFeesArgs};
pub use state::MarketParams;
pub use types::{CancelReason, InsuranceReason, OrderType, PositionSide, Side};

declare_id!("vC2bYuwqmrKJN49datXvay8BHfcWR1dhiqLsZm9LkMX");

#[program]
pub mod perps {
    use super::*;

    /// Creates the exchange (PDA `["exchange"]`) with `admin` and the collateral vault
    /// (PDA `["vault", exchange]`) for `quote_mint`. Once per deployment, and only by the
    /// program's upgrade authority, which must sign as `admin` (`NotUpgradeAuthority`; its
    /// ProgramData account is `program_data`). Emits `ExchangeInitialized`.
    pub fn initialize(ctx: Context<Initialize>) -> Result<()> {
        instructions::initialize(ctx)
    }

    /// Lists market `index` (PDA `["market", exchange, index u16 LE]`) and creates its order book
    /// (PDA `["book", market]`, 64 orders per side). `index` must be the exchange's market count
    /// (`MarketIndexMismatch`). Admin only (`Unauthorized`). Fails on an invalid symbol, zero
    /// tick/lot size, fees over 1000 bps or maker > taker, margin ratios outside
    /// 0 < maintenance < initial <= 10000, a penalty outside 1..=maintenance, a zero price age,
    /// a price band outside 1..=10000 bps (`InvalidPriceBand`), a zero minimum order notional or
    /// an order cap outside 1..=128 (`InvalidOrderLimits`). Emits `MarketCreated`.
    pub fn create_market(
        ctx: Context<CreateMarket>,
        index: u16,
        args: CreateMarketArgs,
    ) -> Result<()> {
        instructions::create_market(ctx, index, args)
    }

    /// Sets the mark price (quote atoms per base lot, > 0 else `InvalidPrice`) and stamps it
    /// with the cluster time. Only the market's price authority (`NotPriceAuthority`), only
    /// while the market is listed (`MarketNotListed`).
    pub fn set_price(ctx: Context<SetPrice>, args: SetPriceArgs) -> Result<()> {
        instructions::set_price(ctx, args)
    }

    /// Creates the owner's position in a market (PDA `["position", market, owner]`) with the
    /// next exchange-wide `position_id`; fails if it exists. Emits `PositionUpdated` (flat).
    pub fn open_position(ctx: Context<OpenPosition>) -> Result<()> {
        instructions::open_position(ctx)
    }

    /// Moves `amount` quote atoms (> 0, `InvalidAmount`) from the owner's token account to the
    /// vault and credits the position's collateral. Emits `PositionUpdated`.
    pub fn deposit(ctx: Context<MoveCollateral>, args: DepositArgs) -> Result<()> {
        instructions::deposit(ctx, args)
    }

    /// Moves `amount` quote atoms of the position's collateral back to the owner (`user_token`,
    /// never the vault: `TokenAccountIsVault`). At most the
    /// collateral (`InsufficientCollateral`) and at most `collateral + min(pnl, 0)` minus the
    /// initial requirement of size and resting orders (`InsufficientMargin`): positive PnL must
    /// be settled first. Needs a fresh price (`PriceStale`) unless the position is flat with no
    /// orders. Emits `PositionUpdated`.
    pub fn withdraw(ctx: Context<MoveCollateral>, args: WithdrawArgs) -> Result<()> {
        instructions::withdraw(ctx, args)
    }

    /// Places a limit / post-only / immediate-or-cancel order (price in quote atoms per base
    /// lot on the tick and within the price band around a fresh mark, `PriceOutsideBand`;
    /// quantity in base lots; notional at least the market minimum, `OrderTooSmall`) and matches
    /// it at maker prices, price-time priority, at most `max_fills` (1..=8, `InvalidFillLimit`)
    /// fills. Maker positions go in `remaining_accounts` (writable, one per distinct maker, any
    /// order); matching stops at a maker that is not supplied. A crossing order outside the band,
    /// or whose maker would fall below maintenance, is cancelled (`OrderCancelled`) instead.
    /// A limit remainder rests unless the book still crosses, matching stopped, or it is below
    /// the minimum notional (then it is dropped); on a full side (64) it evicts the worst order
    /// if better and that owner's position is supplied, else `OrderBookFull`; at most
    /// `max_orders_per_position` resting orders (`TooManyOpenOrders`). Fails as a whole on
    /// `PostOnlyWouldCross`, `SelfTrade`, `InsufficientCollateral` (taker fee) or
    /// `InsufficientMargin` (the taker's health rule, `controller::orders::check_taker`).
    /// Emits per fill `OrderFilled`, `PositionUpdated` (taker), `PositionUpdated` (maker), and
    /// `OrderCancelled` per cancelled or evicted order. Fails on a delisted market
    /// (`MarketNotListed`).
    pub fn place_order<'info>(
        ctx: Context<'_, '_, 'info, 'info, PlaceOrder<'info>>,
        args: PlaceOrderArgs,
    ) -> Result<()> {
        instructions::place_order(ctx, args)
    }

    /// Removes the owner's resting order `order_id` from `side` (`OrderNotFound`,
    /// `NotOrderOwner`). Emits `OrderCancelled` (reason `Owner`).
    pub fn cancel_order(ctx: Context<CancelOrder>, args: CancelOrderArgs) -> Result<()> {
        instructions::cancel_order(ctx, args)
    }

    /// Permissionless. When the position's equity is below its maintenance requirement at a
    /// fresh mark (else `NotLiquidatable`), cancels its resting orders and transfers
    /// `min(max_quantity, close factor)` base lots at the mark price to the liquidator's
    /// position in the same market, which must stay above initial margin if its exposure grew
    /// (`InsufficientMargin`). The close factor is the least size that restores the margin
    /// ratio halfway between maintenance and initial (all of it when equity <= 0). Penalty:
    /// `liquidation_penalty_bps` of the notional, capped at `min(collateral, max(equity, 0))`;
    /// half to the liquidator's collateral (rounded down), the rest to the exchange, of which
    /// half to the market's insurance fund. A position left flat with negative equity is
    /// bankrupt: the insurance fund pays its deficit, the rest is spread over the market's open
    /// interest. Emits `LiquidationExecuted`, `PositionUpdated` (liquidated), `PositionUpdated`
    /// (liquidator), then `InsuranceFundChanged` (penalty share), and on bankruptcy
    /// `InsuranceFundChanged` (if it paid) and `BankruptcyResolved`.
    pub fn liquidate(ctx: Context<Liquidate>, args: LiquidateArgs) -> Result<()> {
        instructions::liquidate(ctx, args)
    }

    /// Permissionless. Moves collateral from a position with negative PnL to one with positive
    /// PnL in the same market: only from a payer with equity >= 0 (`CounterpartyBankrupt`); at
    /// most the payer's loss and collateral and the receiver's settleable PnL (realised in full,
    /// unrealised up to 25 % of its notional at the mark); else `NothingToSettle`. Makes profit
    /// withdrawable. Needs a fresh price. Emits `PositionUpdated` for the profitable, then the
    /// losing position.
    pub fn settle_pnl(ctx: Context<SettlePnl>) -> Result<()> {
        instructions::settle_pnl(ctx)
    }

    /// Permissionless. Removes resting orders priced outside the market's band around a fresh
    /// mark whose owner's position is in `remaining_accounts` (writable), at most 32 per call
    /// (the log limit: call again for more), in one pass per side; `NothingToPrune` if none.
    /// Emits `OrderCancelled` (reason `OutOfBand`) for each.
    pub fn prune_orders<'info>(
        ctx: Context<'_, '_, 'info, 'info, PruneOrders<'info>>,
    ) -> Result<()> {
        instructions::prune_orders(ctx)
    }

    // ---- appended for issue 9, finding 9: operations ----

    /// Admin only (`Unauthorized`). Names `new_admin` as the admin's successor; it takes over
    /// when it signs `accept_admin`. The default key withdraws a proposal. Emits `AdminProposed`.
    pub fn propose_admin(ctx: Context<ProposeAdmin>, args: ProposeAdminArgs) -> Result<()> {
        instructions::propose_admin(ctx, args)
    }

    /// Signed by the pending admin (`NotPendingAdmin`), which becomes the admin; the pending
    /// slot is cleared. Emits `AdminChanged`.
    pub fn accept_admin(ctx: Context<AcceptAdmin>) -> Result<()> {
        instructions::accept_admin(ctx)
    }

    /// Admin only (`Unauthorized`). Replaces the market's price authority, e.g. one that
    /// stopped updating. Emits `PriceAuthorityChanged`.
    pub fn set_price_authority(
        ctx: Context<MarketAdmin>,
        args: SetPriceAuthorityArgs,
    ) -> Result<()> {
        instructions::set_price_authority(ctx, args)
    }

    /// Admin only (`Unauthorized`), listed markets only (`MarketNotListed`). Replaces the fees
    /// (bps), margin ratios (bps), liquidation penalty (bps) and price staleness limit (seconds),
    /// validated exactly as `create_market` validates them. Emits `MarketParamsUpdated`.
    pub fn update_market_params(ctx: Context<MarketAdmin>, params: MarketParams) -> Result<()> {
        instructions::update_market_params(ctx, params)
    }

    /// Admin only (`Unauthorized`). Moves `amount` quote atoms (> 0, `InvalidAmount`; at most
    /// `fees_collected`, `InsufficientFees`) of collected fees from the vault to `treasury`, a
    /// token account of the quote mint that is not the vault (`TokenAccountIsVault`). Collateral
    /// is never touched. Emits `FeesWithdrawn`.
    pub fn withdraw_fees(ctx: Context<WithdrawFees>, args: WithdrawFeesArgs) -> Result<()> {
        instructions::withdraw_fees(ctx, args)
    }

    /// Delists the market for good: by the admin at any time, by anyone once the mark price has
    /// gone without an update for `max_price_age_secs` + 3 days (`DelistNotAllowed`). The last
    /// mark price becomes the final settlement price (never stale again), the book is emptied,
    /// `place_order` and `set_price` fail with `MarketNotListed`. Emits `MarketDelisted`.
    pub fn delist_market(ctx: Context<DelistMarket>) -> Result<()> {
        instructions::delist_market(ctx)
    }

    /// Permissionless, delisted markets only (`MarketNotDelisted`). Closes the position's size at
    /// the settlement price (no fee) and clears its open-order counters (`NoOpenPosition` if
    /// there is nothing to do). Emits `PositionUpdated`.
    pub fn flatten_position(ctx: Context<FlattenPosition>) -> Result<()> {
        instructions::flatten_position(ctx)
    }

    /// Closes the owner's position and returns its rent to the owner. Only a position with no
    /// size, no resting orders, no collateral and no unsettled PnL (`PositionNotEmpty`): withdraw
    /// and settle first. Emits `PositionClosed`.
    pub fn close_position(ctx: Context<ClosePosition>) -> Result<()> {
        instructions::close_position(ctx)
    }
}
