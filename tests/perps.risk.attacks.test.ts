// Issue 9's attacks on the local cluster, one `describe` per finding: each attack is performed
// with two (or more) colluding wallets and now fails with its named error or is harmless (the
// honest positions keep every atom of their PnL, and vault == collateral + fees + insurance).
// The same attacks run through the controller (programs/perps/src/controller/tests/attacks.rs)
// and through the real entry on the bank (tests/localnet/tests/attacks.rs).
// (Named perps.risk.* so it runs after perps.market.test.ts, which expects a fresh exchange.)
import { BN } from "@coral-xyz/anchor";
import { Transaction } from "@solana/web3.js";
import { expect } from "chai";
import { delistMarket, flattenPosition } from "./support/admin";
import { EXCHANGE_PDA } from "./support/exchange";
import { getHarness, Harness } from "./support/harness";
import {
  ASK,
  BID,
  conservation,
  conserved,
  createTestMarket,
  CreateMarketArgs,
  EventOf,
  expectAnchorError,
  fetchBook,
  fetchMarket,
  fetchPosition,
  IOC,
  liquidate,
  newTrader,
  placeOrder,
  plain,
  POST_ONLY,
  pruneOrders,
  readTx,
  setPrice,
  settlePnl,
  TestMarket,
  Trader,
  TxResult,
  withdrawCollateral,
} from "./support/trading";

function eventsOf<N extends TxResult["events"][number]["name"]>(r: TxResult, name: N): EventOf<N>[] {
  return r.events.filter((e) => e.name === name).map((e) => e.data as EventOf<N>);
}

