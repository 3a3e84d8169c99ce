//! A perpetual-futures exchange. Every instruction below is one file in `instructions/` (logic)
//! and one in `accounts_ix/` (accounts). Amounts: quote atoms (the collateral mint's smallest
//! unit); prices: quote atoms per base lot; quantities: base lots; fees and ratios: basis points.

use anchor_lang::prelude::*;

pub mod accounts_ix;
pub mod errors;
pub mod events;
pub mod instructions;
pub mod runtime;
pub mod state;

use accounts_ix::*;
pub use instructions::CreateMarketArgs;

declare_id!("vC2bYuwqmrKJN49datXvay8BHfcWR1dhiqLsZm9LkMX");

#[program]
pub mod perps {
    use super::*;

    /// Creates the exchange (PDA `["exchange"]`) with `admin` and the collateral vault
    /// (PDA `["vault", exchange]`) for `quote_mint`. Once per deployment.
    pub fn initialize(ctx: Context<Initialize>) -> Result<()> {
        instructions::initialize(ctx)
    }

    /// Lists a market at the next index. Admin only (`Unauthorized`). Fails on an invalid
    /// symbol, zero tick/lot size, fees over 1000 bps or maker > taker, margin ratios outside
    /// 0 < maintenance < initial <= 10000, a penalty outside 1..=maintenance, or a zero price age.
    /// Emits `MarketCreated`.
    pub fn create_market(ctx: Context<CreateMarket>, args: CreateMarketArgs) -> Result<()> {
        instructions::create_market(ctx, args)
    }
}
