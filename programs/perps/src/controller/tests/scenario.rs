//! The trading scenario of the TS suite (`tests/support/scenario.ts`), amounts exact.

use super::World;
use crate::errors::PerpsError;
use crate::types::{OrderType, Side};

#[test]
fn scenario_trade_price_moves_liquidate_settle() {
    let (maker, taker, liq) = (0, 1, 2);
    let mut w = World::new(3);
    w.deposit(maker, 1_000_000).unwrap();
    w.deposit(taker, 2_000).unwrap();
    w.deposit(liq, 100_000).unwrap();
    for price in [1_000, 1_010, 1_020] {
        w.place(maker, Side::Ask, price, 5, OrderType::PostOnly)
            .unwrap();
    }
    w.check_conservation();
    // Taker buys 12 lots across three prices: 5@1000, 5@1010, 2@1020.
    let out = w
        .place(taker, Side::Bid, 1_020, 12, OrderType::ImmediateOrCancel)
        .unwrap();
    assert_eq!((out.fill_count, out.filled), (3, 12));
    w.check_conservation();
    let t = w.positions[taker];
    assert_eq!((t.size, t.cost_basis), (12, 5_000 + 5_050 + 2_040));
    // taker fees 5 + 6 + 3 = 14; maker 1 + 2 + 1 = 4; 18 in all, 9 to the insurance fund.
    assert_eq!(t.collateral, 2_000 - 14);
    assert_eq!(w.exchange.fees_collected, 9);
    assert_eq!(w.market.insurance_fund, 9);
    assert_eq!(w.market.fill_seq, 3);
    assert_eq!(w.market.open_interest, 12);
    assert_eq!(w.positions[maker].ask_open_lots, 3);

    let e = w.liquidate(taker, liq, 100).unwrap_err();
    assert_eq!(e, PerpsError::NotLiquidatable.into());
    // At 880: equity 1986 + 10560 - 12090 = 456 < maintenance ceil(5 % of 10560) = 528.
    w.set_price(880);
    // Close factor: 8 lots restore 7.5 % (halfway to initial) after the penalty.
    assert_eq!(w.liquidate(taker, liq, 100).unwrap(), 8);
    w.check_conservation();
    let (t, l) = (w.positions[taker], w.positions[liq]);
    assert_eq!((t.size, l.size), (4, 8));
    // penalty = ceil(8*880*250/1e4) = 176: 88 to the liquidator, 88 to the exchange (44 of
    // which to the insurance fund).
    assert_eq!(t.collateral, 1_986 - 176);
    assert_eq!(l.collateral, 100_000 + 88);
    assert_eq!(w.exchange.fees_collected, 9 + 44);
    assert_eq!(w.market.insurance_fund, 9 + 44);
    // equity 456 - 176 = 280 >= 7.5 % of 4 × 880 = 264.
    assert_eq!(w.equity(taker), 280);
    assert!(w.liquidate(taker, liq, 100).is_err());
    // The maker's unrealised profit (12 090 - 10 560) is under the settle limit: all of it.
    assert_eq!(w.settle(maker, taker).unwrap(), 1_530);
    w.check_conservation();
}

#[test]
fn liquidation_cancels_resting_orders_and_respects_max_quantity() {
    let mut w = World::new(3);
    w.deposit(0, 1_000_000).unwrap();
    w.deposit(1, 1_100).unwrap();
    w.deposit(2, 100_000).unwrap();
    w.place(0, Side::Bid, 1_000, 10, OrderType::Limit).unwrap();
    w.place(1, Side::Ask, 1_000, 10, OrderType::Limit).unwrap();
    w.place(1, Side::Ask, 1_050, 1, OrderType::PostOnly)
        .unwrap_err();
    w.deposit(1, 200).unwrap();
    w.place(1, Side::Ask, 1_050, 1, OrderType::PostOnly)
        .unwrap();
    assert_eq!(w.positions[1].ask_open_lots, 1);
    w.set_price(1_080);
    assert_eq!(w.liquidate(1, 2, 4).unwrap(), 4);
    w.check_conservation();
    assert_eq!(w.positions[1].size, -6);
    assert_eq!(w.positions[2].size, -4);
    assert_eq!(w.positions[1].open_orders, 0);
    assert!(w.book.asks.is_empty());
}
