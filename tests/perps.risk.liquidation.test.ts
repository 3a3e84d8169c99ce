// liquidate: NotLiquidatable on a healthy position, CannotLiquidateSelf, the argument and account
// errors, a partial liquidation that cancels resting orders, and a full one with its events.
// (Named perps.risk.* so it runs after perps.market.test.ts, which expects a fresh exchange.)
import { expect } from "chai";
import { getHarness, Harness } from "./support/harness";
import {
  advanceClock,
  ASK,
  BID,
  conservation,
  conserved,
  createTestMarket,
  expectAnchorError,
  expectedPositionUpdated,
  fetchBook,
  fetchExchange,
  fetchPosition,
  IOC,
  liquidate,
  newTrader,
  placeOrder,
  plain,
  plainEvents,
  setPrice,
  TestMarket,
  Trader,
} from "./support/trading";

describe("perps: liquidate", () => {
  let h: Harness;

  before(async () => {
    h = await getHarness();
  });

  /** A market at 1000 where `victim` is long 10 lots bought at 1000 with 1100 of collateral. */
  async function setup(): Promise<{ m: TestMarket; maker: Trader; victim: Trader; liq: Trader }> {
    const m = await createTestMarket(h, { symbol: "LIQ-PERP" });
    await setPrice(m, 1_000);
    const maker = await newTrader(m, { name: "maker", deposit: 1_000_000 });
    const victim = await newTrader(m, { name: "victim", deposit: 1_100 });
    const liq = await newTrader(m, { name: "liq", deposit: 100_000 });
    await placeOrder(m, maker, { side: ASK, price: 1_000, quantity: 10 });
    await placeOrder(m, victim, { side: BID, price: 1_000, quantity: 10, orderType: IOC });
    // victim: size 10, cost 10000, collateral 1100 - 10 (taker fee) = 1090.
    return { m, maker, victim, liq };
  }

  it("rejects a healthy position with NotLiquidatable (6023)", async () => {
    const { m, victim, liq } = await setup();
    // At 1000: equity 1090 >= maintenance 500.
    const err = await expectAnchorError(() => liquidate(m, liq, victim.position, 10), "NotLiquidatable");
    expect(err.error.errorCode.number).to.equal(6023);
    // At 947: equity 1090 - 530 = 560 >= ceil(5 % × 9470) = 474 still healthy.
    await setPrice(m, 947);
    await expectAnchorError(() => liquidate(m, liq, victim.position, 10), "NotLiquidatable");
    expect((await fetchPosition(m, victim)).size.toString()).to.equal("10");
  });

  it("rejects liquidating one's own position with CannotLiquidateSelf (6024)", async () => {
    const { m, victim } = await setup();
    await setPrice(m, 900);
    const err = await expectAnchorError(() => liquidate(m, victim, victim.position, 10), "CannotLiquidateSelf");
    expect(err.error.errorCode.number).to.equal(6024);
  });

  it("rejects max_quantity 0 (InvalidQuantity), a flat position (NoOpenPosition), another market's position (PositionMarketMismatch)", async () => {
    const { m, maker, victim, liq } = await setup();
    await setPrice(m, 900);
    await expectAnchorError(() => liquidate(m, liq, victim.position, 0), "InvalidQuantity");
    const e = await expectAnchorError(() => liquidate(m, victim, liq.position, 5), "NoOpenPosition");
    expect(e.error.errorCode.number).to.equal(6027);
    const other = await createTestMarket(h, { symbol: "LIQ2-PERP" });
    await setPrice(other, 900);
    const liqOther = await newTrader(other, { deposit: 100_000 });
    const mm = await expectAnchorError(() => liquidate(other, liqOther, victim.position, 5), "PositionMarketMismatch");
    expect(mm.error.errorCode.number).to.equal(6025);
    expect((await fetchPosition(m, maker)).size.toString()).to.equal("-10");
  });

  it("refuses a stale price with PriceStale", async function () {
    if (!h.advanceClock) this.skip(); // an external cluster: no clock control
    const { m, victim, liq } = await setup();
    await setPrice(m, 900);
    await advanceClock(h, 61);
    await expectAnchorError(() => liquidate(m, liq, victim.position, 10), "PriceStale");
    await setPrice(m, 900);
    await liquidate(m, liq, victim.position, 10);
  });

  it("rejects a liquidator that would end under initial margin with InsufficientMargin", async () => {
    const { m, victim } = await setup();
    const poor = await newTrader(m, { deposit: 100 });
    await setPrice(m, 900);
    // 10 lots at 900 need 900 of initial margin; the poor liquidator has 100 + 45 of penalty
    // (the penalty is capped at the victim's equity, 90).
    await expectAnchorError(() => liquidate(m, poor, victim.position, 10), "InsufficientMargin");
    expect((await fetchPosition(m, victim)).size.toString()).to.equal("10");
  });

  it("liquidates part of a position, cancelling its resting orders first", async () => {
    const { m, victim, liq } = await setup();
    // A resting ask of the victim (reduces its exposure, so allowed) is cancelled by liquidation.
    await placeOrder(m, victim, { side: ASK, price: 1_090, quantity: 3 });
    expect((await fetchBook(m)).asks).to.have.length(1);
    await setPrice(m, 900);
    const exBefore = await fetchExchange(h);
    const r = await liquidate(m, liq, victim.position, 4);
    // 4 lots at 900 (max_quantity; the close factor is all 10): penalty ceil(2.5 % × 3600) = 90
    // (also the victim's equity, its cap) → 45 + 45, of which 22 to the insurance fund.
    const events = plainEvents(r);
    expect(events.map(([n]) => n)).to.deep.equal(["liquidationExecuted", "positionUpdated", "positionUpdated", "insuranceFundChanged"]);
    expect(events[0][1]).to.deep.equal({
      positionId: victim.positionId.toString(),
      user: victim.owner.toBase58(),
      market: m.market.toBase58(),
      liquidatedSize: "4",
      liquidationPrice: "900",
      penaltyFee: "90",
      liquidator: liq.owner.toBase58(),
      remainingSize: "6",
      liquidatorPositionId: liq.positionId.toString(),
      liquidatorFee: "45",
      exchangeFee: "45",
      timestamp: String(r.blockTime),
    });
    const v = await fetchPosition(m, victim);
    const l = await fetchPosition(m, liq);
    const at = { slot: r.slot, timestamp: String(r.blockTime) };
    expect(events[1][1]).to.deep.equal(expectedPositionUpdated(v, 900, at));
    expect(events[2][1]).to.deep.equal(expectedPositionUpdated(l, 900, at));
    // victim: 6 lots left, cost 6000, realised 4 × (900 - 1000) = -400, collateral 1090 - 90.
    expect(plain([v.size, v.costBasis, v.realizedPnl, v.collateral, v.askOpenLots, v.openOrders])).to.deep.equal(["6", "6000", "-400", "1000", "0", 0]);
    expect(plain([l.size, l.costBasis, l.collateral])).to.deep.equal(["4", "3600", "100045"]);
    expect((await fetchBook(m)).asks).to.deep.equal([]);
    const exAfter = await fetchExchange(h);
    expect(exAfter.feesCollected.sub(exBefore.feesCollected).toString()).to.equal("23");
    expect(exAfter.insuranceFund.sub(exBefore.insuranceFund).toString()).to.equal("22");
    expect(exBefore.totalCollateral.sub(exAfter.totalCollateral).toString()).to.equal("45");
    expect(conserved(await conservation(h))).to.equal(true);
  });

  it("liquidates a short too (the liquidator takes the short at the mark)", async () => {
    const m = await createTestMarket(h, { symbol: "LIQS-PERP" });
    await setPrice(m, 1_000);
    const maker = await newTrader(m, { deposit: 1_000_000 });
    const victim = await newTrader(m, { deposit: 1_100 });
    const liq = await newTrader(m, { deposit: 100_000 });
    await placeOrder(m, maker, { side: BID, price: 1_000, quantity: 10 });
    await placeOrder(m, victim, { side: ASK, price: 1_000, quantity: 10, orderType: IOC });
    await setPrice(m, 1_100);
    const r = await liquidate(m, liq, victim.position, 100);
    const [, le] = plainEvents(r)[0];
    // Equity 1090 - 1000 = 90 caps the penalty (2.5 % of 11 000 would be 275).
    expect(plain([le.liquidatedSize, le.liquidationPrice, le.remainingSize, le.penaltyFee])).to.deep.equal(["10", "1100", "0", "90"]);
    const l = await fetchPosition(m, liq);
    expect(plain([l.size, l.costBasis])).to.deep.equal(["-10", "11000"]);
  });
});
