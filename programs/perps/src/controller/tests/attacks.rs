//! Issue 9's attacks against the controller functions the handlers call (the same attacks run
//! through the real entry in `tests/localnet/tests/attacks.rs` and on the local cluster in
//! `tests/perps.attacks.*.test.ts`).

use super::World;
use crate::errors::PerpsError;
use crate::state::BOOK_SIDE_CAPACITY;
use crate::types::{OrderType, Side};

/// Finding 1: an off-market bid is refused by the band; within the band the wash trade only
/// moves the colluder's own money, and honest PnL still settles.
#[test]
fn wash_trade_off_market_is_refused_and_in_band_is_harmless() {
    let (h, wn, m, t) = (0, 1, 2, 3);
    let mut w = World::new(4);
    for who in [h, wn] {
        w.deposit(who, 10_000).unwrap();
    }
    w.deposit(m, 2_200).unwrap();
    w.deposit(t, 5_000).unwrap();
    w.place(h, Side::Ask, 1_000, 10, OrderType::Limit).unwrap();
    w.place(wn, Side::Bid, 1_000, 10, OrderType::ImmediateOrCancel)
        .unwrap();
    w.set_price(1_050); // the honest winner is up 500, the honest loser down 500
                        // The seed attack: a bid at twice the mark.
    let e = w
        .place(m, Side::Bid, 2_100, 100, OrderType::PostOnly)
        .unwrap_err();
    assert_eq!(e, PerpsError::PriceOutsideBand.into());
    // At the band edge, a large bid is margined at its own price: 10 % + the 5 % it would lose.
    let e = w
        .place(m, Side::Bid, 1_155, 100, OrderType::PostOnly)
        .unwrap_err();
    assert_eq!(e, PerpsError::InsufficientMargin.into());
    // What the colluder's collateral backs: 10 lots (1050 + 1050 of 2200).
    w.place(m, Side::Bid, 1_155, 10, OrderType::PostOnly)
        .unwrap();
    w.place(t, Side::Ask, 1_155, 10, OrderType::ImmediateOrCancel)
        .unwrap();
    w.check_conservation();
    // The taker's profit is the colluder's own collateral; the colluder stays solvent.
    assert!(w.equity(m) > 0);
    assert_eq!(w.settle(t, m).unwrap(), 1_050);
    // The honest winner still settles its whole profit against the honest loser.
    assert_eq!(w.settle(wn, h).unwrap(), 500);
    w.check_conservation();
}

/// Finding 1: a maker whose fill would leave it below maintenance is skipped and its order
/// cancelled; settlement from a bankrupt payer is refused until it is liquidated.
#[test]
fn maker_checked_at_fill_and_bankrupt_payers_refused() {
    let (m, t, k) = (0, 1, 2);
    let mut w = World::new(3);
    w.deposit(m, 1_000).unwrap();
    w.deposit(t, 10_000).unwrap();
    w.deposit(k, 100_000).unwrap();
    w.place(m, Side::Bid, 1_000, 10, OrderType::PostOnly)
        .unwrap();
    w.set_price(940); // long 10 at 1000 would hold 1000 - 600 - 2 < 470
    let out = w
        .place(t, Side::Ask, 940, 10, OrderType::ImmediateOrCancel)
        .unwrap();
    assert_eq!((out.fill_count, out.cancelled), (0, 1));
    assert!(w.book.bids.is_empty());
    assert_eq!(w.positions[m].open_orders, 0);
    w.check_conservation();

    // A bankrupt payer: m long 10 at 1000 with 1000, then the price gaps to 850.
    w.set_price(1_000);
    w.place(m, Side::Bid, 1_000, 10, OrderType::PostOnly)
        .unwrap();
    w.place(t, Side::Ask, 1_000, 10, OrderType::ImmediateOrCancel)
        .unwrap();
    w.set_price(850);
    assert!(w.equity(m) < 0);
    let e = w.settle(t, m).unwrap_err();
    assert_eq!(e, PerpsError::CounterpartyBankrupt.into());
    w.liquidate(m, k, 100).unwrap();
    w.check_conservation();
    assert_eq!(w.equity(m), 0);
    w.settle(t, m).unwrap();
    w.check_conservation();
}

