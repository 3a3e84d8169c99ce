//! The controller on plain structs, through exactly the functions the handlers call
//! (`orders::place_order`, `liquidation::liquidate_position`, `collateral::*`), with a failed
//! call rolled back as the runtime would.

mod attacks;
mod properties;
mod scenario;

use super::collateral;
use super::liquidation::liquidate_position;
use super::orders::{self, Env};
use crate::instructions::PlaceOrderArgs;
use crate::math::pnl::signed_cost;
use crate::math::settle::{settleable, Gain};
use crate::quantities::{BaseLots, QuoteAtomsPerBaseLot};
use crate::state::{BookSide, Exchange, Market, MatchOutcome, OrderBook, Position};
use crate::types::{OrderType, Side};
use anchor_lang::prelude::*;
use bytemuck::Zeroable;

/// A market with `n` positions (owner i+1, position id i+1).
#[derive(Clone)]
pub struct World {
    pub market: Market,
    pub exchange: Exchange,
    pub book: Box<OrderBook>,
    pub positions: Vec<Position>,
    /// Deposited minus withdrawn. Unit: quote atoms.
    pub net_deposits: u64,
    pub clock: Clock,
}

impl World {
    pub fn new(n: usize) -> World {
        let mut market = Market::zeroed();
        market.tick_size = 1;
        market.taker_fee_bps = 10;
        market.maker_fee_bps = 2;
        market.initial_margin_bps = 1_000;
        market.maintenance_margin_bps = 500;
        market.liquidation_penalty_bps = 250;
        market.max_price_age_secs = 60;
        market.mark_price = 1_000;
        market.next_order_id = 1;
        market.price_band_bps = 1_000;
        market.min_order_notional = 100;
        market.max_orders_per_position = 16;
        let positions = (0..n)
            .map(|i| {
                let mut p = Position::zeroed();
                p.owner = Pubkey::new_from_array([i as u8 + 1; 32]);
                p.position_id = i as u64 + 1;
                p
            })
            .collect();
        World {
            market,
            exchange: Exchange::zeroed(),
            book: Box::new(OrderBook::zeroed()),
            positions,
            net_deposits: 0,
            clock: Clock::default(),
        }
    }

    /// Runs `f` on the world; on error restores it (a failed transaction changes nothing).
    fn atomically<T>(&mut self, f: impl FnOnce(&mut World) -> Result<T>) -> Result<T> {
        let saved = self.clone();
        let res = f(self);
        if res.is_err() {
            *self = saved;
        }
        res
    }

    pub fn set_price(&mut self, price: u64) {
        self.market.mark_price = price;
        self.market.price_updated_at = self.clock.unix_timestamp;
    }

    pub fn deposit(&mut self, who: usize, amount: u64) -> Result<()> {
        self.atomically(|w| {
            collateral::deposit(&w.market, &mut w.exchange, &mut w.positions[who], amount)?;
            w.net_deposits += amount;
            Ok(())
        })
    }

    pub fn withdraw(&mut self, who: usize, amount: u64) -> Result<()> {
        self.atomically(|w| {
            let now = w.clock.unix_timestamp;
            collateral::withdraw(
                now,
                &w.market,
                &mut w.exchange,
                &mut w.positions[who],
                amount,
            )?;
            w.net_deposits -= amount;
            Ok(())
        })
    }

    pub fn args(side: Side, price: u64, quantity: u64, order_type: OrderType) -> PlaceOrderArgs {
        PlaceOrderArgs {
            side,
            price,
            quantity,
            order_type,
            max_fills: 8,
        }
    }

    /// `place_order` with every other position supplied as a maker.
    pub fn place(
        &mut self,
        who: usize,
        side: Side,
        price: u64,
        qty: u64,
        kind: OrderType,
    ) -> Result<MatchOutcome> {
        let all: Vec<usize> = (0..self.positions.len()).collect();
        self.place_with(who, &Self::args(side, price, qty, kind), &all)
    }

    /// `place_order` with the positions `makers` supplied (the taker is skipped, as the
    /// handler skips the taker's own account).
    pub fn place_with(
        &mut self,
        who: usize,
        args: &PlaceOrderArgs,
        makers: &[usize],
    ) -> Result<MatchOutcome> {
        self.atomically(|w| {
            let mut taker = w.positions[who];
            let env = Env {
                market_key: Pubkey::default(),
                clock: &w.clock,
            };
            let mut supplied: Vec<&mut Position> = w
                .positions
                .iter_mut()
                .enumerate()
                .filter(|(i, _)| *i != who && makers.contains(i))
                .map(|(_, p)| p)
                .collect();
            let (_, out) = orders::place_order(
                env,
                &mut w.market,
                &mut w.exchange,
                &mut w.book,
                &mut taker,
                &mut supplied,
                args,
            )?;
            w.positions[who] = taker;
            Ok(out)
        })
    }

    pub fn cancel(&mut self, who: usize, side: Side, order_id: u64) -> Result<()> {
        self.atomically(|w| {
            let env = Env {
                market_key: Pubkey::default(),
                clock: &w.clock,
            };
            orders::cancel_order(
                env,
                &w.market,
                &mut w.book,
                &mut w.positions[who],
                side,
                order_id,
            )?;
            Ok(())
        })
    }

