/**
 * End to end against the local cluster: the real program, the real indexer pipeline (in-process),
 * a real PostgreSQL server (and once PGlite), on `create_market` transactions, with one websocket
 * drop between them. The trading scenario (fills, positions, liquidation, PubSub drops while
 * orders fill, SIGKILL, truncated logs) is in tests/indexer.trading.test.ts.
 */
import { expect } from "chai";
import { type ChildProcess } from "node:child_process";
import { PublicKey } from "@solana/web3.js";
import { type Database } from "../app/src/db/database";
import { newHealth, type Health } from "../app/src/log";
import { Indexer } from "../app/src/pipeline";
import { getHarness, rpcRequest, skipUnless, type Harness } from "./support/harness";
import { createMarketMethod, defaultMarketArgs, ensureExchange } from "./support/exchange";
import { freshPostgres, tableCounts, type TestDb } from "./support/indexer-db";
import { duplicateEventKeys, indexerFor as indexerOn, spawnIndexerCli, waitFor as waitUntil, withPglite } from "./support/indexer-run";

const indexerFor = (h: Harness, db: Database, health?: Health): Indexer => indexerOn(h, db, { batchSize: 50, health });

let symbolCounter = 0;
async function createMarket(h: Harness): Promise<string> {
  symbolCounter += 1;
  const { builder } = await createMarketMethod(h, defaultMarketArgs(h.wallet.publicKey, { symbol: `IDX-${process.pid % 1000}-${symbolCounter}`.slice(0, 16) }));
  return builder.rpc();
}

const waitFor = (cond: () => Promise<boolean>, ms = 20_000): Promise<void> => waitUntil("the condition", cond, ms, 50);

async function eventKeys(db: Database): Promise<string[]> {
  const rows = await db.query<{ k: string }>(
    `SELECT signature || '/' || instruction_index || '/' || event_index || '/' || event_type || '/' || event_data::text AS k
       FROM program_events ORDER BY slot, tx_index, instruction_index, event_index`,
  );
  return rows.map((r) => r.k);
}

async function marketRows(db: Database): Promise<unknown[]> {
  return db.query(`SELECT market, index, symbol, tick_size::text, taker_fee_bps, price_authority, slot::text, signature FROM markets ORDER BY index`);
}

describe("indexer end to end (local cluster)", function () {
  this.timeout(180_000);
  let h: Harness;
  let live: TestDb;
  const signatures: string[] = [];

  before(async function () {
    h = await getHarness();
    skipUnless(this, h.server, "the indexer reads a cluster over JSON-RPC and PubSub");
    await ensureExchange(h);
    live = await freshPostgres("e2e_live");
  });
  after(async () => {
    await live?.drop();
  });

  it("indexes live, survives a websocket drop, and matches the chain", async () => {
    const health = newHealth();
    const indexer = indexerFor(h, live.db, health);
    const running = indexer.run();
    try {
      for (let i = 0; i < 3; i++) signatures.push(await createMarket(h));
      await waitFor(async () => (await tableCounts(live.db)).markets >= 3);
      if (h.localnet) {
        const dropped = await rpcRequest<number>("localnet_dropPubsubConnections", []);
        expect(dropped).to.be.greaterThan(0);
      }
      for (let i = 0; i < 3; i++) signatures.push(await createMarket(h));
      await waitFor(async () => (await tableCounts(live.db)).markets >= 6);
      if (h.localnet) await waitFor(async () => health.reconnects >= 1);
    } finally {
      indexer.stop();
      await running;
    }
    const rows = await live.db.prisma.market.findMany();
    const bySig = new Map(rows.map((r) => [r.signature, r]));
    for (const sig of signatures) {
      const row = bySig.get(sig);
      expect(row, `market of ${sig}`).to.not.equal(undefined);
      const onChain = await h.program.account.market.fetch(new PublicKey(row!.market));
      expect(row!.index).to.equal(onChain.index);
      expect(row!.tickSize.toString()).to.equal(onChain.tickSize.toString());
      expect(row!.priceAuthority).to.equal(onChain.priceAuthority.toBase58());
    }
    const counts = await tableCounts(live.db);
    // Every event is a MarketCreated, or the ExchangeInitialized of the exchange (an admin action).
    expect(counts.program_events).to.equal(counts.markets + counts.admin_actions);
    expect(counts.admin_actions).to.be.at.most(1);
    expect(counts.dead_letters).to.equal(0);
    expect(health.deadLetters).to.equal(0);
  });

  it("backfill into an empty database gives the same rows, and running it twice adds nothing", async () => {
    const fresh = await freshPostgres("e2e_backfill");
    try {
      const first = await indexerFor(h, fresh.db).backfill({});
      expect(first.inserted).to.be.greaterThan(0);
      const second = await indexerFor(h, fresh.db).backfill({});
      expect(second.inserted).to.equal(0);
      expect(second.duplicates).to.equal(first.inserted);
      // The live database saw a subset of history (it started after the exchange existed):
      // every live row must be in the backfill, identical.
      const liveKeys = await eventKeys(live.db);
      const backKeys = new Set(await eventKeys(fresh.db));
      for (const k of liveKeys) expect(backKeys.has(k), k).to.equal(true);
      const liveMarkets = (await marketRows(live.db)) as Array<{ signature: string }>;
      const backMarkets = (await marketRows(fresh.db)) as Array<{ signature: string }>;
      const backBySig = new Map(backMarkets.map((m) => [m.signature, m]));
      for (const m of liveMarkets) expect(backBySig.get(m.signature)).to.deep.equal(m);
      // A catch-up from the cursor is a no-op.
      expect((await indexerFor(h, fresh.db).backfill()).transactions).to.equal(0);
    } finally {
      await fresh.drop();
    }
  });

  it("the same flow passes against embedded PGlite", async () => {
    await withPglite("perps-pglite-", async (db) => {
      const report = await indexerFor(h, db).backfill({});
      expect(report.inserted).to.be.greaterThan(0);
      expect((await indexerFor(h, db).backfill({})).inserted).to.equal(0);
      const liveMarkets = (await marketRows(live.db)) as Array<{ signature: string }>;
      const liteMarkets = (await marketRows(db)) as Array<{ signature: string }>;
      const bySig = new Map(liteMarkets.map((m) => [m.signature, m]));
      for (const m of liveMarkets) expect(bySig.get(m.signature)).to.deep.equal(m);
    });
  });

  it("SIGKILL mid-stream, keep trading, restart: nothing lost, nothing duplicated", async () => {
    const db = await freshPostgres("e2e_kill");
    const start = (): ChildProcess => spawnIndexerCli(h, db.url, "pipe");
    const sent: string[] = [];
    let child = start();
    try {
      for (let i = 0; i < 3; i++) sent.push(await createMarket(h));
      await waitFor(async () => (await db.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM markets WHERE signature = ANY($1)`, [sent]))[0].n !== "0", 60_000);
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
      for (let i = 0; i < 3; i++) sent.push(await createMarket(h));
      child = start();
      await waitFor(
        async () => Number((await db.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM markets WHERE signature = ANY($1)`, [sent]))[0].n) === sent.length,
        60_000,
      );
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      expect(await duplicateEventKeys(db.db)).to.equal("0");
      const counts = await tableCounts(db.db);
      expect(counts.program_events).to.equal(counts.markets + counts.admin_actions);
      expect(counts.admin_actions).to.be.at.most(1);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      await db.drop();
    }
  });
});
