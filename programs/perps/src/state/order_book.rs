use crate::errors::PerpsError;
use crate::math::safe_math::SafeMath;
use crate::types::{OrderType, Side};
use anchor_lang::prelude::*;
use static_assertions::const_assert_eq;

/// Resting orders per side. Bounds every scan and shift of the book (and keeps the account
/// under the 10 KiB limit of an account created by CPI).
pub const BOOK_SIDE_CAPACITY: usize = 64;
/// Most resting orders one `place_order` may fill. Bounds the compute of an instruction and
/// the maker accounts it needs (at most this many distinct makers in `remaining_accounts`).
pub const MAX_FILLS_PER_ORDER: usize = 8;

/// A resting order.
#[zero_copy]
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Order {
    /// Owner of the order and of the maker position `["position", market, owner]`.
    pub owner: Pubkey,
    /// Unique in the market, increasing: the time priority.
    pub order_id: u64,
    /// The maker position's id.
    pub position_id: u64,
    /// Unit: quote atoms per base lot.
    pub price: u64,
    /// Remaining quantity. Unit: base lots.
    pub quantity: u64,
}
const_assert_eq!(core::mem::size_of::<Order>(), 64);

/// One side of the book, sorted best first: bids by price descending, asks ascending, ties by
/// `order_id` ascending (price-time priority).
#[zero_copy]
#[derive(Debug)]
pub struct BookSide {
    pub count: u64,
    pub orders: [Order; BOOK_SIDE_CAPACITY],
}
const_assert_eq!(
    core::mem::size_of::<BookSide>(),
    8 + 64 * BOOK_SIDE_CAPACITY
);

/// The order book of one market, PDA `["book", market]`.
#[account(zero_copy)]
#[derive(Debug)]
pub struct OrderBook {
    pub market: Pubkey,
    pub bids: BookSide,
    pub asks: BookSide,
}
const_assert_eq!(
    core::mem::size_of::<OrderBook>(),
    32 + 2 * (8 + 64 * BOOK_SIDE_CAPACITY)
);

/// Most resting orders one `place_order` may cancel while matching (out of band, or the maker
/// would fall below maintenance); matching stops there. Bounds compute with the fill bound.
pub const MAX_CANCELS_PER_ORDER: usize = 8;

/// What the matcher's caller does with a crossing resting order (decided with the accounts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CrossAction {
    /// The fill was applied to both positions: take it off the order.
    Fill,
    /// The order was cancelled (its owner's position updated): remove it, keep matching.
    Cancel,
    /// Stop matching here (e.g. the maker's position was not supplied); the order stays.
    Stop,
    /// The fill was applied, and the order's remainder was cancelled (its owner's position
    /// updated: it was below the minimum notional): remove the order, keep matching.
    FillAndCancelRest,
}

/// The world seen by matching, passed in as callbacks (after phoenix-v1's `fifo.rs`): the book
/// stays pure and the controller applies fills, cancels and evictions to the positions.
pub trait MatchHandler {
    /// `resting` crosses the incoming order; `quantity` would fill. Called best first.
    fn on_cross(&mut self, resting: &Order, quantity: u64) -> Result<CrossAction>;
    /// The remainder `order` is about to rest (fails the instruction to refuse it).
    fn before_post(&mut self, order: &Order) -> Result<()>;
    /// `worst`, the worst order of a full side, would be evicted by a better incoming order:
    /// `true` once its owner's position was updated, `false` if that position is not available
    /// (then the side stays full: `OrderBookFull`).
    fn on_evict(&mut self, worst: &Order) -> Result<bool>;
}

/// Bounds of one matching run.
#[derive(Clone, Copy, Debug)]
pub struct MatchLimits {
    /// Most fills (1..=`MAX_FILLS_PER_ORDER`, the caller's argument).
    pub max_fills: usize,
    /// A remainder whose `price × quantity` is below this is dropped, not posted. Unit: quote atoms.
    pub min_post_notional: u64,
}

