//! A market's fee and risk parameters: set by `create_market`, changed by `update_market_params`,
//! both through the same `MarketParams::validate`.

use crate::errors::PerpsError;
use crate::quantities::BPS_DENOMINATOR;
use crate::state::{Market, BOOK_SIDE_CAPACITY};
use anchor_lang::prelude::*;

/// Largest fee a market may charge. Unit: basis points.
pub const MAX_FEE_BPS: u16 = 1_000;

/// The parameters of a market the admin may change after listing (tick size, lot size, symbol
/// and index are fixed for life: resting orders and positions are denominated in them).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct MarketParams {
    /// Unit: basis points of notional, at most 1000.
    pub taker_fee_bps: u16,
    /// Unit: basis points of notional, at most the taker fee.
    pub maker_fee_bps: u16,
    /// Unit: basis points of notional; greater than the maintenance margin, at most 10000.
    pub initial_margin_bps: u16,
    /// Unit: basis points of notional; greater than zero.
    pub maintenance_margin_bps: u16,
    /// Unit: basis points of liquidated notional; in 1..=maintenance_margin_bps.
    pub liquidation_penalty_bps: u16,
    /// A mark price older than this is stale. Unit: seconds; greater than zero.
    pub max_price_age_secs: u32,
    /// Orders rest and fill only within this distance of the mark. Unit: basis points of the
    /// mark, 1..=10000.
    pub price_band_bps: u16,
    /// Smallest `price × quantity` of an order, and of a remainder that rests. Unit: quote
    /// atoms, greater than zero.
    pub min_order_notional: u64,
    /// Most resting orders per position, 1..=128 (both book sides).
    pub max_orders_per_position: u16,
}

impl MarketParams {
    /// The one validation of market parameters (`InvalidFees`, `InvalidMarginRatios`,
    /// `InvalidLiquidationPenalty`, `InvalidPriceAge`, `InvalidPriceBand`, `InvalidOrderLimits`).
    pub fn validate(&self) -> Result<()> {
        require!(
            self.taker_fee_bps <= MAX_FEE_BPS && self.maker_fee_bps <= self.taker_fee_bps,
            PerpsError::InvalidFees
        );
        require!(
            self.maintenance_margin_bps > 0
                && self.maintenance_margin_bps < self.initial_margin_bps
                && u64::from(self.initial_margin_bps) <= BPS_DENOMINATOR,
            PerpsError::InvalidMarginRatios
        );
        require!(
            self.liquidation_penalty_bps > 0
                && self.liquidation_penalty_bps <= self.maintenance_margin_bps,
            PerpsError::InvalidLiquidationPenalty
        );
        require!(self.max_price_age_secs > 0, PerpsError::InvalidPriceAge);
        require!(
            self.price_band_bps > 0 && u64::from(self.price_band_bps) <= BPS_DENOMINATOR,
            PerpsError::InvalidPriceBand
        );
        require!(
            self.min_order_notional > 0
                && self.max_orders_per_position > 0
                && usize::from(self.max_orders_per_position) <= 2 * BOOK_SIDE_CAPACITY,
            PerpsError::InvalidOrderLimits
        );
        Ok(())
    }

    /// The parameters `market` has now.
    pub fn of(market: &Market) -> Self {
        Self {
            taker_fee_bps: market.taker_fee_bps,
            maker_fee_bps: market.maker_fee_bps,
            initial_margin_bps: market.initial_margin_bps,
            maintenance_margin_bps: market.maintenance_margin_bps,
            liquidation_penalty_bps: market.liquidation_penalty_bps,
            max_price_age_secs: market.max_price_age_secs,
            price_band_bps: market.price_band_bps,
            min_order_notional: market.min_order_notional,
            max_orders_per_position: market.max_orders_per_position,
        }
    }

    /// Writes the parameters into `market` (validate first).
    pub fn apply(&self, market: &mut Market) {
        market.taker_fee_bps = self.taker_fee_bps;
        market.maker_fee_bps = self.maker_fee_bps;
        market.initial_margin_bps = self.initial_margin_bps;
        market.maintenance_margin_bps = self.maintenance_margin_bps;
        market.liquidation_penalty_bps = self.liquidation_penalty_bps;
        market.max_price_age_secs = self.max_price_age_secs;
        market.price_band_bps = self.price_band_bps;
        market.min_order_notional = self.min_order_notional;
        market.max_orders_per_position = self.max_orders_per_position;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok() -> MarketParams {
        MarketParams {
            taker_fee_bps: 10,
            maker_fee_bps: 5,
            initial_margin_bps: 1_000,
            maintenance_margin_bps: 500,
            liquidation_penalty_bps: 100,
            max_price_age_secs: 60,
            price_band_bps: 1_000,
            min_order_notional: 100,
            max_orders_per_position: 64,
        }
    }

    #[test]
    fn each_rule_has_its_named_error() {
        assert!(ok().validate().is_ok());
        let cases: [(MarketParams, PerpsError); 9] = [
            (
                MarketParams {
                    taker_fee_bps: 1_001,
                    ..ok()
                },
                PerpsError::InvalidFees,
            ),
            (
                MarketParams {
                    maker_fee_bps: 11,
                    ..ok()
                },
                PerpsError::InvalidFees,
            ),
            (
                MarketParams {
                    maintenance_margin_bps: 0,
                    ..ok()
                },
                PerpsError::InvalidMarginRatios,
            ),
            (
                MarketParams {
                    maintenance_margin_bps: 1_000,
                    ..ok()
                },
                PerpsError::InvalidMarginRatios,
            ),
            (
                MarketParams {
                    initial_margin_bps: 10_001,
                    ..ok()
                },
                PerpsError::InvalidMarginRatios,
            ),
            (
                MarketParams {
                    liquidation_penalty_bps: 0,
                    ..ok()
                },
                PerpsError::InvalidLiquidationPenalty,
            ),
            (
                MarketParams {
                    liquidation_penalty_bps: 501,
                    ..ok()
                },
                PerpsError::InvalidLiquidationPenalty,
            ),
            (
                MarketParams {
                    max_price_age_secs: 0,
                    ..ok()
                },
                PerpsError::InvalidPriceAge,
            ),
            (
                MarketParams {
                    taker_fee_bps: 0,
                    maker_fee_bps: 1,
                    ..ok()
                },
                PerpsError::InvalidFees,
            ),
        ];
        for (params, error) in cases {
            assert_eq!(params.validate().unwrap_err(), error.into(), "{params:?}");
        }
        let edge = MarketParams {
            taker_fee_bps: 1_000,
            maker_fee_bps: 1_000,
            initial_margin_bps: 10_000,
            maintenance_margin_bps: 9_999,
            liquidation_penalty_bps: 9_999,
            max_price_age_secs: 1,
            price_band_bps: 10_000,
            min_order_notional: 1,
            max_orders_per_position: 128,
        };
        assert!(edge.validate().is_ok());
    }

    #[test]
    fn of_and_apply_round_trip() {
        let mut m: Market = bytemuck::Zeroable::zeroed();
        ok().apply(&mut m);
        assert_eq!(MarketParams::of(&m), ok());
    }
}
