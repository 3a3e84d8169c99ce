//! `place_order`, `cancel_order` and `prune_orders` on plain structs: the handlers load the
//! accounts and call these; the tests call the same functions.

use super::fill::{try_fill, FillContext};
use super::market::sync;
use crate::errors::PerpsError;
use crate::events::OrderCancelled;
use crate::instructions::PlaceOrderArgs;
use crate::math::margin::within_band;
use crate::math::safe_math::SafeMath;
use crate::runtime::emit_event;
use crate::state::{
    CrossAction, Exchange, Market, MatchHandler, MatchLimits, MatchOutcome, Order, OrderBook,
    Position, MAX_FILLS_PER_ORDER,
};
use crate::types::{CancelReason, Side};
use anchor_lang::prelude::*;
use core::ops::DerefMut;

/// Where an instruction runs: the market's address and the cluster clock (for events).
#[derive(Clone, Copy)]
pub struct Env<'a> {
    pub market_key: Pubkey,
    pub clock: &'a Clock,
}

impl PlaceOrderArgs {
    /// Price positive and on the tick, quantity positive, fill limit in 1..=MAX_FILLS_PER_ORDER.
    pub fn validate(&self, tick_size: u64) -> Result<()> {
        require!(self.price > 0, PerpsError::InvalidPrice);
        require!(self.quantity > 0, PerpsError::InvalidQuantity);
        require!(
            self.price.checked_rem(tick_size) == Some(0),
            PerpsError::PriceNotOnTick
        );
        require!(
            (1..=MAX_FILLS_PER_ORDER).contains(&(self.max_fills as usize)),
            PerpsError::InvalidFillLimit
        );
        Ok(())
    }
}

/// Emits `OrderCancelled` for `order` of `owner` resting on `side`.
pub fn emit_cancelled(
    env: &Env,
    owner: &Position,
    order: &Order,
    side: Side,
    reason: CancelReason,
    mark: u64,
) {
    emit_event(&OrderCancelled {
        market: env.market_key,
        owner: order.owner,
        position_id: owner.position_id,
        order_id: order.order_id,
        side,
        price: order.price,
        quantity: order.quantity,
        reason,
        mark_price: mark,
        timestamp: env.clock.unix_timestamp,
    });
}

/// The matcher's view of the accounts of one `place_order`.
struct Matcher<'a, 'b, M: DerefMut<Target = Position>> {
    fill: FillContext<'a>,
    env: Env<'a>,
    market: &'b mut Market,
    exchange: &'b mut Exchange,
    taker: &'b mut Position,
    makers: &'b mut [M],
}

impl<M: DerefMut<Target = Position>> Matcher<'_, '_, M> {
    /// The supplied position that owns `order` (by position id and owner).
    fn maker_index(&self, order: &Order) -> Option<usize> {
        self.makers
            .iter()
            .position(|p| p.position_id == order.position_id && p.owner == order.owner)
    }

    /// Takes `order` (resting on `side`) off its owner's position and emits `OrderCancelled`.
    fn cancel(&mut self, at: usize, order: &Order, side: Side, reason: CancelReason) -> Result<()> {
        let maker = &mut *self.makers[at];
        maker.reduce_open_order(side, order.quantity, order.price, true)?;
        emit_cancelled(&self.env, maker, order, side, reason, self.fill.mark);
        Ok(())
    }
}

