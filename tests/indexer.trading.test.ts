/**
 * Issue 4's end-to-end acceptance on the trading scenario: the real program on the local cluster,
 * the real indexer (in-process, and the CLI as a child process for SIGKILL), a real PostgreSQL
 * server and once PGlite. Expected values come from the chain: events decoded from each
 * transaction's logs by tests/support/events.ts (anchor's EventParser, not the indexer's decoder)
 * and Position accounts fetched with `program.account.position.fetch`.
 */
import { expect } from "chai";
import { type ChildProcess } from "node:child_process";
import { PublicKey } from "@solana/web3.js";
import { openDatabase, type Database } from "../app/src/db/database";
import { newHealth, silentLogger, type Health, type Logger } from "../app/src/log";
import { Indexer } from "../app/src/pipeline";
import type { PerpsEvent } from "./support/events";
import { getHarness, rpcRequest, skipUnless, withHttpConfirmation, type Harness } from "./support/harness";
import { startDedicatedCluster, type DedicatedCluster } from "./support/indexer-cluster";
import { freshPostgres, type TestDb } from "./support/indexer-db";
import { duplicateEventKeys, indexerFor as indexerOn, spawnIndexerCli, waitFor, withPglite } from "./support/indexer-run";
import { eventsBySignature, runTrading, TradingDriver, type TradingScenario } from "./support/indexer-trading";
import { PostgresSink } from "../app/src/sink/postgres-sink";
import { signaturePages } from "../app/src/sources/rpc";
import { runTradingScenario } from "./support/scenario";
import { TcpProxy } from "./support/tcp-proxy";

const indexerFor = (h: Harness, db: Database, health?: Health, log?: Logger): Indexer => indexerOn(h, db, { batchSize: 20, health, log });

