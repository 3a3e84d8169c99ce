//! A minimal SBF program that runs 128-bit integer operations, to check the helpers the SBF
//! build links in (`.ci/sbf/int128.c`) against native Rust. No Anchor, no dependencies.
//!
//! Instruction data: records of `op (u8) ++ a (u128 LE) ++ b (u128 LE)`, at most
//! [`MAX_RECORDS`]. Return data: per record `value (u128 LE) ++ flag (u8)` as computed by
//! [`ops::apply`] — the function the native vector generator (`sbf-selftest-vectors`) calls.

pub mod ops;
pub mod wire;

#[cfg(target_os = "solana")]
mod entrypoint;

pub use ops::{apply, Op};

/// Build fixture for the stack-frame check (feature `oversized-frame`, never in a normal
/// build): its frame holds a 6,000-byte array, over SBF's 4,096 bytes, so linking fails and
/// the build names this function.
#[cfg(feature = "oversized-frame")]
#[inline(never)]
pub fn oversized_frame(seed: u8) -> u64 {
    let mut buf = [0u8; 6000];
    for (i, b) in buf.iter_mut().enumerate() {
        *b = seed.wrapping_add(i as u8);
    }
    core::hint::black_box(&mut buf);
    buf.iter().map(|&b| u64::from(b)).sum()
}
pub use wire::{run_records, MAX_RECORDS, RECORD_LEN, RESULT_LEN};
