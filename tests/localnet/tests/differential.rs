//! Native ≡ SBF: the trading scenario runs on a bank executing the perps crate compiled for the
//! host and on a bank executing its SBF build (`target/deploy/perps.so`), transaction by
//! transaction, and after every one the two must agree on the status, every account the
//! transaction could write (lamports, owner, data), the events (`Program data:` lines) and every
//! other log line except compute-unit reports (natively nothing is metered).
//!
//! Skipped, loudly, only when the `.so` has not been built (`npm run build:sbf`).
//!
//! A test without libtest's harness (`harness = false`): libtest captures `println!` per thread,
//! so what the native build prints (e.g. `Pubkey::log` in Anchor's constraint errors, which
//! becomes `Program log:` lines on the cluster) would never reach the bridge's stdout capture.

mod common;

use anchor_lang::solana_program::{
    instruction::Instruction as ProgramInstruction, pubkey::Pubkey as PK,
};
use common::*;
use perps::{errors::PerpsError, OrderType, Side};
use perps_localnet::bank::{Bank, TxRecord};
use solana_account::ReadableAccount;
use solana_keypair::Keypair;
use std::sync::Arc;

const MARKET: u16 = 0;
/// The cluster time both banks run at (advanced by one second per transaction).
const START_TIME: i64 = 1_800_000_000;

/// The two banks and the transactions compared so far.
struct Twin {
    native: Bank,
    sbf: Bank,
    clock: i64,
    compared: usize,
    events: usize,
}

/// What a transaction left behind, in a form both modes must share.
#[derive(Debug, PartialEq)]
struct Outcome {
    status: String,
    events: Vec<String>,
    logs: Vec<String>,
    accounts: Vec<(String, u64, String, Vec<u8>)>,
}

fn outcome(record: &TxRecord) -> Outcome {
    let is_cu_line = |l: &str| l.contains(" consumed ") && l.ends_with(" compute units");
    Outcome {
        status: format!("{:?}", record.status),
        events: record
            .logs
            .iter()
            .filter(|l| l.starts_with("Program data: "))
            .cloned()
            .collect(),
        logs: record
            .logs
            .iter()
            .filter(|l| !is_cu_line(l))
            .cloned()
            .collect(),
        accounts: record
            .written_accounts
            .iter()
            .map(|(k, a)| {
                (
                    k.to_string(),
                    a.lamports(),
                    a.owner().to_string(),
                    a.data().to_vec(),
                )
            })
            .collect(),
    }
}

impl Twin {
    /// Funds `users` identically on both banks.
    fn fund(&mut self, users: &[&Keypair]) {
        for user in users {
            fund(&mut self.native, user);
            fund(&mut self.sbf, user);
        }
    }

    /// Runs one transaction on both banks at the same cluster time and compares the outcomes.
    fn run(
        &mut self,
        label: &str,
        ixs: &[ProgramInstruction],
        signers: &[&Keypair],
    ) -> Arc<TxRecord> {
        // A slot per transaction (a fresh blockhash: a retried instruction is a new
        // transaction), at the same cluster time on both banks.
        self.native.tick();
        self.sbf.tick();
        self.clock += 1;
        self.native.set_unix_timestamp(self.clock);
        self.sbf.set_unix_timestamp(self.clock);
        let native = send(&mut self.native, ixs, signers);
        let sbf = send(&mut self.sbf, ixs, signers);
        let (n, s) = (outcome(&native), outcome(&sbf));
        if n != s {
            panic!(
                "{label}: native and SBF differ\n--- native ---\n{}\n--- sbf ---\n{}",
                describe(&n, &native),
                describe(&s, &sbf)
            );
        }
        let invoked = format!("Program {} invoke [1]", perps::ID);
        let metered = format!("Program {} consumed ", perps::ID);
        assert!(
            !sbf.logs.contains(&invoked) || sbf.logs.iter().any(|l| l.starts_with(&metered)),
            "{label}: the SBF program reports its compute units: {:#?}",
            sbf.logs
        );
        assert!(
            !native.logs.iter().any(|l| l.starts_with(&metered)),
            "{label}: the native bank ran the native build: {:#?}",
            native.logs
        );
        self.compared += 1;
        self.events += s.events.len();
        println!(
            "{label}: {} ({} events, {} CU on SBF)",
            if sbf.status.is_ok() {
                "ok"
            } else {
                "failed as expected"
            },
            s.events.len(),
            sbf.compute_units_consumed
        );
        sbf
    }

    /// `run`, and the transaction must succeed.
    fn ok(&mut self, label: &str, ixs: &[ProgramInstruction], signers: &[&Keypair]) {
        let record = self.run(label, ixs, signers);
        assert_ok(&record);
    }

