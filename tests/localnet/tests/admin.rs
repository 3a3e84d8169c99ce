//! Issue 9, findings 7-9 through the real `perps::entry` in the bank: the upgrade-authority check
//! of `initialize`, `withdraw` to the vault, and the admin operations (fee withdrawal, admin and
//! price-authority rotation, parameter updates, delisting after a stale price, flattening and
//! closing positions), each with its wrong signers, swapped accounts and bad arguments.

use anchor_lang::error::ErrorCode as AnchorCode;
use anchor_lang::{AccountDeserialize, InstructionData, ToAccountMetas};
use anchor_spl::token::spl_token;
use perps::errors::PerpsError;
use perps::instructions::{PlaceOrderArgs, SetPriceArgs};
use perps::state::{Exchange, Market, Position};
use perps::types::{OrderType, Side};
use perps::{CreateMarketArgs, MarketParams};
use perps_localnet::{
    bank::{Bank, Config, Submitted, TxRecord},
    native,
};
use solana_account::ReadableAccount;
use solana_commitment_config::CommitmentLevel;
use solana_instruction::{error::InstructionError, AccountMeta, Instruction};
use solana_keypair::Keypair;
use solana_pubkey::Pubkey;
use solana_signer::Signer;
use solana_transaction::Transaction;
use solana_transaction_error::TransactionError;
use std::sync::Arc;

const SOL: u64 = 1_000_000_000;
const DELAY: i64 = perps::controller::admin::DELIST_ESCAPE_DELAY_SECS;

fn serial() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn pda(seeds: &[&[u8]]) -> Pubkey {
    Pubkey::find_program_address(seeds, &perps::ID).0
}

fn exchange_pda() -> Pubkey {
    pda(&[b"exchange"])
}

fn vault_pda() -> Pubkey {
    pda(&[b"vault", exchange_pda().as_ref()])
}

fn program_data() -> Pubkey {
    Pubkey::find_program_address(
        &[perps::ID.as_ref()],
        &solana_sdk_ids::bpf_loader_upgradeable::ID,
    )
    .0
}

fn market_pda(index: u16) -> Pubkey {
    pda(&[b"market", exchange_pda().as_ref(), &index.to_le_bytes()])
}

fn book_pda(market: Pubkey) -> Pubkey {
    pda(&[b"book", market.as_ref()])
}

fn position_pda(market: Pubkey, owner: Pubkey) -> Pubkey {
    pda(&[b"position", market.as_ref(), owner.as_ref()])
}

fn ix(accounts: impl ToAccountMetas, data: impl InstructionData) -> Instruction {
    Instruction {
        program_id: perps::ID,
        accounts: accounts.to_account_metas(None),
        data: data.data(),
    }
}

/// The failure of the transaction's only instruction with custom error `code`.
fn custom(code: impl Into<u32>) -> Result<(), TransactionError> {
    Err(TransactionError::InstructionError(
        0,
        InstructionError::Custom(code.into()),
    ))
}

/// A bank running perps natively with a funded admin (mint authority of a 6-decimal quote mint)
/// and a ProgramData account naming the upgrade authority.
struct World {
    bank: Bank,
    admin: Keypair,
    mint: Pubkey,
}

impl World {
    fn new(upgrade_authority: Option<&Keypair>) -> (Self, Keypair) {
        native::install(&[(perps::ID, perps::entrypoint)]);
        let bank = Bank::new(
            Config {
                log_bytes_limit: Some(10_000),
                finality_depth: 32,
            },
            |svm| native::deploy(svm, perps::ID),
        );
        let mut w = World {
            bank,
            admin: Keypair::new(),
            mint: Pubkey::default(),
        };
        let admin = w.funded();
        let authority = upgrade_authority.map_or(admin.pubkey(), |k| k.pubkey());
        native::set_upgrade_authority(&mut w.bank.svm, perps::ID, Some(authority));
        w.admin = admin.insecure_clone();
        w.mint = w.create_mint();
        (w, admin)
    }

