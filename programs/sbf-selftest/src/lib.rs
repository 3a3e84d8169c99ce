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
pub use wire::{run_records, MAX_RECORDS, RECORD_LEN, RESULT_LEN};
