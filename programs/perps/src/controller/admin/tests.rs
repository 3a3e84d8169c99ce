use super::*;
use crate::math::pnl;
use crate::quantities::{BaseLots, QuoteAtomsPerBaseLot};
use crate::state::{Order, MARKET_LISTED};
use bytemuck::Zeroable;

fn market(mark: u64, updated_at: i64) -> Market {
    let mut m = Market::zeroed();
    m.mark_price = mark;
    m.price_updated_at = updated_at;
    m.max_price_age_secs = 60;
    m.initial_margin_bps = 1_000;
    m.maintenance_margin_bps = 500;
    m
}

fn err(e: PerpsError) -> Error {
    e.into()
}

#[test]
fn admin_rotation_needs_the_pending_admin_and_clears_it() {
    let (admin, next, other) = (
        Pubkey::new_unique(),
        Pubkey::new_unique(),
        Pubkey::new_unique(),
    );
    let mut ex = Exchange::zeroed();
    ex.admin = admin;
    // Nothing proposed: not even the default key can accept.
    assert_eq!(
        accept_admin(&mut ex, Pubkey::default()).unwrap_err(),
        err(PerpsError::NotPendingAdmin)
    );
    propose_admin(&mut ex, next);
    assert_eq!(
        accept_admin(&mut ex, other).unwrap_err(),
        err(PerpsError::NotPendingAdmin)
    );
    assert_eq!(ex.admin, admin);
    assert_eq!(accept_admin(&mut ex, next).unwrap(), admin);
    assert_eq!((ex.admin, ex.pending_admin), (next, Pubkey::default()));
    // A withdrawn proposal cannot be accepted.
    propose_admin(&mut ex, other);
    propose_admin(&mut ex, Pubkey::default());
    assert_eq!(
        accept_admin(&mut ex, other).unwrap_err(),
        err(PerpsError::NotPendingAdmin)
    );
}

#[test]
fn fee_withdrawal_is_bounded_by_the_fees_collected() {
    let mut ex = Exchange::zeroed();
    ex.fees_collected = 100;
    ex.total_collateral = 5_000;
    assert_eq!(
        withdraw_fees(&mut ex, 0).unwrap_err(),
        err(PerpsError::InvalidAmount)
    );
    assert_eq!(
        withdraw_fees(&mut ex, 101).unwrap_err(),
        err(PerpsError::InsufficientFees)
    );
    assert_eq!(withdraw_fees(&mut ex, 60).unwrap(), 40);
    assert_eq!(withdraw_fees(&mut ex, 40).unwrap(), 0);
    // Collateral is never touched.
    assert_eq!(ex.total_collateral, 5_000);
}

#[test]
fn params_update_validates_like_create_market_and_returns_the_old_ones() {
    let mut m = market(100, 0);
    m.taker_fee_bps = 10;
    m.maker_fee_bps = 2;
    m.liquidation_penalty_bps = 250;
    m.price_band_bps = 1_000;
    m.min_order_notional = 100;
    m.max_orders_per_position = 16;
    let before = MarketParams::of(&m);
    let bad = MarketParams {
        maintenance_margin_bps: 1_000,
        ..before
    };
    assert_eq!(
        update_market_params(&mut m, bad).unwrap_err(),
        err(PerpsError::InvalidMarginRatios)
    );
    assert_eq!(MarketParams::of(&m), before);
    let bad = MarketParams {
        price_band_bps: 0,
        ..before
    };
    assert_eq!(
        update_market_params(&mut m, bad).unwrap_err(),
        err(PerpsError::InvalidPriceBand)
    );
    let bad = MarketParams {
        min_order_notional: 0,
        ..before
    };
    assert_eq!(
        update_market_params(&mut m, bad).unwrap_err(),
        err(PerpsError::InvalidOrderLimits)
    );
    assert_eq!(MarketParams::of(&m), before);
    let new = MarketParams {
        taker_fee_bps: 20,
        max_price_age_secs: 30,
        ..before
    };
    assert_eq!(update_market_params(&mut m, new).unwrap(), before);
    assert_eq!(MarketParams::of(&m), new);
    m.status = MARKET_DELISTED;
    assert_eq!(
        update_market_params(&mut m, before).unwrap_err(),
        err(PerpsError::MarketNotListed)
    );
}

#[test]
fn price_authority_is_replaced() {
    let mut m = market(100, 0);
    let (a, b) = (Pubkey::new_unique(), Pubkey::new_unique());
    m.price_authority = a;
    assert_eq!(set_price_authority(&mut m, b), a);
    assert_eq!(m.price_authority, b);
}

#[test]
fn the_escape_opens_only_after_the_price_was_stale_past_the_delay() {
    let m = market(1_000, 10_000);
    let limit = 10_000 + 60 + DELIST_ESCAPE_DELAY_SECS;
    assert!(!stale_escape_open(&m, limit));
    assert!(stale_escape_open(&m, limit + 1));
    // A market that was never priced has nothing to escape from (no position can have size).
    assert!(!stale_escape_open(&market(0, 0), i64::MAX));
    // A clock before the price (age negative) never opens it.
    assert!(!stale_escape_open(&m, i64::MIN));
}