    /// An initialized exchange with market 0 (tick 10, lot 1, taker 10 bps, maker 5 bps, initial
    /// 10 %, maintenance 5 %, age 60 s) whose price authority is the returned keypair, priced at
    /// 25 000.
    fn with_market() -> (Self, Keypair) {
        let (mut w, _) = World::new(None);
        let admin = w.admin.insecure_clone();
        w.ok(&[w.initialize_ix(&admin, &admin)], &[&admin]);
        let oracle = w.funded();
        let args = CreateMarketArgs {
            symbol: "SOL-PERP".into(),
            tick_size: 10,
            base_lot_size: 1,
            base_decimals: 9,
            taker_fee_bps: 10,
            maker_fee_bps: 5,
            initial_margin_bps: 1_000,
            maintenance_margin_bps: 500,
            liquidation_penalty_bps: 100,
            price_authority: oracle.pubkey(),
            max_price_age_secs: 60,
        };
        let create = ix(
            perps::accounts::CreateMarket {
                payer: admin.pubkey(),
                admin: admin.pubkey(),
                exchange: exchange_pda(),
                market: market_pda(0),
                order_book: book_pda(market_pda(0)),
                system_program: solana_sdk_ids::system_program::ID,
            },
            perps::instruction::CreateMarket { index: 0, args },
        );
        w.ok(&[create], &[&admin]);
        w.ok(&[w.set_price_ix(&oracle, 25_000)], &[&oracle]);
        (w, oracle)
    }

    fn funded(&mut self) -> Keypair {
        let k = Keypair::new();
        self.bank
            .svm
            .airdrop(&k.pubkey(), 10 * SOL)
            .expect("airdrop");
        k
    }

    /// Sends in a new slot (so identical instructions are distinct transactions).
    fn send(&mut self, ixs: &[Instruction], signers: &[&Keypair]) -> Arc<TxRecord> {
        self.bank.tick();
        let (blockhash, _) = self.bank.latest_blockhash(CommitmentLevel::Processed);
        let tx =
            Transaction::new_signed_with_payer(ixs, Some(&signers[0].pubkey()), signers, blockhash);
        match self.bank.submit(tx.into()) {
            Submitted::Executed(record) => record,
            Submitted::Rejected(err) => panic!("rejected: {err}"),
        }
    }

    fn ok(&mut self, ixs: &[Instruction], signers: &[&Keypair]) -> Arc<TxRecord> {
        let r = self.send(ixs, signers);
        assert_eq!(r.status, Ok(()), "{:#?}", r.logs);
        r
    }

    /// Sends and expects the named error (`code`), logged by Anchor with its name.
    fn fails(
        &mut self,
        ixs: &[Instruction],
        signers: &[&Keypair],
        code: impl Into<u32>,
        name: &str,
    ) {
        let code = code.into();
        let r = self.send(ixs, signers);
        assert_eq!(r.status, custom(code), "{:#?}", r.logs);
        let needle = format!("Error Code: {name}. Error Number: {code}.");
        assert!(r.logs.iter().any(|l| l.contains(&needle)), "{:#?}", r.logs);
    }

    fn create_mint(&mut self) -> Pubkey {
        let mint = Keypair::new();
        let admin = self.admin.insecure_clone();
        let rent = self.bank.svm.minimum_balance_for_rent_exemption(82);
        let ixs = [
            solana_system_interface::instruction::create_account(
                &admin.pubkey(),
                &mint.pubkey(),
                rent,
                82,
                &spl_token::ID,
            ),
            spl_token::instruction::initialize_mint2(
                &spl_token::ID,
                &mint.pubkey(),
                &admin.pubkey(),
                None,
                6,
            )
            .unwrap(),
        ];
        self.ok(&ixs, &[&admin, &mint]);
        mint.pubkey()
    }

