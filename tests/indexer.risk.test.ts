/**
 * The indexer on the risk-model events of issue 9 (findings 1-4), end to end: on a cluster of its
 * own, every way an order leaves the book without filling (owner, maker unhealthy at fill time,
 * evicted from a full side, pruned outside the band, a remainder left under the minimum notional
 * by a fill), a liquidation that pays the insurance fund
 * its penalty share and one that leaves a bankrupt position (the fund pays, the rest is
 * socialised) are performed for real; then the indexer backfills into a fresh PostgreSQL database.
 * Each `OrderCancelled`, `InsuranceFundChanged` and `BankruptcyResolved` becomes one row of
 * `order_cancellations`, `insurance_fund_changes` or `bankruptcies`, equal to the event decoded
 * from the transaction's logs; `program_events` keeps each raw; a second backfill adds nothing.
 */
import { BN } from "@coral-xyz/anchor";
import { expect } from "chai";
import * as fs from "node:fs";
import { toJson } from "../app/src/sink/projections";
import { ensureExchange } from "./support/exchange";
import { getHarness, localnetBinary, type LocalnetHandle, startLocalnet } from "./support/harness";
import { freshPostgres, type TestDb } from "./support/indexer-db";
import { indexerFor } from "./support/indexer-run";
import {
  ASK,
  BID,
  cancelOrder,
  createTestMarket,
  type CreateMarketArgs,
  fetchBook,
  IOC,
  liquidate,
  newTrader,
  placeOrder,
  placeOrders,
  POST_ONLY,
  pruneOrders,
  setPrice,
  type TestMarket,
  type Trader,
  type TxResult,
} from "./support/trading";

/** The projected table of each risk event and the SQL reading its rows back as the event's JSON. */
const TABLES = {
  orderCancelled: {
    table: "order_cancellations",
    sql: `SELECT signature, market, owner, position_id::text AS "positionId", order_id::text AS "orderId", side,
            price::text, quantity::text, reason, mark_price::text AS "markPrice", timestamp::text
          FROM order_cancellations ORDER BY slot, tx_index, instruction_index, event_index`,
  },
  insuranceFundChanged: {
    table: "insurance_fund_changes",
    sql: `SELECT signature, market, position_id::text AS "positionId", delta::text, balance::text, reason, timestamp::text
          FROM insurance_fund_changes ORDER BY slot, tx_index, instruction_index, event_index`,
  },
  bankruptcyResolved: {
    table: "bankruptcies",
    sql: `SELECT signature, market, position_id::text AS "positionId", owner, deficit::text, insurance_paid::text AS "insurancePaid",
            socialized::text, cumulative_loss_per_lot::text AS "cumulativeLossPerLot", spread_over_lots::text AS "spreadOverLots",
            insurance_balance::text AS "insuranceBalance", timestamp::text
          FROM bankruptcies ORDER BY slot, tx_index, instruction_index, event_index`,
  },
} as const;
type RiskEvent = keyof typeof TABLES;

/** Enum fields (`{ evicted: {} }`) are stored as their variant's name. */
const variantName = (v: unknown): unknown => (v !== null && typeof v === "object" ? Object.keys(v)[0] : v);

/** The rows the indexer should write for the `name` events of `txs`, in chain order. */
function expectedRows(txs: TxResult[], name: RiskEvent): Array<Record<string, unknown>> {
  return txs.flatMap((t) =>
    t.events
      .filter((e) => e.name === name)
      .map((e) => {
        const json = toJson(e.data) as Record<string, unknown>;
        const row: Record<string, unknown> = { signature: t.signature };
        for (const [k, v] of Object.entries(json)) row[k] = variantName(v);
        return row;
      }),
  );
}

