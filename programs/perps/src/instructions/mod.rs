//! Instruction handlers, one file per instruction; account validation lives in `accounts_ix/`.

pub mod create_market;
pub mod initialize;

pub use create_market::*;
pub use initialize::*;
