// open_position, deposit and withdraw: position ids, collateral, vault and token balances, the
// PositionUpdated event, and InvalidAmount / InsufficientCollateral / InsufficientMargin /
// PriceStale / ConstraintTokenMint. (Named perps.positions.* so it runs after
// perps.market.test.ts, which expects a fresh exchange.)
import { expect } from "chai";
import { getHarness, Harness } from "./support/harness";
import { createQuoteMint, createTokenAccount } from "../app/src/client/tokens";
import {
  advanceClock,
  BID,
  createTestMarket,
  depositCollateral,
  expectAnchorError,
  expectedPositionUpdated,
  fetchExchange,
  fetchPosition,
  newTrader,
  openPosition,
  placeOrder,
  plain,
  plainEvents,
  setPrice,
  TestMarket,
  tokenBalance,
  vaultBalance,
  withdrawCollateral,
} from "./support/trading";

describe("perps: open_position, deposit, withdraw", () => {
  let h: Harness;
  let m: TestMarket;

  before(async () => {
    h = await getHarness();
    m = await createTestMarket(h, { symbol: "POS-PERP" });
  });

  it("open_position takes the next exchange-wide id and emits a flat PositionUpdated", async () => {
    const { nextPositionId } = await fetchExchange(h);
    const t = await newTrader(m, { mint: 5_000 });
    expect(t.positionId.toString()).to.equal(nextPositionId.toString());
    expect((await fetchExchange(h)).nextPositionId.toString()).to.equal(nextPositionId.addn(1).toString());
    const p = await fetchPosition(m, t);
    expect(plain([p.owner, p.market, p.size, p.collateral, p.openOrders])).to.deep.equal([t.owner.toBase58(), m.market.toBase58(), "0", "0", 0]);
    const r = t.setup[0];
    expect(plainEvents(r)).to.deep.equal([["positionUpdated", expectedPositionUpdated(p, 0, { slot: r.slot, timestamp: String(r.blockTime) })]]);
    // A second position for the same owner and market cannot be created.
    let failed = false;
    try {
      await openPosition(m, t);
    } catch (err) {
      failed = true;
      expect(String(err)).to.match(/already in use|custom program error: 0x0/);
    }
    expect(failed, "open_position succeeded twice").to.equal(true);
  });

  it("deposit moves tokens to the vault and credits the position; emits PositionUpdated", async () => {
    const t = await newTrader(m, { mint: 5_000 });
    const [vault0, ex0] = [await vaultBalance(h), await fetchExchange(h)];
    const r = await depositCollateral(m, t, 3_000);
    expect(await tokenBalance(h, t.token)).to.equal(2_000n);
    expect(await vaultBalance(h)).to.equal(vault0 + 3_000n);
    const ex1 = await fetchExchange(h);
    expect(ex1.totalCollateral.sub(ex0.totalCollateral).toString()).to.equal("3000");
    const p = await fetchPosition(m, t);
    expect(p.collateral.toString()).to.equal("3000");
    expect(plainEvents(r)).to.deep.equal([["positionUpdated", expectedPositionUpdated(p, 0, { slot: r.slot, timestamp: String(r.blockTime) })]]);
  });

  it("deposit rejects zero (InvalidAmount 6013), more than the balance (token error), another mint (ConstraintTokenMint)", async () => {
    const t = await newTrader(m, { mint: 100 });
    const e = await expectAnchorError(() => depositCollateral(m, t, 0), "InvalidAmount");
    expect(e.error.errorCode.number).to.equal(6013);
    let failed = false;
    try {
      await depositCollateral(m, t, 101);
    } catch (err) {
      failed = true;
      expect(String(err)).to.match(/insufficient funds|custom program error: 0x1/);
    }
    expect(failed).to.equal(true);
    const otherMint = await createQuoteMint(h.connection, h.wallet, 6);
    const otherToken = await createTokenAccount(h.connection, h.wallet, otherMint, t.owner);
    await expectAnchorError(() => depositCollateral(m, t, 10, { userToken: otherToken }), "ConstraintTokenMint", 2014);
    expect((await fetchPosition(m, t)).collateral.toString()).to.equal("0");
  });

  it("withdraw of a flat position needs no price; emits PositionUpdated", async () => {
    const unpriced = await createTestMarket(h, { symbol: "POS2-PERP" });
    const t = await newTrader(unpriced, { deposit: 1_000 });
    const vault0 = await vaultBalance(h);
    const r = await withdrawCollateral(unpriced, t, 400);
    expect(await tokenBalance(h, t.token)).to.equal(400n);
    expect(await vaultBalance(h)).to.equal(vault0 - 400n);
    const p = await fetchPosition(unpriced, t);
    expect(p.collateral.toString()).to.equal("600");
    expect(plainEvents(r)).to.deep.equal([["positionUpdated", expectedPositionUpdated(p, 0, { slot: r.slot, timestamp: String(r.blockTime) })]]);
  });

  it("withdraw rejects zero (InvalidAmount) and more than the collateral (InsufficientCollateral 6015)", async () => {
    const t = await newTrader(m, { deposit: 1_000 });
    await expectAnchorError(() => withdrawCollateral(m, t, 0), "InvalidAmount");
    const e = await expectAnchorError(() => withdrawCollateral(m, t, 1_001), "InsufficientCollateral");
    expect(e.error.errorCode.number).to.equal(6015);
    await withdrawCollateral(m, t, 1_000);
    expect((await fetchPosition(m, t)).collateral.toString()).to.equal("0");
  });

  it("withdraw keeps the initial margin of resting orders (InsufficientMargin) and needs a fresh price (PriceStale)", async function () {
    const mk = await createTestMarket(h, { symbol: "POS3-PERP" });
    await setPrice(mk, 1_000);
    const t = await newTrader(mk, { deposit: 2_000 });
    await placeOrder(mk, t, { side: BID, price: 900, quantity: 10 }); // requires 1000 at mark 1000
    const e = await expectAnchorError(() => withdrawCollateral(mk, t, 1_001), "InsufficientMargin");
    expect(e.error.errorCode.number).to.equal(6016);
    await withdrawCollateral(mk, t, 1_000);
    expect((await fetchPosition(mk, t)).collateral.toString()).to.equal("1000");
    if (!h.advanceClock) return; // an external cluster: no clock control
    await advanceClock(h, 61);
    await expectAnchorError(() => withdrawCollateral(mk, t, 1), "PriceStale");
  });
});
