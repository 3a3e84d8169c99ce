use anchor_lang::prelude::*;
use static_assertions::const_assert_eq;

/// The exchange: one per program deployment, PDA `["exchange"]`.
#[account(zero_copy)]
#[derive(Debug)]
pub struct Exchange {
    /// May list markets, change their parameters and price authorities, delist them and
    /// withdraw fees. Rotated with `propose_admin` + `accept_admin`.
    pub admin: Pubkey,
    /// The collateral token (e.g. a 6-decimal USD stablecoin). All quote amounts are in its atoms.
    pub quote_mint: Pubkey,
    /// Token account holding all collateral, PDA `["vault", exchange]`, owned by the exchange PDA.
    pub vault: Pubkey,
    /// Id handed to the next position opened in any market.
    pub next_position_id: u64,
    /// Trading and liquidation fees earned by the exchange. Unit: quote atoms.
    pub fees_collected: u64,
    /// Sum of `collateral` over all positions. Unit: quote atoms.
    /// Invariant (checkable by anyone): see `insurance_fund`.
    pub total_collateral: u64,
    /// Number of markets listed; the next market gets this index.
    pub market_count: u16,
    pub bump: u8,
    pub vault_bump: u8,
    pub _padding: [u8; 4],
    // ---- risk model (issue 9) ----
    /// Sum of every market's `insurance_fund`. Unit: quote atoms. Invariant:
    /// `vault.amount == total_collateral + fees_collected + insurance_fund`.
    pub insurance_fund: u64,
    // ---- operations (issue 9) ----
    /// Proposed successor of `admin` (`propose_admin`), the default key when none; becomes the
    /// admin when it signs `accept_admin`. Taken from the reserved bytes (size unchanged).
    pub pending_admin: Pubkey,
    pub _reserved: [u8; 16],
}
const_assert_eq!(core::mem::size_of::<Exchange>(), 184);

impl Exchange {
    pub const SEED: &'static [u8] = b"exchange";
    pub const VAULT_SEED: &'static [u8] = b"vault";
    pub const SPACE: usize = 8 + core::mem::size_of::<Exchange>();
}