/// Finding 2: a closing order cannot fill at a planted price off the mark, and a reduction that
/// would leave bad debt is refused; a flip is risk-increasing.
#[test]
fn reducing_is_health_checked() {
    let (a, b, c) = (0, 1, 2);
    let mut w = World::new(3);
    w.deposit(a, 1_000).unwrap();
    w.deposit(b, 100_000).unwrap();
    w.deposit(c, 100_000).unwrap();
    w.place(b, Side::Ask, 1_000, 9, OrderType::PostOnly)
        .unwrap();
    w.place(a, Side::Bid, 1_000, 9, OrderType::ImmediateOrCancel)
        .unwrap();
    // A "market" close at ten times the mark is outside the band.
    let e = w
        .place(a, Side::Ask, 100, 9, OrderType::ImmediateOrCancel)
        .unwrap_err();
    assert_eq!(e, PerpsError::PriceOutsideBand.into());
    // An accomplice's bid at the band's low edge: closing there costs a 900 of its 991.
    w.place(c, Side::Bid, 900, 20, OrderType::PostOnly).unwrap();
    // Flipping long 9 -> short 11 there is risk-increasing: refused.
    let e = w
        .place(a, Side::Ask, 900, 20, OrderType::ImmediateOrCancel)
        .unwrap_err();
    assert_eq!(e, PerpsError::InsufficientMargin.into());
    // Health 991 - 900 = 91 before; 991 - 900 - 9 = 82 after a close at 900: allowed (>= 0).
    w.place(a, Side::Ask, 900, 9, OrderType::ImmediateOrCancel)
        .unwrap();
    assert_eq!(w.positions[a].size, 0);
    assert!(w.equity(a) >= 0);
    w.check_conservation();
}

/// Finding 2: the same close from a position at zero initial health would leave it below
/// maintenance: refused.
#[test]
fn reduction_into_bad_debt_is_refused() {
    let mut w = World::new(3);
    w.deposit(0, 1_000).unwrap();
    w.deposit(1, 100_000).unwrap();
    w.deposit(2, 100_000).unwrap();
    w.place(1, Side::Ask, 1_000, 10, OrderType::PostOnly)
        .unwrap();
    w.deposit(0, 10).unwrap();
    w.place(0, Side::Bid, 1_000, 10, OrderType::ImmediateOrCancel)
        .unwrap();
    w.set_price(960);
    w.place(2, Side::Bid, 864, 10, OrderType::PostOnly).unwrap();
    // 1000 - 400 = 600 >= 480 now; closing at 864 would leave 1000 - 1360 - 9 < 0.
    let e = w
        .place(0, Side::Ask, 864, 10, OrderType::ImmediateOrCancel)
        .unwrap_err();
    assert_eq!(e, PerpsError::InsufficientMargin.into());
    w.check_conservation();
}

