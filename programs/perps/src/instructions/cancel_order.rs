use crate::accounts_ix::CancelOrder;
use crate::errors::PerpsError;
use crate::types::Side;
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct CancelOrderArgs {
    /// The side the order rests on.
    pub side: Side,
    /// The id assigned by `place_order` (see `market.next_order_id`).
    pub order_id: u64,
}

pub fn cancel_order(ctx: Context<CancelOrder>, args: CancelOrderArgs) -> Result<()> {
    let mut book = ctx.accounts.order_book.load_mut()?;
    let side = book.side_mut(args.side);
    let index = side.find(args.order_id).ok_or(PerpsError::OrderNotFound)?;
    require!(
        side.orders[index].owner == ctx.accounts.owner.key(),
        PerpsError::NotOrderOwner
    );
    let order = side.remove(index)?;
    let mut position = ctx.accounts.position.load_mut()?;
    position.reduce_open_order(args.side, order.quantity, true)?;
    msg!(
        "cancelled order {} ({} lots)",
        order.order_id,
        order.quantity
    );
    Ok(())
}
