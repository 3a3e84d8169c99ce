//! Liquidation: when it is allowed and how the penalty is split.

use crate::math::safe_math::{Cast, SafeMath};
use crate::quantities::{BaseLots, Bps, QuoteAtoms, QuoteAtomsPerBaseLot, BPS_DENOMINATOR};
use anchor_lang::prelude::*;

/// Share of the penalty paid to the liquidator; the exchange keeps the rest. Unit: bps.
pub const LIQUIDATOR_SHARE_BPS: u16 = 5_000;

/// A position may be liquidated only when its equity is strictly below its maintenance
/// requirement (and it has open size: checked by the caller).
pub fn is_liquidatable(equity: i128, maintenance_req: QuoteAtoms) -> bool {
    equity < maintenance_req.0 as i128
}

/// Penalty on a liquidation of `notional` (at the mark price).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Penalty {
    /// Taken from the liquidated position's collateral. Unit: quote atoms.
    pub total: QuoteAtoms,
    /// Credited to the liquidator's position collateral. Unit: quote atoms.
    pub liquidator: QuoteAtoms,
    /// Added to `exchange.fees_collected`. Unit: quote atoms.
    pub exchange: QuoteAtoms,
}

/// `penalty_bps × notional`, rounded up (against the liquidated user) and capped at `cap`
/// (the caller passes `min(collateral, max(equity, 0))`: a position pays neither cash it does
/// not hold nor out of a deficit that others would end up covering); the liquidator gets
/// `LIQUIDATOR_SHARE_BPS` of it rounded down, the exchange the rest. `total` is conserved exactly.
pub fn penalty(notional: QuoteAtoms, penalty_bps: Bps, cap: QuoteAtoms) -> Result<Penalty> {
    let total = notional.bps_ceil(penalty_bps)?.min(cap);
    let liquidator = total.bps_floor(Bps(LIQUIDATOR_SHARE_BPS))?;
    let exchange = total.safe_sub(liquidator)?;
    Ok(Penalty {
        total,
        liquidator,
        exchange,
    })
}

/// Margin ratio a partial liquidation restores: halfway between maintenance and initial,
/// rounded up, so always above maintenance (`maintenance < initial`). Unit: basis points.
pub fn target_bps(initial_bps: u16, maintenance_bps: u16) -> u16 {
    let sum = initial_bps as u32 + maintenance_bps as u32;
    sum.div_ceil(2) as u16
}

/// The close factor: the smallest quantity (at most `size`) whose liquidation at `mark` leaves
/// `equity - penalty >= target_bps × remaining notional`. A position with `equity <= 0` (or one
/// no partial close can restore) is closed in full. `cap` caps the penalty as in `penalty`.
/// Unit: base lots.
pub fn close_quantity(
    size: u64,
    mark: QuoteAtomsPerBaseLot,
    equity: i128,
    target: Bps,
    penalty_bps: Bps,
    cap: QuoteAtoms,
) -> Result<u64> {
    if equity <= 0 || target.0 <= penalty_bps.0 {
        return Ok(size);
    }
    let ok = |q: u64| -> Result<bool> {
        let pen = penalty(mark.notional(BaseLots(q))?, penalty_bps, cap)?
            .total
            .0 as i128;
        let left = mark
            .notional(BaseLots(size.safe_sub(q)?))?
            .bps_ceil(target)?
            .0 as i128;
        Ok(equity.safe_sub(pen)? >= left)
    };
    // equity - q·m·P/1e4 >= T·(S - q)·m/1e4  <=>  q >= (T·S·m - 1e4·E) / (m·(T - P)).
    let need = (target.0 as i128)
        .safe_mul(mark.notional(BaseLots(size))?.0 as i128)?
        .safe_sub(equity.safe_mul(BPS_DENOMINATOR as i128)?)?;
    if need <= 0 {
        return Ok(0);
    }
    let per_lot = (mark.0 as i128).safe_mul((target.0 - penalty_bps.0) as i128)?;
    let q: u64 = need.safe_div_ceil(per_lot)?.min(size as i128).cast()?;
    if ok(q)? {
        return Ok(q);
    }
    // Rounding of the penalty and the requirement (up, one atom each) can ask for more: the
    // least quantity in (q, size] that passes, by bisection (`ok(size)` always holds).
    let (mut lo, mut hi) = (q, size);
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if ok(mid)? {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Ok(hi)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn examples() {
        assert!(is_liquidatable(99, QuoteAtoms(100)));
        assert!(!is_liquidatable(100, QuoteAtoms(100)));
        assert!(is_liquidatable(-5, QuoteAtoms(0)));
        let p = penalty(QuoteAtoms(10_001), Bps(100), QuoteAtoms(1_000)).unwrap();
        assert_eq!(p.total, QuoteAtoms(101));
        assert_eq!(p.liquidator, QuoteAtoms(50));
        assert_eq!(p.exchange, QuoteAtoms(51));
        let capped = penalty(QuoteAtoms(10_000), Bps(100), QuoteAtoms(7)).unwrap();
        assert_eq!(capped.total, QuoteAtoms(7));
    }

    #[test]
    fn close_factor_restores_the_target_only() {
        // Long 12 lots, mark 880, equity 456; target 7.5 %, penalty 2.5 %: 8 lots.
        let m = QuoteAtomsPerBaseLot(880);
        let q = close_quantity(12, m, 456, Bps(750), Bps(250), QuoteAtoms(456)).unwrap();
        assert_eq!(q, 8);
        assert_eq!(target_bps(1_000, 500), 750);
        assert_eq!(target_bps(501, 500), 501);
        // Bankrupt: everything.
        assert_eq!(
            close_quantity(12, m, -1, Bps(750), Bps(250), QuoteAtoms(0)).unwrap(),
            12
        );
    }

    proptest! {
        /// The close quantity restores the target, and one lot less would not (unless it is 0).
        /// With at least 3 atoms per lot between target and penalty (any real market), the
        /// one-atom roundings cannot make the condition non-monotonic, so minimal is exact.
        #[test]
        fn close_quantity_is_minimal(size in 1u64..10_000, mark in 1u64..100_000, eq in 1i64..1_000_000_000, t in 2u16..2_000, p in 1u16..1_000) {
            prop_assume!(p < t && mark * (t - p) as u64 >= 30_000);
            let m = QuoteAtomsPerBaseLot(mark);
            let cap = QuoteAtoms(eq as u64);
            let q = close_quantity(size, m, eq as i128, Bps(t), Bps(p), cap).unwrap();
            prop_assert!(q <= size);
            let after = |q: u64| {
                let pen = penalty(m.notional(BaseLots(q)).unwrap(), Bps(p), cap).unwrap().total.0 as i128;
                let req = m.notional(BaseLots(size - q)).unwrap().bps_ceil(Bps(t)).unwrap().0 as i128;
                eq as i128 - pen >= req
            };
            if q < size { prop_assert!(after(q)); }
            if q > 0 { prop_assert!(!after(q - 1)); }
        }

        #[test]
        fn penalty_split_is_conserved(n in 0u64..1_000_000_000_000, bps in 0u16..=10_000, coll: u64) {
            let p = penalty(QuoteAtoms(n), Bps(bps), QuoteAtoms(coll)).unwrap();
            prop_assert_eq!(p.liquidator.0 + p.exchange.0, p.total.0);
            prop_assert!(p.total.0 <= coll);
            prop_assert!(p.liquidator.0 <= p.exchange.0);
            let exact = n as u128 * bps as u128;
            if (p.total.0 as u128) < coll as u128 {
                prop_assert!(p.total.0 as u128 * 10_000 >= exact);
            }
        }
    }
}
