// Issue 9, findings 7-9, on the local cluster: the attacks (front-running initialize, withdrawing
// to the vault, every admin instruction signed by an intruder) fail with their named errors and
// change nothing; the admin's powers work and each emits its event: fee withdrawal to a treasury,
// two-step admin rotation, price-authority rotation, parameter updates (create_market's
// validation), delisting once the price is stale past the escape delay, flattening, settling,
// withdrawing and closing positions.
//
// Everything runs on clusters of its own: rotating the admin, delisting and moving the clock
// would disturb the markets other test files trade on.
import { BN } from "@coral-xyz/anchor";
import { Keypair, LAMPORTS_PER_SOL } from "@solana/web3.js";
import { expect } from "chai";
import * as fs from "node:fs";
import {
  acceptAdmin,
  closePosition,
  delistMarket,
  flattenPosition,
  initializeExchange,
  marketParamsOf,
  PROGRAM_DATA_PDA,
  proposeAdmin,
  setPriceAuthority,
  updateMarketParams,
  withdrawFees,
} from "./support/admin";
import { EXCHANGE_PDA, VAULT_PDA } from "./support/exchange";
import { airdrop, createQuoteMint, createTokenAccount, getHarness, localnetBinary, LocalnetHandle, startLocalnet } from "./support/harness";
import {
  advanceClock,
  ASK,
  BID,
  conservation,
  createTestMarket,
  expectAnchorError,
  fetchBook,
  fetchExchange,
  fetchMarket,
  fetchPosition,
  IOC,
  newTrader,
  placeOrder,
  plain,
  plainEvents,
  POST_ONLY,
  setPrice,
  settlePnl,
  TestMarket,
  tokenBalance,
  Trader,
  vaultBalance,
  withdrawCollateral,
} from "./support/trading";

/** Escape delay of `delist_market` past `max_price_age_secs` (controller::admin). */
const DELIST_ESCAPE_DELAY_SECS = 3 * 24 * 60 * 60;

