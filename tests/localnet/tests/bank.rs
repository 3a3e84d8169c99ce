//! The bank with the perps program running natively: logs, events, CPI, errors, log limit,
//! blockhash window and commitment levels, as a validator would produce them.

use anchor_lang::{AnchorSerialize, Discriminator, InstructionData, ToAccountMetas};
use anchor_spl::token::spl_token;
use base64::{prelude::BASE64_STANDARD, Engine};
use perps::{events::MarketCreated, CreateMarketArgs};
use perps_localnet::{
    bank::{Bank, Config, Notification, Submitted, TxRecord},
    native,
};
use solana_account::ReadableAccount;
use solana_commitment_config::CommitmentLevel;
use solana_hash::Hash;
use solana_instruction::{error::InstructionError, Instruction};
use solana_keypair::Keypair;
use solana_pubkey::Pubkey;
use solana_signer::Signer;
use solana_transaction::Transaction;
use solana_transaction_error::TransactionError;
use std::sync::Arc;

const SOL: u64 = 1_000_000_000;

/// Native programs share the process's stdout capture, so tests that execute them run one at a
/// time (the cluster itself executes on a single thread).
fn serial() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn bank_with(log_bytes_limit: Option<usize>) -> Bank {
    native::install(&[(perps::ID, perps::entrypoint)]);
    Bank::new(
        Config {
            log_bytes_limit,
            finality_depth: 32,
        },
        |svm| native::deploy(svm, perps::ID),
    )
}

fn funded(bank: &mut Bank) -> Keypair {
    let user = Keypair::new();
    bank.svm.airdrop(&user.pubkey(), 10 * SOL).expect("airdrop");
    user
}

fn send(bank: &mut Bank, ixs: &[Instruction], signers: &[&Keypair]) -> Arc<TxRecord> {
    let (blockhash, _) = bank.latest_blockhash(CommitmentLevel::Processed);
    let tx =
        Transaction::new_signed_with_payer(ixs, Some(&signers[0].pubkey()), signers, blockhash);
    match bank.submit(tx.into()) {
        Submitted::Executed(record) => record,
        Submitted::Rejected(err) => panic!("rejected: {err}"),
    }
}

fn create_mint(bank: &mut Bank, payer: &Keypair) -> Pubkey {
    let mint = Keypair::new();
    let rent = bank.svm.minimum_balance_for_rent_exemption(82);
    let ixs = [
        solana_system_interface::instruction::create_account(
            &payer.pubkey(),
            &mint.pubkey(),
            rent,
            82,
            &spl_token::ID,
        ),
        spl_token::instruction::initialize_mint2(
            &spl_token::ID,
            &mint.pubkey(),
            &payer.pubkey(),
            None,
            6,
        )
        .unwrap(),
    ];
    let record = send(bank, &ixs, &[payer, &mint]);
    assert_eq!(record.status, Ok(()), "{:#?}", record.logs);
    mint.pubkey()
}

fn exchange_pda() -> Pubkey {
    Pubkey::find_program_address(&[b"exchange"], &perps::ID).0
}

fn initialize_ix(payer: &Keypair, admin: &Keypair, mint: Pubkey) -> Instruction {
    let exchange = exchange_pda();
    let vault = Pubkey::find_program_address(&[b"vault", exchange.as_ref()], &perps::ID).0;
    Instruction {
        program_id: perps::ID,
        accounts: perps::accounts::Initialize {
            payer: payer.pubkey(),
            admin: admin.pubkey(),
            exchange,
            quote_mint: mint,
            vault,
            token_program: spl_token::ID,
            system_program: solana_sdk_ids::system_program::ID,
            program_data: Pubkey::find_program_address(
                &[perps::ID.as_ref()],
                &solana_sdk_ids::bpf_loader_upgradeable::ID,
            )
            .0,
        }
        .to_account_metas(None),
        data: perps::instruction::Initialize {}.data(),
    }
}

fn market_args(symbol: &str, authority: Pubkey) -> CreateMarketArgs {
    CreateMarketArgs {
        symbol: symbol.into(),
        tick_size: 10,
        base_lot_size: 1_000,
        base_decimals: 9,
        taker_fee_bps: 10,
        maker_fee_bps: 5,
        initial_margin_bps: 1_000,
        maintenance_margin_bps: 500,
        liquidation_penalty_bps: 100,
        price_authority: authority,
        max_price_age_secs: 60,
    }
}

