//! Issue 9's attacks through the real `perps::entry` (Anchor's account checks, the real
//! handlers) on the bank: each one now fails with its named error or is harmless.

use anchor_lang::{AnchorDeserialize, Discriminator, InstructionData, ToAccountMetas};
use anchor_spl::token::spl_token;
use base64::{prelude::BASE64_STANDARD, Engine};
use perps::errors::PerpsError;
use perps::events::{BankruptcyResolved, LiquidationExecuted, OrderCancelled};
use perps::instructions::{LiquidateArgs, PlaceOrderArgs, SetPriceArgs};
use perps::state::{Market, OrderBook, Position};
use perps::types::{CancelReason, OrderType, Side};
use perps::CreateMarketArgs;
mod common;

use anchor_lang::solana_program::{
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
};
use common::program_signer::ProgramSigner;
use perps_localnet::{
    bank::{Bank, Submitted, TxRecord},
    convert,
};
use solana_account::ReadableAccount;
use solana_commitment_config::CommitmentLevel;
use solana_instruction::error::InstructionError;
use solana_keypair::Keypair;
use solana_transaction::Transaction;
use solana_transaction_error::TransactionError;
use std::sync::Arc;

use common::{serial, SOL};

/// An exchange with one market (tick 1, lot 1, taker 10 bps, maker 2 bps, initial 10 %,
/// maintenance 5 %, penalty 2.5 %, band 10 %, minimum notional 1000, 16 orders per position),
/// mark 1000.
struct Venue {
    bank: Bank,
    admin: Keypair,
    mint: Pubkey,
    exchange: Pubkey,
    vault: Pubkey,
    market: Pubkey,
    book: Pubkey,
}

struct Trader {
    key: Keypair,
    token: Pubkey,
    position: Pubkey,
}

impl Venue {
    fn new() -> Venue {
        let admin = common::deployer(); // only the program's upgrade authority may initialize
        let mut v = Venue {
            bank: common::native_bank(None),
            admin: admin.insecure_clone(),
            mint: Pubkey::default(),
            exchange: common::exchange_pda(),
            vault: common::vault_pda(),
            market: common::market_pda(0),
            book: common::book_pda(0),
        };
        v.bank
            .svm
            .airdrop(&convert::key(&admin.pubkey()), 100 * SOL)
            .unwrap();
        let mint = Keypair::new();
        let ixs = common::create_mint_ixs(&v.bank, &admin, &mint);
        v.ok(&ixs, &[&mint]);
        v.mint = common::pk(&mint);
        v.ok(&[common::initialize_ix(&admin, &admin, v.mint)], &[]);
        let args = CreateMarketArgs {
            min_order_notional: 1_000,
            max_orders_per_position: 16,
            ..common::market_args("ATK-PERP", common::pk(&admin))
        };
        v.ok(&[common::create_market_ix(&admin, &admin, 0, args)], &[]);
        v.set_price(1_000);
        v
    }