    /// `run`, and the transaction must fail with the program's error `code`.
    fn fails(&mut self, label: &str, ixs: &[ProgramInstruction], signers: &[&Keypair], code: u32) {
        let record = self.run(label, ixs, signers);
        assert_eq!(
            record.status,
            Err(
                solana_transaction_error::TransactionError::InstructionError(
                    0,
                    solana_instruction::error::InstructionError::Custom(code)
                )
            ),
            "{label}: {:#?}",
            record.logs
        );
    }

    fn next_order_id(&self) -> u64 {
        let data = self
            .sbf
            .account(&key(&market_pda(MARKET)))
            .expect("market")
            .data()
            .to_vec();
        let market: &perps::state::Market = bytemuck::from_bytes(&data[8..]);
        market.next_order_id
    }
}

fn describe(outcome: &Outcome, record: &TxRecord) -> String {
    format!(
        "status {}\nevents {:#?}\nlogs {:#?}\naccounts {:#?}",
        outcome.status,
        outcome.events,
        record.logs,
        outcome
            .accounts
            .iter()
            .map(|(k, l, o, d)| format!(
                "{k} lamports {l} owner {o} data {} bytes {:?}",
                d.len(),
                &d[..d.len().min(64)]
            ))
            .collect::<Vec<_>>()
    )
}

/// A trader with a token account holding `deposit` atoms, an open position and that deposit.
struct Trader {
    keypair: Keypair,
    token: PK,
    position: PK,
}

fn trader(twin: &mut Twin, admin: &Keypair, mint: &PK, name: &str, deposit: u64) -> Trader {
    let keypair = Keypair::new();
    let token = Keypair::new();
    twin.fund(&[&keypair]);
    let mut ixs = create_token_account_ixs(&twin.sbf, admin, &token, mint, &pk(&keypair));
    ixs.push(mint_to_ix(mint, &pk(&token), admin, deposit));
    twin.ok(&format!("token account {name}"), &ixs, &[admin, &token]);
    twin.ok(
        &format!("open_position {name}"),
        &[open_position_ix(&keypair, MARKET)],
        &[&keypair],
    );
    twin.ok(
        &format!("deposit {name} {deposit}"),
        &[deposit_ix(&keypair, MARKET, pk(&token), deposit)],
        &[&keypair],
    );
    let position = position_pda(MARKET, &pk(&keypair));
    Trader {
        keypair,
        token: pk(&token),
        position,
    }
}

fn order(
    t: &Trader,
    side: Side,
    price: u64,
    qty: u64,
    kind: OrderType,
    makers: &[&Trader],
) -> ProgramInstruction {
    let makers: Vec<PK> = makers.iter().map(|m| m.position).collect();
    place_order_ix(&t.keypair, MARKET, side, price, qty, kind, &makers)
}

fn main() {
    let ran = the_trading_scenario_is_identical_natively_and_on_sbf();
    // The summary line `cargo test` prints for harness tests (CI adds these up).
    println!(
        "test result: ok. {} passed; 0 failed; {} ignored; 0 measured; 0 filtered out",
        u8::from(ran),
        u8::from(!ran)
    );
}

