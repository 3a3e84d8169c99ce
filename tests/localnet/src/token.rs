//! What `jsonParsed` needs to render SPL token accounts: the mint's decimals.

use crate::bank::Bank;
use solana_account::{AccountSharedData, ReadableAccount};
use solana_account_decoder::parse_account_data::{
    AccountAdditionalDataV3, SplTokenAdditionalDataV2,
};
use solana_pubkey::Pubkey;

const TOKEN_ACCOUNT_LEN: usize = 165;
const MINT_DECIMALS_OFFSET: usize = 44;

fn is_token_program(owner: &Pubkey) -> bool {
    *owner == litesvm_token_ids::TOKEN || *owner == litesvm_token_ids::TOKEN_2022
}

mod litesvm_token_ids {
    use solana_pubkey::{pubkey, Pubkey};
    pub const TOKEN: Pubkey = pubkey!("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
    pub const TOKEN_2022: Pubkey = pubkey!("TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb");
}

/// The decimals of a token account's mint, when `account` is a token account.
pub fn additional_data(
    bank: &Bank,
    account: &AccountSharedData,
) -> Option<AccountAdditionalDataV3> {
    if !is_token_program(account.owner()) || account.data().len() < TOKEN_ACCOUNT_LEN {
        return None;
    }
    let mint = Pubkey::new_from_array(account.data()[..32].try_into().ok()?);
    let decimals = *bank.account(&mint)?.data().get(MINT_DECIMALS_OFFSET)?;
    Some(AccountAdditionalDataV3 {
        spl_token_additional_data: Some(SplTokenAdditionalDataV2 {
            decimals,
            interest_bearing_config: None,
            scaled_ui_amount_config: None,
        }),
    })
}

/// Whether `account` is an initialized SPL token account (the `tokenAccountState` filter).
pub fn additional_data_is_token_account(account: &AccountSharedData) -> bool {
    const STATE_OFFSET: usize = 108;
    is_token_program(account.owner())
        && account.data().len() >= TOKEN_ACCOUNT_LEN
        && account.data()[STATE_OFFSET] != 0
        && (account.data().len() == TOKEN_ACCOUNT_LEN
            || account.data().get(TOKEN_ACCOUNT_LEN) == Some(&2))
}
