use crate::accounts_ix::MarketAdmin;
use crate::controller::admin;
use crate::events::MarketParamsUpdated;
use crate::runtime::emit_event;
use crate::state::MarketParams;
use anchor_lang::prelude::*;

pub fn update_market_params(ctx: Context<MarketAdmin>, params: MarketParams) -> Result<()> {
    let mut market = ctx.accounts.market.load_mut()?;
    let previous = admin::update_market_params(&mut market, params)?;
    emit_event(&MarketParamsUpdated {
        market: ctx.accounts.market.key(),
        admin: ctx.accounts.admin.key(),
        previous,
        params,
        timestamp: Clock::get()?.unix_timestamp,
    });
    Ok(())
}
