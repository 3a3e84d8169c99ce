// The compute-unit bench's scenarios: one function per case, each building what it needs on a
// fresh market with the shared trading helpers and returning the one transaction it measures
// (a single instruction of the perps program). To cover a new instruction, add a case here.
//
// Keypairs come from fixed seeds and cases run in a fixed order on a fresh cluster, so every
// PDA (and so every bump search) is the same on every run: the figures are reproducible.
import { createHash } from "node:crypto";
import { Keypair } from "@solana/web3.js";
import { createTokenAccount } from "../../../app/src/client/tokens";
import {
  closePosition,
  delistMarket,
  flattenPosition,
  marketParamsOf,
  proposeAdmin,
  setPriceAuthority,
  updateMarketParams,
  withdrawFees,
} from "../../support/admin";
import { ensureExchange } from "../../support/exchange";
import { Harness } from "../../support/harness";
import {
  ASK,
  BID,
  cancelOrder,
  createTestMarket,
  fetchBook,
  fetchMarket,
  IOC,
  liquidate,
  newTrader,
  placeOrder,
  placeOrders,
  POST_ONLY,
  pruneOrders,
  readTx,
  setPrice,
  settlePnl,
  TestMarket,
  Trader,
  TxResult,
  withdrawCollateral,
} from "../../support/trading";

export interface CuCase {
  name: string;
  /** What else runs inside the instruction (e.g. an SPL Token CPI), shown in the table. */
  note?: string;
  run(h: Harness): Promise<TxResult>;
}

/** Resting orders per side (the program's `OrderBook` capacity). */
export const SIDE_CAPACITY = 64;
const RICH = 10_000_000;

let seedCounter = 0;
/** A keypair from a fixed seed: the n-th trader of the run. */
function benchKeypair(): Keypair {
  seedCounter += 1;
  return Keypair.fromSeed(createHash("sha256").update(`perps-cu-bench-${seedCounter}`).digest());
}

function trader(m: TestMarket, deposit: number): Promise<Trader> {
  return newTrader(m, { deposit, keypair: benchKeypair() });
}

/** A market marked at 1000 (tick 1, lot 1). */
async function market(h: Harness): Promise<TestMarket> {
  const m = await createTestMarket(h, { symbol: "CU-PERP" });
  await setPrice(m, 1_000);
  return m;
}

/** `n` makers with one 1-lot ask each at 1001, 1002, …, then a taker buying all `n` (IOC). */
async function fills(h: Harness, n: number): Promise<TxResult> {
  const m = await market(h);
  for (let k = 0; k < n; k++) await placeOrder(m, await trader(m, RICH), { side: ASK, price: 1_001 + k, quantity: 1 });
  const taker = await trader(m, RICH);
  return placeOrder(m, taker, { side: BID, price: 1_000 + n, quantity: n, orderType: IOC });
}

/** 8 makers filling the ask side (64 asks, maker k at 1001 + 8j + k), a taker buying the best 8. */
async function fillsOnFullSide(h: Harness): Promise<TxResult> {
  const m = await market(h);
  const makers = SIDE_CAPACITY / 8;
  for (let k = 0; k < makers; k++) {
    const orders = Array.from({ length: 8 }, (_, j) => ({ side: ASK, price: 1_001 + 8 * j + k, quantity: 1 }));
    await placeOrders(m, await trader(m, RICH), orders);
  }
  const taker = await trader(m, RICH);
  return placeOrder(m, taker, { side: BID, price: 1_008, quantity: 8, orderType: IOC });
}

/** `count` 1-lot orders of one owner on one side, worst price first, `from` the best price away. */
function ladder(side: typeof BID, count: number, best: number) {
  const step = "bid" in side ? -1 : 1;
  return Array.from({ length: count }, (_, i) => ({ side, price: best + step * (count - 1 - i), quantity: 1 }));
}

/** A long of 200 lots bought at 1000 with 35,000 of collateral, and a liquidator. */
async function underwater(h: Harness, restingPerSide: number): Promise<TxResult> {
  const m = await market(h);
  const maker = await trader(m, RICH);
  const victim = await trader(m, 35_000);
  const liq = await trader(m, RICH);
  await placeOrder(m, maker, { side: ASK, price: 1_000, quantity: 200 });
  await placeOrder(m, victim, { side: BID, price: 1_000, quantity: 200, orderType: IOC });
  if (restingPerSide > 0) {
    await placeOrders(m, victim, [...ladder(BID, restingPerSide, 999), ...ladder(ASK, restingPerSide, 1_001)]);
  }
  // equity at 860: 35,000 − 200 (fee) − 28,000 = 6,800 < maintenance 5 % × 172,000 = 8,600.
  for (const price of [950, 900, 860]) await setPrice(m, price);
  return liquidate(m, liq, victim.position, 200);
}

/** A market where a maker sold 1 lot at 1000 to a taker (both hold a position), delisted by the
 *  admin (the harness wallet, the program's upgrade authority). */
async function delisted(h: Harness): Promise<{ m: TestMarket; taker: Trader }> {
  const m = await market(h);
  const maker = await trader(m, RICH);
  const taker = await trader(m, RICH);
  await placeOrder(m, maker, { side: ASK, price: 1_000, quantity: 1 });
  await placeOrder(m, taker, { side: BID, price: 1_000, quantity: 1, orderType: IOC });
  await delistMarket(m, h.wallet);
  return { m, taker };
}

