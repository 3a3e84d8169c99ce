//! Applying one fill to the taker's and the maker's positions, with the maker checked at fill
//! time.

use super::market::{apply_fill, collect_income};
use crate::errors::PerpsError;
use crate::events::OrderFilled;
use crate::math::fees::trading_fee;
use crate::math::safe_math::SafeMath;
use crate::quantities::{BaseLots, Bps, QuoteAtoms, QuoteAtomsPerBaseLot};
use crate::runtime::emit_event;
use crate::state::{Exchange, Market, Order, Position};
use crate::types::Side;
use anchor_lang::prelude::*;

/// What a fill needs besides the accounts.
pub struct FillContext<'a> {
    /// The taker's side.
    pub side: Side,
    /// The taker's order id.
    pub order_id: u64,
    pub market_key: Pubkey,
    /// Unit: quote atoms per base lot.
    pub mark: u64,
    pub clock: &'a Clock,
}

/// Fills `quantity` of the resting `order` between `taker` and `maker` at the order's price,
/// unless the maker would end below its maintenance requirement (equity after the fill and its
/// fee): then nothing changes and `Ok(false)` is returned, so the caller cancels the order.
/// Charges both fees (the maker's capped at its collateral, the taker's must be covered:
/// `InsufficientCollateral`), books the exchange's share and emits `OrderFilled`, then
/// `PositionUpdated` for the taker and the maker. Both positions must be synced.
///
/// Not inlined: on SBF every function has a 4,096-byte stack frame, and inlined into matching
/// (with the maker lookup) this pushed `place_order`'s frame over it.
#[inline(never)]
pub fn try_fill(
    c: &FillContext,
    order: &Order,
    quantity: u64,
    market: &mut Market,
    exchange: &mut Exchange,
    taker: &mut Position,
    maker: &mut Position,
) -> Result<bool> {
    let price = QuoteAtomsPerBaseLot(order.price);
    let qty = BaseLots(quantity);
    let closed = quantity == order.quantity;
    let mut m = *maker;
    let mut oi = *market;
    apply_fill(&mut oi, &mut m, c.side.opposite(), quantity, order.price)?;
    m.reduce_open_order(c.side.opposite(), quantity, order.price, closed)?;
    let maker_fee = trading_fee(price, qty, Bps(market.maker_fee_bps))?
        .0
        .min(m.collateral);
    m.collateral = m.collateral.safe_sub(maker_fee)?;
    if !m.above_maintenance(c.mark, market.maintenance_margin_bps)? {
        return Ok(false);
    }
    apply_fill(&mut oi, taker, c.side, quantity, order.price)?;
    let taker_fee = trading_fee(price, qty, Bps(market.taker_fee_bps))?.0;
    require!(
        taker.collateral >= taker_fee,
        PerpsError::InsufficientCollateral
    );
    taker.collateral = taker.collateral.safe_sub(taker_fee)?;
    *maker = m;
    market.open_interest = oi.open_interest;

    let fees = taker_fee.safe_add(maker_fee)?;
    exchange.total_collateral = exchange.total_collateral.safe_sub(fees)?;
    collect_income(market, exchange, QuoteAtoms(fees))?;
    market.fill_seq = market.fill_seq.safe_add(1)?;

    emit_event(&OrderFilled {
        market: c.market_key,
        position_id: taker.position_id,
        order_id: c.order_id,
        price: order.price,
        quantity,
        taker_fee,
        maker_fee,
        taker: taker.owner,
        maker: maker.owner,
        maker_position_id: maker.position_id,
        maker_order_id: order.order_id,
        taker_side: c.side,
        seq: market.fill_seq,
        timestamp: c.clock.unix_timestamp,
    });
    taker.emit_updated(c.mark, c.clock)?;
    maker.emit_updated(c.mark, c.clock)?;
    Ok(true)
}
