//! Trading fees: basis points of the fill's notional, rounded up (against the payer).

use crate::quantities::{BaseLots, Bps, QuoteAtoms, QuoteAtomsPerBaseLot};
use anchor_lang::prelude::*;

/// Share of the exchange's trading fees and liquidation penalties paid into the market's
/// insurance fund (rounded down; the rest goes to `fees_collected`). Unit: basis points.
pub const INSURANCE_SHARE_BPS: u16 = 5_000;

/// The insurance fund's share of `amount` of exchange income, rounded down.
pub fn insurance_share(amount: QuoteAtoms) -> Result<QuoteAtoms> {
    amount.bps_floor(Bps(INSURANCE_SHARE_BPS))
}

/// Fee for a fill of `quantity` at `price` with a fee rate of `bps`. Unit: quote atoms.
pub fn trading_fee(
    price: QuoteAtomsPerBaseLot,
    quantity: BaseLots,
    bps: Bps,
) -> Result<QuoteAtoms> {
    price.notional(quantity)?.bps_ceil(bps)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn fee_examples() {
        // 100 lots at 2_500 atoms/lot = 250_000 atoms; 5 bps = 125 atoms.
        let f = trading_fee(QuoteAtomsPerBaseLot(2_500), BaseLots(100), Bps(5)).unwrap();
        assert_eq!(f, QuoteAtoms(125));
        // 1 atom of notional at 1 bps still pays 1 atom.
        let f = trading_fee(QuoteAtomsPerBaseLot(1), BaseLots(1), Bps(1)).unwrap();
        assert_eq!(f, QuoteAtoms(1));
        assert_eq!(
            trading_fee(QuoteAtomsPerBaseLot(7), BaseLots(3), Bps(0)).unwrap(),
            QuoteAtoms(0)
        );
    }

    proptest! {
        /// The fee is never less than the exact value and exceeds it by less than one atom.
        #[test]
        fn fee_rounds_up_by_less_than_one_atom(p in 1u64..1_000_000_000, q in 1u64..1_000_000_000, bps in 0u16..=1000) {
            let f = trading_fee(QuoteAtomsPerBaseLot(p), BaseLots(q), Bps(bps)).unwrap().0 as u128;
            let exact_times_1e4 = p as u128 * q as u128 * bps as u128;
            prop_assert!(f * 10_000 >= exact_times_1e4);
            prop_assert!(f * 10_000 < exact_times_1e4 + 10_000);
        }

        /// Never panics, whatever the input.
        #[test]
        fn fee_never_panics(p: u64, q: u64, bps: u16) {
            let _ = trading_fee(QuoteAtomsPerBaseLot(p), BaseLots(q), Bps(bps));
        }
    }
}