    pub fn prune(&mut self) -> Result<usize> {
        self.atomically(|w| {
            let env = Env {
                market_key: Pubkey::default(),
                clock: &w.clock,
            };
            let mut owners: Vec<&mut Position> = w.positions.iter_mut().collect();
            orders::prune_orders(env, &w.market, &mut w.book, &mut owners)
        })
    }

    pub fn liquidate(&mut self, who: usize, liquidator: usize, max: u64) -> Result<u64> {
        self.atomically(|w| {
            let (mut p, mut l) = (w.positions[who], w.positions[liquidator]);
            let out = liquidate_position(
                w.clock.unix_timestamp,
                &mut w.market,
                &mut w.exchange,
                &mut w.book,
                &mut p,
                &mut l,
                max,
            )?;
            (w.positions[who], w.positions[liquidator]) = (p, l);
            Ok(out.quantity)
        })
    }

    pub fn settle(&mut self, profit: usize, loss: usize) -> Result<u64> {
        self.atomically(|w| {
            let (mut p, mut l) = (w.positions[profit], w.positions[loss]);
            let now = w.clock.unix_timestamp;
            let amount = collateral::settle_pnl(now, &w.market, &mut p, &mut l)?;
            (w.positions[profit], w.positions[loss]) = (p, l);
            Ok(amount)
        })
    }

    /// `delist_market` by the admin (the exchange's admin is the default key here).
    pub fn delist(&mut self) -> Result<()> {
        self.atomically(|w| {
            let now = w.clock.unix_timestamp;
            let admin = w.exchange.admin;
            super::admin::delist_market(&w.exchange, &mut w.market, &mut w.book, admin, now)?;
            Ok(())
        })
    }

    pub fn flatten(&mut self, who: usize) -> Result<()> {
        self.atomically(|w| super::admin::flatten_position(&mut w.market, &mut w.positions[who]))
    }

    pub fn mark(&self) -> u64 {
        self.market.mark_price
    }

    /// Equity of `who` including socialized loss not yet applied.
    pub fn equity(&self, who: usize) -> i128 {
        let mut p = self.positions[who];
        p.apply_socialized_loss(self.market.cumulative_loss_per_lot)
            .unwrap();
        p.equity(self.mark()).unwrap()
    }

    /// What `who` could still settle (realised, plus unrealised up to the settle limit).
    pub fn settleable(&self, who: usize) -> i128 {
        let mut p = self.positions[who];
        p.apply_socialized_loss(self.market.cumulative_loss_per_lot)
            .unwrap();
        let m = QuoteAtomsPerBaseLot(self.mark());
        settleable(Gain {
            unsettled: p.unsettled_pnl().unwrap(),
            unrealized: crate::math::pnl::unrealized_pnl(p.state(), m).unwrap(),
            notional: m.notional(BaseLots(p.size.unsigned_abs())).unwrap(),
        })
        .unwrap()
    }

    /// Money and PnL conservation, to the atom, and the book agreeing with the positions.
    pub fn check_conservation(&self) {
        let collateral: u64 = self.positions.iter().map(|p| p.collateral).sum();
        assert_eq!(collateral, self.exchange.total_collateral);
        assert_eq!(self.exchange.insurance_fund, self.market.insurance_fund);
        assert_eq!(
            self.exchange.total_collateral
                + self.exchange.fees_collected
                + self.exchange.insurance_fund,
            self.net_deposits,
            "collateral + fees + insurance == vault"
        );
        assert_eq!(
            self.positions.iter().map(|p| p.size as i128).sum::<i128>(),
            -(self.market.flattened_size as i128),
            "sizes sum to zero but for what flatten_position closed"
        );
        let longs: u64 = self.positions.iter().map(|p| p.size.max(0) as u64).sum();
        assert_eq!(longs, self.market.open_interest);
        // Virtual quote (realised - signed cost - settled) sums to the bad debt written off
        // minus the part of it already charged: PnL is zero-sum up to socialization.
        let q: i128 = self
            .positions
            .iter()
            .map(|p| p.realized_pnl as i128 - signed_cost(p.state()) - p.settled_pnl as i128)
            .sum();
        let charged: u64 = self.positions.iter().map(|p| p.socialized_loss).sum();
        assert_eq!(
            q,
            self.market.socialized_loss_total as i128 - charged as i128
        );
        for p in &self.positions {
            let of = |s: &BookSide| -> (u64, u64, u16) {
                s.active()
                    .iter()
                    .filter(|o| o.owner == p.owner)
                    .fold((0, 0, 0), |a, o| {
                        (a.0 + o.quantity, a.1 + o.quantity * o.price, a.2 + 1)
                    })
            };
            let (bl, bn, bc) = of(&self.book.bids);
            let (al, an, ac) = of(&self.book.asks);
            assert_eq!((p.bid_open_lots, p.bid_open_notional), (bl, bn));
            assert_eq!((p.ask_open_lots, p.ask_open_notional), (al, an));
            assert_eq!(p.open_orders, bc + ac);
        }
    }
}