    /// A token account of `mint` owned by `owner`, holding `amount` (minted by the admin).
    fn token_account(&mut self, mint: Pubkey, owner: Pubkey, amount: u64) -> Pubkey {
        let account = Keypair::new();
        let admin = self.admin.insecure_clone();
        let rent = self.bank.svm.minimum_balance_for_rent_exemption(165);
        let mut ixs = vec![
            solana_system_interface::instruction::create_account(
                &admin.pubkey(),
                &account.pubkey(),
                rent,
                165,
                &spl_token::ID,
            ),
            spl_token::instruction::initialize_account3(
                &spl_token::ID,
                &account.pubkey(),
                &mint,
                &owner,
            )
            .unwrap(),
        ];
        if amount > 0 {
            ixs.push(
                spl_token::instruction::mint_to(
                    &spl_token::ID,
                    &mint,
                    &account.pubkey(),
                    &admin.pubkey(),
                    &[],
                    amount,
                )
                .unwrap(),
            );
        }
        self.ok(&ixs, &[&admin, &account]);
        account.pubkey()
    }

    fn token_balance(&self, account: Pubkey) -> u64 {
        self.load::<anchor_spl::token::TokenAccount>(account).amount
    }

    fn load<T: AccountDeserialize>(&self, address: Pubkey) -> T {
        let data = self
            .bank
            .account(&address)
            .expect("account")
            .data()
            .to_vec();
        T::try_deserialize(&mut data.as_slice()).unwrap()
    }

    fn exchange(&self) -> Exchange {
        self.load(exchange_pda())
    }

    fn market(&self) -> Market {
        self.load(market_pda(0))
    }

    fn position(&self, owner: &Keypair) -> Position {
        self.load(position_pda(market_pda(0), owner.pubkey()))
    }

    /// A wallet with a position in market 0, `deposit` quote atoms of collateral in it and its
    /// token account.
    fn trader(&mut self, deposit: u64) -> (Keypair, Pubkey) {
        let t = self.funded();
        let token = self.token_account(self.mint, t.pubkey(), deposit);
        let open = ix(
            perps::accounts::OpenPosition {
                owner: t.pubkey(),
                exchange: exchange_pda(),
                market: market_pda(0),
                position: position_pda(market_pda(0), t.pubkey()),
                system_program: solana_sdk_ids::system_program::ID,
            },
            perps::instruction::OpenPosition {},
        );
        self.ok(&[open], &[&t]);
        if deposit > 0 {
            let d = self.move_ix(&t, token, deposit, true);
            self.ok(&[d], &[&t]);
        }
        (t, token)
    }

    fn initialize_ix(&self, payer: &Keypair, admin: &Keypair) -> Instruction {
        ix(
            perps::accounts::Initialize {
                payer: payer.pubkey(),
                admin: admin.pubkey(),
                exchange: exchange_pda(),
                quote_mint: self.mint,
                vault: vault_pda(),
                token_program: spl_token::ID,
                system_program: solana_sdk_ids::system_program::ID,
                program_data: program_data(),
            },
            perps::instruction::Initialize {},
        )
    }

    fn set_price_ix(&self, signer: &Keypair, price: u64) -> Instruction {
        ix(
            perps::accounts::SetPrice {
                price_authority: signer.pubkey(),
                market: market_pda(0),
            },
            perps::instruction::SetPrice {
                args: SetPriceArgs { price },
            },
        )
    }

    /// `deposit` (or `withdraw`) of `amount` between `owner`'s position and `user_token`.
    fn move_ix(
        &self,
        owner: &Keypair,
        user_token: Pubkey,
        amount: u64,
        deposit: bool,
    ) -> Instruction {
        let accounts = perps::accounts::MoveCollateral {
            owner: owner.pubkey(),
            exchange: exchange_pda(),
            market: market_pda(0),
            position: position_pda(market_pda(0), owner.pubkey()),
            user_token,
            vault: vault_pda(),
            token_program: spl_token::ID,
        };
        if deposit {
            ix(
                accounts,
                perps::instruction::Deposit {
                    args: perps::DepositArgs { amount },
                },
            )
        } else {
            ix(
                accounts,
                perps::instruction::Withdraw {
                    args: perps::WithdrawArgs { amount },
                },
            )
        }
    }

