//! Liquidation: when it is allowed and how the penalty is split.

use crate::quantities::{Bps, QuoteAtoms};
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

/// `penalty_bps × notional`, rounded up (against the liquidated user) and capped at the
/// position's collateral (a position cannot pay what it does not hold); the liquidator gets
/// `LIQUIDATOR_SHARE_BPS` of it rounded down, the exchange the rest. `total` is conserved exactly.
pub fn penalty(notional: QuoteAtoms, penalty_bps: Bps, collateral: QuoteAtoms) -> Result<Penalty> {
    let total = notional.bps_ceil(penalty_bps)?.min(collateral);
    let liquidator = total.bps_floor(Bps(LIQUIDATOR_SHARE_BPS))?;
    let exchange = total.safe_sub(liquidator)?;
    Ok(Penalty {
        total,
        liquidator,
        exchange,
    })
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

    proptest! {
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