describe("perps: attacks of issue 9 on the local cluster", () => {
  let h: Harness;

  before(async () => {
    h = await getHarness();
  });

  async function market(symbol: string, overrides: Partial<CreateMarketArgs> = {}): Promise<TestMarket> {
    const m = await createTestMarket(h, { symbol, ...overrides });
    await setPrice(m, 1_000);
    return m;
  }

  async function expectConserved(): Promise<void> {
    expect(conserved(await conservation(h))).to.equal(true);
  }

  describe("finding 1: off-market wash trades cannot take honest collateral", () => {
    it("a bid at 2x the mark fails with PriceOutsideBand; in the band it is margined at its price and the wash trade only moves the colluder's money", async () => {
      const m = await market("ATK1-PERP");
      const honestLoser = await newTrader(m, { name: "H", deposit: 10_000 });
      const honestWinner = await newTrader(m, { name: "W", deposit: 10_000 });
      const colluderM = await newTrader(m, { name: "M", deposit: 2_200 });
      const colluderT = await newTrader(m, { name: "T", deposit: 5_000 });
      await placeOrder(m, honestLoser, { side: ASK, price: 1_000, quantity: 10 });
      await placeOrder(m, honestWinner, { side: BID, price: 1_000, quantity: 10, orderType: IOC });
      await setPrice(m, 1_050);

      await expectAnchorError(() => placeOrder(m, colluderM, { side: BID, price: 2_100, quantity: 100, orderType: POST_ONLY }), "PriceOutsideBand");
      await expectAnchorError(() => placeOrder(m, colluderM, { side: BID, price: 1_155, quantity: 100, orderType: POST_ONLY }), "InsufficientMargin");
      await placeOrder(m, colluderM, { side: BID, price: 1_155, quantity: 10, orderType: POST_ONLY });
      await placeOrder(m, colluderT, { side: ASK, price: 1_155, quantity: 10, orderType: IOC });

      // Unsettled profit is not withdrawable: T must settle first, and only against a solvent payer.
      // T holds 4988 and 1050 of unsettled profit; initial margin 1050: before settling it may
      // withdraw 3938 (the profit does not count), not 3939.
      await expectAnchorError(() => withdrawCollateral(m, colluderT, 3_939), "InsufficientMargin");
      await settlePnl(m, colluderT.position, colluderM.position);
      await settlePnl(m, honestWinner.position, honestLoser.position);
      const [t, w] = await Promise.all([fetchPosition(m, colluderT), fetchPosition(m, honestWinner)]);
      expect(plain([t.settledPnl, w.settledPnl])).to.deep.equal(["1050", "500"]);
      await expectConserved();
    });

    it("a maker that would fall below maintenance is skipped and its order cancelled (OrderCancelled makerUnhealthy); a bankrupt payer cannot settle (CounterpartyBankrupt)", async () => {
      const m = await market("ATK1B-PERP");
      const maker = await newTrader(m, { name: "M", deposit: 1_000 });
      const taker = await newTrader(m, { name: "T", deposit: 10_000 });
      const keeper = await newTrader(m, { name: "K", deposit: 100_000 });
      const rest = await placeOrder(m, maker, { side: BID, price: 1_000, quantity: 10, orderType: POST_ONLY });
      await setPrice(m, 940);
      const r = await placeOrder(m, taker, { side: ASK, price: 940, quantity: 10, orderType: IOC });
      expect(eventsOf(r, "orderFilled")).to.have.length(0);
      const [c] = eventsOf(r, "orderCancelled");
      expect(plain([c.orderId, c.reason, c.quantity])).to.deep.equal([rest.orderId.toString(), { makerUnhealthy: {} }, "10"]);
      expect((await fetchBook(m)).bids).to.deep.equal([]);

      await setPrice(m, 1_000);
      await placeOrder(m, maker, { side: BID, price: 1_000, quantity: 10, orderType: POST_ONLY });
      await placeOrder(m, taker, { side: ASK, price: 1_000, quantity: 10, orderType: IOC });
      await setPrice(m, 850);
      await expectAnchorError(() => settlePnl(m, taker.position, maker.position), "CounterpartyBankrupt");
      await liquidate(m, keeper, maker.position, 100);
      await settlePnl(m, taker.position, maker.position);
      await expectConserved();
    });
  });

  describe("finding 2: a closing order cannot fill at a planted price", () => {
    it("a far-limit close and a planted order fail with PriceOutsideBand; a reduction into debt fails with InsufficientMargin", async () => {
      const m = await market("ATK2-PERP");
      const a = await newTrader(m, { name: "A", deposit: 1_010 });
      const b = await newTrader(m, { name: "B", deposit: 100_000 });
      const c = await newTrader(m, { name: "C", deposit: 100_000 });
      await placeOrder(m, b, { side: ASK, price: 1_000, quantity: 10, orderType: POST_ONLY });
      await placeOrder(m, a, { side: BID, price: 1_000, quantity: 10, orderType: IOC });
      await expectAnchorError(() => placeOrder(m, c, { side: BID, price: 10_000, quantity: 10, orderType: POST_ONLY }), "PriceOutsideBand");
      await expectAnchorError(() => placeOrder(m, a, { side: ASK, price: 1, quantity: 10, orderType: IOC }), "PriceOutsideBand");
      await setPrice(m, 960);
      await placeOrder(m, c, { side: BID, price: 864, quantity: 10, orderType: POST_ONLY });
      await expectAnchorError(() => placeOrder(m, a, { side: ASK, price: 864, quantity: 10, orderType: IOC }), "InsufficientMargin");
      expect((await fetchPosition(m, a)).size.toString()).to.equal("10");
      await expectConserved();
    });
  });

  describe("finding 3: a book side cannot be jammed", () => {
    it("tiny, off-band and excess orders fail; a better order evicts the worst; out-of-band orders are pruned by anyone", async () => {
      const m = await market("ATK3-PERP", { minOrderNotional: new BN(1_000), maxOrdersPerPosition: 16 });
      const jammers: Trader[] = [];
      for (let i = 0; i < 4; i++) jammers.push(await newTrader(m, { name: `J${i}`, deposit: 1_000_000 }));
      const honest = await newTrader(m, { name: "honest", deposit: 100_000 });
      await expectAnchorError(() => placeOrder(m, jammers[0], { side: ASK, price: 999, quantity: 1, orderType: POST_ONLY }), "OrderTooSmall");
      await expectAnchorError(() => placeOrder(m, jammers[0], { side: ASK, price: 1_000_000, quantity: 1, orderType: POST_ONLY }), "PriceOutsideBand");
      for (const j of jammers) {
        for (let batch = 0; batch < 2; batch++) {
          const tx = new Transaction();
          for (let i = 0; i < 8; i++) {
            tx.add(
              await h.program.methods
                .placeOrder({ side: ASK, price: new BN(1_100), quantity: new BN(1), orderType: POST_ONLY, maxFills: 8 })
                .accountsPartial({ owner: j.owner, exchange: EXCHANGE_PDA, market: m.market, orderBook: m.orderBook, position: j.position })
                .instruction(),
            );
          }
          await readTx(h, await h.provider.sendAndConfirm(tx, [j.keypair]));
        }
      }
      expect((await fetchBook(m)).asks).to.have.length(64);
      await expectAnchorError(() => placeOrder(m, jammers[0], { side: ASK, price: 1_100, quantity: 1, orderType: POST_ONLY }), "TooManyOpenOrders");
      await expectAnchorError(() => placeOrder(m, honest, { side: ASK, price: 1_100, quantity: 1, orderType: POST_ONLY }), "OrderBookFull");
      const worst = (await fetchBook(m)).asks[63];
      const r = await placeOrder(m, honest, { side: ASK, price: 1_050, quantity: 1, orderType: POST_ONLY });
      const [evicted] = eventsOf(r, "orderCancelled");
      expect(plain([evicted.orderId, evicted.reason, evicted.owner])).to.deep.equal([worst.orderId.toString(), { evicted: {} }, worst.owner.toBase58()]);
      expect((await fetchBook(m)).asks[0].price.toString()).to.equal("1050");

      await setPrice(m, 900);
      // At most 32 orders per call (each OrderCancelled is ~180 bytes of the 10 KB of logs).
      for (let call = 0; call < 2; call++) {
        const pruned = await pruneOrders(m, [...jammers, honest].map((t) => t.owner));
        const reasons = eventsOf(pruned, "orderCancelled").map((e) => Object.keys(e.reason)[0]);
        expect(reasons).to.deep.equal(Array(32).fill("outOfBand"));
      }
      expect((await fetchBook(m)).asks).to.deep.equal([]);
      await expectAnchorError(() => pruneOrders(m, [honest.owner]), "NothingToPrune");
      for (const j of jammers) expect((await fetchPosition(m, j)).openOrders).to.equal(0);
    });
  });

  describe("finding 4: bad debt is resolved", () => {
    it("a gap leaves a position bankrupt: no penalty, the insurance fund pays first, the rest is spread over open interest (BankruptcyResolved)", async () => {
      const m = await market("ATK4-PERP");
      const a = await newTrader(m, { name: "A", deposit: 991 });
      const b = await newTrader(m, { name: "B", deposit: 100_000 });
      const k = await newTrader(m, { name: "K", deposit: 100_000 });
      await placeOrder(m, b, { side: ASK, price: 1_000, quantity: 9, orderType: POST_ONLY });
      await placeOrder(m, a, { side: BID, price: 1_000, quantity: 9, orderType: IOC });
      const fund = BigInt((await fetchMarket(m)).insuranceFund.toString());
      expect(fund > 0n).to.equal(true);
      await setPrice(m, 800);
      const r = await liquidate(m, k, a.position, 100);
      const [liq] = eventsOf(r, "liquidationExecuted");
      expect(plain([liq.liquidatedSize, liq.penaltyFee])).to.deep.equal(["9", "0"]);
      const [bankrupt] = eventsOf(r, "bankruptcyResolved");
      // 982 - 1800 = -818.
      expect(plain([bankrupt.deficit, bankrupt.insurancePaid, bankrupt.socialized])).to.deep.equal(["818", fund.toString(), (818n - fund).toString()]);
      const [paid] = eventsOf(r, "insuranceFundChanged").filter((e) => "bankruptcy" in e.reason);
      expect(plain([paid.delta, paid.balance])).to.deep.equal([(-fund).toString(), "0"]);
      expect((await fetchMarket(m)).insuranceFund.toString()).to.equal("0");
      // b (short 9) can settle against the resolved position.
      await settlePnl(m, b.position, a.position);
      await expectConserved();
    });
  });

  describe("finding 5: the taker's liveness", () => {
    it("an order in front from an unnamed maker stops matching without failing; the fill limit is an argument (InvalidFillLimit outside 1..=8)", async () => {
      const m = await market("ATK5-PERP");
      const a = await newTrader(m, { name: "A", deposit: 100_000 });
      const b = await newTrader(m, { name: "B", deposit: 100_000 });
      const t = await newTrader(m, { name: "T", deposit: 100_000 });
      await placeOrder(m, b, { side: ASK, price: 1_001, quantity: 5, orderType: POST_ONLY });
      await placeOrder(m, a, { side: ASK, price: 1_000, quantity: 1, orderType: POST_ONLY });
      const r = await placeOrder(m, t, { side: BID, price: 1_001, quantity: 5, orderType: IOC }, [b.position]);
      expect(r.events).to.deep.equal([]);
      await expectAnchorError(() => placeOrder(m, t, { side: BID, price: 1_001, quantity: 6, orderType: IOC, maxFills: 0 }), "InvalidFillLimit");
      await expectAnchorError(() => placeOrder(m, t, { side: BID, price: 1_001, quantity: 6, orderType: IOC, maxFills: 9 }), "InvalidFillLimit");
      const one = await placeOrder(m, t, { side: BID, price: 1_001, quantity: 6, orderType: IOC, maxFills: 1 });
      expect(eventsOf(one, "orderFilled")).to.have.length(1);
      expect((await fetchPosition(m, t)).size.toString()).to.equal("1");
      await expectConserved();
    });
  });

  describe("finding 6: liquidation has a close factor", () => {
    it("takes only what restores margin halfway to initial (8 of 12 lots), then the position is no longer liquidatable", async () => {
      const m = await market("ATK6-PERP");
      const maker = await newTrader(m, { name: "maker", deposit: 1_000_000 });
      const taker = await newTrader(m, { name: "taker", deposit: 2_000 });
      const k = await newTrader(m, { name: "K", deposit: 100_000 });
      for (const price of [1_000, 1_010, 1_020]) await placeOrder(m, maker, { side: ASK, price, quantity: 5, orderType: POST_ONLY });
      await placeOrder(m, taker, { side: BID, price: 1_020, quantity: 12, orderType: IOC });
      await setPrice(m, 880);
      const r = await liquidate(m, k, taker.position, 100);
      const [liq] = eventsOf(r, "liquidationExecuted");
      expect(plain([liq.liquidatedSize, liq.remainingSize, liq.penaltyFee])).to.deep.equal(["8", "4", "176"]);
      await expectAnchorError(() => liquidate(m, k, taker.position, 100), "NotLiquidatable");
      await expectConserved();
    });
  });
  describe("review finding A: a bankrupt position cannot escape its deficit by being flattened after delisting", () => {
    it("flatten_position of a position with negative equity fails with PositionBankrupt; liquidation resolves it (insurance, then socialization) and every winner is paid", async () => {
      const m = await market("REVA-PERP");
      const a = await newTrader(m, { name: "A", deposit: 1_000 });
      const b = await newTrader(m, { name: "B", deposit: 100_000 });
      const c = await newTrader(m, { name: "C", deposit: 100_000 });
      const k = await newTrader(m, { name: "K", deposit: 100_000 });
      await placeOrder(m, b, { side: ASK, price: 1_000, quantity: 9, orderType: POST_ONLY });
      await placeOrder(m, a, { side: BID, price: 1_000, quantity: 9, orderType: IOC });
      await placeOrder(m, c, { side: ASK, price: 1_000, quantity: 10, orderType: POST_ONLY });
      await placeOrder(m, k, { side: BID, price: 1_000, quantity: 10, orderType: IOC });
      const fund = BigInt((await fetchMarket(m)).insuranceFund.toString());
      expect(fund > 0n).to.equal(true);
      // a: 991 - 1800 = -809 at 800; b and c (short) win 1800 and 2000, k loses 2000.
      await setPrice(m, 800);
      await delistMarket(m, h.wallet);
      // The attack: anyone flattens the bankrupt position before it is liquidated (flat, it could
      // never be liquidated and its deficit would be nobody's: the last winner left unpaid).
      await expectAnchorError(() => flattenPosition(m, a.position), "PositionBankrupt");
      expect((await fetchPosition(m, a)).size.toString()).to.equal("9");
      const r = await liquidate(m, k, a.position, 100);
      const [bankrupt] = eventsOf(r, "bankruptcyResolved");
      expect(plain([bankrupt.deficit, bankrupt.insurancePaid, bankrupt.socialized])).to.deep.equal(["809", fund.toString(), (809n - fund).toString()]);
      for (const t of [b, c, k]) await flattenPosition(m, t.position);
      // Every winner's profit is paid in full by the losers.
      for (const winner of [b, c]) {
        for (const loser of [a, k]) {
          // A pair with nothing left between them fails with NothingToSettle, nothing else.
          await settlePnl(m, winner.position, loser.position).catch((e: Error) => expect(String(e)).to.contain("NothingToSettle"));
        }
        const p = await fetchPosition(m, winner);
        expect(p.realizedPnl.sub(p.settledPnl).toString()).to.equal("0");
      }
      await expectConserved();
    });
  });
  describe("review finding B: after delisting, a bankruptcy's loss is spread over the lots still open", () => {
    it("a winner flattened, settled and left before the liquidation: the lots still open pay the whole loss (flattenedSize) and the last winner is paid in full", async () => {
      const m = await market("REVB-PERP");
      const a = await newTrader(m, { name: "A", deposit: 1_000 });
      const b = await newTrader(m, { name: "B", deposit: 100_000 });
      const c = await newTrader(m, { name: "C", deposit: 100_000 });
      const k = await newTrader(m, { name: "K", deposit: 100_000 });
      const l = await newTrader(m, { name: "L", deposit: 100_000 });
      await placeOrder(m, b, { side: ASK, price: 1_000, quantity: 9, orderType: POST_ONLY });
      await placeOrder(m, a, { side: BID, price: 1_000, quantity: 9, orderType: IOC });
      await placeOrder(m, c, { side: ASK, price: 1_000, quantity: 10, orderType: POST_ONLY });
      await placeOrder(m, k, { side: BID, price: 1_000, quantity: 10, orderType: IOC });
      await setPrice(m, 800);
      await delistMarket(m, h.wallet);
      // b (short 9) leaves first with its whole profit; the open lots besides a's are now k's 10
      // and c's 10 (not 2 x 19 - 9 = 29, which left 246 of c's profit unpaid).
      await flattenPosition(m, b.position);
      await settlePnl(m, b.position, k.position);
      expect((await fetchMarket(m)).flattenedSize.toString()).to.equal("-9");
      const r = await liquidate(m, l, a.position, 100);
      const [bankrupt] = eventsOf(r, "bankruptcyResolved");
      expect(bankrupt.spreadOverLots.toString()).to.equal("20");
      for (const t of [c, k, l]) await flattenPosition(m, t.position);
      for (const loser of [a, k]) {
        await settlePnl(m, c.position, loser.position).catch((e: Error) => expect(String(e)).to.contain("NothingToSettle"));
      }
      const pc = await fetchPosition(m, c);
      expect(pc.realizedPnl.sub(pc.settledPnl).toString()).to.equal("0");
      const pk = await fetchPosition(m, k);
      expect(pc.socializedLoss.add(pk.socializedLoss).toString()).to.equal(bankrupt.socialized.toString());
      await expectConserved();
    });
  });
  describe("review finding C: a partial fill cannot leave dust resting", () => {
    it("a second wallet fills all but one lot of a minimum-size order: the remainder is cancelled (OrderCancelled dustRemainder), so no one-lot wall can be built", async () => {
      const m = await market("REVC-PERP", { minOrderNotional: new BN(5_000) });
      const maker = await newTrader(m, { name: "M", deposit: 100_000 });
      const colluder = await newTrader(m, { name: "T", deposit: 100_000 });
      const honest = await newTrader(m, { name: "H", deposit: 100_000 });
      await placeOrder(m, maker, { side: ASK, price: 1_000, quantity: 10, orderType: POST_ONLY });
      const [resting] = (await fetchBook(m)).asks;
      const r = await placeOrder(m, colluder, { side: BID, price: 1_000, quantity: 9, orderType: IOC });
      const [fill] = eventsOf(r, "orderFilled");
      expect(fill.quantity.toString()).to.equal("9");
      const [cancel] = eventsOf(r, "orderCancelled");
      expect(plain([cancel.orderId, cancel.quantity, cancel.owner])).to.deep.equal([plain(resting.orderId), "1", maker.owner.toBase58()]);
      expect("dustRemainder" in cancel.reason).to.equal(true);
      expect(r.events.map((e) => e.name)).to.deep.equal(["orderFilled", "positionUpdated", "positionUpdated", "orderCancelled"]);
      expect((await fetchBook(m)).asks).to.deep.equal([]);
      expect((await fetchPosition(m, maker)).openOrders).to.equal(0);
      // A remainder at the minimum rests and the honest taker fills it.
      await placeOrder(m, maker, { side: ASK, price: 1_000, quantity: 10, orderType: POST_ONLY });
      await placeOrder(m, colluder, { side: BID, price: 1_000, quantity: 5, orderType: IOC });
      const left = await placeOrder(m, honest, { side: BID, price: 1_000, quantity: 5, orderType: IOC });
      expect(eventsOf(left, "orderFilled")[0].quantity.toString()).to.equal("5");
      await expectConserved();
    });
  });
});