/// Finding 3: tiny orders, out-of-band orders and more than the cap are refused; a full side
/// evicts its worst order for a better one; out-of-band orders can be pruned by anyone.
#[test]
fn the_book_cannot_be_jammed() {
    let jammers = BOOK_SIDE_CAPACITY / 16;
    let mut w = World::new(jammers + 1);
    let honest = jammers;
    w.market.min_order_notional = 1_000;
    for j in 0..=jammers {
        w.deposit(j, 1_000_000).unwrap();
    }
    let e = w
        .place(0, Side::Ask, 1_099, 0, OrderType::PostOnly)
        .unwrap_err();
    assert_eq!(e, PerpsError::InvalidQuantity.into());
    let e = w
        .place(0, Side::Ask, 999, 1, OrderType::PostOnly)
        .unwrap_err();
    assert_eq!(e, PerpsError::OrderTooSmall.into());
    let e = w
        .place(0, Side::Ask, 1_000_000, 1, OrderType::PostOnly)
        .unwrap_err();
    assert_eq!(e, PerpsError::PriceOutsideBand.into());
    for j in 0..jammers {
        for _ in 0..16 {
            w.place(j, Side::Ask, 1_100, 1, OrderType::PostOnly)
                .unwrap();
        }
    }
    let e = w
        .place(0, Side::Ask, 1_100, 1, OrderType::PostOnly)
        .unwrap_err();
    assert_eq!(e, PerpsError::TooManyOpenOrders.into());
    assert_eq!(w.book.asks.len(), BOOK_SIDE_CAPACITY);
    // Not better than the worst: still full.
    let e = w
        .place(honest, Side::Ask, 1_100, 1, OrderType::PostOnly)
        .unwrap_err();
    assert_eq!(e, PerpsError::OrderBookFull.into());
    // Better: the worst (latest at 1100) is evicted.
    let evicted = w.book.asks.active()[BOOK_SIDE_CAPACITY - 1];
    w.place(honest, Side::Ask, 1_050, 1, OrderType::PostOnly)
        .unwrap();
    assert_eq!(w.book.asks.best().unwrap().price, 1_050);
    assert!(w.book.asks.find(evicted.order_id).is_none());
    w.check_conservation();
    // Without the evicted owner's position, the side stays full.
    let args = World::args(Side::Ask, 1_040, 1, OrderType::PostOnly);
    let e = w.place_with(honest, &args, &[]).unwrap_err();
    assert_eq!(e, PerpsError::OrderBookFull.into());
    // The mark falls: the jam is out of the band and anyone prunes it.
    w.set_price(900);
    // At most 32 per call (the log limit), so twice.
    assert_eq!(w.prune().unwrap(), 32);
    assert_eq!(w.prune().unwrap(), BOOK_SIDE_CAPACITY - 32);
    assert!(w.book.asks.is_empty());
    assert_eq!(w.prune().unwrap_err(), PerpsError::NothingToPrune.into());
    w.check_conservation();
}

/// The world of the bankruptcy tests, `actors` ≥ 4 positions at a mark of 1,000: actor 0 holds
/// 991 after fees and is long 9 lots (bought from 1, which is short 9); 3 is long 10 (bought from
/// 2, short 10); everyone else deposited 100,000. A drop to 800 leaves 0 at -809.
fn gap_world(actors: usize) -> World {
    let (a, b, c, k) = (0, 1, 2, 3);
    let mut w = World::new(actors);
    w.deposit(a, 1_000).unwrap();
    for who in 1..actors {
        w.deposit(who, 100_000).unwrap();
    }
    w.place(b, Side::Ask, 1_000, 9, OrderType::PostOnly)
        .unwrap();
    w.place(a, Side::Bid, 1_000, 9, OrderType::ImmediateOrCancel)
        .unwrap();
    w.place(c, Side::Ask, 1_000, 10, OrderType::PostOnly)
        .unwrap();
    w.place(k, Side::Bid, 1_000, 10, OrderType::ImmediateOrCancel)
        .unwrap();
    w
}

/// Finding 4: a gap leaves a position bankrupt: no penalty, the insurance fund pays first and
/// the rest is spread over the open interest.
#[test]
fn bankruptcy_uses_the_insurance_fund_then_socializes() {
    let (a, b, k) = (0, 1, 3);
    let mut w = gap_world(4);
    let fund = w.market.insurance_fund;
    assert!(fund > 0);
    w.set_price(800); // a: 991 - 1800 = -809
    let deficit = -w.equity(a) as u64;
    assert_eq!(deficit, 809);
    let fees = w.exchange.fees_collected;
    assert_eq!(w.liquidate(a, k, 100).unwrap(), 9);
    assert_eq!(
        w.exchange.fees_collected, fees,
        "no penalty out of a deficit"
    );
    assert_eq!(w.market.insurance_fund, 0);
    assert_eq!(w.market.socialized_loss_total, deficit - fund);
    assert_eq!(w.equity(a), 0);
    w.check_conservation();
    // Every open position pays its share when touched: b short 9, c short 10, k long 19.
    let before = w.equity(b);
    w.settle(b, a).unwrap();
    assert!(w.positions[b].socialized_loss > 0);
    assert_eq!(w.equity(b), before);
    w.check_conservation();
}

