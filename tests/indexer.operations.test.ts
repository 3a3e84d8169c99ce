/**
 * The indexer run as an operator runs it (the CLI as a child process, on the local cluster, a real
 * PostgreSQL server or an embedded PGlite directory): shutdown while the PubSub socket dies,
 * durability of the embedded database under SIGKILL, outages at start, the writer lock after the
 * server dropped its session, signals during a backfill, a foreign program id, and
 * `--reset-on-chain-change`.
 */
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase } from "../app/src/db/database";
import { getHarness, type Harness } from "./support/harness";
import { startCli, type CliProcess } from "./support/indexer-cli";
import { freshPostgres, PG_BASE_URL, tableCounts, type TestDb } from "./support/indexer-db";
import { waitFor } from "./support/indexer-run";
import { TradingDriver, type MarketHandle } from "./support/indexer-trading";
import { TcpProxy } from "./support/tcp-proxy";

const TOKEN_PROGRAM = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA";

/** Settings every spawned indexer gets: this cluster, the program, small batches, 1 s polls. */
function clusterEnv(h: Harness, extra: Record<string, string> = {}): Record<string, string> {
  return { RPC_URL: h.rpcUrl, WS_URL: h.wsUrl, PROGRAM_ID: h.program.programId.toBase58(), BATCH_SIZE: "5", POLL_INTERVAL_MS: "1000", ...extra };
}

const portOf = (url: string): number => Number(new URL(url).port);