export const CASES: CuCase[] = [
  {
    name: "initialize",
    note: "System + SPL Token CPIs (vault account)",
    run: async (h) => {
      const ex = await ensureExchange(h);
      if (!ex.initializeSignature) throw new Error("initialize: the exchange already existed (the bench needs a fresh cluster)");
      return readTx(h, ex.initializeSignature);
    },
  },
  { name: "create_market", note: "System CPIs (market, order book)", run: async (h) => (await createTestMarket(h, { symbol: "CU-PERP" })).created },
  { name: "open_position", note: "System CPI (position)", run: async (h) => (await trader(await market(h), 0)).setup[0] },
  { name: "deposit", note: "SPL Token CPI (transfer)", run: async (h) => (await trader(await market(h), 1_000)).setup[1] },
  { name: "withdraw", note: "SPL Token CPI (transfer)", run: async (h) => {
    const m = await market(h);
    return withdrawCollateral(m, await trader(m, 1_000), 400);
  } },
  { name: "set_price", run: async (h) => setPrice(await market(h), 1_000) },
  { name: "place_order rest (empty book)", run: async (h) => {
    const m = await market(h);
    return placeOrder(m, await trader(m, RICH), { side: BID, price: 990, quantity: 1 });
  } },
  { name: "place_order post_only", run: async (h) => {
    const m = await market(h);
    return placeOrder(m, await trader(m, RICH), { side: ASK, price: 1_010, quantity: 1, orderType: POST_ONLY });
  } },
  { name: "place_order rest at best of 63", run: async (h) => {
    const m = await market(h);
    const t = await trader(m, RICH);
    await placeOrders(m, t, ladder(BID, SIDE_CAPACITY - 1, 998));
    return placeOrder(m, t, { side: BID, price: 999, quantity: 1 });
  } },
  { name: "place_order 1 fill", run: (h) => fills(h, 1) },
  { name: "place_order 4 fills", run: (h) => fills(h, 4) },
  { name: "place_order 8 fills", run: (h) => fills(h, 8) },
  { name: "place_order 8 fills, 8 makers, full side", run: fillsOnFullSide },
  { name: "cancel_order (1 resting)", run: async (h) => {
    const m = await market(h);
    const t = await trader(m, RICH);
    const placed = await placeOrder(m, t, { side: BID, price: 990, quantity: 1 });
    return cancelOrder(m, t, BID, placed.orderId);
  } },
  { name: "cancel_order best of full side", run: async (h) => {
    const m = await market(h);
    const t = await trader(m, RICH);
    await placeOrders(m, t, ladder(ASK, SIDE_CAPACITY, 1_001));
    const { asks } = await fetchBook(m);
    return cancelOrder(m, t, ASK, asks[0].orderId);
  } },
  { name: "settle_pnl", run: async (h) => {
    const m = await market(h);
    const [maker, taker] = [await trader(m, RICH), await trader(m, RICH)];
    await placeOrder(m, maker, { side: ASK, price: 1_000, quantity: 10 });
    await placeOrder(m, taker, { side: BID, price: 1_000, quantity: 10, orderType: IOC });
    await setPrice(m, 1_100);
    return settlePnl(m, taker.position, maker.position);
  } },
  { name: "liquidate (no resting orders)", run: (h) => underwater(h, 0) },
  { name: "liquidate, owner holds a full book (128 orders)", run: (h) => underwater(h, SIDE_CAPACITY) },
  { name: "prune_orders, 32 out of the band", run: async (h) => {
    const m = await market(h);
    const owner = await trader(m, RICH);
    await placeOrders(m, owner, ladder(BID, 32, 950));
    // Mark 1100: the band (10 %) starts at 990, every bid is outside it.
    await setPrice(m, 1_100);
    return pruneOrders(m, [owner.owner]);
  } },
  { name: "update_market_params", run: async (h) => {
    const m = await market(h);
    return updateMarketParams(m, h.wallet, { ...marketParamsOf(await fetchMarket(m)), takerFeeBps: 20 });
  } },
  { name: "set_price_authority", run: async (h) => setPriceAuthority(await market(h), h.wallet, benchKeypair().publicKey) },
  { name: "withdraw_fees", note: "SPL Token CPI (transfer)", run: async (h) => {
    await fills(h, 1);
    const { quoteMint } = await ensureExchange(h);
    const treasury = await createTokenAccount(h.connection, h.wallet, quoteMint, benchKeypair().publicKey);
    return withdrawFees(h, h.wallet, treasury, 1);
  } },
  { name: "propose_admin", run: async (h) => proposeAdmin(h, h.wallet, benchKeypair().publicKey) },
  { name: "delist_market (admin), full book", run: async (h) => {
    const m = await market(h);
    const owner = await trader(m, RICH);
    await placeOrders(m, owner, [...ladder(BID, SIDE_CAPACITY, 999), ...ladder(ASK, SIDE_CAPACITY, 1_001)]);
    return delistMarket(m, h.wallet);
  } },
  { name: "flatten_position", run: async (h) => {
    const { m, taker } = await delisted(h);
    return flattenPosition(m, taker.position);
  } },
  { name: "close_position", note: "rent back to the owner", run: async (h) => {
    const m = await market(h);
    return closePosition(m, await trader(m, 0));
  } },
];
