use crate::accounts_ix::PlaceOrder;
use crate::controller::fill::{settle_fill, FillContext};
use crate::errors::PerpsError;
use crate::math::safe_math::SafeMath;
use crate::state::{Fill, Order, Position};
use crate::types::{OrderType, Side};
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct PlaceOrderArgs {
    pub side: Side,
    /// Limit price: a positive multiple of the market's tick size. Unit: quote atoms per base lot.
    pub price: u64,
    /// Greater than zero. Unit: base lots.
    pub quantity: u64,
    pub order_type: OrderType,
}

impl PlaceOrderArgs {
    fn validate(&self, tick_size: u64) -> Result<()> {
        require!(self.price > 0, PerpsError::InvalidPrice);
        require!(self.quantity > 0, PerpsError::InvalidQuantity);
        require!(
            self.price.checked_rem(tick_size) == Some(0),
            PerpsError::PriceNotOnTick
        );
        Ok(())
    }
}

pub fn place_order<'info>(
    ctx: Context<'_, '_, 'info, 'info, PlaceOrder<'info>>,
    args: PlaceOrderArgs,
) -> Result<()> {
    let clock = Clock::get()?;
    let market_key = ctx.accounts.market.key();
    let position_key = ctx.accounts.position.key();
    let mut market = ctx.accounts.market.load_mut()?;
    args.validate(market.tick_size)?;
    let mark = market.fresh_mark_price(clock.unix_timestamp)?;
    let mut exchange = ctx.accounts.exchange.load_mut()?;
    let mut book = ctx.accounts.order_book.load_mut()?;
    let mut taker = ctx.accounts.position.load_mut()?;

    let order_id = market.next_order_id;
    market.next_order_id = order_id.safe_add(1)?;
    let exposure_before = taker.worst_case_lots()?;

    let outcome = book.match_order(
        args.side,
        args.order_type,
        Order {
            owner: taker.owner,
            order_id,
            position_id: taker.position_id,
            price: args.price,
            quantity: args.quantity,
        },
    )?;
    for fill in outcome.fills() {
        let maker_loader = find_maker(ctx.remaining_accounts, fill, &market_key, &position_key)?;
        let mut maker = maker_loader.load_mut()?;
        let ctx_fill = FillContext {
            side: args.side,
            order_id,
            market_key,
            mark,
            clock: &clock,
        };
        settle_fill(
            &ctx_fill,
            fill,
            &mut market,
            &mut exchange,
            &mut taker,
            &mut maker,
        )?;
    }
    if outcome.posted > 0 {
        taker.add_open_order(args.side, outcome.posted)?;
    }
    if outcome.dropped > 0 {
        msg!(
            "order {}: {} lots not filled and not posted",
            order_id,
            outcome.dropped
        );
    }

    // Initial margin after the fills, including resting orders. An order that only shrinks the
    // worst-case exposure (and posts nothing), or changes nothing, is allowed even below it, so
    // an under-margined trader can always reduce.
    let unchanged = outcome.posted == 0 && outcome.fill_count == 0;
    let reducing = outcome.posted == 0 && taker.worst_case_lots()? < exposure_before;
    if !(reducing || unchanged) {
        let required = taker.initial_requirement(mark, market.initial_margin_bps)?;
        require!(
            taker.equity(mark)? >= required.0 as i128,
            PerpsError::InsufficientMargin
        );
    }
    Ok(())
}

/// The maker's position among `remaining_accounts`: a program-owned `Position` (so created by
/// this program at `["position", market, owner]`) of this market with the resting order's
/// position id and owner. Other accounts are skipped.
///
/// Not inlined, for the same reason as `settle_fill`: SBF's 4,096-byte frame per function.
#[inline(never)]
fn find_maker<'info>(
    accounts: &'info [AccountInfo<'info>],
    fill: &Fill,
    market: &Pubkey,
    taker_position: &Pubkey,
) -> Result<AccountLoader<'info, Position>> {
    for info in accounts {
        if info.key == taker_position || info.owner != &crate::ID {
            continue;
        }
        let Ok(loader) = AccountLoader::<Position>::try_from(info) else {
            continue;
        };
        let matches = {
            let p = loader.load()?;
            p.position_id == fill.maker_position_id && p.market == *market && p.owner == fill.maker
        };
        if matches {
            return Ok(loader);
        }
    }
    msg!("missing maker position id {}", fill.maker_position_id);
    err!(PerpsError::MissingMakerPosition)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(price: u64, quantity: u64) -> PlaceOrderArgs {
        PlaceOrderArgs {
            side: Side::Bid,
            price,
            quantity,
            order_type: OrderType::Limit,
        }
    }

    #[test]
    fn order_arguments_are_validated() {
        assert!(args(100, 1).validate(10).is_ok());
        assert_eq!(
            args(0, 1).validate(10).unwrap_err(),
            PerpsError::InvalidPrice.into()
        );
        assert_eq!(
            args(100, 0).validate(10).unwrap_err(),
            PerpsError::InvalidQuantity.into()
        );
        assert_eq!(
            args(105, 1).validate(10).unwrap_err(),
            PerpsError::PriceNotOnTick.into()
        );
        assert_eq!(
            args(100, 1).validate(0).unwrap_err(),
            PerpsError::PriceNotOnTick.into()
        );
    }
}
