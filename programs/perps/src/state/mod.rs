//! Account layouts. All are zero-copy with explicit padding and a pinned size, so a layout change
//! is a compile error rather than a silent migration problem.

pub mod exchange;
pub mod market;
pub mod market_params;
pub mod order_book;
pub mod position;

pub use exchange::*;
pub use market::*;
pub use market_params::*;
pub use order_book::*;
pub use position::*;
