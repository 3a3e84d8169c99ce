use super::*;
use proptest::prelude::*;

fn key(n: u8) -> Pubkey {
    Pubkey::new_from_array([n; 32])
}

fn order(owner: u8, id: u64, price: u64, qty: u64) -> Order {
    Order {
        owner: key(owner),
        order_id: id,
        position_id: owner as u64,
        price,
        quantity: qty,
    }
}

/// Fills everything it is offered and records the fills (the controller's handler applies them
/// to positions); evicts nothing.
#[derive(Debug, Default)]
struct Recorder {
    /// (maker order id, price, quantity, order closed)
    fills: Vec<(u64, u64, u64, bool)>,
    evict: bool,
    evicted: Vec<u64>,
}

impl MatchHandler for Recorder {
    fn on_cross(&mut self, resting: &Order, quantity: u64) -> Result<CrossAction> {
        self.fills.push((
            resting.order_id,
            resting.price,
            quantity,
            quantity == resting.quantity,
        ));
        Ok(CrossAction::Fill)
    }
    fn before_post(&mut self, _order: &Order) -> Result<()> {
        Ok(())
    }
    fn on_evict(&mut self, worst: &Order) -> Result<bool> {
        self.evicted.push(worst.order_id);
        Ok(self.evict)
    }
}

const LIMITS: MatchLimits = MatchLimits {
    max_fills: MAX_FILLS_PER_ORDER,
    min_post_notional: 0,
};

impl OrderBook {
    /// `match_order` with a recording handler.
    fn place(&mut self, side: Side, kind: OrderType, o: Order) -> Result<(MatchOutcome, Recorder)> {
        let mut r = Recorder::default();
        let out = self.match_order(side, kind, o, LIMITS, &mut r)?;
        Ok((out, r))
    }
}

fn empty_book() -> Box<OrderBook> {
    // 8 KiB: on the heap, as the real account is.
    Box::new(bytemuck::Zeroable::zeroed())
}

#[test]
fn asks_rest_in_price_time_priority_and_fill_in_order() {
    let mut book = empty_book();
    for (id, price) in [(1, 105), (2, 101), (3, 103), (4, 101)] {
        let (out, _) = book
            .place(Side::Ask, OrderType::Limit, order(id as u8, id, price, 10))
            .unwrap();
        assert_eq!(out.posted, 10);
    }
    let prices: Vec<_> = book
        .asks
        .active()
        .iter()
        .map(|o| (o.price, o.order_id))
        .collect();
    assert_eq!(prices, vec![(101, 2), (101, 4), (103, 3), (105, 1)]);

    // A bid for 25 at 103 takes 10@101 (id 2), 10@101 (id 4), 5@103 (id 3).
    let (out, rec) = book
        .place(Side::Bid, OrderType::Limit, order(9, 5, 103, 25))
        .unwrap();
    let fills = rec.fills;
    assert_eq!(
        fills,
        vec![(2, 101, 10, true), (4, 101, 10, true), (3, 103, 5, false)]
    );
    assert_eq!((out.posted, out.dropped), (0, 0));
    assert_eq!(book.asks.len(), 2);
    assert_eq!(book.asks.best().unwrap().quantity, 5);
}

#[test]
fn limit_remainder_rests_ioc_remainder_is_dropped() {
    let mut book = empty_book();
    book.place(Side::Ask, OrderType::Limit, order(1, 1, 100, 5))
        .unwrap();
    let (out, _) = book
        .place(Side::Bid, OrderType::Limit, order(2, 2, 100, 8))
        .unwrap();
    assert_eq!((out.fill_count, out.posted, out.dropped), (1, 3, 0));
    assert_eq!(book.bids.best().unwrap().quantity, 3);
    let (out, _) = book
        .place(Side::Ask, OrderType::ImmediateOrCancel, order(3, 3, 90, 10))
        .unwrap();
    assert_eq!((out.fill_count, out.posted, out.dropped), (1, 0, 7));
    assert!(book.bids.is_empty() && book.asks.is_empty());
    // IOC against an empty book does nothing.
    let (out, _) = book
        .place(Side::Ask, OrderType::ImmediateOrCancel, order(3, 4, 90, 10))
        .unwrap();
    assert_eq!((out.fill_count, out.dropped), (0, 10));
}

#[test]
fn post_only_and_self_trade_are_refused() {
    let mut book = empty_book();
    book.place(Side::Ask, OrderType::PostOnly, order(1, 1, 100, 5))
        .unwrap();
    assert!(book
        .place(Side::Bid, OrderType::PostOnly, order(2, 2, 100, 1))
        .is_err());
    book.place(Side::Bid, OrderType::PostOnly, order(2, 3, 99, 1))
        .unwrap();
    let e = book.place(Side::Bid, OrderType::Limit, order(1, 4, 100, 1));
    assert_eq!(e.unwrap_err(), PerpsError::SelfTrade.into());
}

#[test]
fn fills_are_bounded_and_a_crossing_remainder_is_not_posted() {
    let mut book = empty_book();
    for id in 1..=10u64 {
        book.place(
            Side::Ask,
            OrderType::Limit,
            order(id as u8, id, 100 + id, 1),
        )
        .unwrap();
    }
    let (out, _) = book
        .place(Side::Bid, OrderType::Limit, order(50, 11, 200, 20))
        .unwrap();
    assert_eq!(out.fill_count, MAX_FILLS_PER_ORDER);
    assert_eq!((out.posted, out.dropped), (0, 12));
    assert_eq!(book.asks.len(), 2);
    assert!(book.bids.is_empty());
}

