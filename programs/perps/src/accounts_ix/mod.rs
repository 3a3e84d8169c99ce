//! `#[derive(Accounts)]` structs, one file per instruction; handlers live in `instructions/`.

pub mod create_market;
pub mod initialize;

pub use create_market::*;
pub use initialize::*;