/// Finding 5: a maker that is not supplied stops matching (no error); the fill limit is the
/// caller's, within 1..=8.
#[test]
fn missing_makers_stop_matching_and_the_fill_limit_is_an_argument() {
    let mut w = World::new(3);
    for who in 0..3 {
        w.deposit(who, 100_000).unwrap();
    }
    w.place(0, Side::Ask, 1_000, 1, OrderType::PostOnly)
        .unwrap();
    for _ in 0..10 {
        w.place(1, Side::Ask, 1_001, 1, OrderType::PostOnly)
            .unwrap();
    }
    // Only maker 1 is named: matching stops at maker 0's order, nothing fails.
    let args = World::args(Side::Bid, 1_001, 5, OrderType::ImmediateOrCancel);
    let out = w.place_with(2, &args, &[1]).unwrap();
    assert_eq!((out.fill_count, out.stopped, out.dropped), (0, true, 5));
    let mut args = World::args(Side::Bid, 1_001, 11, OrderType::Limit);
    for bad in [0, 9] {
        args.max_fills = bad;
        assert_eq!(
            w.place_with(2, &args, &[0, 1]).unwrap_err(),
            PerpsError::InvalidFillLimit.into()
        );
    }
    args.max_fills = 3;
    let out = w.place_with(2, &args, &[0, 1]).unwrap();
    assert_eq!((out.fill_count, out.posted, out.dropped), (3, 0, 8));
    w.check_conservation();
}

/// Review finding A: in a delisted market, `flatten_position` (permissionless) closed a bankrupt
/// position's size like any other. Flat, it could no longer be liquidated (`NoOpenPosition`), so
/// its deficit was never resolved: the insurance fund never paid, nothing was socialized, and
/// the winners' profit exceeded what the losers could pay (`CounterpartyBankrupt` for the last
/// winner). Flattening a position with negative equity is refused (`PositionBankrupt`); it is
/// liquidated instead, which resolves the bankruptcy, and then every winner is paid.
#[test]
fn flattening_a_bankrupt_position_is_refused_and_liquidation_resolves_it() {
    let (a, b, c, k) = (0, 1, 2, 3);
    let mut w = gap_world(4);
    let fund = w.market.insurance_fund;
    w.set_price(800); // a: 991 - 1800 = -809; b wins 1800, c 2000; k loses 2000
    w.delist().unwrap();
    assert!(w.equity(a) < 0);
    // The attack: anyone flattens the bankrupt position before it is liquidated.
    assert_eq!(
        w.flatten(a).unwrap_err(),
        PerpsError::PositionBankrupt.into()
    );
    // Liquidation still works at the settlement price and resolves the deficit.
    assert_eq!(w.liquidate(a, k, 100).unwrap(), 9);
    assert_eq!(w.equity(a), 0);
    assert_eq!(w.market.insurance_fund, 0, "the fund paid {fund} first");
    assert_eq!(w.market.socialized_loss_total, 809 - fund);
    w.check_conservation();
    for who in [b, c, k] {
        w.flatten(who).unwrap();
    }
    w.check_conservation();
    // Every winner is paid in full by the losers (b and c against a and k).
    for winner in [b, c] {
        for loser in [a, k] {
            let _ = w.settle(winner, loser);
        }
        assert_eq!(w.settleable(winner), 0, "winner {winner} paid in full");
    }
    w.check_conservation();
}

/// Review finding B: after delisting, `flatten_position` closes sizes with no counterparty, so
/// the open lots are no longer `2 × open_interest`. A bankruptcy resolved after some positions
/// were flattened spread its loss over lots that had left: the remaining positions paid too
/// little and the last winner was left unpaid (a short flattened first), or too much (a long
/// flattened first), and with every counterparty flattened the liquidation failed outright
/// (`MathOverflow`), leaving the bankrupt position stuck. The market counts what flattening
/// closed (`flattened_size`), and the loss is spread over the lots still open.
#[test]
fn after_delisting_the_loss_is_spread_over_the_lots_still_open() {
    let (a, b, c, k, l) = (0, 1, 2, 3, 4);
    let setup = || {
        let mut w = gap_world(5);
        w.set_price(800); // a: -809; b, c (short) win; k loses
        w.delist().unwrap();
        w
    };
    let settle_all = |w: &mut World| {
        for who in [b, c, k, l] {
            let _ = w.flatten(who);
        }
        w.check_conservation();
        for winner in [b, c] {
            for loser in [a, k] {
                let _ = w.settle(winner, loser);
            }
            assert_eq!(w.settleable(winner), 0, "winner {winner} paid in full");
        }
    };
    // b (short 9) flattens, settles its whole profit and leaves before a is liquidated: the
    // open lots besides a's are k's 10 and c's 10, not 2 × 19 - 9 = 29.
    let mut w = setup();
    w.flatten(b).unwrap();
    w.settle(b, k).unwrap();
    let rest = 809 - w.market.insurance_fund;
    w.liquidate(a, l, 100).unwrap();
    settle_all(&mut w);
    assert_eq!(
        w.positions[c].socialized_loss + w.positions[k].socialized_loss,
        rest,
        "the lots still open pay the whole loss, no more"
    );
    // k (long 10) flattens first: the open lots are b's 9 and c's 10, not 2 × 9 - 9 = 9.
    let mut w = setup();
    w.flatten(k).unwrap();
    w.liquidate(a, l, 100).unwrap();
    settle_all(&mut w);
    let paid = w.positions[b].socialized_loss + w.positions[c].socialized_loss;
    assert!((rest..=rest + 2).contains(&paid), "{paid} for {rest}");
}

