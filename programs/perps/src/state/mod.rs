//! Account layouts. All are zero-copy with explicit padding and a pinned size, so a layout change
//! is a compile error rather than a silent migration problem.

pub mod exchange;
pub mod market;

pub use exchange::*;
pub use market::*;