describe("indexer: order cancellations, insurance fund changes and bankruptcies (issue 9)", function () {
  this.timeout(240_000);
  let own: LocalnetHandle;
  let pg: TestDb;
  /** Every transaction of the scenario, in the order sent (each confirmed before the next). */
  const txs: TxResult[] = [];
  const rec = async <T extends TxResult>(p: Promise<T>): Promise<T> => {
    const r = await p;
    txs.push(r);
    return r;
  };

  async function market(symbol: string, overrides: Partial<CreateMarketArgs> = {}): Promise<TestMarket> {
    const m = await createTestMarket(own, { symbol, ...overrides });
    await setPrice(m, 1_000);
    return m;
  }

  before(async function () {
    const h = await getHarness();
    if (!h.localnet && !fs.existsSync(localnetBinary())) this.skip();
    own = await startLocalnet();
    await ensureExchange(own);

    // Cancelled by its owner; then a maker that would fall below maintenance is cancelled at fill time.
    const a = await market("IDXR1-PERP");
    const maker = await newTrader(a, { name: "M", deposit: 1_000 });
    const taker = await newTrader(a, { name: "T", deposit: 10_000 });
    const own1 = await rec(placeOrder(a, maker, { side: ASK, price: 1_050, quantity: 2, orderType: POST_ONLY }));
    await rec(cancelOrder(a, maker, ASK, own1.orderId));
    await rec(placeOrder(a, maker, { side: BID, price: 1_000, quantity: 10, orderType: POST_ONLY }));
    await rec(setPrice(a, 940));
    await rec(placeOrder(a, taker, { side: ASK, price: 940, quantity: 10, orderType: IOC }));

    // A full ask side: a better order evicts the worst; a price move leaves the rest outside the band, pruned by anyone.
    const b = await market("IDXR2-PERP", { minOrderNotional: new BN(1_000), maxOrdersPerPosition: 16 });
    const jammers: Trader[] = [];
    for (let i = 0; i < 4; i++) jammers.push(await newTrader(b, { name: `J${i}`, deposit: 1_000_000 }));
    const honest = await newTrader(b, { name: "H", deposit: 100_000 });
    for (const j of jammers) txs.push(...(await placeOrders(b, j, Array(16).fill({ side: ASK, price: 1_100, quantity: 1 }), 8)));
    await rec(placeOrder(b, honest, { side: ASK, price: 1_050, quantity: 1, orderType: POST_ONLY }));
    await rec(setPrice(b, 900));
    for (let call = 0; call < 2; call++) await rec(pruneOrders(b, [...jammers, honest].map((t) => t.owner)));
    expect((await fetchBook(b)).asks).to.deep.equal([]);

    // A liquidation with a penalty (its insurance share), then a gap that leaves a position bankrupt.
    const c = await market("IDXR3-PERP");
    const longs = await newTrader(c, { name: "L", deposit: 2_000 });
    const poor = await newTrader(c, { name: "P", deposit: 991 });
    const seller = await newTrader(c, { name: "S", deposit: 1_000_000 });
    const keeper = await newTrader(c, { name: "K", deposit: 1_000_000 });
    for (const price of [1_000, 1_010, 1_020]) await rec(placeOrder(c, seller, { side: ASK, price, quantity: 5, orderType: POST_ONLY }));
    await rec(placeOrder(c, longs, { side: BID, price: 1_020, quantity: 12, orderType: IOC }));
    await rec(setPrice(c, 880));
    await rec(liquidate(c, keeper, longs.position, 100));
    await rec(setPrice(c, 1_000));
    await rec(placeOrder(c, seller, { side: ASK, price: 1_000, quantity: 9, orderType: POST_ONLY }));
    await rec(placeOrder(c, poor, { side: BID, price: 1_000, quantity: 9, orderType: IOC }));
    await rec(setPrice(c, 800));
    await rec(liquidate(c, keeper, poor.position, 100));

    // A fill that leaves less than the minimum notional of a resting order cancels the rest.
    const d = await market("IDXR4-PERP", { minOrderNotional: new BN(5_000) });
    const dustMaker = await newTrader(d, { name: "DM", deposit: 100_000 });
    const dustTaker = await newTrader(d, { name: "DT", deposit: 100_000 });
    await rec(placeOrder(d, dustMaker, { side: ASK, price: 1_000, quantity: 10, orderType: POST_ONLY }));
    await rec(placeOrder(d, dustTaker, { side: BID, price: 1_000, quantity: 9, orderType: IOC }));

    pg = await freshPostgres("risk_events");
  });

  after(async () => {
    await pg?.drop();
    await own?.stop();
  });

  it("the scenario produced every cancel reason, both insurance reasons and a bankruptcy", () => {
    const reasons = (name: RiskEvent) => [...new Set(expectedRows(txs, name).map((r) => r.reason))].sort();
    expect(reasons("orderCancelled")).to.deep.equal(["dustRemainder", "evicted", "makerUnhealthy", "outOfBand", "owner"]);
    expect(reasons("insuranceFundChanged")).to.deep.equal(["bankruptcy", "liquidationPenalty"]);
    expect(expectedRows(txs, "bankruptcyResolved")).to.have.length(1);
  });

  it("writes one row per event, equal to the event; program_events keeps them raw; a second backfill adds nothing", async () => {
    const first = await indexerFor(own, pg.db, { batchSize: 50 }).backfill({});
    expect(first.inserted).to.be.greaterThan(0);
    for (const [name, { sql }] of Object.entries(TABLES) as Array<[RiskEvent, (typeof TABLES)[RiskEvent]]>) {
      expect(await pg.db.query(sql), name).to.deep.equal(expectedRows(txs, name));
    }
    // 1 owner + 1 maker-unhealthy + 1 evicted + 64 pruned (the evicted order's place was taken by
    // the better one) + 1 dust remainder.
    expect(expectedRows(txs, "orderCancelled")).to.have.length(68);

    const raw = await pg.db.query<{ event_type: string; n: number }>(
      `SELECT event_type, count(*)::int AS n FROM program_events WHERE event_type = ANY($1) GROUP BY event_type ORDER BY event_type`,
      [["OrderCancelled", "InsuranceFundChanged", "BankruptcyResolved"]],
    );
    expect(raw).to.deep.equal([
      { event_type: "BankruptcyResolved", n: 1 },
      { event_type: "InsuranceFundChanged", n: expectedRows(txs, "insuranceFundChanged").length },
      { event_type: "OrderCancelled", n: 68 },
    ]);

    const second = await indexerFor(own, pg.db, { batchSize: 50 }).backfill({});
    expect(second.inserted).to.equal(0);
    for (const [name, { table }] of Object.entries(TABLES) as Array<[RiskEvent, (typeof TABLES)[RiskEvent]]>) {
      const [{ n }] = await pg.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`);
      expect(n, table).to.equal(expectedRows(txs, name).length);
    }
  });
});
