//! The bank with the perps program, in both modes (SBF `.so` and native): logs, events, CPI,
//! errors, compute units, log limit, blockhash window and commitment levels, as a validator
//! would produce them. The SBF variants are skipped, loudly, when the `.so` is not built.

mod common;

use anchor_lang::{AnchorSerialize, Discriminator};
use base64::{prelude::BASE64_STANDARD, Engine};
use common::*;
use perps::events::MarketCreated;
use perps_localnet::{
    bank::{Bank, Notification, Submitted, TxRecord},
    convert, native, program,
};
use solana_account::ReadableAccount;
use solana_commitment_config::CommitmentLevel;
use solana_hash::Hash;
use solana_instruction::error::InstructionError;
use solana_keypair::Keypair;
use solana_loader_v3_interface::{
    instruction as loader_instruction, state::UpgradeableLoaderState,
};
use solana_pubkey::Pubkey;
use solana_sdk_ids::bpf_loader_upgradeable;
use solana_signer::Signer;
use solana_transaction::Transaction;
use solana_transaction_error::TransactionError;
use std::sync::Arc;

/// Declares `$name` once per mode: `$name::native` and `$name::sbf` call `$body(mode)`.
macro_rules! both_modes {
    ($name:ident, $body:ident) => {
        mod $name {
            #[test]
            fn native() {
                super::$body(super::Mode::Native);
            }
            #[test]
            fn sbf() {
                super::$body(super::Mode::Sbf);
            }
        }
    };
}

/// Lists market 0 of the exchange run by `admin` and returns the transaction.
fn create_first_market(bank: &mut Bank, admin: &Keypair, symbol: &str) -> Arc<TxRecord> {
    create_market_at(bank, admin, 0, symbol)
}

/// Sends `create_market` for market `index` (whether or not it is the next one), signed and paid
/// by `admin`, and returns the transaction.
fn create_market_at(bank: &mut Bank, admin: &Keypair, index: u16, symbol: &str) -> Arc<TxRecord> {
    let args = market_args(symbol, pk(admin));
    send(
        bank,
        &[create_market_ix(admin, admin, index, args)],
        &[admin],
    )
}

/// The log line the runtime prints after an SBF program ran: `consumed N of M compute units`.
fn consumed_line(record: &TxRecord) -> Option<(u64, u64)> {
    let prefix = format!("Program {} consumed ", perps::ID);
    record.logs.iter().find_map(|l| {
        let rest = l.strip_prefix(&prefix)?.strip_suffix(" compute units")?;
        let (used, limit) = rest.split_once(" of ")?;
        Some((used.parse().ok()?, limit.parse().ok()?))
    })
}

/// The logs without compute-unit lines (only SBF programs print them).
fn without_cu_lines(logs: &[String]) -> Vec<String> {
    logs.iter()
        .filter(|l| !(l.contains(" consumed ") && l.ends_with(" compute units")))
        .cloned()
        .collect()
}

fn create_market_logs_event_and_cpi(mode: Mode) {
    let _serial = serial();
    let Some(mut bank) = bank(mode, Some(10_000)) else {
        return;
    };
    let (admin, _) = exchange(&mut bank);
    let args = market_args("SOL-PERP", pk(&admin));
    let record = send(
        &mut bank,
        &[create_market_ix(&admin, &admin, 0, args.clone())],
        &[&admin],
    );
    assert_ok(&record);

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
    match mode {
        Mode::Native => assert!(
            consumed_line(&record).is_none(),
            "native execution must not report compute units: {:#?}",
            record.logs
        ),
        Mode::Sbf => {
            // Real metering: the runtime's line, right before `success`, and the same figure in
            // the transaction's meta.
            let (used, limit) = consumed_line(&record).expect("consumed line");
            assert_eq!(limit, 200_000);
            assert!(used > 1_000 && used < limit, "{used}");
            assert_eq!(record.compute_units_consumed, used);
            assert!(record.logs[record.logs.len() - 2].contains(" consumed "));
        }
    }

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
    let account = bank.account(&key(&market)).expect("market exists");
    assert_eq!(*account.owner(), key(&perps::ID));
    assert_eq!(account.data().len(), perps::state::Market::SPACE);
}
both_modes!(
    create_market_runs_with_agave_logs_event_and_cpi,
    create_market_logs_event_and_cpi
);

