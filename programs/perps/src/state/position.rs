use crate::errors::PerpsError;
use crate::events::PositionUpdated;
use crate::math::margin::{self, OpenOrders};
use crate::math::pnl::{self, PositionState};
use crate::math::safe_math::{Cast, SafeMath};
use crate::math::socialize;
use crate::quantities::{BaseLots, Bps, QuoteAtoms, QuoteAtomsPerBaseLot};
use crate::runtime::emit_event;
use crate::types::{PositionSide, Side};
use anchor_lang::prelude::*;
use static_assertions::const_assert_eq;

/// One trader's position in one market, PDA `["position", market, owner]`.
///
/// **Isolated margin**: the position holds its own collateral; a loss in one market never draws
/// on collateral in another. Collateral moves only by deposit, withdraw, fees, liquidation
/// penalties and `settle_pnl`; trading PnL accrues in `realized_pnl` (zero-sum across positions)
/// and counts in equity at once, but becomes withdrawable cash only when `settle_pnl` moves it from
/// a losing position's collateral. That keeps the vault exactly equal to
/// `Σ collateral + fees_collected` at all times.
#[account(zero_copy)]
#[derive(Debug)]
pub struct Position {
    pub owner: Pubkey,
    pub market: Pubkey,
    /// Unique in the exchange, from `exchange.next_position_id`.
    pub position_id: u64,
    /// Signed size, positive long. Unit: base lots.
    pub size: i64,
    /// `|size| × average entry price`, exact. Unit: quote atoms.
    pub cost_basis: u64,
    /// Cash held by the position. Unit: quote atoms.
    pub collateral: u64,
    /// Cumulative realised trading PnL (fees excluded: they come out of collateral).
    /// Unit: quote atoms.
    pub realized_pnl: i64,
    /// Cumulative PnL moved into (+) or out of (-) collateral by `settle_pnl`. Unit: quote atoms.
    pub settled_pnl: i64,
    /// Remaining quantity of this position's resting bids. Unit: base lots.
    pub bid_open_lots: u64,
    /// Remaining quantity of this position's resting asks. Unit: base lots.
    pub ask_open_lots: u64,
    /// Number of resting orders of this position in the book.
    pub open_orders: u16,
    pub bump: u8,
    pub _padding: [u8; 5],
    // ---- risk model (issue 9) ----
    /// `Σ price × quantity` of this position's resting bids. Unit: quote atoms.
    pub bid_open_notional: u64,
    /// `Σ price × quantity` of this position's resting asks. Unit: quote atoms.
    pub ask_open_notional: u64,
    /// `market.cumulative_loss_per_lot` when the socialized loss was last applied.
    /// Unit: quote atoms per base lot × `LOSS_SCALE`.
    pub loss_snapshot: u64,
    /// Socialized bad debt charged to this position's `realized_pnl`, cumulative.
    /// Unit: quote atoms.
    pub socialized_loss: u64,
    pub _reserved: [u8; 32],
}
const_assert_eq!(core::mem::size_of::<Position>(), 200);

impl Position {
    pub const SEED: &'static [u8] = b"position";
    pub const SPACE: usize = 8 + core::mem::size_of::<Position>();

    pub fn state(&self) -> PositionState {
        PositionState {
            size: self.size,
            cost_basis: self.cost_basis,
        }
    }

    /// Applies a fill (`side` from this position's point of view) and books realised PnL.
    pub fn apply_fill(
        &mut self,
        side: Side,
        quantity: BaseLots,
        price: QuoteAtomsPerBaseLot,
    ) -> Result<()> {
        let effect = pnl::apply_fill(self.state(), side, quantity, price)?;
        self.size = effect.state.size;
        self.cost_basis = effect.state.cost_basis;
        self.realized_pnl = self.realized_pnl.safe_add(effect.realized_pnl)?;
        Ok(())
    }

    /// `realized_pnl - settled_pnl`. Unit: quote atoms.
    pub fn unsettled_pnl(&self) -> Result<i128> {
        (self.realized_pnl as i128).safe_sub(self.settled_pnl as i128)
    }

    /// Realised-not-settled plus unrealised PnL at `mark`. Unit: quote atoms.
    pub fn total_pnl(&self, mark: u64) -> Result<i128> {
        self.unsettled_pnl()?.safe_add(pnl::unrealized_pnl(
            self.state(),
            QuoteAtomsPerBaseLot(mark),
        )?)
    }

