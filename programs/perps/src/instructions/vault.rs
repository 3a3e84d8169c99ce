//! Token movements out of the exchange's vault, shared by the handlers that pay out.

use crate::state::Exchange;
use anchor_lang::prelude::*;
use anchor_spl::token::{self, Transfer};

/// Transfers `amount` quote atoms from the vault to `to`, signed by the exchange PDA (the
/// vault's authority, `exchange_bump` its bump). The exchange account's loader must be released
/// first: the CPI borrows the account.
pub fn pay_out<'info>(
    token_program: AccountInfo<'info>,
    vault: AccountInfo<'info>,
    to: AccountInfo<'info>,
    exchange: AccountInfo<'info>,
    exchange_bump: u8,
    amount: u64,
) -> Result<()> {
    let seeds: &[&[u8]] = &[Exchange::SEED, &[exchange_bump]];
    token::transfer(
        CpiContext::new_with_signer(
            token_program,
            Transfer {
                from: vault,
                to,
                authority: exchange,
            },
            &[seeds],
        ),
        amount,
    )
}