fn set_price_meters_compute(mode: Mode) {
    let _serial = serial();
    let Some(mut bank) = bank(mode, None) else {
        return;
    };
    let (admin, _) = exchange(&mut bank);
    assert_ok(&create_first_market(&mut bank, &admin, "SOL-PERP"));
    let record = send(&mut bank, &[set_price_ix(&admin, 0, 25_000)], &[&admin]);
    assert_ok(&record);
    match mode {
        // Native code is not metered: the bridge charges a token unit per invocation.
        Mode::Native => {
            assert_eq!(
                record.compute_units_consumed,
                native::NATIVE_INVOCATION_UNITS
            )
        }
        Mode::Sbf => {
            let (used, _) = consumed_line(&record).expect("consumed line");
            assert!(used > 100, "{used}");
            assert_eq!(record.compute_units_consumed, used);
        }
    }
    let data = bank.account(&key(&market_pda(0))).unwrap().data().to_vec();
    let state: &perps::state::Market = bytemuck::from_bytes(&data[8..]);
    assert_eq!(state.mark_price, 25_000);
}
both_modes!(
    an_instruction_without_cpi_succeeds,
    set_price_meters_compute
);

#[test]
fn a_compute_unit_limit_is_honoured_on_sbf() {
    let _serial = serial();
    let Some(mut bank) = sbf_bank(None) else {
        return;
    };
    let (admin, _) = exchange(&mut bank);
    assert_ok(&create_first_market(&mut bank, &admin, "SOL-PERP"));
    let set_price = convert::instruction(&set_price_ix(&admin, 0, 25_000));
    let limit = |units: u32| {
        let mut data = vec![2u8]; // ComputeBudgetInstruction::SetComputeUnitLimit
        data.extend_from_slice(&units.to_le_bytes());
        solana_instruction::Instruction {
            program_id: solana_sdk_ids::compute_budget::id(),
            accounts: vec![],
            data,
        }
    };
    // 300 units for the transaction: the compute budget program takes 150 of them, the program
    // runs out of the rest and the runtime stops it, as a validator does.
    let record = send_runtime(&mut bank, &[limit(300), set_price.clone()], &[&admin]);
    assert_eq!(
        record.status,
        Err(TransactionError::InstructionError(
            1,
            InstructionError::ProgramFailedToComplete
        )),
        "{:#?}",
        record.logs
    );
    let id = perps::ID;
    assert!(record.logs.ends_with(&[
        format!("Program {id} consumed 150 of 150 compute units"),
        format!("Program {id} failed: exceeded CUs meter at BPF instruction"),
    ]));
    assert_eq!(record.compute_units_consumed, 300);
    let record = send_runtime(&mut bank, &[limit(50_000), set_price], &[&admin]);
    assert_ok(&record);
    let (used, of) = consumed_line(&record).unwrap();
    assert_eq!(of, 50_000 - 150); // the compute budget program's own cost comes first
    assert!(used < of);
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

fn program_errors(mode: Mode) {
    let _serial = serial();
    let Some(mut bank) = bank(mode, Some(10_000)) else {
        return;
    };
    let _admin = exchange(&mut bank);
    let intruder = funded(&mut bank);
    let args = market_args("BTC-PERP", pk(&intruder));
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
both_modes!(
    program_errors_keep_anchor_logs_and_the_named_code,
    program_errors
);

fn market_index_mismatch(mode: Mode) {
    let _serial = serial();
    let Some(mut bank) = bank(mode, Some(10_000)) else {
        return;
    };
    let (admin, _) = exchange(&mut bank);
    // The exchange has no market yet: index 1 names a well-formed PDA, but not the next market.
    let record = create_market_at(&mut bank, &admin, 1, "SOL-PERP");
    assert_exchange_error(&record, "MarketIndexMismatch", 6028);
    // Anchor creates `init` accounts before checking the exchange's constraints: the failure
    // rolls the two System program CPIs back.
    assert!(bank.account(&key(&market_pda(1))).is_none());
    let data = bank.account(&key(&exchange_pda())).unwrap().data().to_vec();
    let state: &perps::state::Exchange = bytemuck::from_bytes(&data[8..]);
    assert_eq!(state.market_count, 0);
}
both_modes!(
    a_market_index_other_than_the_market_count_fails_with_market_index_mismatch,
    market_index_mismatch
);

fn failed_cpi(mode: Mode) {
    let _serial = serial();
    let Some(mut bank) = bank(mode, Some(10_000)) else {
        return;
    };
    let (admin, _) = exchange(&mut bank);
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
    let logs = without_cu_lines(&record.logs);
    let system = solana_sdk_ids::system_program::ID.to_string();
    let failed = logs
        .iter()
        .position(|l| *l == format!("Program {system} failed: custom program error: 0x0"))
        .expect("the callee failure is logged");
    // Nothing the caller did after the failed CPI is observable, as on chain.
    assert_eq!(
        &logs[failed + 1..],
        &[format!(
            "Program {} failed: custom program error: 0x0",
            perps::ID
        )]
    );
}
both_modes!(
    a_failed_cpi_ends_the_instruction_with_the_callee_error,
    failed_cpi
);

fn truncated_logs(mode: Mode) {
    let _serial = serial();
    let Some(mut bank) = bank(mode, Some(200)) else {
        return;
    };
    let (admin, _) = exchange(&mut bank);
    let record = create_first_market(&mut bank, &admin, "ETH-PERP");
    assert_ok(&record);
    assert_eq!(record.logs.last().unwrap(), "Log truncated");
    assert!(record.logs.iter().map(String::len).sum::<usize>() <= 200 + "Log truncated".len());
}
both_modes!(logs_over_the_byte_limit_are_truncated, truncated_logs);

#[test]
fn blockhashes_expire_after_150_slots_and_duplicates_are_refused() {
    let _serial = serial();
    let mut bank = native_bank(None);
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
        bank.submit(
            transfer(
                Pubkey::new_unique(),
                Hash::new_from_array(Pubkey::new_unique().to_bytes()),
                &user
            )
            .into()
        ),
        Submitted::Rejected(TransactionError::BlockhashNotFound)
    ));
}