fn create_market_ix(
    payer: &Keypair,
    admin: &Keypair,
    index: u16,
    args: CreateMarketArgs,
) -> Instruction {
    let exchange = exchange_pda();
    let market = market_pda(index);
    let order_book = Pubkey::find_program_address(&[b"book", market.as_ref()], &perps::ID).0;
    Instruction {
        program_id: perps::ID,
        accounts: perps::accounts::CreateMarket {
            payer: payer.pubkey(),
            admin: admin.pubkey(),
            exchange,
            market,
            order_book,
            system_program: solana_sdk_ids::system_program::ID,
        }
        .to_account_metas(None),
        data: perps::instruction::CreateMarket { index, args }.data(),
    }
}

fn market_pda(index: u16) -> Pubkey {
    Pubkey::find_program_address(
        &[b"market", exchange_pda().as_ref(), &index.to_le_bytes()],
        &perps::ID,
    )
    .0
}

/// Lists market 0 of the exchange run by `admin` and returns the transaction.
fn create_first_market(bank: &mut Bank, admin: &Keypair, symbol: &str) -> Arc<TxRecord> {
    create_market_at(bank, admin, 0, symbol)
}

/// Sends `create_market` for market `index` (whether or not it is the next one), signed and paid
/// by `admin`, and returns the transaction.
fn create_market_at(bank: &mut Bank, admin: &Keypair, index: u16, symbol: &str) -> Arc<TxRecord> {
    let args = market_args(symbol, admin.pubkey());
    send(
        bank,
        &[create_market_ix(admin, admin, index, args)],
        &[admin],
    )
}

/// An initialized exchange whose admin is the returned keypair (the program's upgrade
/// authority, as `initialize` requires).
fn exchange(bank: &mut Bank) -> Keypair {
    let admin = funded(bank);
    native::set_upgrade_authority(&mut bank.svm, perps::ID, Some(admin.pubkey()));
    let mint = create_mint(bank, &admin);
    let record = send(bank, &[initialize_ix(&admin, &admin, mint)], &[&admin]);
    assert_eq!(record.status, Ok(()), "{:#?}", record.logs);
    admin
}

#[test]
fn create_market_runs_natively_with_agave_logs_event_and_cpi() {
    let _serial = serial();
    let mut bank = bank_with(Some(10_000));
    let admin = exchange(&mut bank);
    let args = market_args("SOL-PERP", admin.pubkey());
    let record = send(
        &mut bank,
        &[create_market_ix(&admin, &admin, 0, args.clone())],
        &[&admin],
    );
    assert_eq!(record.status, Ok(()), "{:#?}", record.logs);

    let id = perps::ID.to_string();
    let system = solana_sdk_ids::system_program::ID.to_string();
    assert_eq!(
        record.logs.first().unwrap(),
        &format!("Program {id} invoke [1]")
    );
    assert_eq!(record.logs[1], "Program log: Instruction: CreateMarket");
    assert!(record
        .logs
        .contains(&format!("Program {system} invoke [2]")));
    assert!(record.logs.contains(&format!("Program {system} success")));
    assert_eq!(
        record.logs.last().unwrap(),
        &format!("Program {id} success")
    );
    assert!(
        !record.logs.iter().any(|l| l.contains("consumed")),
        "native execution must not report compute units: {:#?}",
        record.logs
    );

    let data_line = record
        .logs
        .iter()
        .find_map(|l| l.strip_prefix("Program data: "))
        .expect("the event is in the logs");
    let data = BASE64_STANDARD.decode(data_line).unwrap();
    assert_eq!(&data[..8], MarketCreated::DISCRIMINATOR);
    let mut expected_tail = Vec::new();
    let market = market_pda(0);
    market.serialize(&mut expected_tail).unwrap();
    0u16.serialize(&mut expected_tail).unwrap();
    "SOL-PERP"
        .to_string()
        .serialize(&mut expected_tail)
        .unwrap();
    assert_eq!(&data[8..8 + expected_tail.len()], expected_tail.as_slice());

    // The market and order book accounts were created through CPIs to the System program.
    assert_eq!(record.inner_instructions.len(), 1);
    assert_eq!(record.inner_instructions[0].len(), 2);
    assert!(record.inner_instructions[0]
        .iter()
        .all(|ix| ix.stack_height == 2));
    let account = bank.account(&market).expect("market exists");
    assert_eq!(*account.owner(), perps::ID);
    assert_eq!(account.data().len(), perps::state::Market::SPACE);
}

