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

fn empty_book() -> Box<OrderBook> {
    // 8 KiB: on the heap, as the real account is.
    Box::new(bytemuck::Zeroable::zeroed())
}

#[test]
fn asks_rest_in_price_time_priority_and_fill_in_order() {
    let mut book = empty_book();
    for (id, price) in [(1, 105), (2, 101), (3, 103), (4, 101)] {
        let out = book
            .match_order(Side::Ask, OrderType::Limit, order(id as u8, id, price, 10))
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
    let out = book
        .match_order(Side::Bid, OrderType::Limit, order(9, 5, 103, 25))
        .unwrap();
    let fills: Vec<_> = out
        .fills()
        .iter()
        .map(|f| (f.maker_order_id, f.price, f.quantity, f.maker_order_closed))
        .collect();
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
    book.match_order(Side::Ask, OrderType::Limit, order(1, 1, 100, 5))
        .unwrap();
    let out = book
        .match_order(Side::Bid, OrderType::Limit, order(2, 2, 100, 8))
        .unwrap();
    assert_eq!((out.fill_count, out.posted, out.dropped), (1, 3, 0));
    assert_eq!(book.bids.best().unwrap().quantity, 3);
    let out = book
        .match_order(Side::Ask, OrderType::ImmediateOrCancel, order(3, 3, 90, 10))
        .unwrap();
    assert_eq!((out.fill_count, out.posted, out.dropped), (1, 0, 7));
    assert!(book.bids.is_empty() && book.asks.is_empty());
    // IOC against an empty book does nothing.
    let out = book
        .match_order(Side::Ask, OrderType::ImmediateOrCancel, order(3, 4, 90, 10))
        .unwrap();
    assert_eq!((out.fill_count, out.dropped), (0, 10));
}

#[test]
fn post_only_and_self_trade_are_refused() {
    let mut book = empty_book();
    book.match_order(Side::Ask, OrderType::PostOnly, order(1, 1, 100, 5))
        .unwrap();
    assert!(book
        .match_order(Side::Bid, OrderType::PostOnly, order(2, 2, 100, 1))
        .is_err());
    book.match_order(Side::Bid, OrderType::PostOnly, order(2, 3, 99, 1))
        .unwrap();
    let e = book.match_order(Side::Bid, OrderType::Limit, order(1, 4, 100, 1));
    assert_eq!(e.unwrap_err(), PerpsError::SelfTrade.into());
}

#[test]
fn fills_are_bounded_and_a_crossing_remainder_is_not_posted() {
    let mut book = empty_book();
    for id in 1..=10u64 {
        book.match_order(
            Side::Ask,
            OrderType::Limit,
            order(id as u8, id, 100 + id, 1),
        )
        .unwrap();
    }
    let out = book
        .match_order(Side::Bid, OrderType::Limit, order(50, 11, 200, 20))
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
        book.match_order(
            Side::Bid,
            OrderType::Limit,
            order(1 + (id % 3) as u8, id, id, 1),
        )
        .unwrap();
    }
    let e = book.match_order(Side::Bid, OrderType::Limit, order(9, 100, 1, 1));
    assert_eq!(e.unwrap_err(), PerpsError::OrderBookFull.into());
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
            let res = book.match_order(side, kind, order(owner, i as u64 + 1, price, qty));
            if res.is_err() {
                *book = before;
            }
            if let Ok(out) = res {
                placed += qty;
                let f: u64 = out.fills().iter().map(|f| f.quantity).sum();
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
