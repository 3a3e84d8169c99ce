use crate::accounts_ix::Liquidate;
use crate::controller::liquidation::liquidate_position;
use crate::events::{BankruptcyResolved, InsuranceFundChanged, LiquidationExecuted};
use crate::math::safe_math::{Cast, SafeMath};
use crate::runtime::emit_event;
use crate::types::InsuranceReason;
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct LiquidateArgs {
    /// Most size to take over (the close factor may take less). Greater than zero.
    /// Unit: base lots.
    pub max_quantity: u64,
}

pub fn liquidate(ctx: Context<Liquidate>, args: LiquidateArgs) -> Result<()> {
    let clock = Clock::get()?;
    let market_key = ctx.accounts.market.key();
    let mut market = ctx.accounts.market.load_mut()?;
    let mut exchange = ctx.accounts.exchange.load_mut()?;
    let mut book = ctx.accounts.order_book.load_mut()?;
    let mut position = ctx.accounts.position.load_mut()?;
    let mut liquidator = ctx.accounts.liquidator_position.load_mut()?;
    let out = liquidate_position(
        clock.unix_timestamp,
        &mut market,
        &mut exchange,
        &mut book,
        &mut position,
        &mut liquidator,
        args.max_quantity,
    )?;
    let mark = out.mark;
    emit_event(&LiquidationExecuted {
        position_id: position.position_id,
        user: position.owner,
        market: market_key,
        liquidated_size: out.quantity,
        liquidation_price: mark,
        penalty_fee: out.penalty.total.0,
        liquidator: ctx.accounts.liquidator.key(),
        remaining_size: position.size.unsigned_abs(),
        liquidator_position_id: liquidator.position_id,
        liquidator_fee: out.penalty.liquidator.0,
        exchange_fee: out.penalty.exchange.0,
        timestamp: clock.unix_timestamp,
    });
    position.emit_updated(mark, &clock)?;
    liquidator.emit_updated(mark, &clock)?;
    let mut insurance_balance = market.insurance_fund;
    if let Some(b) = out.bankruptcy {
        insurance_balance = insurance_balance.safe_add(b.insurance_paid)?;
    }
    if out.penalty_to_insurance > 0 {
        emit_event(&InsuranceFundChanged {
            market: market_key,
            position_id: position.position_id,
            delta: out.penalty_to_insurance.cast()?,
            balance: insurance_balance,
            reason: InsuranceReason::LiquidationPenalty,
            timestamp: clock.unix_timestamp,
        });
    }
    if let Some(b) = out.bankruptcy {
        if b.insurance_paid > 0 {
            emit_event(&InsuranceFundChanged {
                market: market_key,
                position_id: position.position_id,
                delta: (b.insurance_paid as i64).safe_mul(-1)?,
                balance: market.insurance_fund,
                reason: InsuranceReason::Bankruptcy,
                timestamp: clock.unix_timestamp,
            });
        }
        emit_event(&BankruptcyResolved {
            market: market_key,
            position_id: position.position_id,
            owner: position.owner,
            deficit: b.deficit,
            insurance_paid: b.insurance_paid,
            socialized: b.socialized,
            cumulative_loss_per_lot: market.cumulative_loss_per_lot,
            spread_over_lots: b.lots,
            insurance_balance: market.insurance_fund,
            timestamp: clock.unix_timestamp,
        });
    }
    Ok(())
}
