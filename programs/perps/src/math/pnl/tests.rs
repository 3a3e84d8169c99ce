use super::*;
use proptest::prelude::*;

fn fill(pos: PositionState, side: Side, q: u64, p: u64) -> FillEffect {
    apply_fill(pos, side, BaseLots(q), QuoteAtomsPerBaseLot(p)).unwrap()
}

#[test]
fn open_add_reduce_close_long() {
    let p = PositionState::default();
    let a = fill(p, Side::Bid, 10, 100);
    assert_eq!(
        a.state,
        PositionState {
            size: 10,
            cost_basis: 1_000
        }
    );
    let b = fill(a.state, Side::Bid, 10, 110);
    assert_eq!(b.state.cost_basis, 2_100);
    assert_eq!(entry_price(b.state).unwrap(), 105);
    let c = fill(b.state, Side::Ask, 5, 120);
    // releases 2100 * 5/20 = 525; exit 600 -> +75
    assert_eq!(c.realized_pnl, 75);
    assert_eq!(
        c.state,
        PositionState {
            size: 15,
            cost_basis: 1_575
        }
    );
    let d = fill(c.state, Side::Ask, 15, 90);
    assert_eq!(d.realized_pnl, 1_350 - 1_575);
    assert_eq!(d.state, PositionState::default());
}

#[test]
fn flip_short_to_long() {
    let s = fill(PositionState::default(), Side::Ask, 4, 50).state;
    assert_eq!(
        s,
        PositionState {
            size: -4,
            cost_basis: 200
        }
    );
    assert_eq!(unrealized_pnl(s, QuoteAtomsPerBaseLot(40)).unwrap(), 40);
    let f = fill(s, Side::Bid, 6, 45);
    assert_eq!(f.realized_pnl, 200 - 180);
    assert_eq!(
        f.state,
        PositionState {
            size: 2,
            cost_basis: 90
        }
    );
}

#[test]
fn partial_close_rounds_against_the_user() {
    // long 3 lots, cost 10 (entry 3.33): closing 1 releases ceil(10/3) = 4.
    let long = PositionState {
        size: 3,
        cost_basis: 10,
    };
    assert_eq!(fill(long, Side::Ask, 1, 4).realized_pnl, 0);
    // short 3 lots, proceeds 10: closing 1 releases floor(10/3) = 3.
    let short = PositionState {
        size: -3,
        cost_basis: 10,
    };
    assert_eq!(fill(short, Side::Bid, 1, 3).realized_pnl, 0);
}

#[test]
fn overflow_is_an_error_not_a_panic() {
    let p = PositionState {
        size: i64::MAX,
        cost_basis: 0,
    };
    assert!(apply_fill(p, Side::Bid, BaseLots(1), QuoteAtomsPerBaseLot(1)).is_err());
    let p = PositionState::default();
    assert!(apply_fill(p, Side::Bid, BaseLots(u64::MAX), QuoteAtomsPerBaseLot(1)).is_err());
    assert!(apply_fill(p, Side::Bid, BaseLots(2), QuoteAtomsPerBaseLot(u64::MAX)).is_err());
}

fn exact_value(pos: PositionState, mark: u64) -> i128 {
    pos.size as i128 * mark as i128
}

proptest! {
    /// Exactness: realised + unrealised at any mark equals the cash flow of the fills valued at
    /// that mark (realized - signed cost == Σ -signed qty × price).
    #[test]
    fn accounting_identity(fills in proptest::collection::vec((any::<bool>(), 1u64..10_000, 1u64..1_000_000), 1..20), mark in 1u64..1_000_000) {
        let mut pos = PositionState::default();
        let mut realized: i128 = 0;
        let mut cash: i128 = 0;
        for (buy, q, p) in fills {
            let side = if buy { Side::Bid } else { Side::Ask };
            let e = fill(pos, side, q, p);
            realized += e.realized_pnl as i128;
            let signed_q = if buy { q as i128 } else { -(q as i128) };
            cash -= signed_q * p as i128;
            pos = e.state;
            prop_assert_eq!(realized - signed_cost(pos), cash);
        }
        let u = unrealized_pnl(pos, QuoteAtomsPerBaseLot(mark)).unwrap();
        prop_assert_eq!(realized + u, cash + exact_value(pos, mark));
    }

    /// A closing fill never realises more than the exact (unrounded) PnL at the average entry.
    #[test]
    fn realized_pnl_rounds_against_user(size in 1i64..10_000, cost in 1u64..10_000_000, close in 1u64..10_000, long: bool, p in 1u64..1_000_000) {
        let size = if long { size } else { -size };
        let pos = PositionState { size, cost_basis: cost };
        let close = close.min(size.unsigned_abs());
        let side = if long { Side::Ask } else { Side::Bid };
        let e = fill(pos, side, close, p);
        // exact pnl × |size| = close × (p × |size| - cost) for a long (negated for a short).
        let abs = size.unsigned_abs() as i128;
        let exact_scaled = close as i128 * (p as i128 * abs - cost as i128) * if long { 1 } else { -1 };
        prop_assert!(e.realized_pnl as i128 * abs <= exact_scaled);
    }

    /// Taker and maker of a fill move by opposite cash flows: PnL is zero-sum to the atom.
    #[test]
    fn fills_are_zero_sum(a_size in -10_000i64..10_000, a_cost in 0u64..1_000_000, b_size in -10_000i64..10_000, b_cost in 0u64..1_000_000, q in 1u64..10_000, p in 1u64..100_000) {
        let a = PositionState { size: a_size, cost_basis: if a_size == 0 { 0 } else { a_cost } };
        let b = PositionState { size: b_size, cost_basis: if b_size == 0 { 0 } else { b_cost } };
        let ea = fill(a, Side::Bid, q, p);
        let eb = fill(b, Side::Ask, q, p);
        let dq_a = ea.realized_pnl as i128 - signed_cost(ea.state) + signed_cost(a);
        let dq_b = eb.realized_pnl as i128 - signed_cost(eb.state) + signed_cost(b);
        prop_assert_eq!(dq_a + dq_b, 0);
        prop_assert_eq!(ea.state.size - a.size + eb.state.size - b.size, 0);
    }

    #[test]
    fn apply_fill_never_panics(size: i64, cost: u64, buy: bool, q: u64, p: u64) {
        let side = if buy { Side::Bid } else { Side::Ask };
        let pos = PositionState { size, cost_basis: cost };
        let _ = apply_fill(pos, side, BaseLots(q), QuoteAtomsPerBaseLot(p));
        let _ = unrealized_pnl(pos, QuoteAtomsPerBaseLot(p));
        let _ = entry_price(pos);
    }
}
