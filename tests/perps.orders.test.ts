// place_order and cancel_order: resting limits, post-only, IOC, price-time priority, partial
// fills, the fill bound, fees, OrderFilled/PositionUpdated field by field, and every order error.
import { BN } from "@coral-xyz/anchor";
import { Transaction } from "@solana/web3.js";
import { expect } from "chai";
import { EXCHANGE_PDA } from "./support/exchange";
import { getHarness, Harness } from "./support/harness";
import {
  ASK,
  BID,
  cancelOrder,
  conservation,
  conserved,
  createTestMarket,
  CreateMarketArgs,
  expectAnchorError,
  expectedPositionUpdated,
  feeCeil,
  fetchBook,
  fetchExchange,
  fetchMarket,
  fetchPosition,
  IOC,
  LIMIT,
  newTrader,
  placeOrder,
  PlaceOrderResult,
  plain,
  plainEvents,
  POST_ONLY,
  readTx,
  setPrice,
  TestMarket,
  Trader,
} from "./support/trading";

const MARK = 1_000n;

async function freshMarket(h: Harness, overrides: Partial<CreateMarketArgs> = {}): Promise<TestMarket> {
  const m = await createTestMarket(h, { symbol: "ORD-PERP", ...overrides });
  await setPrice(m, MARK);
  return m;
}

/** Asserts `r` holds exactly these fills (each OrderFilled + taker PU + maker PU), in order, and
 *  that the PositionUpdated events carry the positions as they are now (the last update wins). */
async function expectFills(
  m: TestMarket,
  r: PlaceOrderResult,
  taker: Trader,
  side: "bid" | "ask",
  firstSeq: bigint,
  fills: { maker: Trader; makerOrderId: BN; price: bigint; quantity: bigint }[],
): Promise<void> {
  const events = plainEvents(r);
  expect(events.map(([n]) => n)).to.deep.equal(fills.flatMap(() => ["orderFilled", "positionUpdated", "positionUpdated"]));
  const at = { slot: r.slot, timestamp: String(r.blockTime) };
  for (const [i, f] of fills.entries()) {
    const [, filled] = events[3 * i];
    expect(filled).to.deep.equal({
      market: m.market.toBase58(),
      positionId: taker.positionId.toString(),
      orderId: r.orderId.toString(),
      price: f.price.toString(),
      quantity: f.quantity.toString(),
      takerFee: feeCeil(f.price, f.quantity, BigInt(m.args.takerFeeBps)).toString(),
      makerFee: feeCeil(f.price, f.quantity, BigInt(m.args.makerFeeBps)).toString(),
      taker: taker.owner.toBase58(),
      maker: f.maker.owner.toBase58(),
      makerPositionId: f.maker.positionId.toString(),
      makerOrderId: f.makerOrderId.toString(),
      takerSide: { [side]: {} },
      seq: (firstSeq + BigInt(i)).toString(),
      timestamp: String(r.blockTime),
    });
    expect(events[3 * i + 1][1].positionId).to.equal(taker.positionId.toString());
    expect(events[3 * i + 2][1].positionId).to.equal(f.maker.positionId.toString());
  }
  // The last PositionUpdated of each position equals its account now.
  const last = new Map<string, Record<string, unknown>>();
  for (const [n, d] of events) if (n === "positionUpdated") last.set(d.positionId as string, d);
  for (const t of [taker, ...fills.map((f) => f.maker)]) {
    const p = await fetchPosition(m, t);
    expect(last.get(t.positionId.toString())).to.deep.equal(expectedPositionUpdated(p, MARK, at));
  }
}

