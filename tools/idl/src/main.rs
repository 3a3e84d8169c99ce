//! perps-idl: the program's IDL and its TypeScript type, without the Anchor CLI.
//!
//! `anchor idl build` compiles the program's `__anchor_private_print_idl` tests with the
//! `idl-build` feature and reads what they print; this tool calls the same library
//! (`anchor_lang_idl::build::IdlBuilder`) but keeps the compile inside the workspace's own build
//! (see `build.rs`), then writes `perps.json` and `perps.ts` as the CLI writes them.

mod build;
mod ts;

use anyhow::{Context, Result};
use clap::Parser;
use std::{fs, path::PathBuf};

/// Generates a program's IDL (JSON) and its camelCase TypeScript type.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    /// Directory of the program crate (the one with the `idl-build` feature).
    #[arg(long, default_value = "programs/perps")]
    program: PathBuf,
    /// Where to write the IDL (JSON).
    #[arg(long)]
    json: PathBuf,
    /// Where to write the TypeScript type.
    #[arg(long)]
    ts: PathBuf,
}

fn main() -> std::process::ExitCode {
    match run(Args::parse()) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("perps-idl: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run(args: Args) -> Result<()> {
    let program = fs::canonicalize(&args.program)
        .with_context(|| format!("program directory {}", args.program.display()))?;
    let idl = build::build_idl(&program)?;
    let json = serde_json::to_string_pretty(&idl)?;
    let ts = ts::idl_ts(&idl)?;
    write(&args.json, &json)?;
    write(&args.ts, &ts)
}

fn write(path: &PathBuf, text: &str) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}
