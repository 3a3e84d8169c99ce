//! What the bank tests share: banks in either mode, and the perps program's real instructions
//! (Anchor's `InstructionData` / `ToAccountMetas`, SPL Token's builders) sent as transactions.
#![allow(dead_code)] // each test binary uses its own subset

use anchor_lang::{
    solana_program::{instruction::Instruction as ProgramInstruction, pubkey::Pubkey as PK},
    InstructionData, ToAccountMetas,
};
use anchor_spl::token::spl_token;
use perps::{CreateMarketArgs, OrderType, Side};
use perps_localnet::{
    bank::{Bank, Config, Submitted, TxRecord},
    convert,
    program::{self, Deployment},
};
use solana_commitment_config::CommitmentLevel;
use solana_keypair::Keypair;
use solana_pubkey::Pubkey;
use solana_signer::Signer;
use solana_transaction::Transaction;
use std::sync::Arc;

pub const SOL: u64 = 1_000_000_000;

/// Native programs share the process's stdout capture, so tests that execute them run one at a
/// time (the cluster itself executes on a single thread).
pub fn serial() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub fn config(log_bytes_limit: Option<usize>) -> Config {
    Config {
        log_bytes_limit,
        ..Config::default()
    }
}

/// A bank running the perps crate compiled for the host.
pub fn native_bank(log_bytes_limit: Option<usize>) -> Bank {
    Bank::new(config(log_bytes_limit), &Deployment::native_perps()).expect("native bank")
}

/// The `.so` the SBF tests load: `PERPS_SO` or `target/deploy/perps.so`.
pub fn program_so() -> std::path::PathBuf {
    std::env::var_os("PERPS_SO")
        .map(Into::into)
        .unwrap_or_else(program::default_program_so)
}

/// A bank running the SBF build, or `None` (with a loud message) when it has not been built.
pub fn sbf_bank(log_bytes_limit: Option<usize>) -> Option<Bank> {
    let path = program_so();
    if !path.exists() {
        eprintln!(
            "\n!!!!! SKIPPED (SBF): {} does not exist; run `npm run build:sbf` !!!!!\n",
            path.display()
        );
        return None;
    }
    let deployment = Deployment::sbf_perps(&path).expect("readable .so");
    Some(Bank::new(config(log_bytes_limit), &deployment).expect("the runtime loads the .so"))
}

/// The two modes a test runs in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Native,
    Sbf,
}

pub fn bank(mode: Mode, log_bytes_limit: Option<usize>) -> Option<Bank> {
    match mode {
        Mode::Native => Some(native_bank(log_bytes_limit)),
        Mode::Sbf => sbf_bank(log_bytes_limit),
    }
}

/// For tests that build every instruction with the program's crates: they import
/// `program_signer::ProgramSigner` instead of `solana_signer::Signer`.
pub mod program_signer {
    /// A keypair's public key in the program's types.
    pub trait ProgramSigner {
        fn pubkey(&self) -> super::PK;
    }

    impl ProgramSigner for super::Keypair {
        fn pubkey(&self) -> super::PK {
            super::pk(self)
        }
    }
}

pub fn pk(keypair: &Keypair) -> PK {
    convert::program_key(&keypair.pubkey())
}

/// The program's upgrade authority on test banks: the fixture keypair whose key is
/// `program::DEFAULT_UPGRADE_AUTHORITY` (local clusters only). Only it may `initialize`.
pub fn deployer() -> Keypair {
    let path = program::workspace_root().join("tests/fixtures/upgrade-authority-keypair.json");
    let bytes: Vec<u8> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    Keypair::try_from(bytes.as_slice()).unwrap()
}

pub fn funded(bank: &mut Bank) -> Keypair {
    let user = Keypair::new();
    fund(bank, &user);
    user
}

pub fn fund(bank: &mut Bank, user: &Keypair) {
    bank.svm.airdrop(&user.pubkey(), 10 * SOL).expect("airdrop");
}

/// Signs `ixs` (program-side types) with `signers` (the first pays) and submits them.
pub fn send(bank: &mut Bank, ixs: &[ProgramInstruction], signers: &[&Keypair]) -> Arc<TxRecord> {
    let ixs: Vec<_> = ixs.iter().map(convert::instruction).collect();
    send_runtime(bank, &ixs, signers)
}

/// Same as `send` for instructions already in the runtime's types.
pub fn send_runtime(
    bank: &mut Bank,
    ixs: &[solana_instruction::Instruction],
    signers: &[&Keypair],
) -> Arc<TxRecord> {
    let (blockhash, _) = bank.latest_blockhash(CommitmentLevel::Processed);
    let tx =
        Transaction::new_signed_with_payer(ixs, Some(&signers[0].pubkey()), signers, blockhash);
    match bank.submit(tx.into()) {
        Submitted::Executed(record) => record,
        Submitted::Rejected(err) => panic!("rejected: {err}"),
    }
}

pub fn assert_ok(record: &TxRecord) {
    assert_eq!(record.status, Ok(()), "{:#?}", record.logs);
}

