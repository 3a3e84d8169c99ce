//! Instruction handlers, one file per instruction; account validation lives in `accounts_ix/`.

pub mod cancel_order;
pub mod create_market;
pub mod deposit;
pub mod initialize;
pub mod liquidate;
pub mod open_position;
pub mod place_order;
pub mod prune_orders;
pub mod set_price;
pub mod settle_pnl;
pub mod withdraw;

pub use cancel_order::*;
pub use create_market::*;
pub use deposit::*;
pub use initialize::*;
pub use liquidate::*;
pub use open_position::*;
pub use place_order::*;
pub use prune_orders::*;
pub use set_price::*;
pub use settle_pnl::*;
pub use withdraw::*;
