//! How much PnL `settle_pnl` moves from a losing to a profitable position.
//!
//! Realised profit settles in full. Unrealised profit settles only up to
//! `UNREALIZED_SETTLE_LIMIT_BPS` of the position's notional at the mark, counted cumulatively
//! through `settled_pnl` (after Mango v4's settle limit): a mark that spikes cannot be turned
//! into cash beyond that before trades or liquidations realise it. The payer pays its whole loss
//! (realised and unrealised), at most its collateral; the controller only lets a solvent payer
//! (equity >= 0) pay.

use crate::errors::PerpsError;
use crate::math::safe_math::{Cast, SafeMath};
use crate::quantities::{Bps, QuoteAtoms};
use anchor_lang::prelude::*;

/// Share of a position's notional (at the mark) of unrealised profit that may be settled.
/// Unit: basis points.
pub const UNREALIZED_SETTLE_LIMIT_BPS: u16 = 2_500;

/// The profitable side of a settlement.
#[derive(Clone, Copy, Debug)]
pub struct Gain {
    /// `realized_pnl - settled_pnl`. Unit: quote atoms.
    pub unsettled: i128,
    /// PnL of the open size at the mark. Unit: quote atoms.
    pub unrealized: i128,
    /// `|size| × mark`. Unit: quote atoms.
    pub notional: QuoteAtoms,
}

/// Settleable profit of `g`: unsettled realised PnL plus unrealised profit up to the limit.
pub fn settleable(g: Gain) -> Result<i128> {
    let unrealized = if g.unrealized > 0 {
        let cap = g.notional.bps_floor(Bps(UNREALIZED_SETTLE_LIMIT_BPS))?.0 as i128;
        g.unrealized.min(cap)
    } else {
        g.unrealized
    };
    g.unsettled.safe_add(unrealized)
}

/// `min(settleable gain, payer's loss, payer's collateral)`; `NothingToSettle` when not positive.
pub fn settle_amount(gain: Gain, payer_pnl: i128, payer_collateral: u64) -> Result<u64> {
    let owed = payer_pnl.safe_mul(-1)?;
    let amount = settleable(gain)?.min(owed).min(payer_collateral as i128);
    require!(amount > 0, PerpsError::NothingToSettle);
    amount.cast()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gain(unsettled: i128, unrealized: i128, notional: u64) -> Gain {
        Gain {
            unsettled,
            unrealized,
            notional: QuoteAtoms(notional),
        }
    }

    #[test]
    fn unrealised_profit_is_limited_realised_is_not() {
        // 1530 unrealised on a 10 560 notional: under 25 % (2640), all of it.
        assert_eq!(
            settle_amount(gain(0, 1_530, 10_560), -1_530, 10_000).unwrap(),
            1_530
        );
        // 5000 unrealised on 10 000: 2500.
        assert_eq!(
            settle_amount(gain(0, 5_000, 10_000), -9_000, 10_000).unwrap(),
            2_500
        );
        // After settling those 2500 (unsettled -2500), nothing more until realised.
        let e = settle_amount(gain(-2_500, 5_000, 10_000), -9_000, 10_000).unwrap_err();
        assert_eq!(e, PerpsError::NothingToSettle.into());
        // Realised profit settles in full, bounded by the payer's loss and collateral.
        assert_eq!(
            settle_amount(gain(9_000, 0, 0), -9_000, 10_000).unwrap(),
            9_000
        );
        assert_eq!(settle_amount(gain(9_000, 0, 0), -9_000, 700).unwrap(), 700);
        assert!(settle_amount(gain(9_000, 0, 0), 5, 700).is_err());
    }
}