/// What matching did to an incoming order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MatchOutcome {
    pub fill_count: usize,
    /// Unit: base lots.
    pub filled: u64,
    /// Resting orders cancelled while matching.
    pub cancelled: usize,
    /// Matching stopped at an order the handler could not fill (or at the cancel bound).
    pub stopped: bool,
    /// Quantity placed on the book. Unit: base lots.
    pub posted: u64,
    /// Quantity neither filled nor posted (IOC remainder, a remainder that still crossed when
    /// matching stopped, or one below the minimum notional). Unit: base lots.
    pub dropped: u64,
}

impl BookSide {
    pub fn len(&self) -> usize {
        (self.count as usize).min(BOOK_SIDE_CAPACITY)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn active(&self) -> &[Order] {
        &self.orders[..self.len()]
    }

    pub fn best(&self) -> Option<&Order> {
        self.active().first()
    }

    /// Whether `a` has priority over resting `b` on side `side`.
    fn better(side: Side, a: &Order, b: &Order) -> bool {
        match side {
            Side::Bid => a.price > b.price || (a.price == b.price && a.order_id < b.order_id),
            Side::Ask => a.price < b.price || (a.price == b.price && a.order_id < b.order_id),
        }
    }

    /// Inserts in priority order; `OrderBookFull` at capacity.
    pub fn insert(&mut self, side: Side, order: Order) -> Result<()> {
        let len = self.len();
        require!(len < BOOK_SIDE_CAPACITY, PerpsError::OrderBookFull);
        let at = self
            .active()
            .iter()
            .position(|o| Self::better(side, &order, o))
            .unwrap_or(len);
        self.orders.copy_within(at..len, at + 1);
        self.orders[at] = order;
        self.count = (len as u64).safe_add(1)?;
        Ok(())
    }

    /// Inserts; on a full side the worst order is evicted if `order` is better and
    /// `handler.on_evict` released it, else `OrderBookFull` (after OpenBook v2 / Mango v4).
    pub fn insert_or_evict(
        &mut self,
        side: Side,
        order: Order,
        handler: &mut impl MatchHandler,
    ) -> Result<()> {
        let len = self.len();
        if len == BOOK_SIDE_CAPACITY {
            let worst = self.orders[len - 1];
            require!(
                Self::better(side, &order, &worst) && handler.on_evict(&worst)?,
                PerpsError::OrderBookFull
            );
            self.remove(len - 1)?;
        }
        self.insert(side, order)
    }

    /// Removes and returns the order at `index`.
    pub fn remove(&mut self, index: usize) -> Result<Order> {
        let len = self.len();
        require!(index < len, PerpsError::OrderNotFound);
        let order = self.orders[index];
        self.orders.copy_within(index + 1..len, index);
        self.orders[len - 1] = Order::default();
        self.count = (len as u64).safe_sub(1)?;
        Ok(order)
    }

    /// Removes the first `n` orders in one shift.
    pub fn remove_prefix(&mut self, n: usize) -> Result<()> {
        let len = self.len();
        require!(n <= len, PerpsError::OrderNotFound);
        if n == 0 {
            return Ok(());
        }
        self.orders.copy_within(n..len, 0);
        self.orders[len - n..len].fill(Order::default());
        self.count = (len - n) as u64;
        Ok(())
    }

    pub fn find(&self, order_id: u64) -> Option<usize> {
        self.active().iter().position(|o| o.order_id == order_id)
    }

    /// Removes every order for which `remove` returns true, keeping the others in order, in one
    /// pass (each order is moved at most once). Returns how many were removed.
    pub fn remove_where(
        &mut self,
        mut remove: impl FnMut(&Order) -> Result<bool>,
    ) -> Result<usize> {
        let len = self.len();
        let mut kept = 0;
        for i in 0..len {
            let o = self.orders[i];
            if !remove(&o)? {
                self.orders[kept] = o;
                kept += 1;
            }
        }
        self.orders[kept..len].fill(Order::default());
        self.count = kept as u64;
        Ok(len - kept)
    }

    /// Removes every order of `owner` in one pass; returns (orders removed, lots removed).
    pub fn remove_owner(&mut self, owner: &Pubkey) -> Result<(u16, u64)> {
        let mut lots = 0u64;
        let n = self.remove_where(|o| {
            let mine = o.owner == *owner;
            if mine {
                lots = lots.safe_add(o.quantity)?;
            }
            Ok(mine)
        })?;
        Ok((n as u16, lots))
    }
}

/// Whether an order on `side` at `limit` crosses a resting opposite order at `resting`.
fn crosses(side: Side, limit: u64, resting: u64) -> bool {
    match side {
        Side::Bid => resting <= limit,
        Side::Ask => resting >= limit,
    }
}

impl OrderBook {
    pub const SEED: &'static [u8] = b"book";
    pub const SPACE: usize = 8 + core::mem::size_of::<OrderBook>();