describe("perps: admin powers and operations (issue 9, findings 7-9)", () => {
  before(async function () {
    const h = await getHarness();
    if (!h.localnet && !fs.existsSync(localnetBinary())) this.skip();
  });

  describe("finding 7: initialize is reserved to the program's upgrade authority", () => {
    it("a front-runner's initialize fails with NotUpgradeAuthority and creates nothing; the deployer's succeeds", async () => {
      const deployer = Keypair.generate();
      const own = await startLocalnet({ upgradeAuthority: deployer.publicKey });
      try {
        // The attacker (the funded wallet of this cluster) sees the program deployed and races.
        const attacker = own.wallet;
        const quoteMint = await createQuoteMint(own.connection, attacker, 6);
        await expectAnchorError(() => initializeExchange(own, attacker, quoteMint), "NotUpgradeAuthority");
        expect(await own.connection.getAccountInfo(EXCHANGE_PDA)).to.equal(null);
        expect(await own.connection.getAccountInfo(VAULT_PDA)).to.equal(null);
        // The ProgramData account the IDL resolved is the loader's PDA of the program id.
        const pd = await own.connection.getAccountInfo(PROGRAM_DATA_PDA);
        expect(pd?.owner.toBase58()).to.equal("BPFLoaderUpgradeab1e11111111111111111111111");
        expect(Buffer.from(pd!.data.subarray(13, 45)).equals(deployer.publicKey.toBuffer())).to.equal(true);

        // The deployer signs as admin (anyone may pay).
        const r = await initializeExchange(own, deployer, quoteMint);
        const ex = await fetchExchange(own);
        expect(ex.admin.toBase58()).to.equal(deployer.publicKey.toBase58());
        expect(plainEvents(r)).to.deep.equal([
          [
            "exchangeInitialized",
            {
              exchange: EXCHANGE_PDA.toBase58(),
              admin: deployer.publicKey.toBase58(),
              quoteMint: quoteMint.toBase58(),
              vault: VAULT_PDA.toBase58(),
              timestamp: String(r.blockTime),
            },
          ],
        ]);
      } finally {
        await own.stop();
      }
    });

    it("a program without an upgrade authority (immutable) cannot be initialized by anyone", async () => {
      const own = await startLocalnet({ upgradeAuthority: null });
      try {
        const quoteMint = await createQuoteMint(own.connection, own.wallet, 6);
        // Its ProgramData account names no authority: nobody matches, not even the deployer.
        await expectAnchorError(() => initializeExchange(own, own.wallet, quoteMint), "NotUpgradeAuthority");
        expect(await own.connection.getAccountInfo(EXCHANGE_PDA)).to.equal(null);
      } finally {
        await own.stop();
      }
    });
  });

  describe("findings 8 and 9 on a cluster of their own", () => {
    let own: LocalnetHandle;
    let admin: Keypair;
    let intruder: Keypair;

    before(async () => {
      own = await startLocalnet();
      admin = own.wallet; // the upgrade authority, so the exchange's admin (ensureExchange)
      intruder = Keypair.generate();
      await airdrop(own.connection, intruder.publicKey, LAMPORTS_PER_SOL);
    });

    after(async () => {
      await own?.stop();
    });

    /** A market priced at 1 000 where `maker` sold 10 lots to `taker`: fees 10 (taker) + 2. */
    async function tradedMarket(symbol: string): Promise<{ m: TestMarket; maker: Trader; taker: Trader }> {
      const m = await createTestMarket(own, { symbol });
      await setPrice(m, 1_000);
      const maker = await newTrader(m, { name: "maker", deposit: 100_000 });
      const taker = await newTrader(m, { name: "taker", deposit: 100_000 });
      await placeOrder(m, maker, { side: ASK, price: 1_000, quantity: 10, orderType: POST_ONLY });
      await placeOrder(m, taker, { side: BID, price: 1_000, quantity: 10, orderType: IOC });
      return { m, maker, taker };
    }

    it("finding 8: withdraw to the vault itself fails with TokenAccountIsVault and moves nothing", async () => {
      const m = await createTestMarket(own, { symbol: "VLT-PERP" });
      const t = await newTrader(m, { deposit: 50_000 });
      const [vaultBefore, posBefore] = [await vaultBalance(own), await fetchPosition(m, t)];
      await expectAnchorError(() => withdrawCollateral(m, t, 50_000, { userToken: VAULT_PDA }), "TokenAccountIsVault");
      expect(await vaultBalance(own)).to.equal(vaultBefore);
      expect(plain(await fetchPosition(m, t))).to.deep.equal(plain(posBefore));
      // The honest withdrawal still works.
      await withdrawCollateral(m, t, 50_000);
      expect(await tokenBalance(own, t.token)).to.equal(50_000n);
    });

    it("withdraw_fees: intruder, vault as treasury and too much fail; the admin's moves fees to a treasury (FeesWithdrawn)", async () => {
      await tradedMarket("FEE-PERP");
      const ex = await fetchExchange(own);
      const fees = BigInt(ex.feesCollected.toString());
      // The trade's fees are 10 + 2; INSURANCE_SHARE_BPS (half) of them went to the insurance fund.
      expect(fees >= 6n).to.equal(true);
      expect(BigInt(ex.insuranceFund.toString()) >= 6n).to.equal(true);
      const treasury = await createTokenAccount(own.connection, own.wallet, ex.quoteMint, Keypair.generate().publicKey);
      const intruderToken = await createTokenAccount(own.connection, own.wallet, ex.quoteMint, intruder.publicKey);

      await expectAnchorError(() => withdrawFees(own, intruder, intruderToken, fees), "Unauthorized");
      await expectAnchorError(() => withdrawFees(own, admin, VAULT_PDA, fees), "TokenAccountIsVault");
      await expectAnchorError(() => withdrawFees(own, admin, treasury, fees + 1n), "InsufficientFees");
      await expectAnchorError(() => withdrawFees(own, admin, treasury, 0), "InvalidAmount");
      // The vault and the treasury swapped: the exchange's `vault` must be the vault.
      await expectAnchorError(() => withdrawFees(own, admin, VAULT_PDA, 1, treasury), "ConstraintHasOne", 2001);
      expect(await tokenBalance(own, intruderToken)).to.equal(0n);

      const before = await conservation(own);
      const r = await withdrawFees(own, admin, treasury, 6);
      const after = await conservation(own);
      expect(plainEvents(r)).to.deep.equal([
        [
          "feesWithdrawn",
          { admin: admin.publicKey.toBase58(), treasury: treasury.toBase58(), amount: "6", feesRemaining: String(fees - 6n), timestamp: String(r.blockTime) },
        ],
      ]);
      expect(await tokenBalance(own, treasury)).to.equal(6n);
      expect(after.vault).to.equal(before.vault - 6n);
      expect(after.totalCollateral).to.equal(before.totalCollateral);
      // The insurance fund is not the admin's to withdraw.
      expect(after.insuranceFund).to.equal(before.insuranceFund);
      expect(after.vault).to.equal(after.totalCollateral + after.feesCollected + after.insuranceFund);
    });

    it("admin rotation is two-step: intruders fail, the pending admin accepts, the old admin loses its powers", async () => {
      const next = Keypair.generate();
      await airdrop(own.connection, next.publicKey, LAMPORTS_PER_SOL);
      await expectAnchorError(() => proposeAdmin(own, intruder, intruder.publicKey), "Unauthorized");
      const proposed = await proposeAdmin(own, admin, next.publicKey);
      expect(plainEvents(proposed)).to.deep.equal([
        ["adminProposed", { admin: admin.publicKey.toBase58(), pendingAdmin: next.publicKey.toBase58(), timestamp: String(proposed.blockTime) }],
      ]);
      await expectAnchorError(() => acceptAdmin(own, intruder), "NotPendingAdmin");
      expect((await fetchExchange(own)).admin.toBase58()).to.equal(admin.publicKey.toBase58());

      const accepted = await acceptAdmin(own, next);
      expect(plainEvents(accepted)).to.deep.equal([
        ["adminChanged", { previousAdmin: admin.publicKey.toBase58(), admin: next.publicKey.toBase58(), timestamp: String(accepted.blockTime) }],
      ]);
      const ex = await fetchExchange(own);
      expect([ex.admin.toBase58(), ex.pendingAdmin.toBase58()]).to.deep.equal([next.publicKey.toBase58(), "11111111111111111111111111111111"]);
      await expectAnchorError(() => proposeAdmin(own, admin, admin.publicKey), "Unauthorized");
      await expectAnchorError(() => acceptAdmin(own, next), "NotPendingAdmin");

      // And back, so the rest of this file keeps the wallet as admin.
      await proposeAdmin(own, next, admin.publicKey);
      await acceptAdmin(own, admin);
      expect((await fetchExchange(own)).admin.toBase58()).to.equal(admin.publicKey.toBase58());
    });

    it("set_price_authority: intruder fails; the admin replaces a silent authority and trading resumes", async () => {
      const { m, maker, taker } = await tradedMarket("ORC-PERP");
      const oracle = Keypair.generate();
      await expectAnchorError(() => setPriceAuthority(m, intruder, intruder.publicKey), "Unauthorized");
      await expectAnchorError(() => setPriceAuthority(m, m.priceAuthority, intruder.publicKey), "Unauthorized");
      // The authority falls silent: the price goes stale, positions are frozen.
      await advanceClock(own, 61);
      await expectAnchorError(() => settlePnl(m, taker.position, maker.position), "PriceStale");
      const r = await setPriceAuthority(m, admin, oracle.publicKey);
      expect(plainEvents(r)).to.deep.equal([
        [
          "priceAuthorityChanged",
          {
            market: m.market.toBase58(),
            admin: admin.publicKey.toBase58(),
            previousPriceAuthority: m.priceAuthority.publicKey.toBase58(),
            priceAuthority: oracle.publicKey.toBase58(),
            timestamp: String(r.blockTime),
          },
        ],
      ]);
      await expectAnchorError(() => setPrice(m, 1_100), "NotPriceAuthority");
      await airdrop(own.connection, oracle.publicKey, LAMPORTS_PER_SOL);
      await setPrice(m, 1_100, oracle);
      await settlePnl(m, taker.position, maker.position);
      expect((await fetchPosition(m, taker)).settledPnl.toString()).to.equal("1000");
    });

    it("update_market_params: intruder and invalid parameters fail with create_market's errors; a valid update emits old and new", async () => {
      const m = await createTestMarket(own, { symbol: "PRM-PERP" });
      const current = marketParamsOf(await fetchMarket(m));
      await expectAnchorError(() => updateMarketParams(m, intruder, current), "Unauthorized");
      await expectAnchorError(() => updateMarketParams(m, admin, { ...current, takerFeeBps: 1_001 }), "InvalidFees");
      await expectAnchorError(() => updateMarketParams(m, admin, { ...current, maintenanceMarginBps: current.initialMarginBps }), "InvalidMarginRatios");
      await expectAnchorError(() => updateMarketParams(m, admin, { ...current, liquidationPenaltyBps: current.maintenanceMarginBps + 1 }), "InvalidLiquidationPenalty");
      await expectAnchorError(() => updateMarketParams(m, admin, { ...current, maxPriceAgeSecs: 0 }), "InvalidPriceAge");
      await expectAnchorError(() => updateMarketParams(m, admin, { ...current, priceBandBps: 0 }), "InvalidPriceBand");
      await expectAnchorError(() => updateMarketParams(m, admin, { ...current, priceBandBps: 10_001 }), "InvalidPriceBand");
      await expectAnchorError(() => updateMarketParams(m, admin, { ...current, minOrderNotional: new BN(0) }), "InvalidOrderLimits");
      await expectAnchorError(() => updateMarketParams(m, admin, { ...current, maxOrdersPerPosition: 0 }), "InvalidOrderLimits");
      expect(plain(marketParamsOf(await fetchMarket(m)))).to.deep.equal(plain(current));

      const next = { ...current, takerFeeBps: 20, makerFeeBps: 0, initialMarginBps: 2_000, maxPriceAgeSecs: 30, priceBandBps: 500, minOrderNotional: new BN(1_000), maxOrdersPerPosition: 32 };
      const r = await updateMarketParams(m, admin, next);
      expect(plainEvents(r)).to.deep.equal([
        ["marketParamsUpdated", { market: m.market.toBase58(), admin: admin.publicKey.toBase58(), previous: plain(current), params: plain(next), timestamp: String(r.blockTime) }],
      ]);
      expect(plain(marketParamsOf(await fetchMarket(m)))).to.deep.equal(plain(next));
    });

    it("the stale-price escape: delist (anyone, after the delay), flatten, settle, withdraw everything, close positions", async () => {
      const { m, maker, taker } = await tradedMarket("ESC-PERP");
      await setPrice(m, 1_050);
      // A resting order that delisting cancels (inside the 10 % band around 1 050).
      await placeOrder(m, maker, { side: BID, price: 950, quantity: 2, orderType: POST_ONLY });
      const priced = await fetchMarket(m);

      // Stale, but not long enough: only the admin could delist now.
      await advanceClock(own, priced.maxPriceAgeSecs + 10);
      await expectAnchorError(() => delistMarket(m, taker.keypair), "DelistNotAllowed");
      await expectAnchorError(() => flattenPosition(m, taker.position), "MarketNotDelisted");
      await expectAnchorError(() => closePosition(m, taker), "PositionNotEmpty");

      await advanceClock(own, DELIST_ESCAPE_DELAY_SECS);
      const r = await delistMarket(m, taker.keypair);
      expect(plainEvents(r)).to.deep.equal([
        [
          "marketDelisted",
          {
            market: m.market.toBase58(),
            delistedBy: taker.owner.toBase58(),
            byAdmin: false,
            settlementPrice: "1050",
            priceUpdatedAt: priced.priceUpdatedAt.toString(),
            cancelledOrders: 1,
            timestamp: String(r.blockTime),
          },
        ],
      ]);
      expect(await fetchBook(m)).to.deep.equal({ bids: [], asks: [] });
      expect((await fetchMarket(m)).status).to.equal(1);
      await expectAnchorError(() => delistMarket(m, admin), "MarketNotListed");
      await expectAnchorError(() => placeOrder(m, taker, { side: ASK, price: 1_050, quantity: 1, orderType: POST_ONLY }), "MarketNotListed");
      await expectAnchorError(() => setPrice(m, 2_000), "MarketNotListed");

      // Anyone flattens both at 1 050: the taker (long 10 from 1 000) made 500, the maker lost it.
      for (const t of [taker, maker]) await flattenPosition(m, t.position);
      await expectAnchorError(() => flattenPosition(m, taker.position), "NoOpenPosition");
      const [tp, mp] = [await fetchPosition(m, taker), await fetchPosition(m, maker)];
      expect(plain([tp.size, tp.realizedPnl, mp.size, mp.realizedPnl, mp.openOrders, mp.bidOpenLots])).to.deep.equal(["0", "500", "0", "-500", 0, "0"]);

      await settlePnl(m, taker.position, maker.position);
      for (const t of [taker, maker]) {
        const { collateral } = await fetchPosition(m, t);
        await withdrawCollateral(m, t, collateral);
        expect(await tokenBalance(own, t.token)).to.equal(BigInt(collateral.toString()));
      }
      expect(await tokenBalance(own, taker.token)).to.equal(100_000n - 10n + 500n);
      expect(await tokenBalance(own, maker.token)).to.equal(100_000n - 2n - 500n);

      // Closing: another wallet's position is not yours; your own returns its rent to you.
      await expectAnchorError(() => closePosition(m, taker, maker.position), "ConstraintSeeds", 2006);
      const rent = (await own.connection.getAccountInfo(taker.position))!.lamports;
      const closed = await closePosition(m, taker);
      expect(plainEvents(closed)).to.deep.equal([
        [
          "positionClosed",
          { positionId: taker.positionId.toString(), user: taker.owner.toBase58(), market: m.market.toBase58(), rentReturned: String(rent), timestamp: String(closed.blockTime) },
        ],
      ]);
      expect(await own.connection.getAccountInfo(taker.position)).to.equal(null);
      const c = await conservation(own);
      expect(c.vault).to.equal(c.totalCollateral + c.feesCollected + c.insuranceFund);
    });

    it("close_position refuses a position with collateral or unsettled pnl (PositionNotEmpty); an emptied one closes", async () => {
      const m = await createTestMarket(own, { symbol: "CLS-PERP" });
      const t = await newTrader(m, { deposit: 1_000 });
      await expectAnchorError(() => closePosition(m, t), "PositionNotEmpty");
      await withdrawCollateral(m, t, 1_000);
      const before = await own.connection.getBalance(t.owner, "confirmed");
      const rent = (await own.connection.getAccountInfo(t.position))!.lamports;
      await closePosition(m, t);
      // The rent went back to the owner (the harness wallet paid the fee).
      expect(await own.connection.getBalance(t.owner, "confirmed")).to.equal(before + rent);
      // The same wallet may open a new position (a new id) in the market afterwards.
      const reopened = await own.program.methods.openPosition().accountsPartial({ owner: t.owner, exchange: EXCHANGE_PDA, market: m.market, position: t.position }).signers([t.keypair]).rpc();
      expect(reopened).to.be.a("string");
      expect(new BN((await fetchPosition(m, t)).positionId).gt(t.positionId)).to.equal(true);
    });
  });
});
