//! The program's errors: a public contract. Append new variants at the end; never reorder,
//! rename or remove one (clients match on the numbers, 6000 + position).

use anchor_lang::prelude::*;

#[error_code]
pub enum PerpsError {
    #[msg("signer is not the exchange admin")]
    Unauthorized,
    #[msg("market symbol must be 1-16 characters of A-Z, 0-9, '-', '/' or '_'")]
    InvalidSymbol,
    #[msg("tick size and lot size must be greater than zero")]
    InvalidTickOrLotSize,
    #[msg("fees must be at most 1000 bps and the maker fee at most the taker fee")]
    InvalidFees,
    #[msg("margin ratios must satisfy 0 < maintenance < initial <= 10000 bps")]
    InvalidMarginRatios,
    #[msg("liquidation penalty must be greater than zero and at most the maintenance margin")]
    InvalidLiquidationPenalty,
    #[msg("the price staleness limit must be greater than zero")]
    InvalidPriceAge,
    #[msg("the exchange cannot hold more markets")]
    TooManyMarkets,
    #[msg("arithmetic overflow")]
    MathOverflow,
    // ---- appended for issue 3 (trading) ----
    #[msg("signer is not the market's price authority")]
    NotPriceAuthority,
    #[msg("price must be greater than zero")]
    InvalidPrice,
    #[msg("order price is not a multiple of the market's tick size")]
    PriceNotOnTick,
    #[msg("quantity must be greater than zero")]
    InvalidQuantity,
    #[msg("amount must be greater than zero")]
    InvalidAmount,
    #[msg("the mark price is unset or older than the market's staleness limit")]
    PriceStale,
    #[msg("not enough collateral in the position")]
    InsufficientCollateral,
    #[msg("equity would be below the initial margin requirement")]
    InsufficientMargin,
    #[msg("the order book side is full")]
    OrderBookFull,
    #[msg("a post-only order would cross the book")]
    PostOnlyWouldCross,
    #[msg("the order would match a resting order of the same owner")]
    SelfTrade,
    #[msg("no resting order with this id on this side")]
    OrderNotFound,
    #[msg("the resting order belongs to another owner")]
    NotOrderOwner,
    #[msg("a maker's position account was not passed in remaining_accounts")]
    MissingMakerPosition,
    #[msg("the position is not below its maintenance margin requirement")]
    NotLiquidatable,
    #[msg("a position cannot be liquidated by its own owner")]
    CannotLiquidateSelf,
    #[msg("the position belongs to another market")]
    PositionMarketMismatch,
    #[msg("the two positions have no pnl to settle between them")]
    NothingToSettle,
    #[msg("the position has no open size")]
    NoOpenPosition,
    // ---- appended: create_market takes the market index as an argument ----
    #[msg("the market index must equal the exchange's market count")]
    MarketIndexMismatch,
    // ---- appended for issue 9 (risk model: bands, order margin, settlement, bad debt) ----
    #[msg("the price band must be 1-10000 bps of the mark price")]
    InvalidPriceBand,
    #[msg("the minimum order notional must be greater than zero and the order cap 1-128")]
    InvalidOrderLimits,
    #[msg("the order price is outside the market's price band around the mark")]
    PriceOutsideBand,
    #[msg("the order notional is below the market's minimum")]
    OrderTooSmall,
    #[msg("the position has the market's maximum number of resting orders")]
    TooManyOpenOrders,
    #[msg("the fill limit must be between 1 and MAX_FILLS_PER_ORDER")]
    InvalidFillLimit,
    #[msg("the paying position's equity is negative: liquidate it first")]
    CounterpartyBankrupt,
    #[msg("no resting order outside the price band could be pruned")]
    NothingToPrune,
    // ---- appended for issue 9, findings 7-9 (admin and operations) ----
    #[msg("signer is not the program's upgrade authority (only the deployer may initialize)")]
    NotUpgradeAuthority,
    #[msg("the token account is the exchange vault itself")]
    TokenAccountIsVault,
    #[msg("signer is not the exchange's pending admin")]
    NotPendingAdmin,
    #[msg("amount exceeds the fees collected by the exchange")]
    InsufficientFees,
    #[msg("the position still has size, resting orders, collateral or unsettled pnl")]
    PositionNotEmpty,
    #[msg("the market is delisted: no trading and no price updates")]
    MarketNotListed,
    #[msg("the market is not delisted")]
    MarketNotDelisted,
    #[msg("only the admin may delist a market whose price is set and not stale for longer than the escape delay")]
    DelistNotAllowed,
    // ---- appended by the security review (findings A-) ----
    #[msg("the position's equity is negative: liquidate it (the insurance fund and socialization cover its deficit) instead")]
    PositionBankrupt,
}
