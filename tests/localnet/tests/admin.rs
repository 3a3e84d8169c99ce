//! Issue 9, findings 7-9 through the real `perps::entry` in the bank: the upgrade-authority check
//! of `initialize`, `withdraw` to the vault, and the admin operations (fee withdrawal, admin and
//! price-authority rotation, parameter updates, delisting after a stale price, flattening and
//! closing positions), each with its wrong signers, swapped accounts and bad arguments.

mod common;
#[path = "admin/world.rs"]
mod world;

use anchor_lang::error::ErrorCode as AnchorCode;
use anchor_lang::solana_program::pubkey::Pubkey;
use perps::errors::PerpsError;
use perps::types::Side;
use perps::MarketParams;
use perps_localnet::program;
use solana_account::ReadableAccount;
use solana_keypair::Keypair;
use world::*;

#[test]
fn initialize_is_reserved_to_the_upgrade_authority() {
    let _serial = serial();
    let deployer = Keypair::new();
    let (mut w, attacker) = World::new(Some(&deployer));
    w.airdrop(&deployer);
    // The front-runner signs as admin (and pays): refused, nothing is created.
    let i = w.initialize_ix(&attacker, &attacker);
    w.fails(
        &[i],
        &[&attacker],
        PerpsError::NotUpgradeAuthority,
        "NotUpgradeAuthority",
    );
    assert!(w.account(&exchange_pda()).is_none());
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
    let good = w.account(&program_data()).unwrap();
    let mut data = good.data().to_vec();
    data[13..45].copy_from_slice(attacker.pubkey().as_ref());
    w.bank
        .svm
        .set_account(
            perps_localnet::convert::key(&fake),
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
    // An immutable program (no upgrade authority) can never be initialized: its authority (the
    // admin here) makes it so with the loader's own `SetAuthority`.
    let immutable = solana_loader_v3_interface::instruction::set_upgrade_authority(
        &program::PROGRAM_ID,
        &solana_signer::Signer::pubkey(&admin),
        None,
    );
    w.ok(&[common::convert_back(immutable)], &[&admin]);
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
    // Fees 250 (taker) + 125 (maker): INSURANCE_SHARE_BPS (half, rounded down) feeds the
    // insurance fund, the rest is the exchange's.
    assert_eq!(
        (w.exchange().fees_collected, w.exchange().insurance_fund),
        (188, 187)
    );
    let treasury = w.token_account(w.mint, admin.pubkey(), 0);
    let intruder = w.funded();
    let intruder_token = w.token_account(w.mint, intruder.pubkey(), 0);

    let i = w.withdraw_fees_ix(&intruder, intruder_token, 188);
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
    // Past the fees (the insurance fund is not the admin's).
    let i = w.withdraw_fees_ix(&admin, treasury, 189);
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

    let i = w.withdraw_fees_ix(&admin, treasury, 150);
    w.ok(&[i], &[&admin]);
    let ex = w.exchange();
    assert_eq!((ex.fees_collected, w.token_balance(treasury)), (38, 150));
    assert_eq!(ex.insurance_fund, 187);
    assert_eq!(
        w.token_balance(vault_pda()),
        ex.total_collateral + ex.fees_collected + ex.insurance_fund
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
    let rent = w.account(&pos_a).unwrap().lamports();
    let before = w.account(&a.pubkey()).unwrap().lamports();
    let i = w.close_ix(&a, pos_a);
    w.ok(&[i], &[&a]);
    assert!(w.account(&pos_a).is_none_or(|acc| acc.lamports() == 0));
    assert_eq!(
        w.account(&a.pubkey()).unwrap().lamports(),
        before + rent - 5_000
    );

    let treasury = w.token_account(w.mint, admin.pubkey(), 0);
    let i = w.withdraw_fees_ix(&admin, treasury, 188);
    w.ok(&[i], &[&admin]);
    let ex = w.exchange();
    // What stays in the vault is the insurance fund's share of the fees.
    assert_eq!(
        (
            ex.total_collateral,
            ex.fees_collected,
            ex.insurance_fund,
            w.token_balance(vault_pda())
        ),
        (0, 0, 187, 187)
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

/// A delisted market in which `a` is bankrupt at the settlement price: `a` sold 10 lots at
/// 25 000 to `b` (collateral 25 875), the price moved to 28 000 (equity 25 875 - 30 000 =
/// -4 125), then the admin delisted. `k` is a keeper with 100 000. Also returns the insurance
/// fund (fee shares so far, > 0).
fn delisted_with_a_bankrupt_short() -> (World, [Keypair; 3], u64) {
    let (mut w, oracle) = World::with_market();
    let admin = w.admin.insecure_clone();
    let (a, _) = w.trader(26_000);
    let (b, _) = w.trader(100_000);
    let (k, _) = w.trader(100_000);
    w.trade(&a, &b);
    let fund = w.market().insurance_fund;
    assert!(fund > 0);
    let i = w.set_price_ix(&oracle, 28_000);
    w.ok(&[i], &[&oracle]);
    let i = w.delist_ix(&admin);
    w.ok(&[i], &[&admin]);
    (w, [a, b, k], fund)
}

/// Review finding A through the entry: after delisting, a bankrupt position cannot be flattened
/// (`PositionBankrupt`: flat, it could never be liquidated and its deficit would escape the
/// insurance fund and socialization, leaving a winner unpaid); liquidation at the settlement
/// price resolves it, and the winner is then paid in full.
#[test]
fn a_bankrupt_position_is_liquidated_not_flattened_after_delisting() {
    let _serial = serial();
    let (mut w, [a, b, k], fund) = delisted_with_a_bankrupt_short();
    let admin = w.admin.insecure_clone();
    let i = w.flatten_ix(market_pda(0), position_pda(market_pda(0), a.pubkey()));
    w.fails(
        &[i],
        &[&admin],
        PerpsError::PositionBankrupt,
        "PositionBankrupt",
    );
    assert_eq!(w.position(&a).size, -10);
    let i = w.liquidate_ix(&k, &a, 100);
    w.ok(&[i], &[&k]);
    let m = w.market();
    assert_eq!(m.insurance_fund, 0);
    assert_eq!(m.socialized_loss_total, 4_125 - fund);
    assert_eq!(w.position(&a).size, 0);
    for owner in [&b, &k] {
        let i = w.flatten_ix(market_pda(0), position_pda(market_pda(0), owner.pubkey()));
        w.ok(&[i], &[&admin]);
    }
    // b's profit, less its share of the written-off loss, is exactly what a can pay.
    let i = w.settle_ix(&b, &a);
    w.ok(&[i], &[&admin]);
    let (pa, pb) = (w.position(&a), w.position(&b));
    assert_eq!(pb.realized_pnl - pb.settled_pnl, 0, "b paid in full");
    assert_eq!((pa.collateral, pa.realized_pnl - pa.settled_pnl), (0, 0));
    assert_eq!(pb.socialized_loss, 4_125 - fund);
}

/// Review finding B through the entry: after delisting, the long counterparty of a bankrupt
/// short is flattened first (`flattened_size` 10); the short can still be liquidated (the lots
/// still open besides its own are 0, not `2 × 0 - 10`, which failed with `MathOverflow`) and the
/// insurance fund pays what it can.
#[test]
fn a_bankrupt_short_is_liquidated_after_its_counterparty_was_flattened() {
    let _serial = serial();
    let (mut w, [a, b, k], fund) = delisted_with_a_bankrupt_short();
    let admin = w.admin.insecure_clone();
    let i = w.flatten_ix(market_pda(0), position_pda(market_pda(0), b.pubkey()));
    w.ok(&[i], &[&admin]);
    assert_eq!(w.market().flattened_size, 10);
    let i = w.liquidate_ix(&k, &a, 100);
    w.ok(&[i], &[&k]);
    let m = w.market();
    assert_eq!((m.insurance_fund, m.socialized_loss_total), (0, 0));
    let pa = w.position(&a);
    assert_eq!(pa.size, 0);
    assert_eq!(
        pa.collateral as i64 + pa.realized_pnl - pa.settled_pnl,
        -(4_125 - fund as i64)
    );
}
