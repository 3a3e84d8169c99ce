//! The SBF entrypoint. The loader's input, for an instruction without accounts: the account
//! count (`u64`, 0), the instruction data length (`u64`), the data, then the program id.

use crate::wire::{run_records, WireError};

extern "C" {
    /// Solana syscall (the linker resolves unknown externs to syscalls by name).
    fn sol_set_return_data(data: *const u8, length: u64);
}

/// Custom program errors (`Custom(n)` on the client).
const ERR_HAS_ACCOUNTS: u64 = 1;
const ERR_BAD_LENGTH: u64 = 2;
const ERR_UNKNOWN_OP: u64 = 3;

/// # Safety
/// Called by the SBF loader with its serialized input.
#[no_mangle]
pub unsafe extern "C" fn entrypoint(input: *mut u8) -> u64 {
    if input.cast::<u64>().read_unaligned() != 0 {
        return ERR_HAS_ACCOUNTS;
    }
    let len = input.add(8).cast::<u64>().read_unaligned() as usize;
    let data = core::slice::from_raw_parts(input.add(16), len);
    #[cfg(feature = "oversized-frame")]
    if let [0xff, seed, ..] = data {
        return crate::oversized_frame(*seed);
    }
    let mut out = [0u8; 1024];
    match run_records(data, &mut out) {
        Ok(written) => {
            sol_set_return_data(out.as_ptr(), written as u64);
            0
        }
        Err(WireError::BadLength) => ERR_BAD_LENGTH,
        Err(WireError::UnknownOp(_)) => ERR_UNKNOWN_OP,
    }
}