#[test]
fn an_instruction_without_cpi_succeeds_as_a_builtin() {
    let _serial = serial();
    let mut bank = bank_with(None);
    let admin = exchange(&mut bank);
    let record = create_first_market(&mut bank, &admin, "SOL-PERP");
    assert_eq!(record.status, Ok(()));
    let market = market_pda(0);
    let set_price = Instruction {
        program_id: perps::ID,
        accounts: perps::accounts::SetPrice {
            price_authority: admin.pubkey(),
            market,
        }
        .to_account_metas(None),
        data: perps::instruction::SetPrice {
            args: perps::instructions::SetPriceArgs { price: 25_000 },
        }
        .data(),
    };
    let record = send(&mut bank, &[set_price], &[&admin]);
    // The runtime rejects builtins that consume no compute units; the bridge charges a token unit.
    assert_eq!(record.status, Ok(()), "{:#?}", record.logs);
    assert!(record.compute_units_consumed >= native::NATIVE_INVOCATION_UNITS);
    let data = bank.account(&market).unwrap().data().to_vec();
    let state: &perps::state::Market = bytemuck::from_bytes(&data[8..]);
    assert_eq!(state.mark_price, 25_000);
}

/// The transaction failed in its first instruction with the program error `name` (`code`),
/// raised by a constraint on the `exchange` account, and Anchor's log line says so.
fn assert_exchange_error(record: &TxRecord, name: &str, code: u32) {
    assert_eq!(
        record.status,
        Err(TransactionError::InstructionError(
            0,
            InstructionError::Custom(code)
        ))
    );
    let line = format!(
        "Program log: AnchorError caused by account: exchange. Error Code: {name}. Error Number: {code}."
    );
    assert!(
        record.logs.iter().any(|l| l.starts_with(&line)),
        "{:#?}",
        record.logs
    );
}

#[test]
fn program_errors_keep_anchor_logs_and_the_named_code() {
    let _serial = serial();
    let mut bank = bank_with(Some(10_000));
    let _admin = exchange(&mut bank);
    let intruder = funded(&mut bank);
    let args = market_args("BTC-PERP", intruder.pubkey());
    let record = send(
        &mut bank,
        &[create_market_ix(&intruder, &intruder, 0, args)],
        &[&intruder],
    );
    assert_exchange_error(&record, "Unauthorized", 6000);
    assert_eq!(
        record.logs.last().unwrap(),
        &format!("Program {} failed: custom program error: 0x1770", perps::ID)
    );
    // The fee is charged even though the transaction failed, as a validator does.
    assert_eq!(record.fee, 5_000);
    assert_eq!(record.pre_balances[0] - record.post_balances[0], 5_000);
}

#[test]
fn a_market_index_other_than_the_market_count_fails_with_market_index_mismatch() {
    let _serial = serial();
    let mut bank = bank_with(Some(10_000));
    let admin = exchange(&mut bank);
    // The exchange has no market yet: index 1 names a well-formed PDA, but not the next market.
    let record = create_market_at(&mut bank, &admin, 1, "SOL-PERP");
    assert_exchange_error(&record, "MarketIndexMismatch", 6028);
    // Anchor creates `init` accounts before checking the exchange's constraints: the failure
    // rolls the two System program CPIs back.
    assert!(bank.account(&market_pda(1)).is_none());
    let data = bank.account(&exchange_pda()).unwrap().data().to_vec();
    let state: &perps::state::Exchange = bytemuck::from_bytes(&data[8..]);
    assert_eq!(state.market_count, 0);
}

#[test]
fn a_failed_cpi_ends_the_instruction_with_the_callee_error() {
    let _serial = serial();
    let mut bank = bank_with(Some(10_000));
    let admin = exchange(&mut bank);
    let mint = create_mint(&mut bank, &admin);
    // The exchange PDA exists already: the System program refuses to create it again.
    let record = send(&mut bank, &[initialize_ix(&admin, &admin, mint)], &[&admin]);
    assert_eq!(
        record.status,
        Err(TransactionError::InstructionError(
            0,
            InstructionError::Custom(0)
        ))
    );
    let system = solana_sdk_ids::system_program::ID.to_string();
    let failed = record
        .logs
        .iter()
        .position(|l| *l == format!("Program {system} failed: custom program error: 0x0"))
        .expect("the callee failure is logged");
    // Nothing the caller did after the failed CPI is observable, as on chain.
    assert_eq!(
        &record.logs[failed + 1..],
        &[format!(
            "Program {} failed: custom program error: 0x0",
            perps::ID
        )]
    );
}

