use crate::accounts_ix::SetPrice;
use crate::errors::PerpsError;
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct SetPriceArgs {
    /// New mark price, greater than zero (need not be on the tick). Unit: quote atoms per base lot.
    pub price: u64,
}

pub fn set_price(ctx: Context<SetPrice>, args: SetPriceArgs) -> Result<()> {
    require!(args.price > 0, PerpsError::InvalidPrice);
    let now = Clock::get()?.unix_timestamp;
    let mut market = ctx.accounts.market.load_mut()?;
    market.mark_price = args.price;
    market.price_updated_at = now;
    msg!("mark price {} at {}", args.price, now);
    Ok(())
}
