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
}