/// Runs the scenario; `false` if skipped because the `.so` is not built.
fn the_trading_scenario_is_identical_natively_and_on_sbf() -> bool {
    let Some(sbf) = sbf_bank(Some(100_000)) else {
        return false;
    };
    let mut twin = Twin {
        native: native_bank(Some(100_000)),
        sbf,
        clock: START_TIME,
        compared: 0,
        events: 0,
    };
    let errors = |e: PerpsError| u32::from(e);

    // Exchange, market and price (only the upgrade authority may initialize).
    let admin = deployer();
    let mint = Keypair::new();
    twin.fund(&[&admin]);
    let ixs = create_mint_ixs(&twin.sbf, &admin, &mint);
    twin.ok("create mint", &ixs, &[&admin, &mint]);
    let mint = pk(&mint);
    twin.ok(
        "initialize",
        &[initialize_ix(&admin, &admin, mint)],
        &[&admin],
    );
    let args = market_args("DIFF-PERP", pk(&admin));
    twin.ok(
        "create_market",
        &[create_market_ix(&admin, &admin, MARKET, args)],
        &[&admin],
    );
    twin.ok(
        "set_price 1000",
        &[set_price_ix(&admin, MARKET, 1_000)],
        &[&admin],
    );
    let intruder = Keypair::new();
    twin.fund(&[&intruder]);
    twin.fails(
        "set_price by a stranger",
        &[set_price_ix(&intruder, MARKET, 1)],
        &[&intruder],
        errors(PerpsError::NotPriceAuthority),
    );

    let maker = trader(&mut twin, &admin, &mint, "maker", 1_000_000);
    let maker2 = trader(&mut twin, &admin, &mint, "maker2", 500_000);
    let taker = trader(&mut twin, &admin, &mint, "taker", 2_000);
    let bidder = trader(&mut twin, &admin, &mint, "bidder", 50_000);
    let liquidator = trader(&mut twin, &admin, &mint, "liquidator", 100_000);

    // Orders that rest.
    let maker_1020 = twin.next_order_id() + 2;
    for price in [1_000, 1_010, 1_020] {
        let ix = order(&maker, Side::Ask, price, 5, OrderType::PostOnly, &[]);
        twin.ok(&format!("maker ask 5@{price}"), &[ix], &[&maker.keypair]);
    }
    let ix = order(&maker2, Side::Ask, 1_010, 4, OrderType::Limit, &[]);
    twin.ok("maker2 ask 4@1010", &[ix], &[&maker2.keypair]);
    let ix = order(&bidder, Side::Bid, 990, 3, OrderType::Limit, &[]);
    twin.ok("bidder bid 3@990", &[ix], &[&bidder.keypair]);
    let bid_980 = twin.next_order_id();
    let ix = order(&bidder, Side::Bid, 980, 2, OrderType::Limit, &[]);
    twin.ok("bidder bid 2@980", &[ix], &[&bidder.keypair]);
    let ix = cancel_order_ix(&bidder.keypair, MARKET, Side::Bid, bid_980);
    twin.ok("bidder cancels 980", &[ix], &[&bidder.keypair]);
    let ix = cancel_order_ix(&maker.keypair, MARKET, Side::Bid, bid_980);
    twin.fails(
        "maker cancels a cancelled order",
        &[ix],
        &[&maker.keypair],
        errors(PerpsError::OrderNotFound),
    );
    let ix = order(&bidder, Side::Bid, 1_000, 2, OrderType::PostOnly, &[]);
    twin.fails(
        "post-only bid that crosses",
        &[ix],
        &[&bidder.keypair],
        errors(PerpsError::PostOnlyWouldCross),
    );
    let ix = order(&bidder, Side::Bid, 1_000, 0, OrderType::Limit, &[]);
    twin.fails(
        "zero quantity",
        &[ix],
        &[&bidder.keypair],
        errors(PerpsError::InvalidQuantity),
    );

    // Fills: three makers' orders, the last one partially.
    let ix = order(
        &taker,
        Side::Bid,
        1_020,
        12,
        OrderType::ImmediateOrCancel,
        &[&maker, &maker2],
    );
    twin.ok("taker IOC bid 12@1020", &[ix], &[&taker.keypair]);
    let ix = order(
        &bidder,
        Side::Bid,
        1_020,
        3,
        OrderType::Limit,
        &[&maker, &maker2],
    );
    twin.ok(
        "bidder bid 3@1020 (fills maker2 2@1010, maker 1@1020)",
        &[ix],
        &[&bidder.keypair],
    );
    let ix = order(&maker2, Side::Ask, 990, 1, OrderType::Limit, &[&bidder]);
    twin.ok(
        "maker2 sells 1@990 into the resting bid",
        &[ix],
        &[&maker2.keypair],
    );
    let ix = order(&bidder, Side::Ask, 990, 1, OrderType::Limit, &[&bidder]);
    twin.fails(
        "a self-trade is refused",
        &[ix],
        &[&bidder.keypair],
        errors(PerpsError::SelfTrade),
    );

    // Liquidation after a price move, then settlement and withdrawals.
    let ix = liquidate_ix(&liquidator.keypair, MARKET, taker.position, 100);
    twin.fails(
        "liquidate a healthy taker",
        &[ix],
        &[&liquidator.keypair],
        errors(PerpsError::NotLiquidatable),
    );
    twin.ok(
        "set_price 880",
        &[set_price_ix(&admin, MARKET, 880)],
        &[&admin],
    );
    let ix = liquidate_ix(&liquidator.keypair, MARKET, taker.position, 100);
    twin.ok("liquidate taker", &[ix], &[&liquidator.keypair]);
    let ix = settle_pnl_ix(MARKET, maker.position, taker.position);
    twin.ok("settle_pnl maker <- taker", &[ix], &[&admin]);
    twin.ok(
        "set_price 900",
        &[set_price_ix(&admin, MARKET, 900)],
        &[&admin],
    );
    let ix = cancel_order_ix(&maker.keypair, MARKET, Side::Ask, maker_1020);
    twin.ok("maker cancels its rest at 1020", &[ix], &[&maker.keypair]);
    let ix = withdraw_ix(&liquidator.keypair, MARKET, liquidator.token, 10_000);
    twin.ok("liquidator withdraws 10000", &[ix], &[&liquidator.keypair]);
    let ix = withdraw_ix(&taker.keypair, MARKET, taker.token, 1_000_000);
    twin.fails(
        "taker withdraws more than it has",
        &[ix],
        &[&taker.keypair],
        errors(PerpsError::InsufficientCollateral),
    );
    let ix = withdraw_ix(&bidder.keypair, MARKET, bidder.token, 1_000);
    twin.ok("bidder withdraws 1000", &[ix], &[&bidder.keypair]);

    println!(
        "native == SBF after each of {} transactions ({} events)",
        twin.compared, twin.events
    );
    assert!(
        twin.events >= 20,
        "the scenario emits events: {}",
        twin.events
    );
    true
}