#[test]
fn blocks_are_kept_as_long_as_transactions() {
    let mut bank = native_bank(None);
    let user = funded(&mut bank);
    bank.tick();
    let ix =
        solana_system_interface::instruction::transfer(&user.pubkey(), &Pubkey::new_unique(), 1);
    let record = send_runtime(&mut bank, &[ix], &[&user]);
    let slot = record.slot;
    let (hash, _, parent, _) = bank.block_info(slot).expect("block of the transaction");
    // Far more slots than the blockhash queue (300 entries) remembers.
    for _ in 0..1_000 {
        bank.tick();
    }
    assert_eq!(
        bank.block_info(slot).map(|b| (b.0, b.2)),
        Some((hash, parent))
    );
    assert_eq!(bank.block(slot).len(), 1);
    assert!(bank.block_time(slot).is_some());
    // A slot skipped by a warp has no block.
    let before = bank.current_slot();
    bank.warp(before + 10).unwrap();
    assert!(bank.block_info(before + 5).is_none());
    assert!(bank.block_info(before + 10).is_some());
}

#[test]
fn commitment_advances_with_slots_and_is_announced() {
    let _serial = serial();
    let mut bank = native_bank(None);
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

/// The upgrade authority in the fixture file (its key is `DEFAULT_UPGRADE_AUTHORITY`).
fn upgrade_authority() -> Keypair {
    let path = program::workspace_root().join("tests/fixtures/upgrade-authority-keypair.json");
    let bytes: Vec<u8> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    Keypair::try_from(bytes.as_slice()).unwrap()
}

#[test]
fn the_default_upgrade_authority_is_the_fixture_keypair() {
    assert_eq!(
        upgrade_authority().pubkey(),
        program::DEFAULT_UPGRADE_AUTHORITY
    );
    let path = program::workspace_root().join("tests/fixtures/upgrade-authority-keypair.json");
    assert_eq!(
        program::parse_upgrade_authority(path.to_str().unwrap()),
        Ok(Some(program::DEFAULT_UPGRADE_AUTHORITY))
    );
    assert_eq!(program::parse_upgrade_authority("none"), Ok(None));
    let key = Pubkey::new_unique();
    assert_eq!(
        program::parse_upgrade_authority(&key.to_string()),
        Ok(Some(key))
    );
    assert!(program::parse_upgrade_authority("/nonexistent/keypair.json").is_err());
}

fn loader_state(bank: &Bank, address: &Pubkey, len: usize) -> UpgradeableLoaderState {
    let account = bank.account(address).expect("loader account");
    assert_eq!(*account.owner(), bpf_loader_upgradeable::id());
    bincode::deserialize(&account.data()[..len]).unwrap()
}

fn program_accounts(mode: Mode) {
    let _serial = serial();
    let Some(bank) = bank(mode, None) else {
        return;
    };
    let programdata = program::programdata_address(&program::PROGRAM_ID);
    assert!(bank.account(&program::PROGRAM_ID).unwrap().executable());
    assert_eq!(
        loader_state(&bank, &program::PROGRAM_ID, 36),
        UpgradeableLoaderState::Program {
            programdata_address: programdata
        }
    );
    let header_len = UpgradeableLoaderState::size_of_programdata_metadata();
    assert_eq!(
        loader_state(&bank, &programdata, header_len),
        UpgradeableLoaderState::ProgramData {
            slot: 0,
            upgrade_authority_address: Some(program::DEFAULT_UPGRADE_AUTHORITY),
        }
    );
    let elf = &bank.account(&programdata).unwrap().data()[header_len..].to_vec();
    match mode {
        Mode::Sbf => assert_eq!(*elf, std::fs::read(program_so()).unwrap()),
        Mode::Native => assert!(elf.is_empty()),
    }
}
both_modes!(
    the_program_has_program_and_programdata_accounts_like_a_deployed_one,
    program_accounts
);

fn set_upgrade_authority(mode: Mode) {
    let _serial = serial();
    let Some(mut bank) = bank(mode, None) else {
        return;
    };
    let authority = upgrade_authority();
    fund(&mut bank, &authority);
    let intruder = funded(&mut bank);
    let programdata = program::programdata_address(&program::PROGRAM_ID);
    let set = |current: &Keypair, new: Option<&Pubkey>| {
        loader_instruction::set_upgrade_authority(&program::PROGRAM_ID, &current.pubkey(), new)
    };
    // The loader's own instructions run as on a validator (natively too: the wrapped loader
    // passes them through).
    let record = send_runtime(
        &mut bank,
        &[set(&intruder, Some(&intruder.pubkey()))],
        &[&intruder],
    );
    assert_eq!(
        record.status,
        Err(TransactionError::InstructionError(
            0,
            InstructionError::IncorrectAuthority
        ))
    );
    let record = send_runtime(&mut bank, &[set(&authority, None)], &[&authority]);
    assert_ok(&record);
    let header_len = UpgradeableLoaderState::size_of_programdata_metadata();
    assert_eq!(
        loader_state(&bank, &programdata, header_len),
        UpgradeableLoaderState::ProgramData {
            slot: 0,
            upgrade_authority_address: None,
        }
    );
    // The program still runs, and reads the new header: an immutable program can never be
    // initialized, not even by its former authority.
    let mint = create_mint(&mut bank, &authority);
    let record = send(
        &mut bank,
        &[initialize_ix(&authority, &authority, mint)],
        &[&authority],
    );
    let code = u32::from(perps::errors::PerpsError::NotUpgradeAuthority);
    assert_eq!(
        record.status,
        Err(TransactionError::InstructionError(
            0,
            InstructionError::Custom(code)
        )),
        "{:#?}",
        record.logs
    );
    let line = format!("Error Code: NotUpgradeAuthority. Error Number: {code}.");
    assert!(
        record.logs.iter().any(|l| l.contains(&line)),
        "{:#?}",
        record.logs
    );
}
both_modes!(
    the_loader_changes_the_upgrade_authority,
    set_upgrade_authority
);

#[test]
fn the_upgrade_authority_upgrades_the_program_through_the_loader() {
    let _serial = serial();
    let Some(mut bank) = sbf_bank(None) else {
        return;
    };
    let elf = std::fs::read(program_so()).unwrap();
    let authority = upgrade_authority();
    bank.svm
        .airdrop(&authority.pubkey(), 100 * SOL)
        .expect("airdrop");
    let buffer = Keypair::new();
    let lamports = bank
        .svm
        .minimum_balance_for_rent_exemption(UpgradeableLoaderState::size_of_buffer(elf.len()));
    let ixs = loader_instruction::create_buffer(
        &authority.pubkey(),
        &buffer.pubkey(),
        &authority.pubkey(),
        lamports,
        elf.len(),
    )
    .unwrap();
    assert_ok(&send_runtime(&mut bank, &ixs, &[&authority, &buffer]));
    const CHUNK: usize = 950; // a write transaction stays under the 1,232-byte packet limit
    for (i, chunk) in elf.chunks(CHUNK).enumerate() {
        let ix = loader_instruction::write(
            &buffer.pubkey(),
            &authority.pubkey(),
            (i * CHUNK) as u32,
            chunk.to_vec(),
        );
        let tx = Transaction::new_signed_with_payer(
            &[ix],
            Some(&authority.pubkey()),
            &[&authority],
            bank.latest_blockhash(CommitmentLevel::Processed).0,
        );
        assert!(bincode::serialize(&tx).unwrap().len() <= 1_232);
        match bank.submit(tx.into()) {
            Submitted::Executed(record) => assert_ok(&record),
            Submitted::Rejected(err) => panic!("write {i}: {err}"),
        }
    }
    // A program cannot be upgraded in the slot it was deployed in.
    bank.tick();
    let upgrade = |signer: &Keypair| {
        loader_instruction::upgrade(
            &program::PROGRAM_ID,
            &buffer.pubkey(),
            &signer.pubkey(),
            &signer.pubkey(),
            true,
        )
    };
    let intruder = funded(&mut bank);
    let record = send_runtime(&mut bank, &[upgrade(&intruder)], &[&intruder]);
    assert_eq!(
        record.status,
        Err(TransactionError::InstructionError(
            0,
            InstructionError::IncorrectAuthority
        )),
        "{:#?}",
        record.logs
    );
    let record = send_runtime(&mut bank, &[upgrade(&authority)], &[&authority]);
    assert_ok(&record);
    let programdata = program::programdata_address(&program::PROGRAM_ID);
    let header_len = UpgradeableLoaderState::size_of_programdata_metadata();
    assert_eq!(
        loader_state(&bank, &programdata, header_len),
        UpgradeableLoaderState::ProgramData {
            slot: bank.current_slot(),
            upgrade_authority_address: Some(authority.pubkey()),
        }
    );
    assert!(
        bank.account(&buffer.pubkey()).is_none(),
        "the buffer is closed"
    );
    // The upgraded program runs (from the next slot, as on a validator).
    bank.tick();
    let (admin, _) = exchange(&mut bank);
    let record = create_first_market(&mut bank, &admin, "SOL-PERP");
    assert_ok(&record);
    assert!(consumed_line(&record).is_some());
}