#[test]
fn delisting_by_anyone_needs_the_escape_by_the_admin_does_not() {
    let (admin, anyone) = (Pubkey::new_unique(), Pubkey::new_unique());
    let mut ex = Exchange::zeroed();
    ex.admin = admin;
    let mut book = OrderBook::zeroed();
    let order = |id| Order {
        owner: anyone,
        order_id: id,
        position_id: 1,
        price: 900,
        quantity: 3,
    };
    book.bids.insert(Side::Bid, order(1)).unwrap();
    book.asks
        .insert(
            Side::Ask,
            Order {
                price: 1_100,
                ..order(2)
            },
        )
        .unwrap();
    book.asks
        .insert(
            Side::Ask,
            Order {
                price: 1_200,
                ..order(3)
            },
        )
        .unwrap();

    let mut m = market(1_000, 10_000);
    let open_at = 10_000 + 60 + DELIST_ESCAPE_DELAY_SECS + 1;
    assert_eq!(
        delist_market(&ex, &mut m, &mut book, anyone, open_at - 1).unwrap_err(),
        err(PerpsError::DelistNotAllowed)
    );
    assert_eq!((m.status, book.asks.len()), (MARKET_LISTED, 2));
    let out = delist_market(&ex, &mut m, &mut book, anyone, open_at).unwrap();
    assert_eq!(
        out,
        DelistOutcome {
            by_admin: false,
            settlement_price: 1_000,
            cancelled_orders: 3
        }
    );
    assert!(m.is_delisted() && book.bids.is_empty() && book.asks.is_empty());
    // The settlement price never goes stale; a second delisting fails.
    assert_eq!(m.fresh_mark_price(i64::MAX).unwrap(), 1_000);
    assert_eq!(
        delist_market(&ex, &mut m, &mut book, admin, open_at).unwrap_err(),
        err(PerpsError::MarketNotListed)
    );

    let mut fresh = market(1_000, 10_000);
    let out = delist_market(&ex, &mut fresh, &mut book, admin, 10_001).unwrap();
    assert_eq!(
        out,
        DelistOutcome {
            by_admin: true,
            settlement_price: 1_000,
            cancelled_orders: 0
        }
    );
}

/// Flattening every position of a delisted market at the settlement price keeps PnL zero-sum:
/// Σ (realized − settled) over the positions is unchanged (0 here), to the atom.
#[test]
fn flattening_at_the_settlement_price_is_zero_sum() {
    let mut m = market(1_000, 0);
    let (mut long, mut short) = (Position::zeroed(), Position::zeroed());
    long.apply_fill(Side::Bid, BaseLots(7), QuoteAtomsPerBaseLot(950))
        .unwrap();
    short
        .apply_fill(Side::Ask, BaseLots(7), QuoteAtomsPerBaseLot(950))
        .unwrap();
    m.open_interest = 7; // the fills above, as controller::market::apply_fill would count them
                         // Solvent at the settlement price (a bankrupt one is liquidated instead: `PositionBankrupt`).
    (long.collateral, short.collateral) = (1_000, 1_000);
    long.add_open_order(Side::Ask, 2, 1_000).unwrap();
    assert_eq!(
        flatten_position(&mut m, &mut long).unwrap_err(),
        err(PerpsError::MarketNotDelisted)
    );
    m.status = MARKET_DELISTED;
    m.mark_price = 1_013;
    flatten_position(&mut m, &mut long).unwrap();
    flatten_position(&mut m, &mut short).unwrap();
    assert_eq!(
        (
            long.size,
            long.cost_basis,
            long.open_orders,
            long.ask_open_lots
        ),
        (0, 0, 0, 0)
    );
    assert_eq!(long.realized_pnl, 7 * 63);
    assert_eq!(long.realized_pnl + short.realized_pnl, 0);
    assert_eq!(
        pnl::unrealized_pnl(long.state(), QuoteAtomsPerBaseLot(1)).unwrap(),
        0
    );
    assert_eq!(
        flatten_position(&mut m, &mut long).unwrap_err(),
        err(PerpsError::NoOpenPosition)
    );
}

#[test]
fn only_an_empty_position_is_closable() {
    let empty = Position::zeroed();
    check_closable(&empty).unwrap();
    let not_empty = [
        Position { size: 1, ..empty },
        Position {
            open_orders: 1,
            ..empty
        },
        Position {
            bid_open_lots: 1,
            ..empty
        },
        Position {
            ask_open_lots: 1,
            ..empty
        },
        Position {
            collateral: 1,
            ..empty
        },
        Position {
            realized_pnl: 5,
            ..empty
        },
        Position {
            realized_pnl: -5,
            settled_pnl: -4,
            ..empty
        },
    ];
    for p in not_empty {
        assert_eq!(
            check_closable(&p).unwrap_err(),
            err(PerpsError::PositionNotEmpty),
            "{p:?}"
        );
    }
    // Realised PnL fully settled leaves nothing behind.
    check_closable(&Position {
        realized_pnl: -5,
        settled_pnl: -5,
        ..empty
    })
    .unwrap();
}