#[test]
fn full_side_fails_and_cancel_by_owner_frees_space() {
    let mut book = empty_book();
    for id in 1..=BOOK_SIDE_CAPACITY as u64 {
        book.place(
            Side::Bid,
            OrderType::Limit,
            order(1 + (id % 3) as u8, id, id, 1),
        )
        .unwrap();
    }
    let e = book.place(Side::Bid, OrderType::Limit, order(9, 100, 1, 1));
    assert_eq!(e.unwrap_err(), PerpsError::OrderBookFull.into());
    // Better than the worst, but its owner's position is not available: still full.
    let mut rec = Recorder::default();
    let e = book.match_order(
        Side::Bid,
        OrderType::Limit,
        order(9, 101, 1_000, 1),
        LIMITS,
        &mut rec,
    );
    assert_eq!(e.unwrap_err(), PerpsError::OrderBookFull.into());
    assert_eq!(rec.evicted, vec![1]);
    let idx = book.bids.find(10).unwrap();
    assert_eq!(book.bids.remove(idx).unwrap().order_id, 10);
    assert!(book.bids.find(10).is_none());
    let (n, lots) = book.bids.remove_owner(&key(1)).unwrap();
    assert_eq!((n, lots), (21, 21));
    assert_eq!(book.bids.len(), BOOK_SIDE_CAPACITY - 22);
    assert!(book.bids.remove(BOOK_SIDE_CAPACITY).is_err());
}

proptest! {
    /// Any sequence of orders keeps both sides sorted, the book uncrossed, quantities conserved
    /// (placed = filled × 2-sided + resting + dropped) and never panics.
    #[test]
    fn book_invariants(orders in proptest::collection::vec((any::<bool>(), 0u8..4, 0u8..3, 90u64..110, 1u64..20), 1..150)) {
        let mut book = empty_book();
        let (mut placed, mut filled, mut dropped) = (0u64, 0u64, 0u64);
        for (i, (bid, owner, kind, price, qty)) in orders.into_iter().enumerate() {
            let side = if bid { Side::Bid } else { Side::Ask };
            let kind = [OrderType::Limit, OrderType::PostOnly, OrderType::ImmediateOrCancel][kind as usize];
            // A failed instruction is rolled back by the runtime: do the same here.
            let before = *book;
            let res = book.place(side, kind, order(owner, i as u64 + 1, price, qty));
            if res.is_err() {
                *book = before;
            }
            if let Ok((out, rec)) = res {
                placed += qty;
                let f: u64 = rec.fills.iter().map(|f| f.2).sum();
                prop_assert_eq!(f, out.filled);
                filled += f;
                dropped += out.dropped;
                prop_assert_eq!(f + out.posted + out.dropped, qty);
            }
            for (s, side) in [(&book.bids, Side::Bid), (&book.asks, Side::Ask)] {
                for w in s.active().windows(2) {
                    prop_assert!(BookSide::better(side, &w[0], &w[1]));
                }
            }
            if let (Some(b), Some(a)) = (book.bids.best(), book.asks.best()) {
                prop_assert!(b.price < a.price);
            }
        }
        let resting: u64 = book.bids.active().iter().chain(book.asks.active()).map(|o| o.quantity).sum();
        // Each filled lot consumed one resting lot and one incoming lot.
        prop_assert_eq!(placed, resting + 2 * filled + dropped);
    }
}

#[test]
fn a_better_order_evicts_the_worst_of_a_full_side() {
    let mut book = empty_book();
    for id in 1..=BOOK_SIDE_CAPACITY as u64 {
        book.place(Side::Ask, OrderType::Limit, order(1, id, 100 + id, 1))
            .unwrap();
    }
    let mut rec = Recorder {
        evict: true,
        ..Recorder::default()
    };
    book.match_order(
        Side::Ask,
        OrderType::Limit,
        order(2, 100, 50, 1),
        LIMITS,
        &mut rec,
    )
    .unwrap();
    assert_eq!(rec.evicted, vec![BOOK_SIDE_CAPACITY as u64]);
    assert_eq!(book.asks.best().unwrap().order_id, 100);
    assert_eq!(book.asks.len(), BOOK_SIDE_CAPACITY);
}

#[test]
fn removal_is_one_pass_and_keeps_priority() {
    let mut book = empty_book();
    for id in 1..=BOOK_SIDE_CAPACITY as u64 {
        book.place(
            Side::Bid,
            OrderType::Limit,
            order((id % 2) as u8, id, 1_000 - id, 1),
        )
        .unwrap();
    }
    let (n, lots) = book.bids.remove_owner(&key(0)).unwrap();
    assert_eq!(
        (n as usize, lots),
        (BOOK_SIDE_CAPACITY / 2, BOOK_SIDE_CAPACITY as u64 / 2)
    );
    let ids: Vec<u64> = book.bids.active().iter().map(|o| o.order_id).collect();
    assert_eq!(
        ids,
        (1..=BOOK_SIDE_CAPACITY as u64)
            .step_by(2)
            .collect::<Vec<_>>()
    );
    assert!(book.bids.orders[BOOK_SIDE_CAPACITY / 2..]
        .iter()
        .all(|o| *o == Order::default()));
}
