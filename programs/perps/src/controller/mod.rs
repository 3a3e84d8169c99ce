//! State transitions shared by instructions, on plain account structs (no `Context`), so they
//! are testable without a VM: math → controller → instructions.

pub mod admin;
pub mod fill;
pub mod liquidation;

#[cfg(test)]
mod tests;
