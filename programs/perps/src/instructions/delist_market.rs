use crate::accounts_ix::DelistMarket;
use crate::controller::admin;
use crate::events::MarketDelisted;
use crate::runtime::emit_event;
use anchor_lang::prelude::*;

pub fn delist_market(ctx: Context<DelistMarket>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let exchange = ctx.accounts.exchange.load()?;
    let mut market = ctx.accounts.market.load_mut()?;
    let mut book = ctx.accounts.order_book.load_mut()?;
    let caller = ctx.accounts.caller.key();
    let out = admin::delist_market(&exchange, &mut market, &mut book, caller, now)?;
    emit_event(&MarketDelisted {
        market: ctx.accounts.market.key(),
        delisted_by: caller,
        by_admin: out.by_admin,
        settlement_price: out.settlement_price,
        price_updated_at: market.price_updated_at,
        cancelled_orders: out.cancelled_orders,
        timestamp: now,
    });
    Ok(())
}
