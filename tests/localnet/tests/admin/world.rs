//! The bank with perps running natively, and builders for every instruction the admin tests
//! send (`super` holds the tests).

use anchor_lang::solana_program::{
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
};
use anchor_lang::{AccountDeserialize, InstructionData, ToAccountMetas};
use anchor_spl::token::spl_token;
use perps::instructions::{PlaceOrderArgs, SetPriceArgs};
use perps::state::{Exchange, Market, Position};
use perps::types::{OrderType, Side};
use perps::CreateMarketArgs;
use perps_localnet::{
    bank::{Bank, Submitted, TxRecord},
    convert,
    program::Deployment,
};
use solana_account::{AccountSharedData, ReadableAccount};
use solana_commitment_config::CommitmentLevel;
use solana_instruction::error::InstructionError;
use solana_keypair::Keypair;
use solana_transaction::Transaction;
use solana_transaction_error::TransactionError;
use std::sync::Arc;

pub use super::common::{program_data, program_signer::ProgramSigner, serial};

pub const DELAY: i64 = perps::controller::admin::DELIST_ESCAPE_DELAY_SECS;

pub fn pda(seeds: &[&[u8]]) -> Pubkey {
    Pubkey::find_program_address(seeds, &perps::ID).0
}

pub fn exchange_pda() -> Pubkey {
    pda(&[b"exchange"])
}

pub fn vault_pda() -> Pubkey {
    pda(&[b"vault", exchange_pda().as_ref()])
}

pub fn market_pda(index: u16) -> Pubkey {
    pda(&[b"market", exchange_pda().as_ref(), &index.to_le_bytes()])
}

pub fn book_pda(market: Pubkey) -> Pubkey {
    pda(&[b"book", market.as_ref()])
}

pub fn position_pda(market: Pubkey, owner: Pubkey) -> Pubkey {
    pda(&[b"position", market.as_ref(), owner.as_ref()])
}

pub fn ix(accounts: impl ToAccountMetas, data: impl InstructionData) -> Instruction {
    Instruction {
        program_id: perps::ID,
        accounts: accounts.to_account_metas(None),
        data: data.data(),
    }
}

/// The failure of the transaction's only instruction with custom error `code`.
pub fn custom(code: impl Into<u32>) -> Result<(), TransactionError> {
    Err(TransactionError::InstructionError(
        0,
        InstructionError::Custom(code.into()),
    ))
}

/// A bank running perps natively with a funded admin (mint authority of a 6-decimal quote mint)
/// and a ProgramData account naming the upgrade authority.
pub struct World {
    pub bank: Bank,
    pub admin: Keypair,
    pub mint: Pubkey,
}

impl World {
    pub fn new(upgrade_authority: Option<&Keypair>) -> (Self, Keypair) {
        let admin = Keypair::new();
        let authority = upgrade_authority.unwrap_or(&admin);
        let deployment = Deployment {
            upgrade_authority: Some(solana_signer::Signer::pubkey(authority)),
            ..Deployment::native_perps()
        };
        let bank = Bank::new(super::common::config(Some(10_000)), &deployment).expect("bank");
        let mut w = World {
            bank,
            admin: admin.insecure_clone(),
            mint: Pubkey::default(),
        };
        w.airdrop(&admin);
        w.mint = w.create_mint();
        (w, admin)
    }