pub fn pda(seeds: &[&[u8]]) -> PK {
    PK::find_program_address(seeds, &perps::ID).0
}

pub fn exchange_pda() -> PK {
    pda(&[b"exchange"])
}

pub fn vault_pda() -> PK {
    pda(&[b"vault", exchange_pda().as_ref()])
}

/// The program's ProgramData account (upgradeable loader), which names its upgrade authority.
pub fn program_data() -> PK {
    convert::program_key(&program::programdata_address(&program::PROGRAM_ID))
}

pub fn market_pda(index: u16) -> PK {
    pda(&[b"market", exchange_pda().as_ref(), &index.to_le_bytes()])
}

pub fn book_pda(index: u16) -> PK {
    pda(&[b"book", market_pda(index).as_ref()])
}

pub fn position_pda(index: u16, owner: &PK) -> PK {
    pda(&[b"position", market_pda(index).as_ref(), owner.as_ref()])
}

fn ix(accounts: impl ToAccountMetas, data: impl InstructionData) -> ProgramInstruction {
    ProgramInstruction {
        program_id: perps::ID,
        accounts: accounts.to_account_metas(None),
        data: data.data(),
    }
}

/// `create_account` + `initialize_mint2` for a 6-decimal mint whose authority is `payer`.
pub fn create_mint_ixs(bank: &Bank, payer: &Keypair, mint: &Keypair) -> Vec<ProgramInstruction> {
    let rent = bank.svm.minimum_balance_for_rent_exemption(82);
    vec![
        convert_back(solana_system_interface::instruction::create_account(
            &payer.pubkey(),
            &mint.pubkey(),
            rent,
            82,
            &convert::key(&spl_token::ID),
        )),
        spl_token::instruction::initialize_mint2(&spl_token::ID, &pk(mint), &pk(payer), None, 6)
            .unwrap(),
    ]
}

pub fn create_mint(bank: &mut Bank, payer: &Keypair) -> PK {
    let mint = Keypair::new();
    let ixs = create_mint_ixs(bank, payer, &mint);
    assert_ok(&send(bank, &ixs, &[payer, &mint]));
    pk(&mint)
}

/// A runtime-side instruction (System program builders) in the program's types.
pub fn convert_back(ix: solana_instruction::Instruction) -> ProgramInstruction {
    ProgramInstruction {
        program_id: convert::program_key(&ix.program_id),
        accounts: ix
            .accounts
            .iter()
            .map(|m| anchor_lang::solana_program::instruction::AccountMeta {
                pubkey: convert::program_key(&m.pubkey),
                is_signer: m.is_signer,
                is_writable: m.is_writable,
            })
            .collect(),
        data: ix.data,
    }
}

/// `create_account` + `initialize_account3`: a token account of `mint` owned by `owner`.
pub fn create_token_account_ixs(
    bank: &Bank,
    payer: &Keypair,
    account: &Keypair,
    mint: &PK,
    owner: &PK,
) -> Vec<ProgramInstruction> {
    let rent = bank.svm.minimum_balance_for_rent_exemption(165);
    vec![
        convert_back(solana_system_interface::instruction::create_account(
            &payer.pubkey(),
            &account.pubkey(),
            rent,
            165,
            &convert::key(&spl_token::ID),
        )),
        spl_token::instruction::initialize_account3(&spl_token::ID, &pk(account), mint, owner)
            .unwrap(),
    ]
}

pub fn mint_to_ix(mint: &PK, to: &PK, authority: &Keypair, amount: u64) -> ProgramInstruction {
    spl_token::instruction::mint_to(&spl_token::ID, mint, to, &pk(authority), &[], amount).unwrap()
}

pub fn initialize_ix(payer: &Keypair, admin: &Keypair, mint: PK) -> ProgramInstruction {
    ix(
        perps::accounts::Initialize {
            payer: pk(payer),
            admin: pk(admin),
            exchange: exchange_pda(),
            quote_mint: mint,
            vault: vault_pda(),
            program_data: program_data(),
            token_program: spl_token::ID,
            system_program: anchor_lang::system_program::ID,
        },
        perps::instruction::Initialize {},
    )
}

/// The scenario market of the TypeScript suites: tick 1, lot 1, taker 10 bps, maker 2 bps,
/// initial 10 %, maintenance 5 %, penalty 2.5 %, price age 60 s.
pub fn market_args(symbol: &str, price_authority: PK) -> CreateMarketArgs {
    CreateMarketArgs {
        symbol: symbol.into(),
        tick_size: 1,
        base_lot_size: 1,
        base_decimals: 9,
        taker_fee_bps: 10,
        maker_fee_bps: 2,
        initial_margin_bps: 1_000,
        maintenance_margin_bps: 500,
        liquidation_penalty_bps: 250,
        price_authority,
        max_price_age_secs: 60,
        price_band_bps: 1_000,
        min_order_notional: 100,
        max_orders_per_position: 64,
    }
}