/// Review finding B, the liveness half: a bankrupt short whose every long counterparty was
/// flattened could not be liquidated (`2 × 0 - 9` lots: `MathOverflow`) nor flattened
/// (`PositionBankrupt`). Now the liquidation goes through and the insurance fund pays.
#[test]
fn a_bankrupt_short_is_liquidated_after_its_counterparties_were_flattened() {
    let (a, b, l) = (0, 1, 2);
    let mut w = World::new(3);
    w.deposit(a, 1_000).unwrap();
    w.deposit(b, 100_000).unwrap();
    w.deposit(l, 100_000).unwrap();
    w.place(b, Side::Bid, 1_000, 9, OrderType::PostOnly)
        .unwrap();
    w.place(a, Side::Ask, 1_000, 9, OrderType::ImmediateOrCancel)
        .unwrap();
    w.set_price(1_200); // a: 991 - 1800 = -809
    w.delist().unwrap();
    w.flatten(b).unwrap();
    let fund = w.market.insurance_fund;
    assert!(fund > 0);
    w.liquidate(a, l, 100).unwrap();
    assert_eq!(w.market.insurance_fund, 0);
    assert_eq!(
        w.equity(a),
        -(809 - fund as i128),
        "nobody is left to pay the rest"
    );
    w.flatten(l).unwrap();
    w.check_conservation();
}

/// Review finding C: the minimum notional was checked only when an order was placed, so a
/// second wallet filling all but one lot of a minimum-size order left a one-lot order resting:
/// a wall of those at the best price held any taker to `max_fills` (8) lots per transaction for
/// the price of the fees. A fill that leaves less than the minimum notional cancels the rest
/// (`OrderCancelled`, reason `DustRemainder`).
#[test]
fn a_partial_fill_never_leaves_dust_resting() {
    let (m, t, h) = (0, 1, 2);
    let mut w = World::new(3);
    w.market.min_order_notional = 5_000; // 5 lots at 1 000
    for who in [m, t, h] {
        w.deposit(who, 100_000).unwrap();
    }
    for _ in 0..8 {
        w.place(m, Side::Ask, 1_000, 10, OrderType::PostOnly)
            .unwrap();
        let out = w
            .place(t, Side::Bid, 1_000, 9, OrderType::ImmediateOrCancel)
            .unwrap();
        assert_eq!((out.fill_count, out.filled), (1, 9));
    }
    assert!(w.book.asks.is_empty(), "no one-lot remainder rests");
    assert_eq!(w.positions[m].open_orders, 0);
    w.check_conservation();
    // A remainder at the minimum rests as before, and an honest taker fills it in one go.
    w.place(m, Side::Ask, 1_000, 10, OrderType::PostOnly)
        .unwrap();
    w.place(t, Side::Bid, 1_000, 5, OrderType::ImmediateOrCancel)
        .unwrap();
    assert_eq!(w.book.asks.active()[0].quantity, 5);
    let out = w
        .place(h, Side::Bid, 1_000, 5, OrderType::ImmediateOrCancel)
        .unwrap();
    assert_eq!(out.filled, 5);
    w.check_conservation();
}
