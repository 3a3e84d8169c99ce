//! `#[derive(Accounts)]` structs, one file per instruction (`deposit` and `withdraw` share
//! `move_collateral`); handlers live in `instructions/`.

pub mod cancel_order;
pub mod create_market;
pub mod initialize;
pub mod liquidate;
pub mod move_collateral;
pub mod open_position;
pub mod place_order;
pub mod prune_orders;
pub mod set_price;
pub mod settle_pnl;

pub use cancel_order::*;
pub use create_market::*;
pub use initialize::*;
pub use liquidate::*;
pub use move_collateral::*;
pub use open_position::*;
pub use place_order::*;
pub use prune_orders::*;
pub use set_price::*;
pub use settle_pnl::*;
