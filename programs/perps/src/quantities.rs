//! Units in the types (after phoenix-v1 `quantities.rs`). Only products that make sense in units
//! exist: a price times a quantity is a notional; a notional times basis points is a fee.
//!
//! * `BaseLots`: quantity, in lots of `market.base_lot_size` base atoms.
//! * `QuoteAtoms`: amount, in the smallest unit of the exchange's quote (collateral) mint.
//! * `QuoteAtomsPerBaseLot`: price; `price × lots = quote atoms` exactly.
//! * `Bps`: a ratio in basis points (1/10000).

use crate::math::safe_math::{Cast, SafeMath};
use anchor_lang::prelude::*;

/// Quantity in base lots.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct BaseLots(pub u64);

/// Amount in quote atoms.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct QuoteAtoms(pub u64);

/// Price in quote atoms per base lot.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct QuoteAtomsPerBaseLot(pub u64);

/// Ratio in basis points.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Bps(pub u16);

/// 100 % in basis points.
pub const BPS_DENOMINATOR: u64 = 10_000;

impl QuoteAtomsPerBaseLot {
    /// `price × lots`, the notional in quote atoms; `MathOverflow` if it exceeds u64.
    #[track_caller]
    pub fn notional(self, lots: BaseLots) -> Result<QuoteAtoms> {
        let n = (self.0 as u128).safe_mul(lots.0 as u128)?;
        Ok(QuoteAtoms(n.cast()?))
    }
}

impl QuoteAtoms {
    /// `self × bps / 10000`, rounded up (used for what a user pays).
    #[track_caller]
    pub fn bps_ceil(self, bps: Bps) -> Result<QuoteAtoms> {
        let n = (self.0 as u128).safe_mul(bps.0 as u128)?;
        Ok(QuoteAtoms(
            n.safe_div_ceil(BPS_DENOMINATOR as u128)?.cast()?,
        ))
    }

    /// `self × bps / 10000`, rounded down (used for what a user receives).
    #[track_caller]
    pub fn bps_floor(self, bps: Bps) -> Result<QuoteAtoms> {
        let n = (self.0 as u128).safe_mul(bps.0 as u128)?;
        Ok(QuoteAtoms(n.safe_div(BPS_DENOMINATOR as u128)?.cast()?))
    }

    #[track_caller]
    pub fn safe_add(self, rhs: QuoteAtoms) -> Result<QuoteAtoms> {
        Ok(QuoteAtoms(self.0.safe_add(rhs.0)?))
    }

    #[track_caller]
    pub fn safe_sub(self, rhs: QuoteAtoms) -> Result<QuoteAtoms> {
        Ok(QuoteAtoms(self.0.safe_sub(rhs.0)?))
    }
}

impl BaseLots {
    #[track_caller]
    pub fn safe_add(self, rhs: BaseLots) -> Result<BaseLots> {
        Ok(BaseLots(self.0.safe_add(rhs.0)?))
    }

    #[track_caller]
    pub fn safe_sub(self, rhs: BaseLots) -> Result<BaseLots> {
        Ok(BaseLots(self.0.safe_sub(rhs.0)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notional_and_fees_round_as_documented() {
        let n = QuoteAtomsPerBaseLot(1_001).notional(BaseLots(3)).unwrap();
        assert_eq!(n, QuoteAtoms(3_003));
        assert_eq!(n.bps_ceil(Bps(10)).unwrap(), QuoteAtoms(4)); // 3.003 -> 4
        assert_eq!(n.bps_floor(Bps(10)).unwrap(), QuoteAtoms(3));
        assert!(QuoteAtomsPerBaseLot(u64::MAX)
            .notional(BaseLots(2))
            .is_err());
    }
}