    fn order_ix(
        &self,
        owner: &Keypair,
        side: Side,
        price: u64,
        quantity: u64,
        makers: &[&Keypair],
    ) -> Instruction {
        let mut i = ix(
            perps::accounts::PlaceOrder {
                owner: owner.pubkey(),
                exchange: exchange_pda(),
                market: market_pda(0),
                order_book: book_pda(market_pda(0)),
                position: position_pda(market_pda(0), owner.pubkey()),
            },
            perps::instruction::PlaceOrder {
                args: PlaceOrderArgs {
                    side,
                    price,
                    quantity,
                    order_type: if makers.is_empty() {
                        OrderType::PostOnly
                    } else {
                        OrderType::ImmediateOrCancel
                    },
                },
            },
        );
        for m in makers {
            i.accounts.push(AccountMeta::new(
                position_pda(market_pda(0), m.pubkey()),
                false,
            ));
        }
        i
    }

    fn withdraw_fees_ix(&self, admin: &Keypair, treasury: Pubkey, amount: u64) -> Instruction {
        ix(
            perps::accounts::WithdrawFees {
                admin: admin.pubkey(),
                exchange: exchange_pda(),
                vault: vault_pda(),
                treasury,
                token_program: spl_token::ID,
            },
            perps::instruction::WithdrawFees {
                args: perps::WithdrawFeesArgs { amount },
            },
        )
    }

    fn market_admin(&self, admin: &Keypair, market: Pubkey) -> perps::accounts::MarketAdmin {
        perps::accounts::MarketAdmin {
            admin: admin.pubkey(),
            exchange: exchange_pda(),
            market,
        }
    }

    fn delist_ix(&self, signer: &Keypair) -> Instruction {
        ix(
            perps::accounts::DelistMarket {
                caller: signer.pubkey(),
                exchange: exchange_pda(),
                market: market_pda(0),
                order_book: book_pda(market_pda(0)),
            },
            perps::instruction::DelistMarket {},
        )
    }

    fn flatten_ix(&self, market: Pubkey, position: Pubkey) -> Instruction {
        ix(
            perps::accounts::FlattenPosition { market, position },
            perps::instruction::FlattenPosition {},
        )
    }

    fn close_ix(&self, owner: &Keypair, position: Pubkey) -> Instruction {
        ix(
            perps::accounts::ClosePosition {
                owner: owner.pubkey(),
                market: market_pda(0),
                position,
            },
            perps::instruction::ClosePosition {},
        )
    }

    fn settle_ix(&self, profit: &Keypair, loss: &Keypair) -> Instruction {
        ix(
            perps::accounts::SettlePnl {
                market: market_pda(0),
                profit_position: position_pda(market_pda(0), profit.pubkey()),
                loss_position: position_pda(market_pda(0), loss.pubkey()),
            },
            perps::instruction::SettlePnl {},
        )
    }

    /// Maker `a` rests an ask of 10 lots at 25 000, taker `b` buys it: fees 250 (taker) + 125
    /// (maker).
    fn trade(&mut self, a: &Keypair, b: &Keypair) {
        let ask = self.order_ix(a, Side::Ask, 25_000, 10, &[]);
        self.ok(&[ask], &[a]);
        let buy = self.order_ix(b, Side::Bid, 25_000, 10, &[a]);
        self.ok(&[buy], &[b]);
    }
}

#[test]
fn initialize_is_reserved_to_the_upgrade_authority() {
    let _serial = serial();
    let deployer = Keypair::new();
    let (mut w, attacker) = World::new(Some(&deployer));
    w.bank.svm.airdrop(&deployer.pubkey(), 10 * SOL).unwrap();
    // The front-runner signs as admin (and pays): refused, nothing is created.
    let i = w.initialize_ix(&attacker, &attacker);
    w.fails(
        &[i],
        &[&attacker],
        PerpsError::NotUpgradeAuthority,
        "NotUpgradeAuthority",
    );
    assert!(w.bank.account(&exchange_pda()).is_none());
    // The attacker pays, the deployer must still sign as admin.
    let i = w.initialize_ix(&attacker, &deployer);
    w.ok(&[i], &[&attacker, &deployer]);
    assert_eq!(w.exchange().admin, deployer.pubkey());
    assert_eq!(w.exchange().pending_admin, Pubkey::default());
}

