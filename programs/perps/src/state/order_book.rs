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

/// A fill produced by matching (the taker side is the incoming order's).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fill {
    pub maker: Pubkey,
    pub maker_order_id: u64,
    pub maker_position_id: u64,
    /// Unit: quote atoms per base lot (the maker's price).
    pub price: u64,
    /// Unit: base lots.
    pub quantity: u64,
    /// The maker order left the book (fully filled).
    pub maker_order_closed: bool,
}

/// What matching did to an incoming order.
#[derive(Clone, Copy, Debug, Default)]
pub struct MatchOutcome {
    pub fills: [Fill; MAX_FILLS_PER_ORDER],
    pub fill_count: usize,
    /// Quantity placed on the book. Unit: base lots.
    pub posted: u64,
    /// Quantity neither filled nor posted (IOC remainder, or a remainder that still crossed
    /// when the fill bound was reached). Unit: base lots.
    pub dropped: u64,
}

impl MatchOutcome {
    pub fn fills(&self) -> &[Fill] {
        &self.fills[..self.fill_count]
    }
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

    pub fn find(&self, order_id: u64) -> Option<usize> {
        self.active().iter().position(|o| o.order_id == order_id)
    }

    /// Removes every order of `owner`; returns (orders removed, lots removed).
    pub fn remove_owner(&mut self, owner: &Pubkey) -> Result<(u16, u64)> {
        let (mut n, mut lots) = (0u16, 0u64);
        let mut i = 0;
        while i < self.len() {
            if self.orders[i].owner == *owner {
                let o = self.remove(i)?;
                n = n.safe_add(1)?;
                lots = lots.safe_add(o.quantity)?;
            } else {
                i += 1;
            }
        }
        Ok((n, lots))
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
    /// prices, at most `MAX_FILLS_PER_ORDER` fills, then posts or drops the remainder per
    /// `order_type`. Fails with `PostOnlyWouldCross`, `SelfTrade` (the best crossing order has
    /// the taker's owner) or `OrderBookFull` (a remainder to post finds its side full).
    pub fn match_order(
        &mut self,
        side: Side,
        order_type: OrderType,
        incoming: Order,
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
        while remaining > 0 && out.fill_count < MAX_FILLS_PER_ORDER {
            let book = self.side_mut(opposite);
            let len = book.len();
            let Some(best) = book.orders[..len].first_mut() else {
                break;
            };
            if !crosses(side, incoming.price, best.price) {
                break;
            }
            require!(best.owner != incoming.owner, PerpsError::SelfTrade);
            let qty = remaining.min(best.quantity);
            best.quantity = best.quantity.safe_sub(qty)?;
            remaining = remaining.safe_sub(qty)?;
            let closed = best.quantity == 0;
            out.fills[out.fill_count] = Fill {
                maker: best.owner,
                maker_order_id: best.order_id,
                maker_position_id: best.position_id,
                price: best.price,
                quantity: qty,
                maker_order_closed: closed,
            };
            out.fill_count += 1;
            if closed {
                book.remove(0)?;
            }
        }
        if remaining == 0 {
            return Ok(out);
        }
        let still_crosses = self
            .side(opposite)
            .best()
            .is_some_and(|b| crosses(side, incoming.price, b.price));
        if order_type == OrderType::ImmediateOrCancel || still_crosses {
            out.dropped = remaining;
        } else {
            self.side_mut(side).insert(
                side,
                Order {
                    quantity: remaining,
                    ..incoming
                },
            )?;
            out.posted = remaining;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests;
