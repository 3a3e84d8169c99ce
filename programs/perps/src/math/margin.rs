//! Equity and margin requirements (isolated margin: each position is its own account).
//!
//! `equity = collateral + unsettled_pnl + unrealized_pnl(mark)` where `unsettled_pnl =
//! realized_pnl - settled_pnl` is realised trading PnL not yet moved into collateral by
//! `settle_pnl`. Requirements are `ratio × |lots| × mark`, rounded up (against the user).

use crate::math::safe_math::{Cast, SafeMath};
use crate::quantities::{BaseLots, Bps, QuoteAtoms, QuoteAtomsPerBaseLot, BPS_DENOMINATOR};
use anchor_lang::prelude::*;

/// Resting orders of one side of a position, as margin sees them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OpenOrders {
    /// Unit: base lots.
    pub lots: u64,
    /// `Σ price × quantity` of the orders. Unit: quote atoms.
    pub notional: u64,
}

/// Whether `price` lies in the band of `band_bps` around `mark`:
/// `|price - mark| × 10000 <= mark × band_bps` (exact, no rounding).
pub fn within_band(price: u64, mark: u64, band_bps: u16) -> Result<bool> {
    let diff = (price.abs_diff(mark) as u128).safe_mul(BPS_DENOMINATOR as u128)?;
    Ok(diff <= (mark as u128).safe_mul(band_bps as u128)?)
}

/// Requirement of a position with resting orders: for each side, as if all its orders filled at
/// their own prices, the margin (`bps`) on the resulting size at `mark` plus the loss of buying
/// above (selling below) the mark; the larger of the two sides. So an order is margined at the
/// worse of its own price and the mark. With no orders: `requirement(|size|, mark, bps)`.
pub fn requirement_with_orders(
    size: i64,
    bids: OpenOrders,
    asks: OpenOrders,
    mark: QuoteAtomsPerBaseLot,
    bps: Bps,
) -> Result<QuoteAtoms> {
    let s = size as i128;
    let bid_size = s.safe_add(bids.lots as i128)?.unsigned_abs();
    let ask_size = s.safe_sub(asks.lots as i128)?.unsigned_abs();
    let bid_value = mark.notional(BaseLots(bids.lots))?.0;
    let ask_value = mark.notional(BaseLots(asks.lots))?.0;
    let bid_loss = bids.notional.saturating_sub(bid_value);
    let ask_loss = ask_value.saturating_sub(asks.notional);
    let on_bids =
        requirement(BaseLots(bid_size.cast()?), mark, bps)?.safe_add(QuoteAtoms(bid_loss))?;
    let on_asks =
        requirement(BaseLots(ask_size.cast()?), mark, bps)?.safe_add(QuoteAtoms(ask_loss))?;
    Ok(on_bids.max(on_asks))
}

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

    #[test]
    fn bands_and_orders_at_the_worse_price() {
        assert!(within_band(1_100, 1_000, 1_000).unwrap());
        assert!(!within_band(1_101, 1_000, 1_000).unwrap());
        assert!(within_band(900, 1_000, 1_000).unwrap());
        assert!(!within_band(899, 1_000, 1_000).unwrap());
        let none = OpenOrders::default();
        let mark = QuoteAtomsPerBaseLot(1_000);
        // A bid for 10 at 2000 (2x the mark): 10 % of 10 000 plus the 10 000 it would lose.
        let bid = OpenOrders {
            lots: 10,
            notional: 20_000,
        };
        let r = requirement_with_orders(0, bid, none, mark, Bps(1_000)).unwrap();
        assert_eq!(r, QuoteAtoms(1_000 + 10_000));
        // A bid below the mark is margined at the mark (its gain is not credited).
        let bid = OpenOrders {
            lots: 10,
            notional: 5_000,
        };
        let r = requirement_with_orders(0, bid, none, mark, Bps(1_000)).unwrap();
        assert_eq!(r, QuoteAtoms(1_000));
        // Asks that reduce a long: the larger side wins (here the long itself, 20 lots).
        let ask = OpenOrders {
            lots: 5,
            notional: 5_000,
        };
        let r = requirement_with_orders(20, none, ask, mark, Bps(1_000)).unwrap();
        assert_eq!(r, QuoteAtoms(2_000));
    }

    proptest! {
        /// Orders never lower the requirement of the size alone, and an order priced at the
        /// mark costs exactly the worst-case-lots margin.
        #[test]
        fn orders_only_add_requirement(size in -1_000i64..1_000, bl in 0u64..1_000, al in 0u64..1_000, bp in 1u64..3_000, ap in 1u64..3_000, mark in 1u64..3_000) {
            let m = QuoteAtomsPerBaseLot(mark);
            let bids = OpenOrders { lots: bl, notional: bl * bp };
            let asks = OpenOrders { lots: al, notional: al * ap };
            let r = requirement_with_orders(size, bids, asks, m, Bps(1_000)).unwrap();
            prop_assert!(r >= requirement(BaseLots(size.unsigned_abs()), m, Bps(1_000)).unwrap());
            let at_mark = requirement_with_orders(size, OpenOrders { lots: bl, notional: bl * mark }, OpenOrders { lots: al, notional: al * mark }, m, Bps(1_000)).unwrap();
            prop_assert_eq!(at_mark, requirement(worst_case_lots(size, bl, al).unwrap(), m, Bps(1_000)).unwrap());
        }

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