const count = async (t: TestDb, sql: string): Promise<number> => Number((await t.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${sql}`))[0].n);

/** Stops `p` with SIGTERM and expects a clean exit (0) within `ms`. */
async function stopCleanly(p: CliProcess, ms = 10_000): Promise<void> {
  p.kill("SIGTERM");
  const exit = await p.exitWithin(ms);
  expect(exit, p.stderr.slice(-2000)).to.deep.equal({ code: 0, signal: null });
}

describe("indexer operations (CLI process, local cluster)", function () {
  this.timeout(240_000);
  let h: Harness;
  let driver: TradingDriver;
  let market: MarketHandle;
  const spawned: CliProcess[] = [];
  const start = (args: string[], env: Record<string, string>): CliProcess => {
    const p = startCli(args, env);
    spawned.push(p);
    return p;
  };

  before(async () => {
    h = await getHarness();
    driver = await TradingDriver.create(h);
    market = await driver.createMarket();
    await driver.setPrice(market, 1_000_000);
  });
  afterEach(async () => {
    for (const p of spawned.splice(0)) {
      p.kill("SIGKILL");
      await p.exited;
    }
  });

  describe("shutdown is bounded and clean in every state of the PubSub socket", () => {
    let db: TestDb;
    let relay: TcpProxy;
    beforeEach(async () => {
      db = await freshPostgres("ops_shutdown");
      relay = await TcpProxy.start({ host: "127.0.0.1", port: portOf(h.wsUrl) });
    });
    afterEach(async () => {
      await relay.stop();
      await db.drop();
    });

    const cases: Array<[string, number]> = [
      ["SIGTERM the moment the socket dies", 0],
      ["SIGTERM while it reconnects against a refused port", 1_500],
    ];
    for (const [what, delayMs] of cases) {
      it(what, async () => {
        const p = start(["run"], clusterEnv(h, { DATABASE_URL: db.url, WS_URL: `ws://127.0.0.1:${relay.port}` }));
        await p.waitForLine("caught up", (l) => l.msg === "caught up");
        await relay.cut();
        if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
        const before = p.stderrLines;
        const t0 = Date.now();
        await stopCleanly(p, 5_000);
        // Bounded: well within a second or two, and no flood of log lines on the way out.
        expect(Date.now() - t0).to.be.lessThan(3_000);
        expect(p.stderrLines - before, p.stderr.slice(-2000)).to.be.lessThan(10);
        expect(p.lines.some((l) => l.msg === "stopping")).to.equal(true);
      });
    }

    it("SIGTERM with the socket up", async () => {
      const p = start(["run"], clusterEnv(h, { DATABASE_URL: db.url, WS_URL: `ws://127.0.0.1:${relay.port}` }));
      await p.waitForLine("caught up", (l) => l.msg === "caught up");
      await stopCleanly(p, 5_000);
    });
  });

  it("PGlite: committed means durable — SIGKILL right after 'caught up', restart: rows and cursor are there", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "perps-ops-pglite-"));
    try {
      const p = start(["run"], clusterEnv(h, { PGLITE_DIR: dir }));
      const caught = await p.waitForLine("caught up", (l) => l.msg === "caught up");
      p.kill("SIGKILL");
      await p.exited;
      const inserted = Number(caught.inserted);
      expect(inserted).to.be.greaterThan(0);
      const db = await openDatabase({ pgliteDir: dir });
      try {
        const events = Number((await db.query<{ n: string }>("SELECT count(*)::text AS n FROM program_events"))[0].n);
        const cursor = await db.query<{ slot: string }>("SELECT last_slot::text AS slot FROM indexer_cursors WHERE program_id = $1", [h.program.programId.toBase58()]);
        expect(events, "events of the batches reported before the kill").to.be.at.least(inserted);
        expect(cursor.length, "cursor row").to.equal(1);
      } finally {
        await db.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe("outages at start are retried and named", () => {
    let db: TestDb;
    let relay: TcpProxy | undefined;
    beforeEach(async () => (db = await freshPostgres("ops_start")));
    afterEach(async () => {
      await relay?.stop();
      relay = undefined;
      await db.drop();
    });

    it("database down at start: DatabaseUnavailable, retried, then indexes once it is back", async () => {
      relay = await TcpProxy.start({ host: "127.0.0.1", port: portOf(PG_BASE_URL) });
      await relay.cut();
      const p = start(["run"], clusterEnv(h, { DATABASE_URL: relay.rewrite(db.url) }));
      const warn = await p.waitForLine("a database outage warning", (l) => l.level === "warn" && l.error === "DatabaseUnavailable");
      expect(warn.during).to.equal("open database");
      await p.waitForLine("a second attempt", (l) => l.error === "DatabaseUnavailable" && Number(l.attempt) >= 2);
      await relay.restore();
      await p.waitForLine("caught up", (l) => l.msg === "caught up");
      expect(await count(db, "markets")).to.be.greaterThan(0);
      await stopCleanly(p);
    });

    it("RPC down at start: RpcUnavailable, retried, then indexes once it is back", async () => {
      relay = await TcpProxy.start({ host: "127.0.0.1", port: portOf(h.rpcUrl) });
      await relay.cut();
      const p = start(["run"], clusterEnv(h, { DATABASE_URL: db.url, RPC_URL: `http://127.0.0.1:${relay.port}` }));
      await p.waitForLine("an RPC outage warning", (l) => l.level === "warn" && l.error === "RpcUnavailable");
      await relay.restore();
      await p.waitForLine("caught up", (l) => l.msg === "caught up");
      expect(await count(db, "markets")).to.be.greaterThan(0);
      expect(await count(db, "indexer_chains")).to.equal(1);
      await stopCleanly(p);
    });

    it("SIGTERM while waiting for the database at start exits 0 at once", async () => {
      relay = await TcpProxy.start({ host: "127.0.0.1", port: portOf(PG_BASE_URL) });
      await relay.cut();
      const p = start(["run"], clusterEnv(h, { DATABASE_URL: relay.rewrite(db.url) }));
      await p.waitForLine("a database outage warning", (l) => l.error === "DatabaseUnavailable");
      await stopCleanly(p, 3_000);
    });

    it("backfill with the database down at start exits 1 naming DatabaseUnavailable", async () => {
      relay = await TcpProxy.start({ host: "127.0.0.1", port: portOf(PG_BASE_URL) });
      await relay.cut();
      const p = start(["backfill", "--no-progress"], clusterEnv(h, { DATABASE_URL: relay.rewrite(db.url) }));
      const exit = await p.exitWithin(30_000);
      expect(exit.code, p.stderr).to.equal(1);
      expect(p.errorLine()?.error).to.equal("DatabaseUnavailable");
    });
  });

  describe("the writer lock after the server dropped the indexer's session", () => {
    let db: TestDb;
    let admin: pg.Client;
    const key = (): string => `perps-indexer:${h.program.programId.toBase58()}`;
    /** Backend pid holding the session writer lock, if any. */
    const holder = async (): Promise<number | null> => {
      const r = await admin.query<{ pid: number }>(
        `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1
           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
           AND ((classid::bigint << 32) | objid::bigint) = hashtextextended($1, 0)`,
        [key()],
      );
      return r.rows[0]?.pid ?? null;
    };
    beforeEach(async () => {
      db = await freshPostgres("ops_lock");
      admin = new pg.Client({ connectionString: db.url });
      await admin.connect();
    });
    afterEach(async () => {
      await admin.end();
      await db.drop();
    });

    it("is taken again on a new connection; a second indexer is still refused (IndexerLocked)", async () => {
      const p = start(["run"], clusterEnv(h, { DATABASE_URL: db.url }));
      await p.waitForLine("caught up", (l) => l.msg === "caught up");
      const first = await holder();
      expect(first).to.be.a("number");
      // What a server restart does to the session: the backend ends, the lock with it.
      await admin.query("SELECT pg_terminate_backend($1, 5000)", [first]);
      await p.waitForLine("the lock taken again", (l) => l.msg === "writer lock taken again");
      const second = await holder();
      expect(second).to.be.a("number").and.not.equal(first);
      const rival = start(["run"], clusterEnv(h, { DATABASE_URL: db.url }));
      const exit = await rival.exitWithin(60_000);
      expect(exit.code, rival.stderr).to.equal(1);
      expect(rival.errorLine()?.error).to.equal("IndexerLocked");
      // The first indexer still indexes.
      const before = await count(db, "markets");
      await driver.createMarket();
      await waitFor("the new market", async () => (await count(db, "markets")) > before, 30_000);
      await stopCleanly(p);
    });

    it("stops with IndexerLocked when another session took the lock in between", async () => {
      const p = start(["run"], clusterEnv(h, { DATABASE_URL: db.url }));
      await p.waitForLine("caught up", (l) => l.msg === "caught up");
      const pid = await holder();
      // Another session queues for the lock first, so the lock manager hands it over the moment
      // the indexer's backend ends, before the indexer can reconnect.
      const rival = new pg.Client({ connectionString: db.url });
      await rival.connect();
      try {
        const rivalPid = (await rival.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0].pid;
        const granted = rival.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", [key()]);
        await waitFor("the rival queued for the lock", async () => {
          const r = await admin.query("SELECT 1 FROM pg_locks WHERE pid = $1 AND locktype = 'advisory' AND NOT granted", [rivalPid]);
          return r.rowCount === 1;
        });
        await admin.query("SELECT pg_terminate_backend($1, 5000)", [pid]);
        await granted;
        expect(await holder()).to.equal(rivalPid);
        const exit = await p.exitWithin(30_000);
        expect(exit.code, p.stderr).to.equal(1);
        expect(p.errorLine()?.error).to.equal("IndexerLocked");
      } finally {
        await rival.end();
      }
    });
  });

  describe("backfill stops between batches on SIGTERM/SIGINT, prints its summary, exits 0", () => {
    let db: TestDb;
    before(async () => {
      // Enough history for many one-transaction batches.
      await Promise.all(Array.from({ length: 40 }, (_, i) => driver.setPrice(market, 1_000_000 + 1_000 * (i + 1))));
    });
    beforeEach(async () => (db = await freshPostgres("ops_backfill")));
    afterEach(async () => await db.drop());

    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      it(signal, async () => {
        const p = start(["backfill", "--no-progress"], clusterEnv(h, { DATABASE_URL: db.url, BATCH_SIZE: "1", LOG_LEVEL: "debug" }));
        await p.waitForLine("the first batch", (l) => l.msg === "batch written");
        p.kill(signal);
        const exit = await p.exitWithin(10_000);
        expect(exit, p.stderr.slice(-2000)).to.deep.equal({ code: 0, signal: null });
        const summary = JSON.parse(p.stdout.trim()) as { transactions: number; stopped: boolean };
        expect(summary.stopped).to.equal(true);
        expect(summary.transactions).to.be.greaterThan(0).and.lessThan(40);
        expect(p.lines.some((l) => l.msg === "backfill stopped")).to.equal(true);
        // What it wrote is whole: the cursor is the last transaction stored.
        expect(await count(db, "indexer_cursors")).to.equal(1);
      });
    }
  });

  describe("a PROGRAM_ID that is not the perps program is refused before anything is written", () => {
    let db: TestDb;
    beforeEach(async () => (db = await freshPostgres("ops_foreign")));
    afterEach(async () => await db.drop());

    const cases: Array<[string, () => string, string]> = [
      ["the SPL Token program (executable, history, no perps exchange)", () => TOKEN_PROGRAM, "is not the perps program"],
      ["a wallet (an account that is not executable)", () => h.wallet.publicKey.toBase58(), "not executable"],
      ["an address with no account", () => "11111111111111111111111111111112", "does not exist"],
    ];
    for (const [what, id, message] of cases) {
      for (const cmd of ["run", "backfill"]) {
        it(`${cmd}: ${what}`, async () => {
          const p = start([cmd, "--no-progress"].slice(0, cmd === "run" ? 1 : 2), clusterEnv(h, { DATABASE_URL: db.url, PROGRAM_ID: id() }));
          const exit = await p.exitWithin(60_000);
          expect(exit.code, p.stderr).to.equal(1);
          expect(p.errorLine()?.error).to.equal("ForeignProgram");
          expect(p.errorLine()?.msg).to.include(message);
          expect(await count(db, "indexer_chains")).to.equal(0);
          expect(await count(db, "indexer_cursors")).to.equal(0);
        });
      }
    }
  });

  it("run --reset-on-chain-change empties a database indexed from another cluster; without it: ChainMismatch", async () => {
    const db = await freshPostgres("ops_reset");
    try {
      const stale = "StaleGenesis1111111111111111111111111111111";
      await db.db.query("INSERT INTO indexer_chains (program_id, genesis_hash) VALUES ($1, $2)", [h.program.programId.toBase58(), stale]);
      await db.db.query(
        `INSERT INTO dead_letters (signature, slot, program_id, reason, instruction_index, log_index, raw_data)
         VALUES ('stale-signature', 1, $1, 'unknown_event', 0, 0, 'x')`,
        [h.program.programId.toBase58()],
      );
      const refused = start(["run"], clusterEnv(h, { DATABASE_URL: db.url }));
      expect((await refused.exitWithin(60_000)).code, refused.stderr).to.equal(1);
      expect(refused.errorLine()?.error).to.equal("ChainMismatch");

      const p = start(["run", "--reset-on-chain-change"], clusterEnv(h, { DATABASE_URL: db.url }));
      await p.waitForLine("the reset", (l) => l.level === "warn" && String(l.msg).includes("--reset-on-chain-change"));
      await p.waitForLine("caught up", (l) => l.msg === "caught up");
      const genesis = await h.connection.getGenesisHash();
      const bound = await db.db.query<{ g: string }>("SELECT genesis_hash AS g FROM indexer_chains");
      expect(bound).to.deep.equal([{ g: genesis }]);
      expect(await count(db, "dead_letters WHERE signature = 'stale-signature'")).to.equal(0);
      expect((await tableCounts(db.db)).markets).to.be.greaterThan(0);
      await stopCleanly(p);
    } finally {
      await db.drop();
    }
  });
});
