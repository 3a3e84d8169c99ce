//! Bad debt written off against open interest: a bankrupt position's deficit (what the insurance
//! fund could not cover) is spread over every base lot of open size in the market, long and
//! short alike, through a cumulative per-lot figure each position pays lazily (as funding is
//! paid in Drift or Mango): on its next touch it pays `(cumulative - snapshot) × |size|`.
//! Both roundings are up, so the positions together pay at least the deficit.

use crate::math::safe_math::{Cast, SafeMath};
use anchor_lang::prelude::*;

/// Fixed-point scale of the cumulative loss per lot (1e6: a millionth of a quote atom per lot).
pub const LOSS_SCALE: u64 = 1_000_000;

/// Increase of the cumulative loss per lot that spreads `loss` quote atoms over `lots` lots of
/// open size (long and short), rounded up. Unit: quote atoms per lot × `LOSS_SCALE`.
pub fn loss_per_lot_increase(loss: u64, lots: u64) -> Result<u64> {
    (loss as u128)
        .safe_mul(LOSS_SCALE as u128)?
        .safe_div_ceil(lots as u128)?
        .cast()
}

/// What `size_abs` lots owe for an increase `delta` of the cumulative loss per lot, rounded up.
/// Unit: quote atoms.
pub fn charge(delta: u64, size_abs: u64) -> Result<u64> {
    (delta as u128)
        .safe_mul(size_abs as u128)?
        .safe_div_ceil(LOSS_SCALE as u128)?
        .cast()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn examples() {
        // 1000 atoms over 3 long lots (6 lots in all): 166.67 per lot.
        let d = loss_per_lot_increase(1_000, 6).unwrap();
        assert_eq!(d, 166_666_667);
        assert_eq!(charge(d, 3).unwrap(), 501);
        assert_eq!(charge(d, 0).unwrap(), 0);
        assert!(loss_per_lot_increase(1, 0).is_err());
    }

    proptest! {
        /// Spread over any split of the open interest, the charges cover the loss.
        #[test]
        fn charges_cover_the_loss(loss in 0u64..1_000_000_000_000, sizes in proptest::collection::vec(1u64..1_000_000, 1..10)) {
            let oi: u64 = sizes.iter().sum();
            let d = loss_per_lot_increase(loss, 2 * oi).unwrap();
            // Longs hold `sizes`; shorts hold the same total in one position.
            let paid: u64 = sizes.iter().map(|s| charge(d, *s).unwrap()).sum::<u64>() + charge(d, oi).unwrap();
            prop_assert!(paid >= loss);
            prop_assert!(paid <= loss + sizes.len() as u64 + 1 + (2 * oi) / LOSS_SCALE + 1);
        }
    }
}
