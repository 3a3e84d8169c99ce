//! `#[derive(Accounts)]` structs, one file per instruction (`deposit` and `withdraw` share
//! `move_collateral`; `set_price_authority` and `update_market_params` share `market_admin`);
//! handlers live in `instructions/`.

pub mod accept_admin;
pub mod cancel_order;
pub mod close_position;
pub mod create_market;
pub mod delist_market;
pub mod flatten_position;
pub mod initialize;
pub mod liquidate;
pub mod market_admin;
pub mod move_collateral;
pub mod open_position;
pub mod place_order;
pub mod propose_admin;
pub mod prune_orders;
pub mod set_price;
pub mod settle_pnl;
pub mod withdraw_fees;

pub use accept_admin::*;
pub use cancel_order::*;
pub use close_position::*;
pub use create_market::*;
pub use delist_market::*;
pub use flatten_position::*;
pub use initialize::*;
pub use liquidate::*;
pub use market_admin::*;
pub use move_collateral::*;
pub use open_position::*;
pub use place_order::*;
pub use propose_admin::*;
pub use prune_orders::*;
pub use set_price::*;
pub use settle_pnl::*;
pub use withdraw_fees::*;
