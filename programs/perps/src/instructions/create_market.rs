use crate::accounts_ix::CreateMarket;
use crate::errors::PerpsError;
use crate::events::MarketCreated;
use crate::runtime::emit_event;
use crate::state::{encode_symbol, MarketParams};
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct CreateMarketArgs {
    /// 1-16 characters of `A-Z 0-9 - / _`.
    pub symbol: String,
    /// Unit: quote atoms per base lot.
    pub tick_size: u64,
    /// Unit: base atoms per base lot.
    pub base_lot_size: u64,
    pub base_decimals: u8,
    /// Unit: basis points of notional, at most 1000.
    pub taker_fee_bps: u16,
    /// Unit: basis points of notional, at most the taker fee.
    pub maker_fee_bps: u16,
    /// Unit: basis points of notional; greater than the maintenance margin, at most 10000.
    pub initial_margin_bps: u16,
    /// Unit: basis points of notional; greater than zero.
    pub maintenance_margin_bps: u16,
    /// Unit: basis points of liquidated notional; in 1..=maintenance_margin_bps.
    pub liquidation_penalty_bps: u16,
    pub price_authority: Pubkey,
    /// Unit: seconds; greater than zero.
    pub max_price_age_secs: u32,
    /// Orders rest and fill only within this distance of the mark. Unit: basis points of the
    /// mark, 1..=10000.
    pub price_band_bps: u16,
    /// Smallest `price × quantity` of an order, and of a remainder that rests. Unit: quote
    /// atoms, greater than zero.
    pub min_order_notional: u64,
    /// Most resting orders per position, 1..=128 (both book sides).
    pub max_orders_per_position: u16,
}

impl CreateMarketArgs {
    /// The parameters `update_market_params` may change later.
    pub fn params(&self) -> MarketParams {
        MarketParams {
            taker_fee_bps: self.taker_fee_bps,
            maker_fee_bps: self.maker_fee_bps,
            initial_margin_bps: self.initial_margin_bps,
            maintenance_margin_bps: self.maintenance_margin_bps,
            liquidation_penalty_bps: self.liquidation_penalty_bps,
            max_price_age_secs: self.max_price_age_secs,
            price_band_bps: self.price_band_bps,
            min_order_notional: self.min_order_notional,
            max_orders_per_position: self.max_orders_per_position,
        }
    }

    /// Tick and lot size here; the rest through `MarketParams::validate`, the validation
    /// `update_market_params` uses too.
    fn validate(&self) -> Result<()> {
        require!(
            self.tick_size > 0 && self.base_lot_size > 0,
            PerpsError::InvalidTickOrLotSize
        );
        self.params().validate()
    }
}

/// `index` equals `exchange.market_count` (checked with the accounts, `MarketIndexMismatch`).
pub fn create_market(ctx: Context<CreateMarket>, index: u16, args: CreateMarketArgs) -> Result<()> {
    args.validate()?;
    let symbol = encode_symbol(&args.symbol)?;
    let mut exchange = ctx.accounts.exchange.load_mut()?;
    exchange.market_count = index.checked_add(1).ok_or(PerpsError::TooManyMarkets)?;

    let mut market = ctx.accounts.market.load_init()?;
    market.exchange = ctx.accounts.exchange.key();
    market.price_authority = args.price_authority;
    market.symbol = symbol;
    market.tick_size = args.tick_size;
    market.base_lot_size = args.base_lot_size;
    market.index = index;
    args.params().apply(&mut market);
    market.base_decimals = args.base_decimals;
    market.bump = ctx.bumps.market;
    market.order_book = ctx.accounts.order_book.key();
    market.next_order_id = 1;
    let mut book = ctx.accounts.order_book.load_init()?;
    book.market = ctx.accounts.market.key();

    emit_event(&MarketCreated {
        market: ctx.accounts.market.key(),
        index,
        symbol: args.symbol,
        tick_size: args.tick_size,
        base_lot_size: args.base_lot_size,
        base_decimals: args.base_decimals,
        taker_fee_bps: args.taker_fee_bps,
        maker_fee_bps: args.maker_fee_bps,
        initial_margin_bps: args.initial_margin_bps,
        maintenance_margin_bps: args.maintenance_margin_bps,
        liquidation_penalty_bps: args.liquidation_penalty_bps,
        price_authority: args.price_authority,
        max_price_age_secs: args.max_price_age_secs,
        timestamp: Clock::get()?.unix_timestamp,
    });
    Ok(())
}