impl<M: DerefMut<Target = Position>> MatchHandler for Matcher<'_, '_, M> {
    fn on_cross(&mut self, resting: &Order, quantity: u64) -> Result<CrossAction> {
        // A maker whose position is not supplied ends matching (price-time priority is kept:
        // the taker never jumps over an order it cannot fill).
        let Some(at) = self.maker_index(resting) else {
            msg!(
                "maker position {} not supplied: matching stops",
                resting.position_id
            );
            return Ok(CrossAction::Stop);
        };
        let side = self.fill.side.opposite();
        if !within_band(resting.price, self.fill.mark, self.market.price_band_bps)? {
            self.cancel(at, resting, side, CancelReason::OutOfBand)?;
            return Ok(CrossAction::Cancel);
        }
        sync(self.market, &mut self.makers[at])?;
        let filled = try_fill(
            &self.fill,
            resting,
            quantity,
            self.market,
            self.exchange,
            self.taker,
            &mut self.makers[at],
        )?;
        if filled {
            // A remainder below the minimum notional would never have been allowed to rest: a
            // partial fill by a second wallet must not turn a minimum-size order into dust.
            let left = resting.quantity.safe_sub(quantity)?;
            let rest_notional = (resting.price as u128).safe_mul(left as u128)?;
            if left > 0 && rest_notional < self.market.min_order_notional as u128 {
                let rest = Order {
                    quantity: left,
                    ..*resting
                };
                self.cancel(at, &rest, side, CancelReason::DustRemainder)?;
                return Ok(CrossAction::FillAndCancelRest);
            }
            return Ok(CrossAction::Fill);
        }
        self.cancel(at, resting, side, CancelReason::MakerUnhealthy)?;
        Ok(CrossAction::Cancel)
    }

    fn before_post(&mut self, _order: &Order) -> Result<()> {
        require!(
            self.taker.open_orders < self.market.max_orders_per_position,
            PerpsError::TooManyOpenOrders
        );
        Ok(())
    }

    fn on_evict(&mut self, worst: &Order) -> Result<bool> {
        let side = self.fill.side;
        if worst.owner == self.taker.owner {
            self.taker
                .reduce_open_order(side, worst.quantity, worst.price, true)?;
            emit_cancelled(
                &self.env,
                self.taker,
                worst,
                side,
                CancelReason::Evicted,
                self.fill.mark,
            );
            return Ok(true);
        }
        let Some(at) = self.maker_index(worst) else {
            return Ok(false);
        };
        self.cancel(at, worst, side, CancelReason::Evicted)?;
        Ok(true)
    }
}

/// Places `args` for `taker` in one market. Checks the arguments, a fresh mark price
/// (`PriceStale`), the price band (`PriceOutsideBand`) and the minimum notional
/// (`OrderTooSmall`); matches at maker prices with `makers` (the supplied maker positions of
/// this market, any order), then rests or drops the remainder (see `OrderBook::match_order`).
/// A crossing order outside the band, or whose maker would fall below maintenance, is cancelled
/// (`OrderCancelled`) and matching goes on; a maker that is not supplied stops matching.
/// Finally the taker's health rule (`check_taker`). Returns the order id and what matching did.
pub fn place_order<M: DerefMut<Target = Position>>(
    env: Env,
    market: &mut Market,
    exchange: &mut Exchange,
    book: &mut OrderBook,
    taker: &mut Position,
    makers: &mut [M],
    args: &PlaceOrderArgs,
) -> Result<(u64, MatchOutcome)> {
    args.validate(market.tick_size)?;
    let mark = market.fresh_mark_price(env.clock.unix_timestamp)?;
    market.check_band(args.price, mark)?;
    let notional = (args.price as u128).safe_mul(args.quantity as u128)?;
    require!(
        notional >= market.min_order_notional as u128,
        PerpsError::OrderTooSmall
    );
    sync(market, taker)?;
    let before = *taker;
    let order_id = market.next_order_id;
    market.next_order_id = order_id.safe_add(1)?;
    let incoming = Order {
        owner: taker.owner,
        order_id,
        position_id: taker.position_id,
        price: args.price,
        quantity: args.quantity,
    };
    let limits = MatchLimits {
        max_fills: args.max_fills as usize,
        min_post_notional: market.min_order_notional,
    };
    let mut matcher = Matcher {
        fill: FillContext {
            side: args.side,
            order_id,
            market_key: env.market_key,
            mark,
            clock: env.clock,
        },
        env,
        market,
        exchange,
        taker,
        makers,
    };
    let out = book.match_order(args.side, args.order_type, incoming, limits, &mut matcher)?;
    let (market, taker) = (matcher.market, matcher.taker);
    if out.posted > 0 {
        taker.add_open_order(args.side, out.posted, args.price)?;
    }
    if out.dropped > 0 {
        msg!(
            "order {}: {} lots not filled and not posted",
            order_id,
            out.dropped
        );
    }
    check_taker(market, mark, &before, taker, &out)?;
    Ok((order_id, out))
}

