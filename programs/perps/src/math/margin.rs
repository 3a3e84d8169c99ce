//! Equity and margin requirements (isolated margin: each position is its own account).
//!
//! `equity = collateral + unsettled_pnl + unrealized_pnl(mark)` where `unsettled_pnl =
//! realized_pnl - settled_pnl` is realised trading PnL not yet moved into collateral by
//! `settle_pnl`. Requirements are `ratio × |lots| × mark`, rounded up (against the user).

use crate::math::safe_math::{Cast, SafeMath};
use crate::quantities::{BaseLots, Bps, QuoteAtoms, QuoteAtomsPerBaseLot};
use anchor_lang::prelude::*;

/// Equity of a position. Unit: quote atoms (signed: negative means bad debt).
pub fn equity(collateral: QuoteAtoms, unsettled_pnl: i128, unrealized_pnl: i128) -> Result<i128> {
    (collateral.0 as i128)
        .safe_add(unsettled_pnl)?
        .safe_add(unrealized_pnl)
}

/// Margin required for `lots` of exposure at `mark` with ratio `bps`, rounded up.
pub fn requirement(lots: BaseLots, mark: QuoteAtomsPerBaseLot, bps: Bps) -> Result<QuoteAtoms> {
    mark.notional(lots)?.bps_ceil(bps)
}

/// Worst-case exposure if every resting order of the position filled:
/// `max(|size + bid lots|, |size - ask lots|)`. Unit: base lots.
pub fn worst_case_lots(size: i64, bid_lots: u64, ask_lots: u64) -> Result<BaseLots> {
    let s = size as i128;
    let up = s.safe_add(bid_lots as i128)?.unsigned_abs();
    let down = s.safe_sub(ask_lots as i128)?.unsigned_abs();
    Ok(BaseLots(up.max(down).cast()?))
}

/// Collateral that may leave the position: `min(collateral, equity - initial requirement)`,
/// never negative. Unit: quote atoms.
pub fn withdrawable(
    collateral: QuoteAtoms,
    equity: i128,
    initial_req: QuoteAtoms,
) -> Result<QuoteAtoms> {
    let free = equity.safe_sub(initial_req.0 as i128)?;
    if free <= 0 {
        return Ok(QuoteAtoms(0));
    }
    Ok(QuoteAtoms((free.min(collateral.0 as i128)).cast()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn examples() {
        // 10 lots at 1_000 = 10_000 notional; 10 % = 1_000.
        let r = requirement(BaseLots(10), QuoteAtomsPerBaseLot(1_000), Bps(1_000)).unwrap();
        assert_eq!(r, QuoteAtoms(1_000));
        assert_eq!(worst_case_lots(5, 3, 20).unwrap(), BaseLots(15));
        assert_eq!(worst_case_lots(-5, 3, 0).unwrap(), BaseLots(5));
        assert_eq!(worst_case_lots(0, 0, 0).unwrap(), BaseLots(0));
        assert_eq!(equity(QuoteAtoms(100), -30, 10).unwrap(), 80);
        assert_eq!(
            withdrawable(QuoteAtoms(100), 80, QuoteAtoms(50)).unwrap(),
            QuoteAtoms(30)
        );
        assert_eq!(
            withdrawable(QuoteAtoms(100), 500, QuoteAtoms(50)).unwrap(),
            QuoteAtoms(100)
        );
        assert_eq!(
            withdrawable(QuoteAtoms(100), 40, QuoteAtoms(50)).unwrap(),
            QuoteAtoms(0)
        );
    }

    proptest! {
        /// The requirement is never below the exact ratio × notional.
        #[test]
        fn requirement_rounds_up(lots in 0u64..1_000_000_000, mark in 0u64..1_000_000_000, bps in 0u16..=10_000) {
            let r = requirement(BaseLots(lots), QuoteAtomsPerBaseLot(mark), Bps(bps)).unwrap().0 as u128;
            let exact = lots as u128 * mark as u128 * bps as u128;
            prop_assert!(r * 10_000 >= exact && r * 10_000 < exact + 10_000);
        }

        /// Withdrawing what `withdrawable` allows leaves equity at or above the requirement.
        #[test]
        fn withdrawal_keeps_margin(coll in 0u64..1_000_000_000, eq_off in -1_000_000_000i64..1_000_000_000, req in 0u64..1_000_000_000) {
            let eq = coll as i128 + eq_off as i128;
            let w = withdrawable(QuoteAtoms(coll), eq, QuoteAtoms(req)).unwrap().0;
            prop_assert!(w <= coll);
            if w > 0 { prop_assert!(eq - w as i128 >= req as i128); }
        }

        #[test]
        fn worst_case_covers_size(size in -1_000_000i64..1_000_000, b in 0u64..1_000_000, a in 0u64..1_000_000) {
            let w = worst_case_lots(size, b, a).unwrap().0;
            prop_assert!(w >= size.unsigned_abs());
        }

        #[test]
        fn never_panics(size: i64, b: u64, a: u64, lots: u64, mark: u64, bps: u16, c: u64, e: i64) {
            let _ = worst_case_lots(size, b, a);
            let _ = requirement(BaseLots(lots), QuoteAtomsPerBaseLot(mark), Bps(bps));
            let _ = withdrawable(QuoteAtoms(c), e as i128, QuoteAtoms(lots));
        }
    }
}
