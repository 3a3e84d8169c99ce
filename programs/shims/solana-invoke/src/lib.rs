//! Cross-program invocation with the API of `solana-invoke` 0.4 (what anchor-lang 0.32 calls for
//! every CPI, including `#[account(init)]`). On SBF the call is made by `solana_cpi`; on the host
//! it goes through `solana_sysvar::program_stubs::sol_invoke_signed`, which a native runtime
//! overrides to execute the callee.

use solana_account_info::AccountInfo;
use solana_instruction::Instruction;
use solana_program_entrypoint::ProgramResult;

/// Invokes `instruction` without PDA signatures.
pub fn invoke(instruction: &Instruction, account_infos: &[AccountInfo]) -> ProgramResult {
    invoke_signed(instruction, account_infos, &[])
}

/// Invokes `instruction` without PDA signatures or borrow checks.
pub fn invoke_unchecked(instruction: &Instruction, account_infos: &[AccountInfo]) -> ProgramResult {
    invoke_signed_unchecked(instruction, account_infos, &[])
}

/// Invokes `instruction`, signing for the PDAs derived from `signers_seeds`.
///
/// Fails with the borrow error before the call if an account the callee may write is borrowed by
/// the caller (or one it may read is mutably borrowed), since the callee would alias it.
pub fn invoke_signed(
    instruction: &Instruction,
    account_infos: &[AccountInfo],
    signers_seeds: &[&[&[u8]]],
) -> ProgramResult {
    for meta in &instruction.accounts {
        let Some(info) = account_infos.iter().find(|info| *info.key == meta.pubkey) else {
            continue;
        };
        if meta.is_writable {
            drop(info.try_borrow_mut_lamports()?);
            drop(info.try_borrow_mut_data()?);
        } else {
            drop(info.try_borrow_lamports()?);
            drop(info.try_borrow_data()?);
        }
    }
    invoke_signed_unchecked(instruction, account_infos, signers_seeds)
}

/// Invokes `instruction` with PDA signatures and without borrow checks.
pub fn invoke_signed_unchecked(
    instruction: &Instruction,
    account_infos: &[AccountInfo],
    signers_seeds: &[&[&[u8]]],
) -> ProgramResult {
    #[cfg(target_os = "solana")]
    return solana_cpi::invoke_signed_unchecked(instruction, account_infos, signers_seeds);
    #[cfg(not(target_os = "solana"))]
    return solana_sysvar::program_stubs::sol_invoke_signed(instruction, account_infos, signers_seeds);
}