    /// Equity at `mark`. Unit: quote atoms.
    pub fn equity(&self, mark: u64) -> Result<i128> {
        margin::equity(
            QuoteAtoms(self.collateral),
            self.unsettled_pnl()?,
            pnl::unrealized_pnl(self.state(), QuoteAtomsPerBaseLot(mark))?,
        )
    }

    /// Worst-case exposure including resting orders. Unit: base lots.
    pub fn worst_case_lots(&self) -> Result<BaseLots> {
        margin::worst_case_lots(self.size, self.bid_open_lots, self.ask_open_lots)
    }

    fn open_orders_of(&self, side: Side) -> OpenOrders {
        match side {
            Side::Bid => OpenOrders {
                lots: self.bid_open_lots,
                notional: self.bid_open_notional,
            },
            Side::Ask => OpenOrders {
                lots: self.ask_open_lots,
                notional: self.ask_open_notional,
            },
        }
    }

    /// Initial requirement of the size and the resting orders at `mark`, each order margined at
    /// the worse of its own price and the mark (`margin::requirement_with_orders`).
    /// Unit: quote atoms.
    pub fn initial_requirement(&self, mark: u64, initial_bps: u16) -> Result<QuoteAtoms> {
        margin::requirement_with_orders(
            self.size,
            self.open_orders_of(Side::Bid),
            self.open_orders_of(Side::Ask),
            QuoteAtomsPerBaseLot(mark),
            Bps(initial_bps),
        )
    }

    /// Maintenance requirement of the open size at `mark`. Unit: quote atoms.
    pub fn maintenance_requirement(&self, mark: u64, maintenance_bps: u16) -> Result<QuoteAtoms> {
        margin::requirement(
            BaseLots(self.size.unsigned_abs()),
            QuoteAtomsPerBaseLot(mark),
            Bps(maintenance_bps),
        )
    }

    /// `equity - initial requirement` (with orders): the health every risk-increasing change
    /// must keep non-negative. Unit: quote atoms.
    pub fn initial_health(&self, mark: u64, initial_bps: u16) -> Result<i128> {
        self.equity(mark)?
            .safe_sub(self.initial_requirement(mark, initial_bps)?.0 as i128)
    }

    /// The one initial-margin check (`InsufficientMargin`): equity covers the initial
    /// requirement of the size and of every resting order at its worse price.
    pub fn check_initial_margin(&self, mark: u64, initial_bps: u16) -> Result<()> {
        require!(
            self.initial_health(mark, initial_bps)? >= 0,
            PerpsError::InsufficientMargin
        );
        Ok(())
    }

    /// Whether equity covers the maintenance requirement of the open size.
    pub fn above_maintenance(&self, mark: u64, maintenance_bps: u16) -> Result<bool> {
        Ok(self.equity(mark)? >= self.maintenance_requirement(mark, maintenance_bps)?.0 as i128)
    }

    /// Collateral that may leave: positive unsettled PnL does not count (settle it first), so
    /// `min(collateral, collateral + min(pnl, 0) - initial requirement)`. Unit: quote atoms.
    pub fn withdrawable(&self, mark: u64, initial_bps: u16) -> Result<QuoteAtoms> {
        let losses = self.total_pnl(mark)?.min(0);
        let equity = (self.collateral as i128).safe_add(losses)?;
        margin::withdrawable(
            QuoteAtoms(self.collateral),
            equity,
            self.initial_requirement(mark, initial_bps)?,
        )
    }

    /// Adds a resting order of `lots` at `price` on `side`.
    pub fn add_open_order(&mut self, side: Side, lots: u64, price: u64) -> Result<()> {
        let notional = QuoteAtomsPerBaseLot(price).notional(BaseLots(lots))?.0;
        match side {
            Side::Bid => {
                self.bid_open_lots = self.bid_open_lots.safe_add(lots)?;
                self.bid_open_notional = self.bid_open_notional.safe_add(notional)?;
            }
            Side::Ask => {
                self.ask_open_lots = self.ask_open_lots.safe_add(lots)?;
                self.ask_open_notional = self.ask_open_notional.safe_add(notional)?;
            }
        }
        self.open_orders = self.open_orders.safe_add(1)?;
        Ok(())
    }