#[test]
fn logs_over_the_byte_limit_are_truncated() {
    let _serial = serial();
    let mut bank = bank_with(Some(200));
    let admin = exchange(&mut bank);
    let record = create_first_market(&mut bank, &admin, "ETH-PERP");
    assert_eq!(record.status, Ok(()));
    assert_eq!(record.logs.last().unwrap(), "Log truncated");
    assert!(record.logs.iter().map(String::len).sum::<usize>() <= 200 + "Log truncated".len());
}

#[test]
fn blockhashes_expire_after_150_slots_and_duplicates_are_refused() {
    let mut bank = bank_with(None);
    let user = funded(&mut bank);
    let (old, last_valid) = bank.latest_blockhash(CommitmentLevel::Processed);
    assert_eq!(
        last_valid,
        bank.block_height_at(CommitmentLevel::Processed) + 150
    );
    let transfer = |to: Pubkey, blockhash: Hash, user: &Keypair| {
        Transaction::new_signed_with_payer(
            &[solana_system_interface::instruction::transfer(
                &user.pubkey(),
                &to,
                1,
            )],
            Some(&user.pubkey()),
            &[user],
            blockhash,
        )
    };
    let tx = transfer(Pubkey::new_unique(), old, &user);
    assert!(matches!(
        bank.submit(tx.clone().into()),
        Submitted::Executed(_)
    ));
    assert!(matches!(
        bank.submit(tx.into()),
        Submitted::Rejected(TransactionError::AlreadyProcessed)
    ));
    // A warp is one block: blockhashes stay valid across it, as in Agave's blockhash queue.
    bank.warp(bank.current_slot() + 10_000).unwrap();
    assert!(bank.is_blockhash_valid(&old));
    for _ in 0..150 {
        bank.tick();
    }
    assert!(!bank.is_blockhash_valid(&old));
    assert!(matches!(
        bank.submit(transfer(Pubkey::new_unique(), old, &user).into()),
        Submitted::Rejected(TransactionError::BlockhashNotFound)
    ));
    assert!(matches!(
        bank.submit(transfer(Pubkey::new_unique(), Hash::new_unique(), &user).into()),
        Submitted::Rejected(TransactionError::BlockhashNotFound)
    ));
}

#[test]
fn commitment_advances_with_slots_and_is_announced() {
    let _serial = serial();
    let mut bank = bank_with(None);
    let mut notifications = bank.notifications.subscribe();
    let user = funded(&mut bank);
    let (blockhash, _) = bank.latest_blockhash(CommitmentLevel::Processed);
    let tx = Transaction::new_signed_with_payer(
        &[solana_system_interface::instruction::transfer(
            &user.pubkey(),
            &Pubkey::new_unique(),
            1,
        )],
        Some(&user.pubkey()),
        &[&user],
        blockhash,
    );
    let Submitted::Executed(record) = bank.submit(tx.into()) else {
        panic!("rejected")
    };
    let level = |bank: &Bank| bank.status(&record.signature).unwrap().1;
    assert_eq!(level(&bank), CommitmentLevel::Processed);
    assert!(bank
        .transaction(&record.signature, CommitmentLevel::Confirmed)
        .is_none());
    bank.tick();
    assert_eq!(level(&bank), CommitmentLevel::Confirmed);
    assert!(bank
        .transaction(&record.signature, CommitmentLevel::Confirmed)
        .is_some());
    for _ in 0..31 {
        bank.tick();
    }
    assert_eq!(level(&bank), CommitmentLevel::Finalized);

    let mut announced = Vec::new();
    while let Ok(n) = notifications.try_recv() {
        if let Notification::Transaction {
            commitment,
            record: r,
        } = n
        {
            if r.signature == record.signature {
                announced.push(commitment);
            }
        }
    }
    assert_eq!(
        announced,
        [
            CommitmentLevel::Processed,
            CommitmentLevel::Confirmed,
            CommitmentLevel::Finalized
        ]
    );
}
