//! The controller on plain structs: a trading scenario and a conservation property.

use super::fill::{settle_fill, FillContext};
use super::liquidation::liquidate_position;
use crate::errors::PerpsError;
use crate::math::pnl::signed_cost;
use crate::state::{Exchange, Market, Order, OrderBook, Position};
use crate::types::{OrderType, Side};
use anchor_lang::prelude::*;
use bytemuck::Zeroable;
use proptest::prelude::*;

struct Env {
    market: Market,
    exchange: Exchange,
    book: Box<OrderBook>,
    positions: Vec<Position>,
    deposits: u64,
    next_order_id: u64,
}

impl Env {
    fn new(n: usize) -> Env {
        let mut market = Market::zeroed();
        market.tick_size = 1;
        market.taker_fee_bps = 10;
        market.maker_fee_bps = 2;
        market.initial_margin_bps = 1_000;
        market.maintenance_margin_bps = 500;
        market.liquidation_penalty_bps = 250;
        market.mark_price = 1_000;
        let positions = (0..n)
            .map(|i| {
                let mut p = Position::zeroed();
                p.owner = Pubkey::new_from_array([i as u8 + 1; 32]);
                p.position_id = i as u64 + 1;
                p
            })
            .collect();
        Env {
            market,
            exchange: Exchange::zeroed(),
            book: Box::new(OrderBook::zeroed()),
            positions,
            deposits: 0,
            next_order_id: 1,
        }
    }

    fn deposit(&mut self, who: usize, amount: u64) {
        self.positions[who].collateral += amount;
        self.exchange.total_collateral += amount;
        self.deposits += amount;
    }

    /// `place_order` without accounts (and without the final margin check); rolled back on error.
    fn place(
        &mut self,
        who: usize,
        side: Side,
        price: u64,
        qty: u64,
        kind: OrderType,
    ) -> Result<()> {
        let (book, market, exchange, positions) = (
            *self.book,
            self.market,
            self.exchange,
            self.positions.clone(),
        );
        let res = self.try_place(who, side, price, qty, kind);
        if res.is_err() {
            (*self.book, self.market, self.exchange, self.positions) =
                (book, market, exchange, positions);
        }
        res
    }

    fn try_place(
        &mut self,
        who: usize,
        side: Side,
        price: u64,
        qty: u64,
        kind: OrderType,
    ) -> Result<()> {
        let order_id = self.next_order_id;
        self.next_order_id += 1;
        let taker_pos = self.positions[who];
        let out = self.book.match_order(
            side,
            kind,
            Order {
                owner: taker_pos.owner,
                order_id,
                position_id: taker_pos.position_id,
                price,
                quantity: qty,
            },
        )?;
        let clock = Clock::default();
        for fill in out.fills() {
            let m = self
                .positions
                .iter()
                .position(|p| p.position_id == fill.maker_position_id)
                .unwrap();
            let mut maker = self.positions[m];
            let mut taker = self.positions[who];
            let c = FillContext {
                side,
                order_id,
                market_key: Pubkey::default(),
                mark: self.market.mark_price,
                clock: &clock,
            };
            settle_fill(
                &c,
                fill,
                &mut self.market,
                &mut self.exchange,
                &mut taker,
                &mut maker,
            )?;
            self.positions[m] = maker;
            self.positions[who] = taker;
        }
        if out.posted > 0 {
            self.positions[who].add_open_order(side, out.posted)?;
        }
        Ok(())
    }

    fn liquidate(&mut self, who: usize, liquidator: usize, max: u64) -> Result<()> {
        let (mut p, mut l) = (self.positions[who], self.positions[liquidator]);
        let mut book = *self.book;
        let mut exchange = self.exchange;
        liquidate_position(
            &self.market,
            self.market.mark_price,
            &mut exchange,
            &mut book,
            &mut p,
            &mut l,
            max,
        )?;
        (
            self.positions[who],
            self.positions[liquidator],
            *self.book,
            self.exchange,
        ) = (p, l, book, exchange);
        Ok(())
    }

    /// Money and PnL conservation, to the atom.
    fn check_invariants(&self) {
        let collateral: u64 = self.positions.iter().map(|p| p.collateral).sum();
        assert_eq!(collateral, self.exchange.total_collateral);
        assert_eq!(
            self.exchange.total_collateral + self.exchange.fees_collected,
            self.deposits
        );
        assert_eq!(
            self.positions.iter().map(|p| p.size as i128).sum::<i128>(),
            0
        );
        // Virtual quote (realised - signed cost - settled) sums to zero: PnL is zero-sum.
        let q: i128 = self
            .positions
            .iter()
            .map(|p| p.realized_pnl as i128 - signed_cost(p.state()) - p.settled_pnl as i128)
            .sum();
        assert_eq!(q, 0);
        // Resting lots agree with the book.
        for p in &self.positions {
            let lots = |s: &crate::state::BookSide| -> u64 {
                s.active()
                    .iter()
                    .filter(|o| o.owner == p.owner)
                    .map(|o| o.quantity)
                    .sum()
            };
            assert_eq!(p.bid_open_lots, lots(&self.book.bids));
            assert_eq!(p.ask_open_lots, lots(&self.book.asks));
        }
    }
}

