// settle_pnl: moves collateral from a losing to a profitable position of one market (equity of
// both unchanged, vault untouched); NothingToSettle, PositionMarketMismatch, PriceStale.
import { expect } from "chai";
import { getHarness, Harness } from "./support/harness";
import {
  advanceClock,
  ASK,
  BID,
  createTestMarket,
  expectAnchorError,
  expectedPositionUpdated,
  fetchExchange,
  fetchPosition,
  IOC,
  newTrader,
  placeOrder,
  plain,
  plainEvents,
  setPrice,
  settlePnl,
  TestMarket,
  Trader,
  vaultBalance,
} from "./support/trading";

describe("perps: settle_pnl", () => {
  let h: Harness;

  before(async () => {
    h = await getHarness();
  });

  /** long: bought 10 at 1000 (collateral 100 000 - 10); short: sold them (100 000 - 2). */
  async function setup(): Promise<{ m: TestMarket; long: Trader; short: Trader }> {
    const m = await createTestMarket(h, { symbol: "SETL-PERP" });
    await setPrice(m, 1_000);
    const short = await newTrader(m, { name: "short", deposit: 100_000 });
    const long = await newTrader(m, { name: "long", deposit: 100_000 });
    await placeOrder(m, short, { side: ASK, price: 1_000, quantity: 10 });
    await placeOrder(m, long, { side: BID, price: 1_000, quantity: 10, orderType: IOC });
    return { m, long, short };
  }

  it("moves min(profit, loss, loser's collateral) and emits PositionUpdated for profit then loss", async () => {
    const { m, long, short } = await setup();
    await setPrice(m, 1_050);
    const vaultBefore = await vaultBalance(h);
    const exBefore = await fetchExchange(h);
    const r = await settlePnl(m, long.position, short.position);
    const l = await fetchPosition(m, long);
    const s = await fetchPosition(m, short);
    // Unrealised +500 for the long, -500 for the short: 500 moves.
    expect(plain([l.collateral, l.settledPnl, l.realizedPnl])).to.deep.equal(["100490", "500", "0"]);
    expect(plain([s.collateral, s.settledPnl, s.realizedPnl])).to.deep.equal(["99498", "-500", "0"]);
    const at = { slot: r.slot, timestamp: String(r.blockTime) };
    const events = plainEvents(r);
    expect(events).to.deep.equal([
      ["positionUpdated", expectedPositionUpdated(l, 1_050, at)],
      ["positionUpdated", expectedPositionUpdated(s, 1_050, at)],
    ]);
    expect(events[0][1].unrealizedPnl).to.equal("500");
    expect(events[1][1].unrealizedPnl).to.equal("-500");
    // Money stays in the vault; total collateral and fees unchanged.
    expect(await vaultBalance(h)).to.equal(vaultBefore);
    const exAfter = await fetchExchange(h);
    expect(exAfter.totalCollateral.toString()).to.equal(exBefore.totalCollateral.toString());
    expect(exAfter.feesCollected.toString()).to.equal(exBefore.feesCollected.toString());
    // Nothing left to settle at the same mark.
    const err = await expectAnchorError(() => settlePnl(m, long.position, short.position), "NothingToSettle");
    expect(err.error.errorCode.number).to.equal(6026);
  });

  it("rejects the wrong direction, the same position twice, and flat positions with NothingToSettle", async () => {
    const { m, long, short } = await setup();
    await setPrice(m, 1_050);
    await expectAnchorError(() => settlePnl(m, short.position, long.position), "NothingToSettle");
    await expectAnchorError(() => settlePnl(m, long.position, long.position), "NothingToSettle");
    await setPrice(m, 1_000);
    await expectAnchorError(() => settlePnl(m, long.position, short.position), "NothingToSettle");
  });

  it("rejects a position of another market with PositionMarketMismatch", async () => {
    const { m, long, short } = await setup();
    const other = await createTestMarket(h, { symbol: "SETL2-PERP" });
    await setPrice(other, 1_050);
    const stranger = await newTrader(other, { deposit: 10 });
    await setPrice(m, 1_050);
    await expectAnchorError(() => settlePnl(m, long.position, stranger.position), "PositionMarketMismatch");
    await expectAnchorError(() => settlePnl(m, stranger.position, short.position), "PositionMarketMismatch");
    // The market account passed decides: both positions of `m` against `other`'s market fail.
    await expectAnchorError(() => settlePnl(m, long.position, short.position, other.market), "PositionMarketMismatch");
  });

  it("refuses a stale price with PriceStale", async function () {
    if (!h.advanceClock) this.skip(); // an external cluster: no clock control
    const { m, long, short } = await setup();
    await setPrice(m, 1_050);
    await advanceClock(h, 61);
    await expectAnchorError(() => settlePnl(m, long.position, short.position), "PriceStale");
  });
});