#[test]
fn initialize_refuses_a_substitute_or_missing_program_data() {
    let _serial = serial();
    let (mut w, admin) = World::new(None);
    // A look-alike ProgramData naming the attacker, at another address: the seeds say no.
    let attacker = w.funded();
    let fake = Pubkey::new_unique();
    let good = w.bank.account(&program_data()).unwrap();
    let mut data = good.data().to_vec();
    data[13..45].copy_from_slice(attacker.pubkey().as_ref());
    w.bank
        .svm
        .set_account(
            fake,
            solana_account::Account {
                lamports: good.lamports(),
                data,
                owner: solana_sdk_ids::bpf_loader_upgradeable::ID,
                executable: false,
                rent_epoch: 0,
            },
        )
        .unwrap();
    let mut i = w.initialize_ix(&attacker, &attacker);
    i.accounts[7].pubkey = fake;
    w.fails(
        &[i],
        &[&attacker],
        AnchorCode::ConstraintSeeds,
        "ConstraintSeeds",
    );
    // An immutable program (no upgrade authority) can never be initialized.
    native::set_upgrade_authority(&mut w.bank.svm, perps::ID, None);
    let i = w.initialize_ix(&admin, &admin);
    w.fails(
        &[i],
        &[&admin],
        PerpsError::NotUpgradeAuthority,
        "NotUpgradeAuthority",
    );
}

#[test]
fn withdraw_to_the_vault_is_refused_and_moves_nothing() {
    let _serial = serial();
    let (mut w, _) = World::with_market();
    let (t, token) = w.trader(50_000);
    let before = w.position(&t).collateral;
    let i = w.move_ix(&t, vault_pda(), 10_000, false);
    w.fails(
        &[i],
        &[&t],
        PerpsError::TokenAccountIsVault,
        "TokenAccountIsVault",
    );
    let i = w.move_ix(&t, vault_pda(), 10_000, true);
    w.fails(
        &[i],
        &[&t],
        PerpsError::TokenAccountIsVault,
        "TokenAccountIsVault",
    );
    assert_eq!(w.position(&t).collateral, before);
    assert_eq!(w.token_balance(vault_pda()), 50_000);
    let i = w.move_ix(&t, token, 10_000, false);
    w.ok(&[i], &[&t]);
    assert_eq!(w.token_balance(token), 10_000);
}

#[test]
fn fees_go_to_a_treasury_only_by_the_admin_and_never_past_the_fees() {
    let _serial = serial();
    let (mut w, _) = World::with_market();
    let admin = w.admin.insecure_clone();
    let (a, _) = w.trader(100_000);
    let (b, _) = w.trader(100_000);
    w.trade(&a, &b);
    assert_eq!(w.exchange().fees_collected, 375);
    let treasury = w.token_account(w.mint, admin.pubkey(), 0);
    let intruder = w.funded();
    let intruder_token = w.token_account(w.mint, intruder.pubkey(), 0);

    let i = w.withdraw_fees_ix(&intruder, intruder_token, 375);
    w.fails(&[i], &[&intruder], PerpsError::Unauthorized, "Unauthorized");
    let i = w.withdraw_fees_ix(&admin, vault_pda(), 100);
    w.fails(
        &[i],
        &[&admin],
        PerpsError::TokenAccountIsVault,
        "TokenAccountIsVault",
    );
    let other_mint = w.create_mint();
    let wrong = w.token_account(other_mint, admin.pubkey(), 0);
    let i = w.withdraw_fees_ix(&admin, wrong, 100);
    w.fails(
        &[i],
        &[&admin],
        AnchorCode::ConstraintTokenMint,
        "ConstraintTokenMint",
    );
    let i = w.withdraw_fees_ix(&admin, treasury, 376);
    w.fails(
        &[i],
        &[&admin],
        PerpsError::InsufficientFees,
        "InsufficientFees",
    );
    let i = w.withdraw_fees_ix(&admin, treasury, 0);
    w.fails(&[i], &[&admin], PerpsError::InvalidAmount, "InvalidAmount");
    // The vault passed as a treasury-shaped account in the vault's slot: has_one refuses.
    let mut i = w.withdraw_fees_ix(&admin, treasury, 100);
    i.accounts.swap(2, 3);
    w.fails(
        &[i],
        &[&admin],
        AnchorCode::ConstraintHasOne,
        "ConstraintHasOne",
    );

    let i = w.withdraw_fees_ix(&admin, treasury, 300);
    w.ok(&[i], &[&admin]);
    let ex = w.exchange();
    assert_eq!((ex.fees_collected, w.token_balance(treasury)), (75, 300));
    assert_eq!(
        w.token_balance(vault_pda()),
        ex.total_collateral + ex.fees_collected
    );
}