const count = async (db: Database, sql: string, params: unknown[] = []): Promise<number> =>
  Number((await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${sql}`, params))[0].n);

type Expected = {
  sigs: string[];
  /** Every event of the scenario's transactions, with its signature and index in the transaction. */
  events: Array<{ sig: string; slot: number; index: number; ev: PerpsEvent }>;
};

async function expectedOf(driver: TradingDriver): Promise<Expected> {
  const bySig = await eventsBySignature(driver);
  const events: Expected["events"] = [];
  for (const [sig, r] of bySig) {
    expect(r.truncated, `logs of ${sig} truncated`).to.equal(false);
    r.events.forEach((ev, index) => events.push({ sig, slot: r.slot, index, ev }));
  }
  return { sigs: [...bySig.keys()], events };
}

const of = <N extends PerpsEvent["name"]>(e: Expected, name: N) =>
  e.events.filter((x) => x.ev.name === name) as Array<{ sig: string; slot: number; index: number; ev: Extract<PerpsEvent, { name: N }> }>;

const TRADE_SQL = `SELECT signature, instruction_index, event_index, slot::text, market, seq::text, taker, maker,
  taker_position_id::text, maker_position_id::text, taker_order_id::text, maker_order_id::text, taker_side,
  price::text, quantity::text, taker_fee::text, maker_fee::text, timestamp::text FROM trades t WHERE market = $1 ORDER BY t.seq`;
const POSITION_SQL = `SELECT position_id::text, owner, market, side, size::text, entry_price::text, collateral::text,
  realized_pnl::text, unrealized_pnl::text, settled_pnl::text, mark_price::text, timestamp::text, slot::text, signature,
  instruction_index, event_index FROM positions p WHERE market = $1 ORDER BY p.position_id`;
const HISTORY_SQL = `SELECT signature, instruction_index, event_index, slot::text, position_id::text, side, size::text,
  collateral::text, realized_pnl::text FROM position_history h WHERE market = $1 ORDER BY h.slot, h.tx_index, h.instruction_index, h.event_index`;
const LIQ_SQL = `SELECT signature, instruction_index, event_index, slot::text, position_id::text, owner, market, liquidator,
  liquidated_size::text, liquidation_price::text, penalty_fee::text, remaining_size::text, liquidator_position_id::text,
  liquidator_fee::text, exchange_fee::text, timestamp::text FROM liquidations WHERE market = $1`;

async function snapshot(db: Database, market: string): Promise<Record<string, unknown[]>> {
  return {
    trades: await db.query(TRADE_SQL, [market]),
    positions: await db.query(POSITION_SQL, [market]),
    history: await db.query(HISTORY_SQL, [market]),
    liquidations: await db.query(LIQ_SQL, [market]),
  };
}

/** Everything the issue asks of the tables after the scenario, against the chain. */
async function assertMatchesChain(h: Harness, db: Database, s: TradingScenario, exp: Expected): Promise<void> {
  const market = s.market.market.toBase58();
  // Raw events: exactly one row per event of the scenario's transactions, same positions.
  const raw = await db.query<{ signature: string; event_index: number; event_type: string }>(
    `SELECT signature, event_index, event_type FROM program_events WHERE signature = ANY($1) ORDER BY slot, tx_index, instruction_index, event_index`,
    [exp.sigs],
  );
  expect(raw.map((r) => `${r.signature}/${r.event_index}`)).to.deep.equal(exp.events.map((e) => `${e.sig}/${e.index}`));

  // Every OrderFilled is exactly one trades row with equal values.
  const fills = of(exp, "orderFilled");
  expect(fills.length).to.equal(6);
  const trades = await db.query<Record<string, string | number>>(TRADE_SQL, [market]);
  expect(trades.length).to.equal(fills.length);
  for (const [i, f] of fills.entries()) {
    const d = f.ev.data;
    expect(trades[i]).to.deep.equal({
      signature: f.sig,
      instruction_index: 0,
      event_index: f.index,
      slot: String(f.slot),
      market,
      seq: d.seq.toString(),
      taker: d.taker.toBase58(),
      maker: d.maker.toBase58(),
      taker_position_id: d.positionId.toString(),
      maker_position_id: d.makerPositionId.toString(),
      taker_order_id: d.orderId.toString(),
      maker_order_id: d.makerOrderId.toString(),
      taker_side: Object.keys(d.takerSide)[0],
      price: d.price.toString(),
      quantity: d.quantity.toString(),
      taker_fee: d.takerFee.toString(),
      maker_fee: d.makerFee.toString(),
      timestamp: d.timestamp.toString(),
    });
  }
  // Per-market seq has no gap (1..n) and no gap was reported.
  expect(trades.map((t) => Number(t.seq))).to.deep.equal(fills.map((_, i) => i + 1));
  expect(await count(db, `fill_seq_gaps WHERE market = $1`, [market])).to.equal(0);

  // Every positions row equals its on-chain Position account.
  const positions = await db.query<Record<string, string>>(POSITION_SQL, [market]);
  expect(positions.length).to.equal(3);
  for (const row of positions) {
    const acct = await h.program.account.position.fetch(new PublicKey(positionPdaOf(s, row.owner)));
    const size = BigInt(acct.size.toString());
    const abs = size < 0n ? -size : size;
    expect(row.position_id).to.equal(acct.positionId.toString());
    expect(row.market).to.equal(acct.market.toBase58());
    expect(row.side).to.equal(size > 0n ? "long" : size < 0n ? "short" : "flat");
    expect(row.size).to.equal(abs.toString());
    expect(row.entry_price).to.equal(abs === 0n ? "0" : (BigInt(acct.costBasis.toString()) / abs).toString());
    expect(row.collateral).to.equal(acct.collateral.toString());
    expect(row.realized_pnl).to.equal(acct.realizedPnl.toString());
    expect(row.settled_pnl).to.equal(acct.settledPnl.toString());
  }
  // position_history: one row per PositionUpdated of the market, in chain order.
  const updates = of(exp, "positionUpdated").filter((u) => u.ev.data.market.toBase58() === market);
  const history = await db.query<Record<string, string | number>>(HISTORY_SQL, [market]);
  expect(history.map((r) => [r.signature, r.event_index, r.position_id, r.size, r.collateral])).to.deep.equal(
    updates.map((u) => [u.sig, u.index, u.ev.data.positionId.toString(), u.ev.data.size.toString(), u.ev.data.collateral.toString()]),
  );

  // The liquidation row matches LiquidationExecuted.
  const liqs = of(exp, "liquidationExecuted");
  expect(liqs.length).to.equal(1);
  const l = liqs[0];
  const d = l.ev.data;
  expect(d.liquidatedSize.toNumber()).to.be.greaterThan(0);
  expect(await db.query(LIQ_SQL, [market])).to.deep.equal([
    {
      signature: l.sig,
      instruction_index: 0,
      event_index: l.index,
      slot: String(l.slot),
      position_id: d.positionId.toString(),
      owner: d.user.toBase58(),
      market,
      liquidator: d.liquidator.toBase58(),
      liquidated_size: d.liquidatedSize.toString(),
      liquidation_price: d.liquidationPrice.toString(),
      penalty_fee: d.penaltyFee.toString(),
      remaining_size: d.remainingSize.toString(),
      liquidator_position_id: d.liquidatorPositionId.toString(),
      liquidator_fee: d.liquidatorFee.toString(),
      exchange_fee: d.exchangeFee.toString(),
      timestamp: d.timestamp.toString(),
    },
  ]);
  expect(await count(db, `dead_letters WHERE signature = ANY($1)`, [exp.sigs])).to.equal(0);
}

function positionPdaOf(s: TradingScenario, owner: string): PublicKey {
  const t = [s.maker, s.taker, s.liquidator].find((x) => x.kp.publicKey.toBase58() === owner);
  if (!t) throw new Error(`position of unknown owner ${owner}`);
  return t.position;
}

const eventsIndexed = (db: Database, exp: Expected) => async () =>
  (await count(db, `program_events WHERE signature = ANY($1)`, [exp.sigs])) === exp.events.length;

/** Drops every PubSub connection of the local cluster every `everyMs` until `stop()`, which
 *  resolves to how many connections the drops closed in all. */
function keepDroppingPubsub(everyMs: number): { stop(): Promise<number> } {
  let stopped = false;
  let closed = 0;
  const loop = (async () => {
    while (!stopped) {
      closed += await rpcRequest<number>("localnet_dropPubsubConnections", []);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      return closed;
    },
  };
}

/**
 * Runs the indexer live while the trading scenario runs, with the database or the JSON-RPC node
 * reached through a relay (tests/support/tcp-proxy.ts) that is cut after the first three fills
 * and restored two steps later (the websocket stays direct). Asserts that nothing was stored
 * during the cut, every retry was the named outage error, and afterwards every event landed
 * exactly once with the chain's values.
 */
async function outageMidTrading(h: Harness, cut: "database" | "rpc"): Promise<void> {
  const t = await freshPostgres(`trading_${cut}_outage`);
  const target = new URL(cut === "database" ? t.url : h.rpcUrl);
  const proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port) });
  const viaProxy = cut === "database" ? await openDatabase({ databaseUrl: proxy.rewrite(t.url), pgliteDir: "" }) : t.db;
  const expected = cut === "database" ? { warning: "database unavailable: retrying", error: "DatabaseUnavailable" } : { warning: "RPC unavailable: retrying", error: "RpcUnavailable" };
  const errorsSeen = (health: Health): number => (cut === "database" ? health.databaseErrors : health.rpcErrors);
  const health = newHealth();
  const retries: string[] = [];
  const log: Logger = {
    ...silentLogger,
    warn: (msg, fields) => {
      if (msg === expected.warning) retries.push(String(fields?.error));
    },
  };
  const rpcUrl = cut === "rpc" ? proxy.rewrite(h.rpcUrl) : undefined;
  const indexer = indexerOn(h, viaProxy, { batchSize: 20, health, log, maxRetryDelayMs: 1_000, rpcUrl });
  const running = indexer.run();
  let tradesDuringOutage = -1;
  try {
    const s = await runTrading(h, {
      between: async (step, m) => {
        const trades = () => count(t.db, `trades WHERE market = $1`, [m.market.toBase58()]);
        if (step === 1) {
          // The first three fills are stored: cut the connection, keep trading.
          await waitFor("first fills", async () => (await trades()) >= 3);
          await proxy.cut();
        }
        if (step === 3) {
          await waitFor("the indexer to meet the outage", async () => errorsSeen(health) > 0);
          tradesDuringOutage = await trades();
          await proxy.restore();
        }
      },
    });
    const exp = await expectedOf(s.driver);
    await waitFor("every event after the outage", eventsIndexed(t.db, exp), 90_000);
    indexer.stop();
    await running;
    expect(tradesDuringOutage, `fills stored while the ${cut} connection was cut`).to.equal(3);
    expect(retries.length).to.be.greaterThan(0);
    expect(new Set(retries)).to.deep.equal(new Set([expected.error]));
    expect(errorsSeen(health)).to.equal(retries.length);
    expect(await duplicateEventKeys(t.db)).to.equal("0");
    await assertMatchesChain(h, t.db, s, exp);
    expect(health.fillSeqGaps).to.equal(0);
  } finally {
    indexer.stop();
    await running.catch(() => undefined);
    if (viaProxy !== t.db) await viaProxy.close();
    await proxy.stop();
    await t.drop();
  }
}

describe("indexer on the trading scenario (local cluster, PostgreSQL)", function () {
  this.timeout(240_000);
  let h: Harness;
  let live: TestDb;
  let scenario: TradingScenario;
  let expected: Expected;

  before(async function () {
    h = await getHarness();
    skipUnless(this, h.server, "the indexer reads a cluster over JSON-RPC and PubSub");
    live = await freshPostgres("trading_live");
  });
  after(async () => {
    await live?.drop();
  });

  it("live: every fill, position, liquidation and event lands with the chain's values", async () => {
    const health = newHealth();
    const indexer = indexerFor(h, live.db, health);
    const running = indexer.run();
    try {
      scenario = await runTrading(h);
      expected = await expectedOf(scenario.driver);
      await waitFor("the scenario's events", eventsIndexed(live.db, expected));
    } finally {
      indexer.stop();
      await running;
    }
    await assertMatchesChain(h, live.db, scenario, expected);
    expect(health.fillSeqGaps).to.equal(0);
    expect(health.deadLetters).to.equal(0);
  });

  it("backfill into an empty database gives the same rows; twice adds nothing", async () => {
    const fresh = await freshPostgres("trading_backfill");
    try {
      const first = await indexerFor(h, fresh.db).backfill({});
      expect(first.inserted).to.be.at.least(expected.events.length);
      const second = await indexerFor(h, fresh.db).backfill({});
      expect(second.inserted).to.equal(0);
      expect(second.duplicates).to.equal(first.inserted);
      await assertMatchesChain(h, fresh.db, scenario, expected);
      const market = scenario.market.market.toBase58();
      expect(await snapshot(fresh.db, market)).to.deep.equal(await snapshot(live.db, market));
    } finally {
      await fresh.drop();
    }
  });

  it("backfill in pages of 3 signatures and batches of 2 transactions gives the same rows", async () => {
    // Many pages: slots cut by page boundaries are carried over, anchors are re-fetched oldest first.
    const fresh = await freshPostgres("trading_pages");
    try {
      const report = await indexerOn(h, fresh.db, { batchSize: 2, signaturePageSize: 3 }).backfill({});
      expect(report.inserted).to.be.at.least(expected.events.length);
      expect(await duplicateEventKeys(fresh.db)).to.equal("0");
      await assertMatchesChain(h, fresh.db, scenario, expected);
      const market = scenario.market.market.toBase58();
      expect(await snapshot(fresh.db, market)).to.deep.equal(await snapshot(live.db, market));
      const order = `SELECT signature, slot::text, tx_index, event_index FROM program_events WHERE signature = ANY($1)
        ORDER BY slot, tx_index, instruction_index, event_index`;
      expect(await fresh.db.query(order, [expected.sigs])).to.deep.equal(await live.db.query(order, [expected.sigs]));
    } finally {
      await fresh.drop();
    }
  });

  it("a range that starts above the cursor stores its events but leaves the cursor; the catch-up fills the hole", async () => {
    const fresh = await freshPostgres("trading_ranged");
    try {
      const ix = indexerFor(h, fresh.db);
      const fills = scenario.fillSignatures;
      const fromSlot = (await h.connection.getTransaction(fills[1], { commitment: "confirmed", maxSupportedTransactionVersion: 0 }))!.slot;
      // No cursor yet and the range does not start at the first transaction: no cursor afterwards.
      const ranged = await ix.backfill({ fromSlot });
      expect(ranged.inserted).to.be.greaterThan(0);
      expect(await count(fresh.db, `indexer_cursors`)).to.equal(0);
      // ...but the database is bound to this cluster already.
      expect(await count(fresh.db, `indexer_chains`)).to.equal(1);
      // A catch-up (no range) starts from the beginning and moves the cursor over everything.
      await ix.backfill();
      const cursor = await count(fresh.db, `indexer_cursors`);
      expect(cursor).to.equal(1);
      // Writing the later fills first was reported as a gap at the time (seq 1.. missing).
      const gaps = await fresh.db.query<{ e: string; f: string }>(`SELECT expected_seq::text AS e, found_seq::text AS f FROM fill_seq_gaps`);
      expect(gaps.map((g) => g.e)).to.deep.equal(["1"]);
      expect(Number(gaps[0].f)).to.be.greaterThan(1);
      await fresh.db.exec(`DELETE FROM fill_seq_gaps`);
      await assertMatchesChain(h, fresh.db, scenario, expected);
      expect(await duplicateEventKeys(fresh.db)).to.equal("0");
    } finally {
      await fresh.drop();
    }
  });

  it("refuses a database whose rows come from another cluster (ChainMismatch)", async () => {
    const fresh = await freshPostgres("trading_chain");
    try {
      await indexerFor(h, fresh.db).backfill();
      const [row] = await fresh.db.query<{ genesis_hash: string }>(`SELECT genesis_hash FROM indexer_chains`);
      expect(row.genesis_hash).to.equal(await h.connection.getGenesisHash());
      await fresh.db.exec(`UPDATE indexer_chains SET genesis_hash = 'another-cluster'`);
      const before = await count(fresh.db, `program_events`);
      for (const attempt of [() => indexerFor(h, fresh.db).backfill(), () => indexerFor(h, fresh.db).run()]) {
        let error: unknown = null;
        await attempt().catch((e: unknown) => (error = e));
        expect((error as Error | null)?.name).to.equal("ChainMismatch");
        expect((error as Error).message).to.match(/another-cluster/);
      }
      expect(await count(fresh.db, `program_events`)).to.equal(before);
    } finally {
      await fresh.drop();
    }
  });

  it("lag measures the indexer, not the program's activity; stop() ends a catch-up between batches", async () => {
    const fresh = await freshPostgres("trading_lag");
    try {
      const health = newHealth();
      const ix = indexerOn(h, fresh.db, { batchSize: 1, health });
      // stop() during a backfill: it returns after the batch in flight, the cursor marks the spot.
      const partial = await ix.backfill(undefined, { onTotal: () => undefined, onDone: (n) => n >= 2 && ix.stop() });
      expect(partial.transactions).to.be.within(2, 3);
      const stoppedAt = (await new PostgresSink(fresh.db, { programId: h.program.programId.toBase58() }).readCursor())!;
      expect(stoppedAt).to.not.equal(null);
      // A new indexer continues from there and catches up; the program then stays idle.
      const health2 = newHealth();
      const ix2 = indexerOn(h, fresh.db, { batchSize: 20, health: health2 });
      await ix2.catchUp();
      // Let the cluster move on without the program: a few slots past the last program transaction.
      await waitFor("4 idle slots", async () => (await h.connection.getSlot("confirmed")) - health2.cursorSlot! > 4, 10_000, h.slotTimeMs);
      await ix2.catchUp();
      const head = await h.connection.getSlot("confirmed");
      expect(head - health2.cursorSlot!, "the last program transaction is well behind the head").to.be.greaterThan(3);
      expect(health2.lagSlots!).to.be.at.most(3);
      expect(health2.syncedSlot!).to.be.at.least(health2.cursorSlot!);
      await assertMatchesChain(h, fresh.db, scenario, expected);
    } finally {
      await fresh.drop();
    }
  });

  it("signature pages: oldest first, whole slots per page, the same signatures as one listing", async () => {
    const all = (await h.connection.getSignaturesForAddress(h.program.programId, { limit: 1000 }, "confirmed")).reverse();
    expect(all.length).to.be.lessThan(1000);
    let total = -1;
    const pages: string[][] = [];
    const slotsSeen = new Map<number, number>();
    for await (const page of signaturePages(h.connection, h.program.programId, {}, "confirmed", { pageSize: 2, onTotal: (n) => (total = n) })) {
      pages.push(page.map((r) => r.signature));
      for (const slot of new Set(page.map((r) => r.slot))) slotsSeen.set(slot, (slotsSeen.get(slot) ?? 0) + 1);
    }
    expect(total).to.equal(all.length);
    expect(pages.flat()).to.have.members(all.map((s) => s.signature));
    expect(pages.flat().length).to.equal(all.length);
    expect([...slotsSeen.values()].every((n) => n === 1), "a slot split across pages").to.equal(true);
  });

  it("the same core flow against embedded PGlite", async () => {
    await withPglite("perps-pglite-trading-", async (db) => {
      expect((await indexerFor(h, db).backfill({})).inserted).to.be.at.least(expected.events.length);
      expect((await indexerFor(h, db).backfill({})).inserted).to.equal(0);
      await assertMatchesChain(h, db, scenario, expected);
      const market = scenario.market.market.toBase58();
      expect(await snapshot(db, market)).to.deep.equal(await snapshot(live.db, market));
    });
  });

  it("live against embedded PGlite: a second trading run lands with the chain's values", async () => {
    await withPglite("perps-pglite-live-", async (db) => {
      const health = newHealth();
      const indexer = indexerFor(h, db, health);
      const running = indexer.run();
      try {
        const s = await runTrading(h);
        const exp = await expectedOf(s.driver);
        await waitFor("the scenario's events in PGlite", eventsIndexed(db, exp));
        indexer.stop();
        await running;
        expect(await duplicateEventKeys(db)).to.equal("0");
        await assertMatchesChain(h, db, s, exp);
        expect(health.fillSeqGaps).to.equal(0);
      } finally {
        indexer.stop();
        await running.catch(() => undefined);
      }
    });
  });

  it("SIGKILL mid-stream while trading continues, restart: nothing lost, nothing duplicated", async () => {
    const db = await freshPostgres("trading_kill");
    const start = (): ChildProcess => spawnIndexerCli(h, db.url, "ignore");
    let child = start();
    let killedAt = -1;
    try {
      const s = await runTrading(h, {
        between: async (step, m) => {
          if (step === 1) {
            // The first fills are in: kill the indexer hard, keep trading without it.
            await waitFor("first fills", async () => (await count(db.db, `trades WHERE market = $1`, [m.market.toBase58()])) >= 3);
            child.kill("SIGKILL");
            await new Promise((r) => child.once("exit", r));
            killedAt = await count(db.db, `trades WHERE market = $1`, [m.market.toBase58()]);
          }
          if (step === 3) child = start();
        },
      });
      const exp = await expectedOf(s.driver);
      await waitFor("every event after the restart", eventsIndexed(db.db, exp), 90_000);
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      expect(killedAt).to.be.lessThan(6);
      expect(await duplicateEventKeys(db.db)).to.equal("0");
      await assertMatchesChain(h, db.db, s, exp);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await db.drop();
    }
  });

  it("live while the cluster drops its PubSub connections as orders fill: the gap is backfilled", async function () {
    if (!h.localnet) this.skip(); // localnet_dropPubsubConnections is perps-localnet's test control
    const db = await freshPostgres("trading_ws_drop");
    const health = newHealth();
    let dropping: { stop(): Promise<number> } | undefined;
    // Events inserted by each catch-up (the pipeline's "caught up" report) once the drops began:
    // every write is a catch-up from the cursor, so this shows the indexer kept writing through
    // the drops; the gap itself is proven closed by assertMatchesChain below.
    const backfilled: number[] = [];
    const log: Logger = {
      ...silentLogger,
      info: (msg, fields) => {
        if (dropping && msg === "caught up") backfilled.push(Number(fields?.inserted));
      },
    };
    const indexer = indexerFor(h, db.db, health, log);
    const running = indexer.run();
    let reconnectsBefore = -1;
    let closed = 0;
    try {
      // The driver confirms over HTTP, so the drops cannot lose its own confirmations.
      const driver = await TradingDriver.create(withHttpConfirmation(h));
      const s = await runTrading(driver.c, {
        driver,
        between: async (step) => {
          if (step === 0) {
            // Market and traders are indexed and the first catch-up has reported (lag is set
            // after it): from the first order to the last fill, drop every 100 ms.
            const setup = await expectedOf(driver);
            await waitFor("the scenario's setup", async () => (await eventsIndexed(db.db, setup)()) && health.lagSlots !== null);
            reconnectsBefore = health.reconnects;
            dropping = keepDroppingPubsub(100);
          }
          if (step === 3) closed = await dropping!.stop();
        },
      });
      const exp = await expectedOf(s.driver);
      await waitFor("every event after the drops", eventsIndexed(db.db, exp), 90_000);
      indexer.stop();
      await running;
      expect(closed, "connections the drops closed").to.be.greaterThan(0);
      expect(health.reconnects).to.be.greaterThan(reconnectsBefore);
      expect(backfilled.reduce((a, b) => a + b, 0), "events inserted by catch-ups after the drops").to.be.greaterThan(0);
      expect(await duplicateEventKeys(db.db)).to.equal("0");
      await assertMatchesChain(h, db.db, s, exp);
      expect(health.fillSeqGaps).to.equal(0);
      expect(health.deadLetters).to.equal(0);
    } finally {
      await dropping?.stop();
      indexer.stop();
      await running;
      await db.drop();
    }
  });

  it("live while the database connection is cut mid-trading and restored: nothing lost, nothing duplicated", async () => {
    await outageMidTrading(h, "database");
  });

  it("live while the RPC node is unreachable mid-trading and comes back: nothing lost, nothing duplicated", async () => {
    await outageMidTrading(h, "rpc");
  });
});

describe("indexer and truncated logs (dedicated cluster, --log-bytes-limit 700)", function () {
  this.timeout(180_000);
  let c: DedicatedCluster | undefined;
  let t: TestDb | undefined;
  after(async () => {
    await c?.stop();
    await t?.drop();
  });

  it("a place_order whose logs exceed the limit is a truncated dead letter; later events still index", async () => {
    // 700 bytes: market creation, open_position and deposit fit (<= ~620 bytes of logs); a
    // place_order with three fills (~2,250 bytes) does not.
    c = await startDedicatedCluster(["--log-bytes-limit", "700"]);
    t = await freshPostgres("trading_truncated");
    const health = newHealth();
    const indexer = indexerFor(c, t.db, health);
    const running = indexer.run();
    let settled = false;
    void running.finally(() => (settled = true));
    try {
      const d = await TradingDriver.create(c);
      const m = await d.createMarket();
      await d.setPrice(m, 1_000_000);
      const maker = await d.trader(m, 1_000_000_000);
      const taker = await d.trader(m, 1_000_000_000);
      for (const p of [1_000_000, 1_001_000, 1_002_000]) await d.placeOrder(m, maker, "ask", p, 10);
      const big = await d.placeOrder(m, taker, "bid", 1_002_000, 30, [maker]);
      const bigTx = await c.connection.getTransaction(big, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
      const logs = bigTx?.meta?.logMessages ?? [];
      expect(logs).to.include("Log truncated");
      expect(bigTx?.meta?.err).to.equal(null);
      const later = await d.deposit(m, taker, 1_000);
      await waitFor("the dead letter and the later deposit", async () =>
        (await count(t!.db, `dead_letters WHERE signature = $1`, [big])) === 1 && (await count(t!.db, `program_events WHERE signature = $1`, [later])) === 1,
      );
      const [dl] = await t.db.query<{ reason: string; raw_data: string; slot: string; instruction_index: number }>(
        `SELECT reason, raw_data, slot::text, instruction_index FROM dead_letters WHERE signature = $1`,
        [big],
      );
      expect(dl.reason).to.equal("truncated_logs");
      expect(dl.slot).to.equal(String(bigTx!.slot));
      expect(JSON.parse(dl.raw_data)).to.deep.equal(logs);
      expect(health.deadLetters).to.be.at.least(1);
      // The deposit after the truncated transaction is indexed with its values, and the indexer still runs.
      const [after] = await t.db.query<{ event_type: string; collateral: string }>(
        `SELECT event_type, event_data->>'collateral' AS collateral FROM program_events WHERE signature = $1`,
        [later],
      );
      const acct = await c.program.account.position.fetch(taker.position);
      expect(after.event_type).to.match(/PositionUpdated/i);
      expect(after.collateral).to.equal(acct.collateral.toString());
      expect(settled).to.equal(false);
    } finally {
      indexer.stop();
      await running;
    }
  });
});

describe("indexer on runTradingScenario (tests/support/scenario.ts, live, PostgreSQL)", function () {
  this.timeout(240_000);

  it("every OrderFilled is one trades row, positions equal the accounts, the liquidation matches, counts exact", async function () {
    const h = await getHarness();
    skipUnless(this, h.server, "the indexer reads a cluster over JSON-RPC and PubSub");
    const db = await freshPostgres("scenario_live");
    const health = newHealth();
    const indexer = indexerFor(h, db.db, health);
    const running = indexer.run();
    try {
      const s = await runTradingScenario({ h, symbol: "IDX-SCEN" });
      await waitFor("the scenario's events", async () => (await count(db.db, `program_events WHERE signature = ANY($1)`, [s.signatures])) === s.events.length);
      indexer.stop();
      await running;
      const market = s.market.toBase58();
      const fills = s.events.filter((e) => e.event.name === "orderFilled");
      const trades = await db.db.query<Record<string, string | number>>(TRADE_SQL, [market]);
      expect(trades.length).to.equal(fills.length);
      expect(fills.length).to.be.greaterThan(0);
      for (const [i, f] of fills.entries()) {
        const d = f.event.data as Extract<PerpsEvent, { name: "orderFilled" }>["data"];
        expect(trades[i].signature).to.equal(f.signature);
        expect(trades[i].event_index).to.equal(f.index);
        expect([trades[i].seq, trades[i].price, trades[i].quantity, trades[i].taker_fee, trades[i].maker_fee, trades[i].taker, trades[i].maker, trades[i].timestamp]).to.deep.equal([
          d.seq.toString(), d.price.toString(), d.quantity.toString(), d.takerFee.toString(), d.makerFee.toString(), d.taker.toBase58(), d.maker.toBase58(), d.timestamp.toString(),
        ]);
        expect(Number(trades[i].seq)).to.equal(i + 1);
      }
      const positions = await db.db.query<Record<string, string>>(POSITION_SQL, [market]);
      expect(positions.length).to.equal(s.positions.length);
      for (const pk of s.positions) {
        const acct = await h.program.account.position.fetch(pk);
        const row = positions.find((p) => p.position_id === acct.positionId.toString());
        expect(row, `position ${pk.toBase58()}`).to.not.equal(undefined);
        const size = BigInt(acct.size.toString());
        const abs = size < 0n ? -size : size;
        expect([row!.side, row!.size, row!.collateral, row!.realized_pnl, row!.settled_pnl, row!.entry_price]).to.deep.equal([
          size > 0n ? "long" : size < 0n ? "short" : "flat",
          abs.toString(),
          acct.collateral.toString(),
          acct.realizedPnl.toString(),
          acct.settledPnl.toString(),
          abs === 0n ? "0" : (BigInt(acct.costBasis.toString()) / abs).toString(),
        ]);
      }
      const liqs = s.events.filter((e) => e.event.name === "liquidationExecuted");
      const rows = await db.db.query<Record<string, string | number>>(LIQ_SQL, [market]);
      expect(rows.length).to.equal(liqs.length);
      for (const [i, l] of liqs.entries()) {
        const d = l.event.data as Extract<PerpsEvent, { name: "liquidationExecuted" }>["data"];
        expect([rows[i].signature, rows[i].liquidated_size, rows[i].liquidation_price, rows[i].penalty_fee, rows[i].liquidator_fee, rows[i].exchange_fee, rows[i].remaining_size]).to.deep.equal([
          l.signature, d.liquidatedSize.toString(), d.liquidationPrice.toString(), d.penaltyFee.toString(), d.liquidatorFee.toString(), d.exchangeFee.toString(), d.remainingSize.toString(),
        ]);
      }
      expect(await count(db.db, `position_history WHERE market = $1`, [market])).to.equal(s.events.filter((e) => e.event.name === "positionUpdated").length);
      expect(await count(db.db, `dead_letters WHERE signature = ANY($1)`, [s.signatures])).to.equal(0);
      expect(await count(db.db, `fill_seq_gaps WHERE market = $1`, [market])).to.equal(0);
    } finally {
      indexer.stop();
      await running;
      await db.drop();
    }
  });
});