    /// Sends `ixs` paid by the admin (plus `signers`).
    fn send(&mut self, ixs: &[Instruction], signers: &[&Keypair]) -> Arc<TxRecord> {
        self.bank.tick();
        let (blockhash, _) = self.bank.latest_blockhash(CommitmentLevel::Processed);
        let mut all: Vec<&Keypair> = vec![&self.admin];
        all.extend_from_slice(signers);
        let ixs: Vec<_> = ixs.iter().map(convert::instruction).collect();
        let payer = convert::key(&self.admin.pubkey());
        let tx = Transaction::new_signed_with_payer(&ixs, Some(&payer), &all, blockhash);
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

    fn fails(&mut self, ixs: &[Instruction], signers: &[&Keypair], error: PerpsError) {
        let r = self.send(ixs, signers);
        let code = u32::from(error);
        assert_eq!(
            r.status,
            Err(TransactionError::InstructionError(
                0,
                InstructionError::Custom(code)
            )),
            "{:#?}",
            r.logs
        );
    }

    fn set_price(&mut self, price: u64) {
        let ix = Instruction {
            program_id: perps::ID,
            accounts: perps::accounts::SetPrice {
                price_authority: self.admin.pubkey(),
                market: self.market,
            }
            .to_account_metas(None),
            data: perps::instruction::SetPrice {
                args: SetPriceArgs { price },
            }
            .data(),
        };
        self.ok(&[ix], &[]);
    }

    /// A wallet with a position holding `deposit` quote atoms of collateral.
    fn trader(&mut self, deposit: u64) -> Trader {
        let key = Keypair::new();
        let owner = key.pubkey();
        self.bank.svm.airdrop(&convert::key(&owner), SOL).unwrap();
        let token = Keypair::new();
        let rent = self.bank.svm.minimum_balance_for_rent_exemption(165);
        let a = self.admin.pubkey();
        self.ok(
            &[
                common::convert_back(solana_system_interface::instruction::create_account(
                    &convert::key(&a),
                    &convert::key(&token.pubkey()),
                    rent,
                    165,
                    &convert::key(&spl_token::ID),
                )),
                spl_token::instruction::initialize_account3(
                    &spl_token::ID,
                    &token.pubkey(),
                    &self.mint,
                    &owner,
                )
                .unwrap(),
                spl_token::instruction::mint_to(
                    &spl_token::ID,
                    &self.mint,
                    &token.pubkey(),
                    &a,
                    &[],
                    deposit,
                )
                .unwrap(),
            ],
            &[&token],
        );
        let position = common::position_pda(0, &owner);
        let open = Instruction {
            program_id: perps::ID,
            accounts: perps::accounts::OpenPosition {
                owner,
                exchange: self.exchange,
                market: self.market,
                position,
                system_program: anchor_lang::system_program::ID,
            }
            .to_account_metas(None),
            data: perps::instruction::OpenPosition {}.data(),
        };
        self.ok(&[open], &[&key]);
        let t = Trader {
            key,
            token: token.pubkey(),
            position,
        };
        let ix = self.collateral_ix(&t, true, deposit);
        self.ok(&[ix], &[&t.key]);
        t
    }

    fn collateral_ix(&self, t: &Trader, deposit: bool, amount: u64) -> Instruction {
        let accounts = perps::accounts::MoveCollateral {
            owner: t.key.pubkey(),
            exchange: self.exchange,
            market: self.market,
            position: t.position,
            user_token: t.token,
            vault: self.vault,
            token_program: spl_token::ID,
        }
        .to_account_metas(None);
        let data = if deposit {
            perps::instruction::Deposit {
                args: perps::DepositArgs { amount },
            }
            .data()
        } else {
            perps::instruction::Withdraw {
                args: perps::WithdrawArgs { amount },
            }
            .data()
        };
        Instruction {
            program_id: perps::ID,
            accounts,
            data,
        }
    }

    fn order_ix(&self, t: &Trader, args: PlaceOrderArgs, makers: &[&Trader]) -> Instruction {
        let mut accounts = perps::accounts::PlaceOrder {
            owner: t.key.pubkey(),
            exchange: self.exchange,
            market: self.market,
            order_book: self.book,
            position: t.position,
        }
        .to_account_metas(None);
        accounts.extend(makers.iter().map(|m| AccountMeta::new(m.position, false)));
        Instruction {
            program_id: perps::ID,
            accounts,
            data: perps::instruction::PlaceOrder { args }.data(),
        }
    }

    fn liquidate_ix(&self, liquidator: &Trader, target: &Trader, max_quantity: u64) -> Instruction {
        Instruction {
            program_id: perps::ID,
            accounts: perps::accounts::Liquidate {
                liquidator: liquidator.key.pubkey(),
                exchange: self.exchange,
                market: self.market,
                order_book: self.book,
                position: target.position,
                liquidator_position: liquidator.position,
            }
            .to_account_metas(None),
            data: perps::instruction::Liquidate {
                args: LiquidateArgs { max_quantity },
            }
            .data(),
        }
    }

    fn settle_ix(&self, profit: &Trader, loss: &Trader) -> Instruction {
        Instruction {
            program_id: perps::ID,
            accounts: perps::accounts::SettlePnl {
                market: self.market,
                profit_position: profit.position,
                loss_position: loss.position,
            }
            .to_account_metas(None),
            data: perps::instruction::SettlePnl {}.data(),
        }
    }

    fn prune_ix(&self, owners: &[&Trader]) -> Instruction {
        let mut accounts = perps::accounts::PruneOrders {
            market: self.market,
            order_book: self.book,
        }
        .to_account_metas(None);
        accounts.extend(owners.iter().map(|m| AccountMeta::new(m.position, false)));
        Instruction {
            program_id: perps::ID,
            accounts,
            data: perps::instruction::PruneOrders {}.data(),
        }
    }

    fn position(&self, t: &Trader) -> Position {
        let data = self
            .bank
            .account(&convert::key(&t.position))
            .unwrap()
            .data()
            .to_vec();
        bytemuck::pod_read_unaligned(&data[8..])
    }

    fn market_state(&self) -> Market {
        let data = self
            .bank
            .account(&convert::key(&self.market))
            .unwrap()
            .data()
            .to_vec();
        bytemuck::pod_read_unaligned(&data[8..])
    }

    fn book_state(&self) -> Box<OrderBook> {
        let data = self
            .bank
            .account(&convert::key(&self.book))
            .unwrap()
            .data()
            .to_vec();
        Box::new(bytemuck::pod_read_unaligned(&data[8..]))
    }

    fn vault_amount(&self) -> u64 {
        let data = self
            .bank
            .account(&convert::key(&self.vault))
            .unwrap()
            .data()
            .to_vec();
        u64::from_le_bytes(data[64..72].try_into().unwrap())
    }

    /// `vault == total_collateral + fees_collected + insurance_fund`, to the atom.
    fn assert_conserved(&self) {
        let data = self
            .bank
            .account(&convert::key(&self.exchange))
            .unwrap()
            .data()
            .to_vec();
        let ex: perps::state::Exchange = bytemuck::pod_read_unaligned(&data[8..]);
        assert_eq!(
            self.vault_amount(),
            ex.total_collateral + ex.fees_collected + ex.insurance_fund
        );
    }
}

fn order(side: Side, price: u64, quantity: u64, order_type: OrderType) -> PlaceOrderArgs {
    PlaceOrderArgs {
        side,
        price,
        quantity,
        order_type,
        max_fills: 8,
    }
}

/// Events of type `E` in the record's logs.
fn events<E: AnchorDeserialize + Discriminator>(r: &TxRecord) -> Vec<E> {
    r.logs
        .iter()
        .filter_map(|l| l.strip_prefix("Program data: "))
        .map(|d| BASE64_STANDARD.decode(d).unwrap())
        .filter(|d| d.starts_with(E::DISCRIMINATOR))
        .map(|d| E::try_from_slice(&d[8..]).unwrap())
        .collect()
}

#[test]
fn finding_1_wash_trade_off_market_fails_in_band_is_harmless() {
    let _serial = serial();
    let mut v = Venue::new();
    let (honest_loser, honest_winner) = (v.trader(10_000), v.trader(10_000));
    let (m, t) = (v.trader(2_200), v.trader(5_000));
    let ix = v.order_ix(
        &honest_loser,
        order(Side::Ask, 1_000, 10, OrderType::Limit),
        &[],
    );
    v.ok(&[ix], &[&honest_loser.key]);
    let ix = v.order_ix(
        &honest_winner,
        order(Side::Bid, 1_000, 10, OrderType::ImmediateOrCancel),
        &[&honest_loser],
    );
    v.ok(&[ix], &[&honest_winner.key]);
    v.set_price(1_050);
    // The seed attack: a large bid at twice the mark, margined at the mark.
    let ix = v.order_ix(&m, order(Side::Bid, 2_100, 100, OrderType::PostOnly), &[]);
    v.fails(&[ix], &[&m.key], PerpsError::PriceOutsideBand);
    // In the band, a bid is margined at its own price.
    let ix = v.order_ix(&m, order(Side::Bid, 1_155, 100, OrderType::PostOnly), &[]);
    v.fails(&[ix], &[&m.key], PerpsError::InsufficientMargin);
    let ix = v.order_ix(&m, order(Side::Bid, 1_155, 10, OrderType::PostOnly), &[]);
    v.ok(&[ix], &[&m.key]);
    let ix = v.order_ix(
        &t,
        order(Side::Ask, 1_155, 10, OrderType::ImmediateOrCancel),
        &[&m],
    );
    v.ok(&[ix], &[&t.key]);
    // The taker's profit is the colluder's own money; the honest winner is still paid in full.
    let ix = v.settle_ix(&t, &m);
    v.ok(&[ix], &[]);
    let ix = v.settle_ix(&honest_winner, &honest_loser);
    v.ok(&[ix], &[]);
    assert_eq!(v.position(&honest_winner).settled_pnl, 500);
    assert_eq!(v.position(&t).settled_pnl, 1_050);
    v.assert_conserved();
}

#[test]
fn finding_1_unhealthy_maker_is_cancelled_and_bankrupt_payer_refused() {
    let _serial = serial();
    let mut v = Venue::new();
    let (m, t, k) = (v.trader(1_000), v.trader(10_000), v.trader(100_000));
    let ix = v.order_ix(&m, order(Side::Bid, 1_000, 10, OrderType::PostOnly), &[]);
    v.ok(&[ix], &[&m.key]);
    v.set_price(940);
    let ix = v.order_ix(
        &t,
        order(Side::Ask, 940, 10, OrderType::ImmediateOrCancel),
        &[&m],
    );
    let r = v.ok(&[ix], &[&t.key]);
    let cancelled: Vec<OrderCancelled> = events(&r);
    assert_eq!(cancelled.len(), 1);
    assert_eq!(cancelled[0].reason, CancelReason::MakerUnhealthy);
    assert_eq!((v.position(&m).size, v.position(&m).open_orders), (0, 0));

    v.set_price(1_000);
    let ix = v.order_ix(&m, order(Side::Bid, 1_000, 10, OrderType::PostOnly), &[]);
    v.ok(&[ix], &[&m.key]);
    let ix = v.order_ix(
        &t,
        order(Side::Ask, 1_000, 10, OrderType::ImmediateOrCancel),
        &[&m],
    );
    v.ok(&[ix], &[&t.key]);
    v.set_price(850);
    let ix = v.settle_ix(&t, &m);
    v.fails(&[ix], &[], PerpsError::CounterpartyBankrupt);
    let ix = v.liquidate_ix(&k, &m, 100);
    v.ok(&[ix], &[&k.key]);
    let ix = v.settle_ix(&t, &m);
    v.ok(&[ix], &[]);
    v.assert_conserved();
}

#[test]
fn finding_2_closing_at_a_planted_price_fails() {
    let _serial = serial();
    let mut v = Venue::new();
    let (a, b, c) = (v.trader(1_010), v.trader(100_000), v.trader(100_000));
    let ix = v.order_ix(&b, order(Side::Ask, 1_000, 10, OrderType::PostOnly), &[]);
    v.ok(&[ix], &[&b.key]);
    let ix = v.order_ix(
        &a,
        order(Side::Bid, 1_000, 10, OrderType::ImmediateOrCancel),
        &[&b],
    );
    v.ok(&[ix], &[&a.key]);
    // The seed attack: a "market" close (IOC, far limit) into an order planted at 10x the mark.
    let ix = v.order_ix(&c, order(Side::Bid, 10_000, 10, OrderType::PostOnly), &[]);
    v.fails(&[ix], &[&c.key], PerpsError::PriceOutsideBand);
    let ix = v.order_ix(
        &a,
        order(Side::Ask, 1, 10, OrderType::ImmediateOrCancel),
        &[&c],
    );
    v.fails(&[ix], &[&a.key], PerpsError::PriceOutsideBand);
    // In the band, a reduction that would leave the closer in debt is refused.
    v.set_price(960);
    let ix = v.order_ix(&c, order(Side::Bid, 864, 10, OrderType::PostOnly), &[]);
    v.ok(&[ix], &[&c.key]);
    let ix = v.order_ix(
        &a,
        order(Side::Ask, 864, 10, OrderType::ImmediateOrCancel),
        &[&c],
    );
    v.fails(&[ix], &[&a.key], PerpsError::InsufficientMargin);
    assert_eq!(v.position(&a).size, 10);
    v.assert_conserved();
}

#[test]
fn finding_3_the_book_cannot_be_jammed() {
    let _serial = serial();
    let mut v = Venue::new();
    let jammers: Vec<Trader> = (0..4).map(|_| v.trader(1_000_000)).collect();
    let honest = v.trader(100_000);
    let ix = v.order_ix(
        &jammers[0],
        order(Side::Ask, 999, 1, OrderType::PostOnly),
        &[],
    );
    v.fails(&[ix], &[&jammers[0].key], PerpsError::OrderTooSmall);
    let ix = v.order_ix(
        &jammers[0],
        order(Side::Ask, 1_000_000, 1, OrderType::PostOnly),
        &[],
    );
    v.fails(&[ix], &[&jammers[0].key], PerpsError::PriceOutsideBand);
    for j in &jammers {
        let ixs: Vec<Instruction> = (0..16)
            .map(|_| v.order_ix(j, order(Side::Ask, 1_100, 1, OrderType::PostOnly), &[]))
            .collect();
        for chunk in ixs.chunks(8) {
            v.ok(chunk, &[&j.key]);
        }
    }
    let ix = v.order_ix(
        &jammers[0],
        order(Side::Ask, 1_100, 1, OrderType::PostOnly),
        &[],
    );
    v.fails(&[ix], &[&jammers[0].key], PerpsError::TooManyOpenOrders);
    // A better ask evicts the worst one (its owner's position named).
    let worst = v.book_state().asks.orders[63];
    let owner = jammers
        .iter()
        .find(|j| j.key.pubkey().to_bytes() == worst.owner.to_bytes())
        .unwrap();
    let ix = v.order_ix(
        &honest,
        order(Side::Ask, 1_050, 1, OrderType::PostOnly),
        &[owner],
    );
    let r = v.ok(&[ix], &[&honest.key]);
    let cancelled: Vec<OrderCancelled> = events(&r);
    assert_eq!(cancelled[0].reason, CancelReason::Evicted);
    assert_eq!(cancelled[0].order_id, worst.order_id);
    assert_eq!(v.book_state().asks.orders[0].price, 1_050);
    // The mark moves: the jam is outside the band and anyone prunes it.
    v.set_price(900);
    let refs: Vec<&Trader> = jammers.iter().chain([&honest]).collect();
    // At most 32 orders per call (each event is ~180 bytes of the 10 KB of logs): twice.
    for _ in 0..2 {
        let ix = v.prune_ix(&refs);
        let r = v.ok(&[ix], &[]);
        assert_eq!(events::<OrderCancelled>(&r).len(), 32);
    }
    assert_eq!(v.book_state().asks.count, 0);
    let ix = v.prune_ix(&refs);
    v.fails(&[ix], &[], PerpsError::NothingToPrune);
    for j in &jammers {
        assert_eq!(v.position(j).open_orders, 0);
    }
}

#[test]
fn finding_4_bankruptcy_is_resolved_insurance_first() {
    let _serial = serial();
    let mut v = Venue::new();
    let (a, b, k) = (v.trader(991), v.trader(100_000), v.trader(100_000));
    let ix = v.order_ix(&b, order(Side::Ask, 1_000, 9, OrderType::PostOnly), &[]);
    v.ok(&[ix], &[&b.key]);
    let ix = v.order_ix(
        &a,
        order(Side::Bid, 1_000, 9, OrderType::ImmediateOrCancel),
        &[&b],
    );
    v.ok(&[ix], &[&a.key]);
    let fund = v.market_state().insurance_fund;
    v.set_price(800);
    let ix = v.liquidate_ix(&k, &a, 100);
    let r = v.ok(&[ix], &[&k.key]);
    let liq: Vec<LiquidationExecuted> = events(&r);
    assert_eq!((liq[0].liquidated_size, liq[0].penalty_fee), (9, 0));
    let bankrupt: Vec<BankruptcyResolved> = events(&r);
    assert_eq!(bankrupt.len(), 1);
    // 982 - 1800 = -818; the fund paid what it had, the rest is spread over the open interest.
    assert_eq!(bankrupt[0].deficit, 818);
    assert_eq!(bankrupt[0].insurance_paid, fund);
    assert_eq!(bankrupt[0].socialized, 818 - fund);
    assert_eq!(v.market_state().insurance_fund, 0);
    v.assert_conserved();
}

#[test]
fn finding_5_an_unnamed_maker_stops_matching_and_the_fill_limit_is_an_argument() {
    let _serial = serial();
    let mut v = Venue::new();
    let (a, b, t) = (v.trader(100_000), v.trader(100_000), v.trader(100_000));
    let ix = v.order_ix(&b, order(Side::Ask, 1_001, 5, OrderType::PostOnly), &[]);
    v.ok(&[ix], &[&b.key]);
    // A griefer slips a better order in front: the taker that only named b no longer fails.
    let ix = v.order_ix(&a, order(Side::Ask, 1_000, 1, OrderType::PostOnly), &[]);
    v.ok(&[ix], &[&a.key]);
    let ix = v.order_ix(
        &t,
        order(Side::Bid, 1_001, 5, OrderType::ImmediateOrCancel),
        &[&b],
    );
    v.ok(&[ix], &[&t.key]);
    assert_eq!(v.position(&t).size, 0);
    let mut args = order(Side::Bid, 1_001, 6, OrderType::ImmediateOrCancel);
    args.max_fills = 0;
    let ix = v.order_ix(&t, args.clone(), &[&a, &b]);
    v.fails(&[ix], &[&t.key], PerpsError::InvalidFillLimit);
    args.max_fills = 1;
    let ix = v.order_ix(&t, args, &[&a, &b]);
    v.ok(&[ix], &[&t.key]);
    assert_eq!(v.position(&t).size, 1);
    v.assert_conserved();
}

#[test]
fn finding_6_liquidation_takes_only_what_restores_margin() {
    let _serial = serial();
    let mut v = Venue::new();
    let (maker, taker, k) = (v.trader(1_000_000), v.trader(2_000), v.trader(100_000));
    for price in [1_000, 1_010, 1_020] {
        let ix = v.order_ix(&maker, order(Side::Ask, price, 5, OrderType::PostOnly), &[]);
        v.ok(&[ix], &[&maker.key]);
    }
    let ix = v.order_ix(
        &taker,
        order(Side::Bid, 1_020, 12, OrderType::ImmediateOrCancel),
        &[&maker],
    );
    v.ok(&[ix], &[&taker.key]);
    v.set_price(880);
    let ix = v.liquidate_ix(&k, &taker, 100);
    let r = v.ok(&[ix], &[&k.key]);
    let liq: Vec<LiquidationExecuted> = events(&r);
    assert_eq!(
        (
            liq[0].liquidated_size,
            liq[0].remaining_size,
            liq[0].penalty_fee
        ),
        (8, 4, 176)
    );
    let ix = v.liquidate_ix(&k, &taker, 100);
    v.fails(&[ix], &[&k.key], PerpsError::NotLiquidatable);
    v.assert_conserved();
}
