//! The only place where the SBF build and the native build of this program differ.
//!
//! On chain (`target_os = "solana"`) everything below is the plain Anchor/Solana call: `emit!`,
//! `invoke_signed`. Off chain the program is compiled for the host and executed by the local
//! cluster (`tests/localnet`); anchor-lang 0.32 compiles `sol_log_data` to a no-op and CPI to
//! `unimplemented!()` there, so this module routes both through `solana_sysvar::program_stubs`,
//! the standard hook a native host installs with `set_syscall_stubs`. The host writes the event
//! to the transaction logs as `Program data: <base64>` and performs the CPI against its runtime,
//! exactly as the SBF syscalls would.

use anchor_lang::prelude::*;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::Event;

/// Writes an event to the transaction logs (`Program data: <base64 of discriminator ++ borsh>`).
pub fn emit_event<E: Event>(event: &E) {
    let data = event.data();
    #[cfg(target_os = "solana")]
    anchor_lang::solana_program::log::sol_log_data(&[&data]);
    #[cfg(not(target_os = "solana"))]
    solana_sysvar::program_stubs::sol_log_data(&[&data]);
}

/// Cross-program invocation signed with `signer_seeds` (PDA signatures of this program).
pub fn invoke_signed(
    instruction: &Instruction,
    accounts: &[AccountInfo],
    signer_seeds: &[&[&[u8]]],
) -> Result<()> {
    #[cfg(target_os = "solana")]
    anchor_lang::solana_program::program::invoke_signed(instruction, accounts, signer_seeds)?;
    #[cfg(not(target_os = "solana"))]
    solana_sysvar::program_stubs::sol_invoke_signed(instruction, accounts, signer_seeds)?;
    Ok(())
}