#[test]
fn scenario_trade_price_moves_liquidate() {
    let (maker, taker, liq) = (0, 1, 2);
    let mut env = Env::new(3);
    env.deposit(maker, 1_000_000);
    env.deposit(taker, 2_000);
    env.deposit(liq, 100_000);
    for price in [1_000, 1_010, 1_020] {
        env.place(maker, Side::Ask, price, 5, OrderType::PostOnly)
            .unwrap();
    }
    env.check_invariants();
    // Taker buys 12 lots across three prices: 5@1000, 5@1010, 2@1020.
    env.place(taker, Side::Bid, 1_020, 12, OrderType::ImmediateOrCancel)
        .unwrap();
    env.check_invariants();
    let t = env.positions[taker];
    assert_eq!((t.size, t.cost_basis), (12, 5_000 + 5_050 + 2_040));
    // taker fees: ceil(5000*10/1e4)=5, ceil(5050e-3)=6, ceil(2.04)=3 → 14; maker: 1+2+1 = 4.
    assert_eq!(t.collateral, 2_000 - 14);
    assert_eq!(env.exchange.fees_collected, 18);
    assert_eq!(env.market.fill_seq, 3);
    assert_eq!(env.positions[maker].ask_open_lots, 3);

    // Healthy at 1000: liquidation refused.
    let e = env.liquidate(taker, liq, 100).unwrap_err();
    assert_eq!(e, PerpsError::NotLiquidatable.into());
    // Healthy at 1000 (equity 1986 + 12000 - 12090 = 1896 >= 600). At 880:
    // equity 1986 + 10560 - 12090 = 456 < maintenance ceil(5 % of 10560) = 528.
    env.market.mark_price = 880;
    env.liquidate(taker, liq, 100).unwrap();
    env.check_invariants();
    let (t, l) = (env.positions[taker], env.positions[liq]);
    assert_eq!((t.size, l.size), (0, 12));
    // penalty = ceil(12*880*250/1e4) = 264: 132 to the liquidator, 132 to the exchange.
    assert_eq!(t.collateral, 1_986 - 264);
    assert_eq!(l.collateral, 100_000 + 132);
    assert_eq!(env.exchange.fees_collected, 18 + 132);
    assert_eq!(t.realized_pnl, 10_560 - 12_090);
    // The liquidated taker still owes its realised loss: equity = 1722 - 1530 = 192.
    assert_eq!(t.equity(880).unwrap(), 192);
}

#[test]
fn liquidation_cancels_resting_orders_and_can_be_partial() {
    let mut env = Env::new(3);
    env.deposit(0, 1_000_000);
    env.deposit(1, 1_100);
    env.deposit(2, 100_000);
    env.place(0, Side::Bid, 1_000, 10, OrderType::Limit)
        .unwrap();
    env.place(1, Side::Ask, 1_000, 10, OrderType::Limit)
        .unwrap();
    env.place(1, Side::Ask, 1_500, 3, OrderType::PostOnly)
        .unwrap();
    assert_eq!(env.positions[1].ask_open_lots, 3);
    env.market.mark_price = 1_060;
    env.liquidate(1, 2, 4).unwrap();
    env.check_invariants();
    assert_eq!(env.positions[1].size, -6);
    assert_eq!(env.positions[2].size, -4);
    assert_eq!(env.positions[1].open_orders, 0);
    assert!(env.book.asks.is_empty());
}

proptest! {
    /// Any sequence of orders, price moves and liquidation attempts conserves collateral + fees
    /// to the atom and keeps sizes and PnL zero-sum.
    #[test]
    fn conservation(ops in proptest::collection::vec((0u8..5, 0usize..4, any::<bool>(), 950u64..1_050, 1u64..30), 1..80)) {
        let mut env = Env::new(4);
        for i in 0..4 {
            env.deposit(i, 5_000 + 3_000 * i as u64);
        }
        for (op, who, bid, price, qty) in ops {
            let side = if bid { Side::Bid } else { Side::Ask };
            let _ = match op {
                0 => env.place(who, side, price, qty, OrderType::Limit),
                1 => env.place(who, side, price, qty, OrderType::ImmediateOrCancel),
                2 => env.place(who, side, price, qty, OrderType::PostOnly),
                3 => { env.market.mark_price = price * 9 / 10 + qty * 10; Ok(()) }
                _ => env.liquidate(who, (who + 1) % 4, qty),
            };
            env.check_invariants();
        }
    }
}
