use crate::accounts_ix::MarketAdmin;
use crate::controller::admin;
use crate::events::PriceAuthorityChanged;
use crate::runtime::emit_event;
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct SetPriceAuthorityArgs {
    /// The only signer `set_price` will accept from now on.
    pub price_authority: Pubkey,
}

pub fn set_price_authority(ctx: Context<MarketAdmin>, args: SetPriceAuthorityArgs) -> Result<()> {
    let mut market = ctx.accounts.market.load_mut()?;
    let previous = admin::set_price_authority(&mut market, args.price_authority);
    emit_event(&PriceAuthorityChanged {
        market: ctx.accounts.market.key(),
        admin: ctx.accounts.admin.key(),
        previous_price_authority: previous,
        price_authority: args.price_authority,
        timestamp: Clock::get()?.unix_timestamp,
    });
    Ok(())
}
