//! Random honest and colluding actors against the controller functions the handlers call.
//!
//! Actors: 0 and 1 honest traders, 2 and 3 colluders (wash trades at the band edge, planted
//! orders far off the mark), 4 a jammer (many small orders at the band edge), 5 a keeper with
//! deep pockets (liquidates). Prices move by up to ±15 % per step, and gaps of 8-15 % are
//! followed by the keeper liquidating whoever it can. After every step:
//! collateral + fees + insurance == vault to the atom, sizes and PnL zero-sum up to
//! socialization, positions agree with the book; after every trade, every position it moved is
//! above maintenance. After the run (and every 16 steps), in a copy of the world: the keeper
//! liquidates until nobody is liquidatable, everyone settles with everyone, and then the sum of
//! what positions could claim (max(equity, 0)) is within the collateral the vault holds for them,
//! and no honest position is left with settleable PnL.

use super::World;
use crate::types::{OrderType, Side};
use proptest::prelude::*;

const N: usize = 6;
const KEEPER: usize = 5;
const HONEST: [usize; 2] = [0, 1];
/// Proptest cases per property (the report states this figure).
pub const CASES: u32 = 1_000;

#[derive(Clone, Debug)]
enum Op {
    Order {
        who: usize,
        bid: bool,
        off_bps: i64,
        qty: u64,
        kind: u8,
    },
    Price {
        off_bps: i64,
    },
    Liquidate {
        who: usize,
    },
    Settle {
        profit: usize,
        loss: usize,
    },
    Withdraw {
        who: usize,
        amount: u64,
    },
    Wash {
        qty: u64,
        up: bool,
    },
    Jam {
        count: u8,
    },
    Prune,
    Cancel {
        who: usize,
        bid: bool,
    },
    /// A gap of 8-15 % either way, then the keeper liquidates whoever it can.
    Crash {
        off_bps: i64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        12 => (0..N - 1, any::<bool>(), -1_200i64..1_200, 1u64..40, 0u8..3)
            .prop_map(|(who, bid, off_bps, qty, kind)| Op::Order { who, bid, off_bps, qty, kind }),
        2 => (-1_500i64..1_500).prop_map(|off_bps| Op::Price { off_bps }),
        2 => (0..N - 1).prop_map(|who| Op::Liquidate { who }),
        2 => (0..N, 0..N).prop_map(|(profit, loss)| Op::Settle { profit, loss }),
        1 => (0..N - 1, 1u64..20_000).prop_map(|(who, amount)| Op::Withdraw { who, amount }),
        2 => (1u64..40, any::<bool>()).prop_map(|(qty, up)| Op::Wash { qty, up }),
        1 => (1u8..20).prop_map(|count| Op::Jam { count }),
        1 => Just(Op::Prune),
        1 => (0..N - 1, any::<bool>()).prop_map(|(who, bid)| Op::Cancel { who, bid }),
        1 => (800i64..1_500, any::<bool>()).prop_map(|(off, up)| Op::Crash { off_bps: if up { off } else { -off } }),
    ]
}

fn price_at(mark: u64, off_bps: i64) -> u64 {
    ((mark as i128 * (10_000 + off_bps as i128)) / 10_000).max(1) as u64
}

fn side(bid: bool) -> Side {
    if bid {
        Side::Bid
    } else {
        Side::Ask
    }
}

/// `place_order`, then every position it moved must be above maintenance.
fn trade(w: &mut World, who: usize, s: Side, price: u64, qty: u64, kind: OrderType) {
    let before: Vec<i64> = w.positions.iter().map(|p| p.size).collect();
    if w.place(who, s, price, qty, kind).is_ok() {
        let (mark, mm) = (w.mark(), w.market.maintenance_margin_bps);
        for (i, p) in w.positions.iter().enumerate() {
            if p.size != before[i] {
                assert!(
                    p.above_maintenance(mark, mm).unwrap(),
                    "position {i} below maintenance after a trade"
                );
            }
        }
    }
}

