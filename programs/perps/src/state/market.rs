use crate::errors::PerpsError;
use anchor_lang::prelude::*;
use static_assertions::const_assert_eq;

/// Longest market symbol, in bytes.
pub const MAX_SYMBOL_LEN: usize = 16;

/// A perpetual-futures market, PDA `["market", exchange, index as u16 LE]`.
///
/// Prices are quote atoms per base lot and quantities are base lots, so price × quantity is a
/// notional in quote atoms.
#[account(zero_copy)]
#[derive(Debug)]
pub struct Market {
    pub exchange: Pubkey,
    /// May call `set_price`.
    pub price_authority: Pubkey,
    /// ASCII ticker, zero-padded.
    pub symbol: [u8; MAX_SYMBOL_LEN],
    /// Unit: quote atoms per base lot.
    pub tick_size: u64,
    /// Unit: base atoms per base lot.
    pub base_lot_size: u64,
    /// Last price set by the price authority (0 until the first `set_price`).
    /// Unit: quote atoms per base lot.
    pub mark_price: u64,
    /// When `mark_price` was set. Unit: Unix seconds.
    pub price_updated_at: i64,
    /// Sequence number of the last fill in this market (0 before the first fill).
    pub fill_seq: u64,
    /// The market's order book, PDA `["book", market]`.
    pub order_book: Pubkey,
    /// Id handed to the next order placed in this market (ids start at 1, increase by 1).
    pub next_order_id: u64,
    /// Unit: seconds.
    pub max_price_age_secs: u32,
    pub index: u16,
    /// Unit: basis points of notional.
    pub taker_fee_bps: u16,
    /// Unit: basis points of notional.
    pub maker_fee_bps: u16,
    /// Unit: basis points of notional.
    pub initial_margin_bps: u16,
    /// Unit: basis points of notional.
    pub maintenance_margin_bps: u16,
    /// Unit: basis points of liquidated notional.
    pub liquidation_penalty_bps: u16,
    pub base_decimals: u8,
    pub bump: u8,
    /// `MARKET_LISTED` or `MARKET_DELISTED` (`delist_market`, final). Taken from the padding.
    pub status: u8,
    pub _padding: [u8; 5],
    // ---- risk model (issue 9) ----
    /// Orders may rest and fill only within this distance of the mark price:
    /// `|price - mark| <= mark × price_band_bps / 10000`. Unit: basis points of the mark.
    pub price_band_bps: u16,
    /// Most resting orders one position may have in the book (both sides).
    pub max_orders_per_position: u16,
    pub _risk_padding: [u8; 4],
    /// Smallest `price × quantity` an order may have when placed, and a remainder must have to
    /// rest. Unit: quote atoms.
    pub min_order_notional: u64,
    /// Fed by `INSURANCE_SHARE_BPS` of the exchange's fees and penalties in this market; pays
    /// bankrupt positions' deficits first. Unit: quote atoms.
    pub insurance_fund: u64,
    /// Sum of the long sizes (= sum of the short sizes). Unit: base lots.
    pub open_interest: u64,
    /// Bad debt written off per base lot of open size, cumulative. Each position pays
    /// `(cumulative_loss_per_lot - position.loss_snapshot) × |size| / LOSS_SCALE` (rounded up)
    /// the next time it is touched. Unit: quote atoms per base lot × `LOSS_SCALE`.
    pub cumulative_loss_per_lot: u64,
    /// Deficits of bankrupt positions written off against open interest, cumulative.
    /// Unit: quote atoms.
    pub socialized_loss_total: u64,
    /// Sum of the signed sizes `flatten_position` closed after delisting (with no counterparty),
    /// so `Σ position.size == -flattened_size` and the open lots are
    /// `2 × open_interest + flattened_size`; 0 while listed. Unit: base lots.
    pub flattened_size: i64,
    pub _reserved: [u8; 32],
}
const_assert_eq!(core::mem::size_of::<Market>(), 272);

/// `Market::status` of a tradable market.
pub const MARKET_LISTED: u8 = 0;
/// `Market::status` after `delist_market`: no trading or price updates; `mark_price` is the final
/// settlement price.
pub const MARKET_DELISTED: u8 = 1;

impl Market {
    pub const SEED: &'static [u8] = b"market";
    pub const SPACE: usize = 8 + core::mem::size_of::<Market>();

    pub fn is_delisted(&self) -> bool {
        self.status == MARKET_DELISTED
    }

    /// The mark price if it was set within `max_price_age_secs` of `now`, else `PriceStale`.
    /// A delisted market's price is its final settlement price: never stale.
    pub fn fresh_mark_price(&self, now: i64) -> Result<u64> {
        if self.is_delisted() {
            return Ok(self.mark_price);
        }
        let age = now.saturating_sub(self.price_updated_at);
        require!(
            self.mark_price > 0 && age >= 0 && age <= self.max_price_age_secs as i64,
            PerpsError::PriceStale
        );
        Ok(self.mark_price)
    }

    /// `PriceOutsideBand` unless `|price - mark| <= mark × price_band_bps / 10000`.
    pub fn check_band(&self, price: u64, mark: u64) -> Result<()> {
        require!(
            crate::math::margin::within_band(price, mark, self.price_band_bps)?,
            PerpsError::PriceOutsideBand
        );
        Ok(())
    }

    /// The symbol as text (without the zero padding).
    pub fn symbol_str(&self) -> &str {
        let len = self
            .symbol
            .iter()
            .position(|b| *b == 0)
            .unwrap_or(MAX_SYMBOL_LEN);
        core::str::from_utf8(&self.symbol[..len]).unwrap_or("")
    }
}

/// Validates and pads a market symbol: 1-16 bytes of `A-Z 0-9 - / _`.
pub fn encode_symbol(symbol: &str) -> Result<[u8; MAX_SYMBOL_LEN]> {
    let bytes = symbol.as_bytes();
    let valid_char = |b: &u8| b.is_ascii_uppercase() || b.is_ascii_digit() || b"-/_".contains(b);
    require!(
        !bytes.is_empty() && bytes.len() <= MAX_SYMBOL_LEN && bytes.iter().all(valid_char),
        PerpsError::InvalidSymbol
    );
    let mut out = [0u8; MAX_SYMBOL_LEN];
    out[..bytes.len()].copy_from_slice(bytes);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_are_validated_and_padded() {
        let enc = encode_symbol("SOL-PERP").unwrap();
        assert_eq!(&enc[..8], b"SOL-PERP");
        assert!(enc[8..].iter().all(|b| *b == 0));
        assert!(encode_symbol("").is_err());
        assert!(encode_symbol("sol").is_err());
        assert!(encode_symbol("ABCDEFGHIJKLMNOPQ").is_err());
        assert!(encode_symbol("ABCDEFGHIJKLMNOP").is_ok());
    }

    #[test]
    fn mark_price_must_be_set_and_fresh() {
        let mut m: Market = bytemuck::Zeroable::zeroed();
        m.max_price_age_secs = 60;
        assert_eq!(
            m.fresh_mark_price(0).unwrap_err(),
            PerpsError::PriceStale.into()
        );
        m.mark_price = 1_000;
        m.price_updated_at = 1_000;
        assert_eq!(m.fresh_mark_price(1_060).unwrap(), 1_000);
        assert_eq!(
            m.fresh_mark_price(1_061).unwrap_err(),
            PerpsError::PriceStale.into()
        );
        assert_eq!(
            m.fresh_mark_price(999).unwrap_err(),
            PerpsError::PriceStale.into()
        );
        assert!(m.fresh_mark_price(i64::MIN).is_err());
    }
}