#[test]
fn admin_rotation_is_two_step() {
    let _serial = serial();
    let (mut w, _) = World::with_market();
    let admin = w.admin.insecure_clone();
    let next = w.funded();
    let intruder = w.funded();
    let propose = |signer: &Keypair, new_admin: Pubkey| {
        ix(
            perps::accounts::ProposeAdmin {
                admin: signer.pubkey(),
                exchange: exchange_pda(),
            },
            perps::instruction::ProposeAdmin {
                args: perps::ProposeAdminArgs { new_admin },
            },
        )
    };
    let accept = |signer: &Keypair| {
        ix(
            perps::accounts::AcceptAdmin {
                new_admin: signer.pubkey(),
                exchange: exchange_pda(),
            },
            perps::instruction::AcceptAdmin {},
        )
    };
    w.fails(
        &[propose(&intruder, intruder.pubkey())],
        &[&intruder],
        PerpsError::Unauthorized,
        "Unauthorized",
    );
    w.fails(
        &[accept(&intruder)],
        &[&intruder],
        PerpsError::NotPendingAdmin,
        "NotPendingAdmin",
    );
    w.ok(&[propose(&admin, next.pubkey())], &[&admin]);
    assert_eq!(w.exchange().pending_admin, next.pubkey());
    w.fails(
        &[accept(&intruder)],
        &[&intruder],
        PerpsError::NotPendingAdmin,
        "NotPendingAdmin",
    );
    // Still the old admin until the successor accepts.
    w.ok(&[propose(&admin, next.pubkey())], &[&admin]);
    w.ok(&[accept(&next)], &[&next]);
    let ex = w.exchange();
    assert_eq!(
        (ex.admin, ex.pending_admin),
        (next.pubkey(), Pubkey::default())
    );
    w.fails(
        &[propose(&admin, admin.pubkey())],
        &[&admin],
        PerpsError::Unauthorized,
        "Unauthorized",
    );
    w.fails(
        &[accept(&next)],
        &[&next],
        PerpsError::NotPendingAdmin,
        "NotPendingAdmin",
    );
}

#[test]
fn price_authority_rotation_and_parameter_updates_are_admin_only_and_validated() {
    let _serial = serial();
    let (mut w, oracle) = World::with_market();
    let admin = w.admin.insecure_clone();
    let new_oracle = w.funded();
    let rotate = |w: &World, signer: &Keypair, to: Pubkey| {
        ix(
            w.market_admin(signer, market_pda(0)),
            perps::instruction::SetPriceAuthority {
                args: perps::SetPriceAuthorityArgs {
                    price_authority: to,
                },
            },
        )
    };
    let i = rotate(&w, &oracle, oracle.pubkey());
    w.fails(&[i], &[&oracle], PerpsError::Unauthorized, "Unauthorized");
    // The exchange passed as the market: wrong account type.
    let mut i = rotate(&w, &admin, new_oracle.pubkey());
    i.accounts[2].pubkey = exchange_pda();
    w.fails(
        &[i],
        &[&admin],
        AnchorCode::AccountDiscriminatorMismatch,
        "AccountDiscriminatorMismatch",
    );
    let i = rotate(&w, &admin, new_oracle.pubkey());
    w.ok(&[i], &[&admin]);
    let i = w.set_price_ix(&oracle, 26_000);
    w.fails(
        &[i],
        &[&oracle],
        PerpsError::NotPriceAuthority,
        "NotPriceAuthority",
    );
    let i = w.set_price_ix(&new_oracle, 26_000);
    w.ok(&[i], &[&new_oracle]);
    assert_eq!(w.market().mark_price, 26_000);

    let current = MarketParams::of(&w.market());
    let update = |w: &World, signer: &Keypair, params: MarketParams| {
        ix(
            w.market_admin(signer, market_pda(0)),
            perps::instruction::UpdateMarketParams { params },
        )
    };
    let i = update(&w, &new_oracle, current);
    w.fails(
        &[i],
        &[&new_oracle],
        PerpsError::Unauthorized,
        "Unauthorized",
    );
    for (params, code, name) in [
        (
            MarketParams {
                maker_fee_bps: 11,
                ..current
            },
            PerpsError::InvalidFees,
            "InvalidFees",
        ),
        (
            MarketParams {
                initial_margin_bps: 500,
                ..current
            },
            PerpsError::InvalidMarginRatios,
            "InvalidMarginRatios",
        ),
        (
            MarketParams {
                liquidation_penalty_bps: 0,
                ..current
            },
            PerpsError::InvalidLiquidationPenalty,
            "InvalidLiquidationPenalty",
        ),
        (
            MarketParams {
                max_price_age_secs: 0,
                ..current
            },
            PerpsError::InvalidPriceAge,
            "InvalidPriceAge",
        ),
    ] {
        let i = update(&w, &admin, params);
        w.fails(&[i], &[&admin], code, name);
    }
    assert_eq!(MarketParams::of(&w.market()), current);
    let new = MarketParams {
        taker_fee_bps: 20,
        initial_margin_bps: 2_000,
        max_price_age_secs: 120,
        ..current
    };
    let i = update(&w, &admin, new);
    w.ok(&[i], &[&admin]);
    assert_eq!(MarketParams::of(&w.market()), new);
}

