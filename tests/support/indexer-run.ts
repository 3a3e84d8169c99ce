/**
 * Running the indexer in the indexer tests: in-process against a cluster handle, as the CLI in a
 * child process (to SIGKILL it), against a throwaway PGlite directory, and polling for results.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Connection } from "@solana/web3.js";
import { openDatabase, type Database } from "../../app/src/db/database";
import { migrate } from "../../app/src/db/migrate";
import { IdlEventDecoder } from "../../app/src/decoder/event-decoder";
import { newHealth, silentLogger, type Health, type Logger } from "../../app/src/log";
import { Indexer } from "../../app/src/pipeline";
import { PostgresSink } from "../../app/src/sink/postgres-sink";
import type { Harness } from "./harness";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** An in-process indexer on `h`'s cluster writing to `db` (websocket live, polling once a minute;
 *  silent unless `log` is given). */
export function indexerFor(h: Harness, db: Database, opts: { batchSize: number; health?: Health; log?: Logger; maxRetryDelayMs?: number; signaturePageSize?: number; rpcUrl?: string; wsUrl?: string }): Indexer {
  const programId = h.program.programId;
  return new Indexer({
    connection: new Connection(opts.rpcUrl ?? h.rpcUrl, { commitment: "confirmed" }),
    wsUrl: opts.wsUrl ?? h.wsUrl,
    programId,
    decoder: new IdlEventDecoder(programId.toBase58()),
    sink: new PostgresSink(db, { programId: programId.toBase58() }),
    log: opts.log ?? silentLogger,
    health: opts.health ?? newHealth(),
    commitment: "confirmed",
    batchSize: opts.batchSize,
    pollIntervalMs: 60_000,
    maxRetryDelayMs: opts.maxRetryDelayMs,
    signaturePageSize: opts.signaturePageSize,
  });
}

/** Loads the CLI's TypeScript as ts-node's transpile-only mode does, with a cache of the
 *  transpiled files: each start of the CLI costs the transpile once per run, not every time. */
export const TS_REGISTER = path.join(REPO_ROOT, "tests/support/ts-register-cached.js");

/** `cli.ts run` as a child process on `h`'s cluster writing to `databaseUrl` (batch 2, poll 1 s). */
export function spawnIndexerCli(h: Harness, databaseUrl: string, stderr: "pipe" | "ignore"): ChildProcess {
  return spawn(process.execPath, ["-r", TS_REGISTER, path.join(REPO_ROOT, "app/src/cli.ts"), "run", "--log-level", "warn"], {
    env: {
      ...process.env,
      TS_NODE_PROJECT: path.join(REPO_ROOT, "app/tsconfig.json"),
      RPC_URL: h.rpcUrl,
      WS_URL: h.wsUrl,
      PROGRAM_ID: h.program.programId.toBase58(),
      DATABASE_URL: databaseUrl,
      BATCH_SIZE: "2",
      POLL_INTERVAL_MS: "1000",
    },
    stdio: ["ignore", "ignore", stderr],
  });
}

/** Polls `cond` every `pollMs` until it holds; throws after `ms`. */
export async function waitFor(what: string, cond: () => Promise<boolean>, ms = 60_000, pollMs = 50): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** How many (signature, instruction_index, event_index) keys occur more than once in program_events. */
export async function duplicateEventKeys(db: Database): Promise<string> {
  const rows = await db.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM (SELECT signature, instruction_index, event_index FROM program_events GROUP BY 1, 2, 3 HAVING count(*) > 1) d`,
  );
  return rows[0].n;
}

/** Runs `fn` on a migrated PGlite database in a new temporary directory, removed afterwards. */
let pgliteTemplate: Promise<string> | undefined;

/**
 * A new PGlite data directory holding a migrated, empty database. The first call creates it the
 * way the indexer does (open an empty directory: initdb, then apply the migrations) and keeps it
 * as a template; later calls copy the template, because PGlite's initdb costs seconds of CPU
 * (15 s on a busy 2-core machine) and a copy is a fraction of that.
 */
export async function freshPgliteDir(prefix: string): Promise<string> {
  pgliteTemplate ??= (async () => {
    const template = fs.mkdtempSync(path.join(os.tmpdir(), "perps-pglite-template-"));
    const db = await openDatabase({ pgliteDir: template });
    try {
      await migrate(db);
    } finally {
      await db.close();
    }
    process.once("exit", () => fs.rmSync(template, { recursive: true, force: true }));
    return template;
  })();
  pgliteTemplate.catch(() => (pgliteTemplate = undefined));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.cpSync(await pgliteTemplate, dir, { recursive: true });
  return dir;
}

/** Runs `fn` on a fresh migrated PGlite database (see freshPgliteDir), removed afterwards. */
export async function withPglite(prefix: string, fn: (db: Database) => Promise<void>): Promise<void> {
  const dir = await freshPgliteDir(prefix);
  const db = await openDatabase({ pgliteDir: dir });
  try {
    await migrate(db);
    await fn(db);
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
