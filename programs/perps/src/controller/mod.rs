//! Every instruction's state transition, on plain account structs (no `Context`), so the
//! handlers only load accounts, call one function here and emit, and the tests call exactly the
//! same functions: math → controller → instructions.

pub mod admin;
pub mod collateral;
pub mod fill;
pub mod liquidation;
pub mod market;
pub mod orders;

#[cfg(test)]
mod tests;
