// set_price: the mark price and its timestamp, NotPriceAuthority, InvalidPrice, and the
// staleness limit (PriceStale) that trading refuses.
import { BN } from "@coral-xyz/anchor";
import { Keypair } from "@solana/web3.js";
import { expect } from "chai";
import { getHarness, Harness } from "./support/harness";
import { readClock } from "./support/cluster";
import {
  advanceClock,
  ASK,
  BID,
  createTestMarket,
  expectAnchorError,
  fetchMarket,
  fetchPosition,
  newTrader,
  placeOrder,
  setPrice,
  TestMarket,
} from "./support/trading";

describe("perps: set_price", () => {
  let h: Harness;
  let m: TestMarket;

  before(async () => {
    h = await getHarness();
    m = await createTestMarket(h, { symbol: "PRICE-PERP", maxPriceAgeSecs: 30 });
  });

  it("sets the mark price and stamps it with the cluster time; emits no event", async () => {
    const before = await fetchMarket(m);
    expect(before.markPrice.toString()).to.equal("0");
    expect(before.priceUpdatedAt.toString()).to.equal("0");
    const r = await setPrice(m, 1_234);
    expect(r.events).to.deep.equal([]);
    const after = await fetchMarket(m);
    expect(after.markPrice.toString()).to.equal("1234");
    // The stamp is the clock the instruction ran with: the block time of its slot.
    expect(after.priceUpdatedAt.toString()).to.equal(String(r.blockTime));
    expect(r.logs).to.include(`Program log: mark price 1234 at ${r.blockTime}`);
    // Nothing else in the market moved.
    expect(after.fillSeq.toString()).to.equal(before.fillSeq.toString());
    expect(after.nextOrderId.toString()).to.equal(before.nextOrderId.toString());
  });

  it("accepts a price off the tick (the mark need not be on the tick)", async () => {
    const tick = await createTestMarket(h, { symbol: "TICK-PERP", tickSize: new BN(100) });
    await setPrice(tick, 1_234);
    expect((await fetchMarket(tick)).markPrice.toString()).to.equal("1234");
  });

  it("rejects a signer that is not the price authority with NotPriceAuthority (6009)", async () => {
    const intruder = Keypair.generate();
    const err = await expectAnchorError(() => setPrice(m, 999, intruder), "NotPriceAuthority");
    expect(err.error.errorCode.number).to.equal(6009);
    expect(err.error.errorMessage).to.equal("signer is not the market's price authority");
    // has_one logs the market's authority, then the signer.
    expect(err.error.comparedValues?.map(String)).to.deep.equal([
      m.priceAuthority.publicKey.toBase58(),
      intruder.publicKey.toBase58(),
    ]);
    expect((await fetchMarket(m)).markPrice.toString()).to.equal("1234");
  });

  it("rejects the exchange admin too (only the market's price authority may set it)", async () => {
    await expectAnchorError(() => setPrice(m, 999, h.wallet), "NotPriceAuthority");
  });

  it("rejects a zero price with InvalidPrice (6010)", async () => {
    const err = await expectAnchorError(() => setPrice(m, 0), "InvalidPrice");
    expect(err.error.errorCode.number).to.equal(6010);
    expect((await fetchMarket(m)).markPrice.toString()).to.equal("1234");
  });

  it("accepts u64::MAX (no arithmetic on set)", async () => {
    const big = await createTestMarket(h, { symbol: "MAX-PERP" });
    await setPrice(big, new BN("18446744073709551615"));
    expect((await fetchMarket(big)).markPrice.toString()).to.equal("18446744073709551615");
  });

  it("trading refuses a never-set price with PriceStale (6014)", async () => {
    const fresh = await createTestMarket(h, { symbol: "UNSET-PERP" });
    const t = await newTrader(fresh, { deposit: 10_000 });
    const err = await expectAnchorError(() => placeOrder(fresh, t, { side: BID, price: 100, quantity: 1 }), "PriceStale");
    expect(err.error.errorCode.number).to.equal(6014);
    expect((await fetchMarket(fresh)).nextOrderId.toString()).to.equal("1");
  });

  it("a price is fresh up to max_price_age_secs and stale after; a new set_price refreshes it", async function () {
    if (!h.advanceClock) this.skip(); // an external cluster: no clock control
    const t = await newTrader(m, { deposit: 100_000 });
    await setPrice(m, 1_000);
    const stamped = (await fetchMarket(m)).priceUpdatedAt.toNumber();
    // The clock only moves forward: trade while fresh, then jump to 31 s after the stamp.
    const now = Number((await readClock(h.connection)).unixTimestamp);
    expect(now - stamped).to.be.lessThan(30);
    const ok = await placeOrder(m, t, { side: BID, price: 900, quantity: 1 });
    expect(ok.orderId.toString()).to.equal("1");

    await advanceClock(h, 31 - (now - stamped));
    const err = await expectAnchorError(() => placeOrder(m, t, { side: ASK, price: 1_100, quantity: 1 }), "PriceStale");
    expect(err.error.errorMessage).to.equal("the mark price is unset or older than the market's staleness limit");
    const pos = await fetchPosition(m, t);
    expect(pos.askOpenLots.toString()).to.equal("0");
    expect(pos.bidOpenLots.toString()).to.equal("1");

    await setPrice(m, 1_000);
    const again = await placeOrder(m, t, { side: ASK, price: 1_100, quantity: 1 });
    expect(again.orderId.toString()).to.equal("2"); // the failed order rolled back: id 2 was not used
  });
});