pub fn create_market_ix(
    payer: &Keypair,
    admin: &Keypair,
    index: u16,
    args: CreateMarketArgs,
) -> ProgramInstruction {
    ix(
        perps::accounts::CreateMarket {
            payer: pk(payer),
            admin: pk(admin),
            exchange: exchange_pda(),
            market: market_pda(index),
            order_book: book_pda(index),
            system_program: anchor_lang::system_program::ID,
        },
        perps::instruction::CreateMarket { index, args },
    )
}

pub fn set_price_ix(authority: &Keypair, index: u16, price: u64) -> ProgramInstruction {
    ix(
        perps::accounts::SetPrice {
            price_authority: pk(authority),
            market: market_pda(index),
        },
        perps::instruction::SetPrice {
            args: perps::instructions::SetPriceArgs { price },
        },
    )
}

pub fn open_position_ix(owner: &Keypair, index: u16) -> ProgramInstruction {
    ix(
        perps::accounts::OpenPosition {
            owner: pk(owner),
            exchange: exchange_pda(),
            market: market_pda(index),
            position: position_pda(index, &pk(owner)),
            system_program: anchor_lang::system_program::ID,
        },
        perps::instruction::OpenPosition {},
    )
}

fn move_collateral(owner: &Keypair, index: u16, token: PK) -> perps::accounts::MoveCollateral {
    perps::accounts::MoveCollateral {
        owner: pk(owner),
        exchange: exchange_pda(),
        market: market_pda(index),
        position: position_pda(index, &pk(owner)),
        user_token: token,
        vault: vault_pda(),
        token_program: spl_token::ID,
    }
}

pub fn deposit_ix(owner: &Keypair, index: u16, token: PK, amount: u64) -> ProgramInstruction {
    ix(
        move_collateral(owner, index, token),
        perps::instruction::Deposit {
            args: perps::instructions::DepositArgs { amount },
        },
    )
}

pub fn withdraw_ix(owner: &Keypair, index: u16, token: PK, amount: u64) -> ProgramInstruction {
    ix(
        move_collateral(owner, index, token),
        perps::instruction::Withdraw {
            args: perps::instructions::WithdrawArgs { amount },
        },
    )
}

/// `place_order` with the makers' positions as remaining accounts.
pub fn place_order_ix(
    owner: &Keypair,
    index: u16,
    side: Side,
    price: u64,
    quantity: u64,
    order_type: OrderType,
    makers: &[PK],
) -> ProgramInstruction {
    let mut instruction = ix(
        perps::accounts::PlaceOrder {
            owner: pk(owner),
            exchange: exchange_pda(),
            market: market_pda(index),
            order_book: book_pda(index),
            position: position_pda(index, &pk(owner)),
        },
        perps::instruction::PlaceOrder {
            args: perps::instructions::PlaceOrderArgs {
                side,
                price,
                quantity,
                order_type,
                max_fills: 8,
            },
        },
    );
    instruction.accounts.extend(
        makers
            .iter()
            .map(|p| anchor_lang::solana_program::instruction::AccountMeta::new(*p, false)),
    );
    instruction
}

pub fn cancel_order_ix(
    owner: &Keypair,
    index: u16,
    side: Side,
    order_id: u64,
) -> ProgramInstruction {
    ix(
        perps::accounts::CancelOrder {
            owner: pk(owner),
            market: market_pda(index),
            order_book: book_pda(index),
            position: position_pda(index, &pk(owner)),
        },
        perps::instruction::CancelOrder {
            args: perps::instructions::CancelOrderArgs { side, order_id },
        },
    )
}

pub fn liquidate_ix(
    liquidator: &Keypair,
    index: u16,
    position: PK,
    max_quantity: u64,
) -> ProgramInstruction {
    ix(
        perps::accounts::Liquidate {
            liquidator: pk(liquidator),
            exchange: exchange_pda(),
            market: market_pda(index),
            order_book: book_pda(index),
            position,
            liquidator_position: position_pda(index, &pk(liquidator)),
        },
        perps::instruction::Liquidate {
            args: perps::instructions::LiquidateArgs { max_quantity },
        },
    )
}

pub fn settle_pnl_ix(index: u16, profit: PK, loss: PK) -> ProgramInstruction {
    ix(
        perps::accounts::SettlePnl {
            market: market_pda(index),
            profit_position: profit,
            loss_position: loss,
        },
        perps::instruction::SettlePnl {},
    )
}

/// An initialized exchange whose admin (and quote-mint authority) is the returned keypair: the
/// program's upgrade authority (`deployer()`), as `initialize` requires.
pub fn exchange(bank: &mut Bank) -> (Keypair, PK) {
    let admin = deployer();
    fund(bank, &admin);
    let mint = create_mint(bank, &admin);
    assert_ok(&send(
        bank,
        &[initialize_ix(&admin, &admin, mint)],
        &[&admin],
    ));
    (admin, mint)
}

/// The runtime's key for a program-side key.
pub fn key(pubkey: &PK) -> Pubkey {
    convert::key(pubkey)
}
