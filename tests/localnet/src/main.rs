//! perps-localnet: a local Solana cluster that runs the perps program's SBF build (or, with
//! `--native`, the crate compiled for the host). See README.md beside this crate.

use perps_localnet::{
    bank,
    program::{self, Deployment, Execution},
    server,
};

use clap::Parser;
use std::{io::Write, net::SocketAddr, path::PathBuf, time::Duration};

/// Wall time a blockhash stays valid on a validator: 150 blocks of 400 ms.
const BLOCKHASH_VALIDITY_MS: u64 = 60_000;

/// A local Solana cluster (JSON-RPC + PubSub) running the perps program — its SBF build through
/// the BPF upgradeable loader by default — with the System, SPL Token, Token-2022, Associated
/// Token and Memo programs.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// JSON-RPC (HTTP) port.
    #[arg(long, default_value_t = 8899)]
    rpc_port: u16,
    /// PubSub (WebSocket) port [default: rpc-port + 1].
    #[arg(long)]
    ws_port: Option<u16>,
    /// Slot duration in milliseconds.
    #[arg(long, default_value_t = 400, value_parser = clap::value_parser!(u64).range(1..=60_000))]
    slot_time_ms: u64,
    /// Blocks a blockhash stays valid after its own [default: 150 (a validator's), or more when
    /// --slot-time-ms is under 400, so that a blockhash lives 60 s as on a validator].
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    max_blockhash_age: Option<u64>,
    /// Maximum bytes of log messages kept per transaction (then `Log truncated`); 0 = unlimited.
    #[arg(long, default_value_t = 10_000)]
    log_bytes_limit: usize,
    /// Slots after which a slot counts as finalized.
    #[arg(long, default_value_t = 32, value_parser = clap::value_parser!(u64).range(1..=1_000))]
    finality_depth: u64,
    /// The program's SBF build [default: <workspace>/target/deploy/perps.so, from `npm run
    /// build:sbf`].
    #[arg(long, value_name = "PATH", conflicts_with = "native")]
    program_so: Option<PathBuf>,
    /// Run the perps crate compiled for the host instead of the `.so` (debugging, coverage; no
    /// compute metering).
    #[arg(long)]
    native: bool,
    /// Upgrade authority of the program's ProgramData account: a public key, a keypair file, or
    /// `none` (immutable) [default: tests/fixtures/upgrade-authority-keypair.json's key].
    #[arg(long, value_name = "PUBKEY|KEYPAIR|none")]
    upgrade_authority: Option<String>,
}

impl Args {
    fn deployment(&self) -> Result<Deployment, String> {
        let upgrade_authority = match &self.upgrade_authority {
            Some(text) => program::parse_upgrade_authority(text)?,
            None => Some(program::DEFAULT_UPGRADE_AUTHORITY),
        };
        let mut deployment = if self.native {
            Deployment::native_perps()
        } else {
            let path = self
                .program_so
                .clone()
                .unwrap_or_else(program::default_program_so);
            Deployment {
                program_id: program::PROGRAM_ID,
                execution: Execution::sbf_from_file(&path)?,
                upgrade_authority,
            }
        };
        deployment.upgrade_authority = upgrade_authority;
        Ok(deployment)
    }

    fn max_blockhash_age(&self) -> u64 {
        self.max_blockhash_age.unwrap_or_else(|| {
            bank::MAX_PROCESSING_AGE.max(BLOCKHASH_VALIDITY_MS.div_ceil(self.slot_time_ms))
        })
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("PERPS_LOCALNET_LOG")
                .unwrap_or_else(|_| "info".into()),
        )
        .init();
    match run(args).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("perps-localnet: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), String> {
    let deployment = args.deployment()?;
    let mode = if deployment.is_native() {
        "native"
    } else {
        "sbf"
    };
    let rpc_addr = SocketAddr::new(args.bind, args.rpc_port);
    let ws_port = args
        .ws_port
        .or_else(|| args.rpc_port.checked_add(1))
        .ok_or("--ws-port is required when --rpc-port is 65535")?;
    let ws_addr = SocketAddr::new(args.bind, ws_port);
    let rpc_listener = tokio::net::TcpListener::bind(rpc_addr)
        .await
        .map_err(|e| format!("cannot listen on {rpc_addr} (RPC): {e}"))?;
    let ws_listener = tokio::net::TcpListener::bind(ws_addr)
        .await
        .map_err(|e| format!("cannot listen on {ws_addr} (PubSub): {e}"))?;

    let config = bank::Config {
        log_bytes_limit: (args.log_bytes_limit > 0).then_some(args.log_bytes_limit),
        finality_depth: args.finality_depth,
        max_blockhash_age: args.max_blockhash_age(),
    };
    let handle = server::BankHandle::spawn(
        move || bank::Bank::new(config, &deployment),
        Duration::from_millis(args.slot_time_ms),
    )?;

    let rpc = axum::serve(rpc_listener, server::rpc_router(handle.clone()));
    let ws = axum::serve(ws_listener, server::pubsub_router(handle));
    println!(
        "perps-localnet ready rpc=http://{rpc_addr} ws=ws://{ws_addr} program={} mode={mode}",
        program::PROGRAM_ID
    );
    let _ = std::io::stdout().flush();
    tokio::select! {
        r = rpc => r.map_err(|e| format!("RPC server: {e}")),
        r = ws => r.map_err(|e| format!("PubSub server: {e}")),
        _ = shutdown_signal() => Ok(()),
    }
}

async fn shutdown_signal() {
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .expect("signal handler");
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
}