/// The escape end to end: the price authority goes silent with two open positions; nobody but
/// the admin may delist before the delay; then anyone does, both positions are flattened at
/// the last price, settled, withdrawn to the atom and closed, and the fees withdrawn: the vault
/// ends empty.
#[test]
fn a_stale_market_is_delisted_flattened_settled_withdrawn_and_closed() {
    let _serial = serial();
    let (mut w, oracle) = World::with_market();
    let admin = w.admin.insecure_clone();
    let (a, a_token) = w.trader(100_000);
    let (b, b_token) = w.trader(100_000);
    w.trade(&a, &b);
    let i = w.set_price_ix(&oracle, 26_000);
    w.ok(&[i], &[&oracle]);
    let priced_at = w.market().price_updated_at;
    // Resting orders that delisting will cancel.
    let i = w.order_ix(&a, Side::Bid, 24_000, 3, &[]);
    w.ok(&[i], &[&a]);

    // The price goes stale; trading stops, but delisting by anyone waits for the delay.
    // (The bank's clock follows the wall clock from the time set: keep a margin below the limit.)
    w.bank.set_unix_timestamp(priced_at + 60 + DELAY - 30);
    let i = w.delist_ix(&b);
    w.fails(
        &[i],
        &[&b],
        PerpsError::DelistNotAllowed,
        "DelistNotAllowed",
    );
    let i = w.flatten_ix(market_pda(0), position_pda(market_pda(0), b.pubkey()));
    w.fails(
        &[i],
        &[&b],
        PerpsError::MarketNotDelisted,
        "MarketNotDelisted",
    );
    w.bank.set_unix_timestamp(priced_at + 60 + DELAY + 1);
    let i = w.delist_ix(&b);
    w.ok(&[i], &[&b]);
    let m = w.market();
    assert!(m.is_delisted());
    assert_eq!(m.mark_price, 26_000);
    let i = w.delist_ix(&admin);
    w.fails(
        &[i],
        &[&admin],
        PerpsError::MarketNotListed,
        "MarketNotListed",
    );
    let i = w.order_ix(&a, Side::Ask, 26_000, 1, &[]);
    w.fails(&[i], &[&a], PerpsError::MarketNotListed, "MarketNotListed");
    let i = w.set_price_ix(&oracle, 30_000);
    w.fails(
        &[i],
        &[&oracle],
        PerpsError::MarketNotListed,
        "MarketNotListed",
    );
    let i = ix(
        w.market_admin(&admin, market_pda(0)),
        perps::instruction::UpdateMarketParams {
            params: MarketParams::of(&m),
        },
    );
    w.fails(
        &[i],
        &[&admin],
        PerpsError::MarketNotListed,
        "MarketNotListed",
    );

    // Not closable while it has size; anyone flattens both at 26 000.
    let i = w.close_ix(&a, position_pda(market_pda(0), a.pubkey()));
    w.fails(
        &[i],
        &[&a],
        PerpsError::PositionNotEmpty,
        "PositionNotEmpty",
    );
    for owner in [&a, &b] {
        let i = w.flatten_ix(market_pda(0), position_pda(market_pda(0), owner.pubkey()));
        w.ok(&[i], &[&admin]);
    }
    let i = w.flatten_ix(market_pda(0), position_pda(market_pda(0), a.pubkey()));
    w.fails(
        &[i],
        &[&admin],
        PerpsError::NoOpenPosition,
        "NoOpenPosition",
    );
    let (pa, pb) = (w.position(&a), w.position(&b));
    assert_eq!(
        (pa.size, pa.open_orders, pa.bid_open_lots, pb.size),
        (0, 0, 0, 0)
    );
    assert_eq!((pa.realized_pnl, pb.realized_pnl), (-10_000, 10_000));

    // Settlement works at the final price (never stale), then both withdraw everything.
    let i = w.settle_ix(&b, &a);
    w.ok(&[i], &[&admin]);
    let (ca, cb) = (w.position(&a).collateral, w.position(&b).collateral);
    assert_eq!((ca, cb), (100_000 - 125 - 10_000, 100_000 - 250 + 10_000));
    for (owner, token, amount) in [(&a, a_token, ca), (&b, b_token, cb)] {
        let i = w.move_ix(owner, token, amount, false);
        w.ok(&[i], &[owner]);
        assert_eq!(w.token_balance(token), amount);
    }

    // Closing: only the owner, and the rent goes back to the owner.
    let pos_a = position_pda(market_pda(0), a.pubkey());
    let i = w.close_ix(&b, pos_a);
    w.fails(&[i], &[&b], AnchorCode::ConstraintSeeds, "ConstraintSeeds");
    let rent = w.bank.account(&pos_a).unwrap().lamports();
    let before = w.bank.account(&a.pubkey()).unwrap().lamports();
    let i = w.close_ix(&a, pos_a);
    w.ok(&[i], &[&a]);
    assert!(w.bank.account(&pos_a).is_none_or(|acc| acc.lamports() == 0));
    assert_eq!(
        w.bank.account(&a.pubkey()).unwrap().lamports(),
        before + rent - 5_000
    );

    let treasury = w.token_account(w.mint, admin.pubkey(), 0);
    let i = w.withdraw_fees_ix(&admin, treasury, 375);
    w.ok(&[i], &[&admin]);
    let ex = w.exchange();
    assert_eq!(
        (
            ex.total_collateral,
            ex.fees_collected,
            w.token_balance(vault_pda())
        ),
        (0, 0, 0)
    );
}

#[test]
fn the_admin_may_delist_at_any_time_and_flatten_checks_the_market() {
    let _serial = serial();
    let (mut w, _) = World::with_market();
    let admin = w.admin.insecure_clone();
    let (a, _) = w.trader(100_000);
    let (b, _) = w.trader(100_000);
    w.trade(&a, &b);
    let stranger = w.funded();
    let i = w.delist_ix(&stranger);
    w.fails(
        &[i],
        &[&stranger],
        PerpsError::DelistNotAllowed,
        "DelistNotAllowed",
    );
    let i = w.delist_ix(&admin);
    w.ok(&[i], &[&admin]);
    // A position passed with another account as its market.
    let i = w.flatten_ix(exchange_pda(), position_pda(market_pda(0), a.pubkey()));
    w.fails(
        &[i],
        &[&admin],
        AnchorCode::AccountDiscriminatorMismatch,
        "AccountDiscriminatorMismatch",
    );
    let i = w.flatten_ix(market_pda(0), position_pda(market_pda(0), a.pubkey()));
    w.ok(&[i], &[&admin]);
    assert_eq!(w.position(&a).size, 0);
    assert_eq!(w.position(&a).realized_pnl, 0);
}