describe("perps: place_order and cancel_order", () => {
  let h: Harness;

  before(async () => {
    h = await getHarness();
  });

  it("a limit order on an empty book rests: book, position open lots, next order id; no event", async () => {
    const m = await freshMarket(h);
    const maker = await newTrader(m, { deposit: 100_000 });
    const r = await placeOrder(m, maker, { side: ASK, price: 1_010, quantity: 5 });
    expect(r.orderId.toString()).to.equal("1");
    expect(r.events).to.deep.equal([]);
    const book = await fetchBook(m);
    expect(book.bids).to.deep.equal([]);
    expect(plain(book.asks)).to.deep.equal([
      { owner: maker.owner.toBase58(), orderId: "1", positionId: maker.positionId.toString(), price: "1010", quantity: "5" },
    ]);
    const p = await fetchPosition(m, maker);
    expect(plain([p.askOpenLots, p.bidOpenLots, p.openOrders, p.size, p.collateral])).to.deep.equal(["5", "0", 1, "0", "100000"]);
    const market = await fetchMarket(m);
    expect(market.nextOrderId.toString()).to.equal("2");
    expect(market.fillSeq.toString()).to.equal("0");
  });

  it("a crossing IOC fills at the maker's price: fees, positions, OrderFilled and both PositionUpdated", async () => {
    const m = await freshMarket(h);
    const maker = await newTrader(m, { name: "maker", deposit: 100_000 });
    const taker = await newTrader(m, { name: "taker", deposit: 50_000 });
    const rest = await placeOrder(m, maker, { side: ASK, price: 990, quantity: 5, orderType: POST_ONLY });
    const exBefore = await fetchExchange(h);
    const r = await placeOrder(m, taker, { side: BID, price: 1_000, quantity: 5, orderType: IOC });
    expect(r.makers.map(String)).to.deep.equal([maker.position.toBase58()]);
    await expectFills(m, r, taker, "bid", 1n, [{ maker, makerOrderId: rest.orderId, price: 990n, quantity: 5n }]);

    // notional 4950: taker fee ceil(4.95) = 5, maker fee ceil(0.99) = 1.
    const t = await fetchPosition(m, taker);
    const k = await fetchPosition(m, maker);
    expect(plain([t.size, t.costBasis, t.collateral, t.realizedPnl, t.bidOpenLots, t.openOrders])).to.deep.equal(["5", "4950", "49995", "0", "0", 0]);
    expect(plain([k.size, k.costBasis, k.collateral, k.askOpenLots, k.openOrders])).to.deep.equal(["-5", "4950", "99999", "0", 0]);
    const exAfter = await fetchExchange(h);
    // 6 of fees: 3 to fees_collected, 3 to the market's insurance fund.
    expect(exAfter.feesCollected.sub(exBefore.feesCollected).toString()).to.equal("3");
    expect(exAfter.insuranceFund.sub(exBefore.insuranceFund).toString()).to.equal("3");
    expect(exBefore.totalCollateral.sub(exAfter.totalCollateral).toString()).to.equal("6");
    expect((await fetchMarket(m)).fillSeq.toString()).to.equal("1");
    expect((await fetchBook(m)).asks).to.deep.equal([]);
    const c = await conservation(h);
    expect(conserved(c)).to.equal(true);
  });

  it("matches in price-time priority with partial fills; a limit remainder rests", async () => {
    const m = await freshMarket(h);
    const a = await newTrader(m, { name: "A", deposit: 100_000 });
    const b = await newTrader(m, { name: "B", deposit: 100_000 });
    const taker = await newTrader(m, { name: "T", deposit: 100_000 });
    const a1 = await placeOrder(m, a, { side: ASK, price: 1_010, quantity: 3 });
    const b1 = await placeOrder(m, b, { side: ASK, price: 1_000, quantity: 2 });
    const a2 = await placeOrder(m, a, { side: ASK, price: 1_000, quantity: 4 });
    // Book: 1000 (B, id 2), 1000 (A, id 3), 1010 (A, id 1).
    expect(plain((await fetchBook(m)).asks.map((o) => [o.orderId, o.price]))).to.deep.equal([
      ["2", "1000"],
      ["3", "1000"],
      ["1", "1010"],
    ]);
    const r = await placeOrder(m, taker, { side: BID, price: 1_010, quantity: 7 });
    expect(r.makers.map(String)).to.deep.equal([b.position.toBase58(), a.position.toBase58()]);
    await expectFills(m, r, taker, "bid", 1n, [
      { maker: b, makerOrderId: b1.orderId, price: 1_000n, quantity: 2n },
      { maker: a, makerOrderId: a2.orderId, price: 1_000n, quantity: 4n },
      { maker: a, makerOrderId: a1.orderId, price: 1_010n, quantity: 1n },
    ]);
    // A's order 1 keeps 2 lots; nothing of the taker rests (fully filled).
    const book = await fetchBook(m);
    expect(plain(book.asks.map((o) => [o.orderId, o.quantity]))).to.deep.equal([["1", "2"]]);
    expect(book.bids).to.deep.equal([]);
    const pa = await fetchPosition(m, a);
    expect(plain([pa.size, pa.askOpenLots, pa.openOrders])).to.deep.equal(["-5", "2", 1]);

    // A limit bid for 5 at 1010: fills A's 2 lots, rests 3 at 1010 (no longer crossing).
    const r2 = await placeOrder(m, taker, { side: BID, price: 1_010, quantity: 5 });
    await expectFills(m, r2, taker, "bid", 4n, [{ maker: a, makerOrderId: a1.orderId, price: 1_010n, quantity: 2n }]);
    const book2 = await fetchBook(m);
    expect(book2.asks).to.deep.equal([]);
    expect(plain(book2.bids)).to.deep.equal([
      { owner: taker.owner.toBase58(), orderId: r2.orderId.toString(), positionId: taker.positionId.toString(), price: "1010", quantity: "3" },
    ]);
    const pt = await fetchPosition(m, taker);
    // 2@1000 + 4@1000 + 1@1010 + 2@1010 = 9 lots, cost 9030.
    expect(plain([pt.size, pt.costBasis, pt.bidOpenLots, pt.openOrders])).to.deep.equal(["9", "9030", "3", 1]);
    expect((await fetchMarket(m)).fillSeq.toString()).to.equal("4");
  });

  it("an IOC remainder is dropped, not posted", async () => {
    const m = await freshMarket(h);
    const maker = await newTrader(m, { deposit: 100_000 });
    const taker = await newTrader(m, { deposit: 100_000 });
    const rest = await placeOrder(m, maker, { side: BID, price: 1_000, quantity: 2 });
    const r = await placeOrder(m, taker, { side: ASK, price: 990, quantity: 5, orderType: IOC });
    await expectFills(m, r, taker, "ask", 1n, [{ maker, makerOrderId: rest.orderId, price: 1_000n, quantity: 2n }]);
    expect(r.logs).to.include(`Program log: order ${r.orderId}: 3 lots not filled and not posted`);
    const book = await fetchBook(m);
    expect([book.bids.length, book.asks.length]).to.deep.equal([0, 0]);
    const t = await fetchPosition(m, taker);
    expect(plain([t.size, t.askOpenLots, t.openOrders])).to.deep.equal(["-2", "0", 0]);
  });

  it("an IOC that crosses nothing does nothing (no event) but uses an order id", async () => {
    const m = await freshMarket(h);
    const t = await newTrader(m, { deposit: 1_000 });
    const r = await placeOrder(m, t, { side: BID, price: 1_000, quantity: 5, orderType: IOC });
    expect(r.events).to.deep.equal([]);
    expect((await fetchMarket(m)).nextOrderId.toString()).to.equal("2");
  });

  it("stops at 8 fills and drops a remainder that still crosses", async () => {
    const m = await freshMarket(h);
    const makers: Trader[] = [];
    for (let i = 0; i < 9; i++) makers.push(await newTrader(m, { deposit: 10_000 }));
    const rests: PlaceOrderResult[] = [];
    for (const [i, mk] of makers.entries()) rests.push(await placeOrder(m, mk, { side: ASK, price: 1_000 + i, quantity: 1 }));
    const taker = await newTrader(m, { deposit: 100_000 });
    const r = await placeOrder(m, taker, { side: BID, price: 1_010, quantity: 10 });
    expect(r.makers).to.have.length(8);
    await expectFills(
      m,
      r,
      taker,
      "bid",
      1n,
      makers.slice(0, 8).map((maker, i) => ({ maker, makerOrderId: rests[i].orderId, price: BigInt(1_000 + i), quantity: 1n })),
    );
    expect(r.logs).to.include(`Program log: order ${r.orderId}: 2 lots not filled and not posted`);
    const book = await fetchBook(m);
    expect(plain(book.asks.map((o) => [o.orderId, o.price]))).to.deep.equal([[rests[8].orderId.toString(), "1008"]]);
    expect(book.bids).to.deep.equal([]);
  });

  it("post-only rests when it does not cross, and fails with PostOnlyWouldCross when it does", async () => {
    const m = await freshMarket(h);
    const maker = await newTrader(m, { deposit: 100_000 });
    const other = await newTrader(m, { deposit: 100_000 });
    await placeOrder(m, maker, { side: ASK, price: 1_000, quantity: 1 });
    const ok = await placeOrder(m, other, { side: BID, price: 999, quantity: 1, orderType: POST_ONLY });
    expect(ok.events).to.deep.equal([]);
    expect((await fetchBook(m)).bids).to.have.length(1);
    const err = await expectAnchorError(
      () => placeOrder(m, other, { side: BID, price: 1_000, quantity: 1, orderType: POST_ONLY }),
      "PostOnlyWouldCross",
    );
    expect(err.error.errorCode.number).to.equal(6018);
    const book = await fetchBook(m);
    expect([book.bids.length, book.asks.length]).to.deep.equal([1, 1]);
    expect((await fetchPosition(m, other)).bidOpenLots.toString()).to.equal("1");
  });

  describe("argument errors", () => {
    let m: TestMarket;
    let t: Trader;
    before(async () => {
      m = await freshMarket(h, { tickSize: new BN(10) });
      t = await newTrader(m, { deposit: 100_000 });
    });
    const cases: [string, { price: number; quantity: number }, string, number][] = [
      ["an off-tick price", { price: 1_005, quantity: 1 }, "PriceNotOnTick", 6011],
      ["a zero quantity", { price: 1_000, quantity: 0 }, "InvalidQuantity", 6012],
      ["a zero price", { price: 0, quantity: 1 }, "InvalidPrice", 6010],
    ];
    for (const [what, args, name, number] of cases) {
      it(`rejects ${what} with ${name} (${number})`, async () => {
        const err = await expectAnchorError(() => placeOrder(m, t, { side: BID, ...args }), name);
        expect(err.error.errorCode.number).to.equal(number);
        expect((await fetchMarket(m)).nextOrderId.toString()).to.equal("1");
        expect((await fetchBook(m)).bids).to.deep.equal([]);
      });
    }
  });

  it("rejects an order that would match its owner's resting order with SelfTrade (6019)", async () => {
    const m = await freshMarket(h);
    const t = await newTrader(m, { deposit: 100_000 });
    await placeOrder(m, t, { side: ASK, price: 1_000, quantity: 2 });
    const err = await expectAnchorError(() => placeOrder(m, t, { side: BID, price: 1_000, quantity: 1 }), "SelfTrade");
    expect(err.error.errorCode.number).to.equal(6019);
    expect(plain((await fetchBook(m)).asks.map((o) => o.quantity))).to.deep.equal(["2"]);
    // A non-crossing bid of the same owner is fine.
    await placeOrder(m, t, { side: BID, price: 990, quantity: 1 });
  });

  it("stops matching, without failing, at a crossing order whose maker's position is not supplied", async () => {
    const m = await freshMarket(h);
    const maker = await newTrader(m, { deposit: 100_000 });
    const bystander = await newTrader(m, { deposit: 100_000 });
    const taker = await newTrader(m, { deposit: 100_000 });
    await placeOrder(m, maker, { side: ASK, price: 1_000, quantity: 2 });
    const none = await placeOrder(m, taker, { side: BID, price: 1_000, quantity: 1 }, []);
    expect(none.events).to.deep.equal([]);
    expect(none.logs.join("\n")).to.contain(`maker position ${maker.positionId} not supplied: matching stops`);
    // Another program-owned position (wrong owner) and the taker's own position do not count;
    // a limit remainder that still crosses is dropped, not posted.
    const other = await placeOrder(m, taker, { side: BID, price: 1_000, quantity: 1 }, [bystander.position, taker.position]);
    expect(other.logs).to.include(`Program log: order ${other.orderId}: 1 lots not filled and not posted`);
    expect(plain((await fetchBook(m)).asks.map((o) => o.quantity))).to.deep.equal(["2"]);
    expect((await fetchBook(m)).bids).to.deep.equal([]);
    expect((await fetchMarket(m)).fillSeq.toString()).to.equal("0");
  });

  it("rejects an order that leaves equity below the initial margin with InsufficientMargin (6016)", async () => {
    const m = await freshMarket(h);
    const t = await newTrader(m, { deposit: 1_000 });
    // 11 lots at mark 1000 need 1100 of initial margin (10 %); 10 lots need exactly 1000.
    const err = await expectAnchorError(() => placeOrder(m, t, { side: BID, price: 900, quantity: 11 }), "InsufficientMargin");
    expect(err.error.errorCode.number).to.equal(6016);
    expect((await fetchBook(m)).bids).to.deep.equal([]);
    await placeOrder(m, t, { side: BID, price: 900, quantity: 10 });
    const p = await fetchPosition(m, t);
    expect(plain([p.bidOpenLots, p.openOrders])).to.deep.equal(["10", 1]);
  });

  it("rejects a fill whose taker fee exceeds the taker's collateral with InsufficientCollateral (6015)", async () => {
    const m = await freshMarket(h);
    const maker = await newTrader(m, { deposit: 100_000 });
    const broke = await newTrader(m, { deposit: 0 });
    await placeOrder(m, maker, { side: ASK, price: 1_000, quantity: 1 });
    const err = await expectAnchorError(
      () => placeOrder(m, broke, { side: BID, price: 1_000, quantity: 1, orderType: IOC }),
      "InsufficientCollateral",
    );
    expect(err.error.errorCode.number).to.equal(6015);
  });

  it("rejects a 65th resting order of a side that is not better than the worst with OrderBookFull (6017); a better one evicts the worst", async () => {
    const m = await freshMarket(h);
    const t = await newTrader(m, { deposit: 1_000_000 });
    // 64 asks at distinct prices, 16 instructions per transaction.
    for (let batch = 0; batch < 4; batch++) {
      const tx = new Transaction();
      for (let i = 0; i < 16; i++) {
        const price = new BN(1_030 + batch * 16 + i);
        tx.add(
          await h.program.methods
            .placeOrder({ side: ASK, price, quantity: new BN(1), orderType: LIMIT, maxFills: 8 })
            .accountsPartial({ owner: t.owner, exchange: EXCHANGE_PDA, market: m.market, orderBook: m.orderBook, position: t.position })
            .instruction(),
        );
      }
      await readTx(h, await h.provider.sendAndConfirm(tx, [t.keypair]));
    }
    expect((await fetchBook(m)).asks).to.have.length(64);
    const err = await expectAnchorError(() => placeOrder(m, t, { side: ASK, price: 1_099, quantity: 1 }), "OrderBookFull");
    expect(err.error.errorCode.number).to.equal(6017);
    // A better price evicts the worst order (here the owner's own: its position is at hand).
    const worst = (await fetchBook(m)).asks[63];
    const r = await placeOrder(m, t, { side: ASK, price: 1_010, quantity: 1 });
    expect(plainEvents(r)).to.deep.equal([
      [
        "orderCancelled",
        {
          market: m.market.toBase58(),
          owner: t.owner.toBase58(),
          positionId: t.positionId.toString(),
          orderId: worst.orderId.toString(),
          side: { ask: {} },
          price: "1093",
          quantity: "1",
          reason: { evicted: {} },
          markPrice: "1000",
          timestamp: String(r.blockTime),
        },
      ],
    ]);
    expect((await fetchBook(m)).asks[0].price.toString()).to.equal("1010");
    const p = await fetchPosition(m, t);
    expect(plain([p.askOpenLots, p.openOrders])).to.deep.equal(["64", 64]);
    // The other side still accepts orders.
    await placeOrder(m, t, { side: BID, price: 900, quantity: 1 });
  });

  describe("cancel_order", () => {
    let m: TestMarket;
    let owner: Trader;
    let other: Trader;
    let bid: PlaceOrderResult;
    let ask: PlaceOrderResult;
    before(async () => {
      m = await freshMarket(h);
      owner = await newTrader(m, { deposit: 100_000 });
      other = await newTrader(m, { deposit: 100_000 });
      bid = await placeOrder(m, owner, { side: BID, price: 990, quantity: 4 });
      ask = await placeOrder(m, owner, { side: ASK, price: 1_010, quantity: 6 });
    });

    it("rejects an unknown id, or a known id on the wrong side, with OrderNotFound (6020)", async () => {
      const e1 = await expectAnchorError(() => cancelOrder(m, owner, BID, 999), "OrderNotFound");
      expect(e1.error.errorCode.number).to.equal(6020);
      await expectAnchorError(() => cancelOrder(m, owner, ASK, bid.orderId), "OrderNotFound");
    });

    it("rejects another owner's order with NotOrderOwner (6021)", async () => {
      const err = await expectAnchorError(() => cancelOrder(m, other, BID, bid.orderId), "NotOrderOwner");
      expect(err.error.errorCode.number).to.equal(6021);
      expect((await fetchBook(m)).bids).to.have.length(1);
    });

    it("removes the order and releases its lots; emits OrderCancelled (reason owner)", async () => {
      const r = await cancelOrder(m, owner, BID, bid.orderId);
      expect(plainEvents(r)).to.deep.equal([
        [
          "orderCancelled",
          {
            market: m.market.toBase58(),
            owner: owner.owner.toBase58(),
            positionId: owner.positionId.toString(),
            orderId: bid.orderId.toString(),
            side: { bid: {} },
            price: "990",
            quantity: "4",
            reason: { owner: {} },
            markPrice: MARK.toString(),
            timestamp: String(r.blockTime),
          },
        ],
      ]);
      const book = await fetchBook(m);
      expect(book.bids).to.deep.equal([]);
      expect(plain(book.asks.map((o) => o.orderId))).to.deep.equal([ask.orderId.toString()]);
      const p = await fetchPosition(m, owner);
      expect(plain([p.bidOpenLots, p.askOpenLots, p.openOrders, p.collateral])).to.deep.equal(["0", "6", 1, "100000"]);
      await expectAnchorError(() => cancelOrder(m, owner, BID, bid.orderId), "OrderNotFound");
    });

    it("cancels the remainder of a partly filled order", async () => {
      const r = await placeOrder(m, other, { side: BID, price: 1_010, quantity: 2, orderType: IOC });
      expect(r.events.map((e) => e.name)).to.deep.equal(["orderFilled", "positionUpdated", "positionUpdated"]);
      await cancelOrder(m, owner, ASK, ask.orderId);
      const p = await fetchPosition(m, owner);
      expect(plain([p.size, p.askOpenLots, p.openOrders])).to.deep.equal(["-2", "0", 0]);
      expect((await fetchBook(m)).asks).to.deep.equal([]);
    });
  });
});
