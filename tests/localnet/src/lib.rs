//! The local cluster as a library: the bank, the program deployment (SBF or native), the
//! native-program bridge and the RPC/PubSub servers. `main.rs` wires them into the
//! `perps-localnet` binary; `tests/` drives the bank directly.

pub mod bank;
pub mod convert;
pub mod native;
pub mod program;
pub mod pubsub;
pub mod rpc;
pub mod server;
mod token;