    pub fn side(&self, side: Side) -> &BookSide {
        match side {
            Side::Bid => &self.bids,
            Side::Ask => &self.asks,
        }
    }

    pub fn side_mut(&mut self, side: Side) -> &mut BookSide {
        match side {
            Side::Bid => &mut self.bids,
            Side::Ask => &mut self.asks,
        }
    }

    /// Matches `incoming` (its `quantity` is the full order) against the opposite side at maker
    /// prices, best first, letting `handler` fill, cancel or stop at each crossing order; at most
    /// `limits.max_fills` fills and `MAX_CANCELS_PER_ORDER` cancels. Filled and cancelled orders
    /// are always a prefix of the side and leave it in one shift. Then the remainder rests
    /// (limit / post-only: unless it still crosses, matching stopped, or it is below the minimum
    /// notional — then it is dropped; on a full side the worst order may be evicted) or is
    /// dropped (IOC). Fails with `PostOnlyWouldCross`, `SelfTrade` (a crossing order of the
    /// taker's owner is reached) or `OrderBookFull`, and with any error of `handler`.
    pub fn match_order(
        &mut self,
        side: Side,
        order_type: OrderType,
        incoming: Order,
        limits: MatchLimits,
        handler: &mut impl MatchHandler,
    ) -> Result<MatchOutcome> {
        let mut out = MatchOutcome::default();
        let mut remaining = incoming.quantity;
        let opposite = side.opposite();
        if order_type == OrderType::PostOnly {
            if let Some(best) = self.side(opposite).best() {
                require!(
                    !crosses(side, incoming.price, best.price),
                    PerpsError::PostOnlyWouldCross
                );
            }
        }
        let book = self.side_mut(opposite);
        let mut consumed = 0;
        while consumed < book.len() && remaining > 0 {
            let resting = book.orders[consumed];
            if !crosses(side, incoming.price, resting.price) {
                break;
            }
            if out.fill_count >= limits.max_fills || out.cancelled >= MAX_CANCELS_PER_ORDER {
                out.stopped = true;
                break;
            }
            require!(resting.owner != incoming.owner, PerpsError::SelfTrade);
            let qty = remaining.min(resting.quantity);
            match handler.on_cross(&resting, qty)? {
                action @ (CrossAction::Fill | CrossAction::FillAndCancelRest) => {
                    remaining = remaining.safe_sub(qty)?;
                    out.fill_count += 1;
                    out.filled = out.filled.safe_add(qty)?;
                    let left = resting.quantity.safe_sub(qty)?;
                    book.orders[consumed].quantity = left;
                    if left == 0 || action == CrossAction::FillAndCancelRest {
                        consumed += 1;
                    }
                }
                CrossAction::Cancel => {
                    out.cancelled += 1;
                    consumed += 1;
                }
                CrossAction::Stop => {
                    out.stopped = true;
                    break;
                }
            }
        }
        book.remove_prefix(consumed)?;
        if remaining == 0 {
            return Ok(out);
        }
        let still_crosses = self
            .side(opposite)
            .best()
            .is_some_and(|b| crosses(side, incoming.price, b.price));
        let notional = (incoming.price as u128).safe_mul(remaining as u128)?;
        if order_type == OrderType::ImmediateOrCancel
            || still_crosses
            || out.stopped
            || notional < limits.min_post_notional as u128
        {
            out.dropped = remaining;
            return Ok(out);
        }
        let order = Order {
            quantity: remaining,
            ..incoming
        };
        handler.before_post(&order)?;
        self.side_mut(side).insert_or_evict(side, order, handler)?;
        out.posted = remaining;
        Ok(out)
    }
}

#[cfg(test)]
mod tests;
