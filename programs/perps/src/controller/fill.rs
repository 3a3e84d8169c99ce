//! Applying one fill to the taker's and the maker's positions.

use crate::errors::PerpsError;
use crate::events::OrderFilled;
use crate::math::fees::trading_fee;
use crate::math::safe_math::SafeMath;
use crate::quantities::{BaseLots, Bps, QuoteAtomsPerBaseLot};
use crate::runtime::emit_event;
use crate::state::{Exchange, Fill, Market, Position};
use crate::types::Side;
use anchor_lang::prelude::*;

/// What a fill needs besides the accounts.
pub struct FillContext<'a> {
    pub side: Side,
    pub order_id: u64,
    pub market_key: Pubkey,
    /// Unit: quote atoms per base lot.
    pub mark: u64,
    pub clock: &'a Clock,
}

/// Moves both positions, charges both fees and emits `OrderFilled` then `PositionUpdated` for
/// the taker and the maker.
///
/// Not inlined: on SBF every function has a 4,096-byte stack frame, and inlined into
/// `place_order`'s fill loop (with `find_maker`) this pushed that frame to 4,192 bytes.
#[inline(never)]
pub fn settle_fill(
    c: &FillContext,
    fill: &Fill,
    market: &mut Market,
    exchange: &mut Exchange,
    taker: &mut Position,
    maker: &mut Position,
) -> Result<()> {
    let price = QuoteAtomsPerBaseLot(fill.price);
    let qty = BaseLots(fill.quantity);
    taker.apply_fill(c.side, qty, price)?;
    maker.apply_fill(c.side.opposite(), qty, price)?;
    maker.reduce_open_order(c.side.opposite(), fill.quantity, fill.maker_order_closed)?;

    let taker_fee = trading_fee(price, qty, Bps(market.taker_fee_bps))?.0;
    require!(
        taker.collateral >= taker_fee,
        PerpsError::InsufficientCollateral
    );
    // A maker cannot refuse a fill, so its fee is capped at what it holds.
    let maker_fee = trading_fee(price, qty, Bps(market.maker_fee_bps))?
        .0
        .min(maker.collateral);
    taker.collateral = taker.collateral.safe_sub(taker_fee)?;
    maker.collateral = maker.collateral.safe_sub(maker_fee)?;
    let fees = taker_fee.safe_add(maker_fee)?;
    exchange.total_collateral = exchange.total_collateral.safe_sub(fees)?;
    exchange.fees_collected = exchange.fees_collected.safe_add(fees)?;
    market.fill_seq = market.fill_seq.safe_add(1)?;

    emit_event(&OrderFilled {
        market: c.market_key,
        position_id: taker.position_id,
        order_id: c.order_id,
        price: fill.price,
        quantity: fill.quantity,
        taker_fee,
        maker_fee,
        taker: taker.owner,
        maker: maker.owner,
        maker_position_id: maker.position_id,
        maker_order_id: fill.maker_order_id,
        taker_side: c.side,
        seq: market.fill_seq,
        timestamp: c.clock.unix_timestamp,
    });
    taker.emit_updated(c.mark, c.clock)?;
    maker.emit_updated(c.mark, c.clock)
}
