//! perps-localnet: a local Solana cluster that runs the perps program natively.
//! See README.md beside this crate.

use perps_localnet::{bank, native, server};

use clap::Parser;
use std::{io::Write, net::SocketAddr, time::Duration};

/// A local Solana cluster (JSON-RPC + PubSub) running the perps program natively, with the
/// System, SPL Token, Token-2022, Associated Token and Memo programs.
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
    /// Maximum bytes of log messages kept per transaction (then `Log truncated`); 0 = unlimited.
    #[arg(long, default_value_t = 10_000)]
    log_bytes_limit: usize,
    /// Slots after which a slot counts as finalized.
    #[arg(long, default_value_t = 32, value_parser = clap::value_parser!(u64).range(1..=1_000))]
    finality_depth: u64,
    /// Upgrade authority recorded in the perps program's ProgramData account: a base58 public
    /// key (the only key allowed to `initialize` the exchange), or `none` (an immutable program:
    /// nobody can). Without the flag there is no ProgramData account at all.
    #[arg(long, value_name = "PUBKEY|none", value_parser = parse_upgrade_authority)]
    upgrade_authority: Option<UpgradeAuthority>,
}

/// `--upgrade-authority`: a key, or none.
#[derive(Clone, Copy, Debug)]
struct UpgradeAuthority(Option<solana_pubkey::Pubkey>);

fn parse_upgrade_authority(s: &str) -> Result<UpgradeAuthority, String> {
    if s == "none" {
        return Ok(UpgradeAuthority(None));
    }
    s.parse()
        .map(|key| UpgradeAuthority(Some(key)))
        .map_err(|e| format!("not a base58 public key or `none`: {e}"))
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

    native::install(&[(perps::ID, perps::entrypoint)]);
    let config = bank::Config {
        log_bytes_limit: (args.log_bytes_limit > 0).then_some(args.log_bytes_limit),
        finality_depth: args.finality_depth,
    };
    let upgrade_authority = args.upgrade_authority;
    let handle = server::BankHandle::spawn(
        move || {
            bank::Bank::new(config, |svm| {
                native::deploy(svm, perps::ID);
                if let Some(UpgradeAuthority(key)) = upgrade_authority {
                    native::set_upgrade_authority(svm, perps::ID, key);
                }
            })
        },
        Duration::from_millis(args.slot_time_ms),
    );

    let rpc = axum::serve(rpc_listener, server::rpc_router(handle.clone()));
    let ws = axum::serve(ws_listener, server::pubsub_router(handle));
    println!(
        "perps-localnet ready rpc=http://{rpc_addr} ws=ws://{ws_addr} program={}",
        perps::ID
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