    /// An initialized exchange with market 0 (tick 10, lot 1, taker 10 bps, maker 5 bps, initial
    /// 10 %, maintenance 5 %, age 60 s) whose price authority is the returned keypair, priced at
    /// 25 000.
    pub fn with_market() -> (Self, Keypair) {
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
            price_band_bps: 1_000,
            min_order_notional: 100,
            max_orders_per_position: 64,
        };
        let create = ix(
            perps::accounts::CreateMarket {
                payer: admin.pubkey(),
                admin: admin.pubkey(),
                exchange: exchange_pda(),
                market: market_pda(0),
                order_book: book_pda(market_pda(0)),
                system_program: anchor_lang::system_program::ID,
            },
            perps::instruction::CreateMarket { index: 0, args },
        );
        w.ok(&[create], &[&admin]);
        w.ok(&[w.set_price_ix(&oracle, 25_000)], &[&oracle]);
        (w, oracle)
    }

    pub fn funded(&mut self) -> Keypair {
        let k = Keypair::new();
        self.airdrop(&k);
        k
    }

    pub fn airdrop(&mut self, k: &Keypair) {
        super::common::fund(&mut self.bank, k);
    }

    pub fn account(&self, address: &Pubkey) -> Option<AccountSharedData> {
        self.bank.account(&convert::key(address))
    }

    /// Sends in a new slot (so identical instructions are distinct transactions).
    pub fn send(&mut self, ixs: &[Instruction], signers: &[&Keypair]) -> Arc<TxRecord> {
        self.bank.tick();
        let (blockhash, _) = self.bank.latest_blockhash(CommitmentLevel::Processed);
        let ixs: Vec<_> = ixs.iter().map(convert::instruction).collect();
        let payer = solana_signer::Signer::pubkey(signers[0]);
        let tx = Transaction::new_signed_with_payer(&ixs, Some(&payer), signers, blockhash);
        match self.bank.submit(tx.into()) {
            Submitted::Executed(record) => record,
            Submitted::Rejected(err) => panic!("rejected: {err}"),
        }
    }

    pub fn ok(&mut self, ixs: &[Instruction], signers: &[&Keypair]) -> Arc<TxRecord> {
        let r = self.send(ixs, signers);
        assert_eq!(r.status, Ok(()), "{:#?}", r.logs);
        r
    }

    /// Sends and expects the named error (`code`), logged by Anchor with its name.
    pub fn fails(
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

    pub fn create_mint(&mut self) -> Pubkey {
        let admin = self.admin.insecure_clone();
        super::common::create_mint(&mut self.bank, &admin)
    }

    /// A token account of `mint` owned by `owner`, holding `amount` (minted by the admin).
    pub fn token_account(&mut self, mint: Pubkey, owner: Pubkey, amount: u64) -> Pubkey {
        let account = Keypair::new();
        let admin = self.admin.insecure_clone();
        let mut ixs =
            super::common::create_token_account_ixs(&self.bank, &admin, &account, &mint, &owner);
        if amount > 0 {
            ixs.push(super::common::mint_to_ix(
                &mint,
                &account.pubkey(),
                &admin,
                amount,
            ));
        }
        self.ok(&ixs, &[&admin, &account]);
        account.pubkey()
    }

    pub fn token_balance(&self, account: Pubkey) -> u64 {
        self.load::<anchor_spl::token::TokenAccount>(account).amount
    }

    pub fn load<T: AccountDeserialize>(&self, address: Pubkey) -> T {
        let data = self.account(&address).expect("account").data().to_vec();
        T::try_deserialize(&mut data.as_slice()).unwrap()
    }

    pub fn exchange(&self) -> Exchange {
        self.load(exchange_pda())
    }

    pub fn market(&self) -> Market {
        self.load(market_pda(0))
    }

    pub fn position(&self, owner: &Keypair) -> Position {
        self.load(position_pda(market_pda(0), owner.pubkey()))
    }

    /// A wallet with a position in market 0, `deposit` quote atoms of collateral in it and its
    /// token account.
    pub fn trader(&mut self, deposit: u64) -> (Keypair, Pubkey) {
        let t = self.funded();
        let token = self.token_account(self.mint, t.pubkey(), deposit);
        let open = ix(
            perps::accounts::OpenPosition {
                owner: t.pubkey(),
                exchange: exchange_pda(),
                market: market_pda(0),
                position: position_pda(market_pda(0), t.pubkey()),
                system_program: anchor_lang::system_program::ID,
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

    pub fn initialize_ix(&self, payer: &Keypair, admin: &Keypair) -> Instruction {
        ix(
            perps::accounts::Initialize {
                payer: payer.pubkey(),
                admin: admin.pubkey(),
                exchange: exchange_pda(),
                quote_mint: self.mint,
                vault: vault_pda(),
                token_program: spl_token::ID,
                system_program: anchor_lang::system_program::ID,
                program_data: program_data(),
            },
            perps::instruction::Initialize {},
        )
    }

    pub fn set_price_ix(&self, signer: &Keypair, price: u64) -> Instruction {
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
    pub fn move_ix(
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

    pub fn order_ix(
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
                    max_fills: 8,
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

    pub fn withdraw_fees_ix(&self, admin: &Keypair, treasury: Pubkey, amount: u64) -> Instruction {
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

    pub fn market_admin(&self, admin: &Keypair, market: Pubkey) -> perps::accounts::MarketAdmin {
        perps::accounts::MarketAdmin {
            admin: admin.pubkey(),
            exchange: exchange_pda(),
            market,
        }
    }

    pub fn delist_ix(&self, signer: &Keypair) -> Instruction {
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

    pub fn flatten_ix(&self, market: Pubkey, position: Pubkey) -> Instruction {
        ix(
            perps::accounts::FlattenPosition { market, position },
            perps::instruction::FlattenPosition {},
        )
    }

    /// `liquidate` of `owner`'s position by `liquidator` (into its own position).
    pub fn liquidate_ix(&self, liquidator: &Keypair, owner: &Keypair, max: u64) -> Instruction {
        ix(
            perps::accounts::Liquidate {
                liquidator: liquidator.pubkey(),
                exchange: exchange_pda(),
                market: market_pda(0),
                order_book: book_pda(market_pda(0)),
                position: position_pda(market_pda(0), owner.pubkey()),
                liquidator_position: position_pda(market_pda(0), liquidator.pubkey()),
            },
            perps::instruction::Liquidate {
                args: perps::instructions::LiquidateArgs { max_quantity: max },
            },
        )
    }

    pub fn close_ix(&self, owner: &Keypair, position: Pubkey) -> Instruction {
        ix(
            perps::accounts::ClosePosition {
                owner: owner.pubkey(),
                market: market_pda(0),
                position,
            },
            perps::instruction::ClosePosition {},
        )
    }

    pub fn settle_ix(&self, profit: &Keypair, loss: &Keypair) -> Instruction {
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
    pub fn trade(&mut self, a: &Keypair, b: &Keypair) {
        let ask = self.order_ix(a, Side::Ask, 25_000, 10, &[]);
        self.ok(&[ask], &[a]);
        let buy = self.order_ix(b, Side::Bid, 25_000, 10, &[a]);
        self.ok(&[buy], &[b]);
    }
}
