//! Runs the program's IDL build through `IdlBuilder`, sharing the workspace's compiled crates.
//!
//! `IdlBuilder` runs `cargo test __anchor_private_print_idl --features idl-build` in the program
//! directory. Three things would make that a second compile of the whole dependency tree, and
//! each is answered here or in the workspace's configuration:
//! - it sets `RUSTFLAGS="-A warnings"`, and any change of rustflags rebuilds every crate: the
//!   child gets `CARGO_ENCODED_RUSTFLAGS` (which cargo prefers over `RUSTFLAGS`) holding the
//!   caller's own flags;
//! - a build of the program crate alone resolves its dependencies' features differently from
//!   `cargo test --workspace`: the child gets `--workspace --lib`, so the feature set is the
//!   workspace's (and `perps-localnet` enables `perps/idl-build` for every build);
//! - anchor-syn reads `ANCHOR_IDL_BUILD_RESOLUTION`/`_SKIP_LINT`/`_NO_DOCS` with `option_env!`
//!   when it is compiled, and `IdlBuilder` sets them for its child: `.cargo/config.toml` `[env]`
//!   forces the workspace's values over the child's, so every cargo command compiles anchor-syn
//!   alike. The builder is left at its defaults (resolution on, lint on, docs on), which are the
//!   same values.

use anchor_lang_idl::{build::IdlBuilder, types::Idl};
use anyhow::Result;
use std::{env, path::Path};

/// Cargo arguments that resolve features for the whole workspace, as `cargo test --workspace`
/// does, and build library tests only (the IDL printers live in the program's library).
const CARGO_ARGS: [&str; 2] = ["--workspace", "--lib"];

/// Builds the IDL of the program in `program_dir` (its `src/lib.rs` is also what anchor's
/// `/// CHECK:` lint reads).
pub fn build_idl(program_dir: &Path) -> Result<Idl> {
    env::set_var("CARGO_ENCODED_RUSTFLAGS", callers_rustflags());
    IdlBuilder::new()
        .program_path(program_dir.to_path_buf())
        .cargo_args(CARGO_ARGS.iter().map(|a| a.to_string()).collect())
        .build()
}

/// The caller's rustflags from the environment, encoded for `CARGO_ENCODED_RUSTFLAGS`
/// (0x1f-separated; empty = none). Flags from a cargo config file (`build.rustflags`) are not
/// seen here and would be overridden in the child: this workspace sets none.
fn callers_rustflags() -> String {
    if let Ok(encoded) = env::var("CARGO_ENCODED_RUSTFLAGS") {
        return encoded;
    }
    env::var("RUSTFLAGS")
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("\x1f")
}