    /// Removes `lots` at `price` of resting quantity on `side`; `order_closed` when the order
    /// left the book.
    pub fn reduce_open_order(
        &mut self,
        side: Side,
        lots: u64,
        price: u64,
        order_closed: bool,
    ) -> Result<()> {
        let notional = QuoteAtomsPerBaseLot(price).notional(BaseLots(lots))?.0;
        match side {
            Side::Bid => {
                self.bid_open_lots = self.bid_open_lots.safe_sub(lots)?;
                self.bid_open_notional = self.bid_open_notional.safe_sub(notional)?;
            }
            Side::Ask => {
                self.ask_open_lots = self.ask_open_lots.safe_sub(lots)?;
                self.ask_open_notional = self.ask_open_notional.safe_sub(notional)?;
            }
        }
        if order_closed {
            self.open_orders = self.open_orders.safe_sub(1)?;
        }
        Ok(())
    }

    /// Forgets every resting order (they were removed from the book).
    pub fn clear_open_orders(&mut self) {
        self.bid_open_lots = 0;
        self.ask_open_lots = 0;
        self.bid_open_notional = 0;
        self.ask_open_notional = 0;
        self.open_orders = 0;
    }

    /// Charges the market's socialized loss accrued since the last call to `realized_pnl`
    /// (`socialize::charge` of the increase times `|size|`). Every instruction calls it before
    /// it reads the position's equity or changes its size. Returns the charge (quote atoms).
    pub fn apply_socialized_loss(&mut self, cumulative_loss_per_lot: u64) -> Result<u64> {
        let delta = cumulative_loss_per_lot.safe_sub(self.loss_snapshot)?;
        self.loss_snapshot = cumulative_loss_per_lot;
        let charge = socialize::charge(delta, self.size.unsigned_abs())?;
        if charge > 0 {
            self.realized_pnl = self.realized_pnl.safe_sub(charge.cast()?)?;
            self.socialized_loss = self.socialized_loss.safe_add(charge)?;
        }
        Ok(charge)
    }

    /// Emits `PositionUpdated` with the unrealised PnL at `mark` (the market's current mark
    /// price, even if stale; 0 when it was never set).
    pub fn emit_updated(&self, mark: u64, clock: &Clock) -> Result<()> {
        let unrealized: i64 =
            pnl::unrealized_pnl(self.state(), QuoteAtomsPerBaseLot(mark))?.cast()?;
        let side = match self.size {
            0 => PositionSide::Flat,
            s if s > 0 => PositionSide::Long,
            _ => PositionSide::Short,
        };
        emit_event(&PositionUpdated {
            position_id: self.position_id,
            user: self.owner,
            market: self.market,
            size: self.size.unsigned_abs(),
            entry_price: pnl::entry_price(self.state())?,
            unrealized_pnl: unrealized,
            side,
            collateral: self.collateral,
            realized_pnl: self.realized_pnl,
            settled_pnl: self.settled_pnl,
            mark_price: mark,
            slot: clock.slot,
            timestamp: clock.unix_timestamp,
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equity_requirements_and_open_orders() {
        let mut p: Position = bytemuck::Zeroable::zeroed();
        p.collateral = 1_000;
        p.apply_fill(Side::Bid, BaseLots(10), QuoteAtomsPerBaseLot(100))
            .unwrap();
        p.add_open_order(Side::Ask, 25, 120).unwrap();
        // worst case: |10 - 25| = 15 lots; 10 % of 15 × 120 = 180 (asks at the mark).
        assert_eq!(p.initial_requirement(120, 1_000).unwrap(), QuoteAtoms(180));
        assert_eq!(p.maintenance_requirement(120, 500).unwrap(), QuoteAtoms(60));
        assert_eq!(p.equity(120).unwrap(), 1_200);
        p.apply_fill(Side::Ask, BaseLots(4), QuoteAtomsPerBaseLot(130))
            .unwrap();
        p.reduce_open_order(Side::Ask, 4, 120, false).unwrap();
        assert_eq!((p.size, p.realized_pnl, p.open_orders), (6, 120, 1));
        p.settled_pnl = 20;
        assert_eq!(p.unsettled_pnl().unwrap(), 100);
        assert_eq!(p.total_pnl(100).unwrap(), 100);
        p.reduce_open_order(Side::Ask, 21, 120, true).unwrap();
        assert_eq!(p.open_orders, 0);
        let e = p.reduce_open_order(Side::Ask, 1, 120, true).unwrap_err();
        assert_eq!(e, PerpsError::MathOverflow.into());
    }
}
