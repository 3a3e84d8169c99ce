//! Pure math: no accounts, no syscalls, tested without a VM. Every function returns `Result` and
//! rounds against the user (fees and requirements up, payouts down).

pub mod fees;
pub mod liquidation;
pub mod margin;
pub mod pnl;
pub mod safe_math;
pub mod settle;
pub mod socialize;