fn step(w: &mut World, op: &Op) {
    let mark = w.mark();
    match *op {
        Op::Order {
            who,
            bid,
            off_bps,
            qty,
            kind,
        } => {
            let kind = [
                OrderType::Limit,
                OrderType::ImmediateOrCancel,
                OrderType::PostOnly,
            ][kind as usize];
            trade(w, who, side(bid), price_at(mark, off_bps), qty, kind);
        }
        Op::Price { off_bps } => w.set_price(price_at(mark, off_bps).max(50)),
        Op::Liquidate { who } => {
            let _ = w.liquidate(who, KEEPER, u64::MAX);
        }
        Op::Settle { profit, loss } => {
            if profit != loss {
                let _ = w.settle(profit, loss);
            }
        }
        Op::Withdraw { who, amount } => {
            let _ = w.withdraw(who, amount);
        }
        Op::Wash { qty, up } => {
            // Colluder 2 rests at the band edge, colluder 3 takes it.
            let band = w.market.price_band_bps as i64;
            let p = price_at(mark, if up { band } else { -band });
            let (maker_side, taker_side) = if up {
                (Side::Bid, Side::Ask)
            } else {
                (Side::Ask, Side::Bid)
            };
            trade(w, 2, maker_side, p, qty, OrderType::PostOnly);
            trade(w, 3, taker_side, p, qty, OrderType::ImmediateOrCancel);
        }
        Op::Jam { count } => {
            let p = price_at(mark, w.market.price_band_bps as i64);
            for _ in 0..count {
                trade(w, 4, Side::Ask, p, 1, OrderType::PostOnly);
            }
        }
        Op::Prune => {
            let _ = w.prune();
        }
        Op::Crash { off_bps } => {
            w.set_price(price_at(mark, off_bps).max(50));
            for who in 0..N - 1 {
                let _ = w.liquidate(who, KEEPER, u64::MAX);
            }
        }
        Op::Cancel { who, bid } => {
            let owner = w.positions[who].owner;
            let id = w
                .book
                .side(side(bid))
                .active()
                .iter()
                .find(|o| o.owner == owner)
                .map(|o| o.order_id);
            if let Some(id) = id {
                w.cancel(who, side(bid), id).unwrap();
            }
        }
    }
    w.check_conservation();
}

/// In a copy: liquidate everyone liquidatable, settle everyone with everyone, then check
/// solvency and that no honest profit is stranded.
fn check_solvency(w: &World) {
    let mut w = w.clone();
    for _ in 0..8 {
        let mut any = false;
        for i in 0..N - 1 {
            let mut p = w.positions[i];
            p.apply_socialized_loss(w.market.cumulative_loss_per_lot)
                .unwrap();
            let (mark, mm) = (w.mark(), w.market.maintenance_margin_bps);
            if p.size != 0 && !p.above_maintenance(mark, mm).unwrap() {
                w.liquidate(i, KEEPER, u64::MAX)
                    .expect("the keeper can always liquidate");
                any = true;
            }
        }
        if !any {
            break;
        }
    }
    for _ in 0..3 {
        for profit in 0..N {
            for loss in 0..N {
                if profit != loss {
                    let _ = w.settle(profit, loss);
                }
            }
        }
    }
    w.check_conservation();
    let claims: i128 = (0..N).map(|i| w.equity(i).max(0)).sum();
    let held = w.exchange.total_collateral as i128;
    assert!(
        claims <= held,
        "insolvent: positions claim {claims}, the vault holds {held} for them"
    );
    let withdrawable: u64 = w
        .positions
        .iter()
        .map(|p| {
            p.withdrawable(w.mark(), w.market.initial_margin_bps)
                .unwrap()
                .0
        })
        .sum();
    assert!(withdrawable <= w.exchange.total_collateral);
    for i in HONEST {
        assert!(
            w.settleable(i) <= 0,
            "honest position {i} left with {} unsettled",
            w.settleable(i)
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn honest_and_colluding_actors_cannot_break_solvency(ops in proptest::collection::vec(op(), 1..100)) {
        let mut w = World::new(N);
        for (i, amount) in [30_000, 40_000, 8_000, 8_000, 5_000, 1_000_000_000_000].into_iter().enumerate() {
            w.deposit(i, amount).unwrap();
        }
        for (i, op) in ops.iter().enumerate() {
            step(&mut w, op);
            if i % 16 == 15 {
                check_solvency(&w);
            }
        }
        check_solvency(&w);
    }
}