/// The taker's health rule after its order (Mango's `check_health_post`, on isolated margin):
/// * nothing filled and nothing posted: no check;
/// * it filled: equity must cover the maintenance requirement of the new size;
/// * risk-increasing (it posted, its size grew, or it flipped sides): equity must cover the
///   initial requirement including every resting order at its worse price (`InsufficientMargin`);
/// * otherwise (a pure reduction): initial health (equity − that requirement) must be
///   non-negative or not lower than before.
pub fn check_taker(
    market: &Market,
    mark: u64,
    before: &Position,
    after: &Position,
    out: &MatchOutcome,
) -> Result<()> {
    if out.fill_count == 0 && out.posted == 0 {
        return Ok(());
    }
    if out.fill_count > 0 {
        require!(
            after.above_maintenance(mark, market.maintenance_margin_bps)?,
            PerpsError::InsufficientMargin
        );
    }
    let flipped = before.size != 0 && after.size != 0 && (before.size > 0) != (after.size > 0);
    let grew = after.size.unsigned_abs() > before.size.unsigned_abs();
    if out.posted > 0 || flipped || grew {
        return after.check_initial_margin(mark, market.initial_margin_bps);
    }
    let health = after.initial_health(mark, market.initial_margin_bps)?;
    let health_before = before.initial_health(mark, market.initial_margin_bps)?;
    require!(
        health >= 0 || health >= health_before,
        PerpsError::InsufficientMargin
    );
    Ok(())
}

/// Removes `owner`'s resting order `order_id` from `side` (`OrderNotFound`, `NotOrderOwner`)
/// and emits `OrderCancelled` (reason `Owner`). Returns the removed order.
pub fn cancel_order(
    env: Env,
    market: &Market,
    book: &mut OrderBook,
    position: &mut Position,
    side: Side,
    order_id: u64,
) -> Result<Order> {
    let book_side = book.side_mut(side);
    let index = book_side.find(order_id).ok_or(PerpsError::OrderNotFound)?;
    require!(
        book_side.orders[index].owner == position.owner,
        PerpsError::NotOrderOwner
    );
    let order = book_side.remove(index)?;
    position.reduce_open_order(side, order.quantity, order.price, true)?;
    emit_cancelled(
        &env,
        position,
        &order,
        side,
        CancelReason::Owner,
        market.mark_price,
    );
    Ok(order)
}

/// Most orders one `prune_orders` removes: each emits an `OrderCancelled` (~180 bytes of log),
/// and a validator keeps 10 KB of logs per transaction. Call again for the rest.
pub const MAX_PRUNE_PER_CALL: usize = 32;

/// Permissionless: removes, from both sides (bids first), every resting order whose price is
/// outside the band around a fresh mark and whose owner's position is in `owners`, at most
/// `MAX_PRUNE_PER_CALL` (in one pass per side), and emits `OrderCancelled` (reason `OutOfBand`)
/// for each. `NothingToPrune` if none. Returns how many were removed.
pub fn prune_orders<M: DerefMut<Target = Position>>(
    env: Env,
    market: &Market,
    book: &mut OrderBook,
    owners: &mut [M],
) -> Result<usize> {
    let mark = market.fresh_mark_price(env.clock.unix_timestamp)?;
    let mut removed = 0;
    for side in [Side::Bid, Side::Ask] {
        let budget = MAX_PRUNE_PER_CALL - removed;
        let mut taken = 0;
        removed += book.side_mut(side).remove_where(|o| {
            if taken == budget || within_band(o.price, mark, market.price_band_bps)? {
                return Ok(false);
            }
            let Some(p) = owners
                .iter_mut()
                .find(|p| p.position_id == o.position_id && p.owner == o.owner)
            else {
                return Ok(false);
            };
            p.reduce_open_order(side, o.quantity, o.price, true)?;
            emit_cancelled(&env, p, o, side, CancelReason::OutOfBand, mark);
            taken += 1;
            Ok(true)
        })?;
    }
    require!(removed > 0, PerpsError::NothingToPrune);
    Ok(removed)
}
