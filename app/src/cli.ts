#!/usr/bin/env node
/**
 * perps indexer CLI:
 *   indexer migrate                    apply prisma/migrations (offline)
 *   indexer run                        catch up from the cursor, then follow live
 *   indexer backfill [range]           index a slot or signature range, with a progress bar
 * Every command takes the connection flags (or RPC_URL, WS_URL, PROGRAM_ID, DATABASE_URL,
 * COMMITMENT, BATCH_SIZE from the environment).
 * Exit codes: 0 done, 1 runtime error (JSON error line on stderr), 2 invalid flag or configuration
 * (reported before anything is connected).
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { SingleBar, Presets } from "cli-progress";
import { utils } from "@coral-xyz/anchor";
import { Connection, PublicKey } from "@solana/web3.js";
import { ConfigError, loadConfig, type Config, type ConfigFlags } from "./config";
import { openDatabase, type Database } from "./db/database";
import { classifyDatabaseErrors } from "./db/errors";
import { migrate } from "./db/migrate";
import { WriterLock } from "./db/writer-lock";
import { IdlEventDecoder } from "./decoder/event-decoder";
import { saveHealth } from "./health-store";
import { serveApi, type EmbeddedApi } from "./api/embedded";
import { jsonLogger, newHealth, type Health, type Logger } from "./log";
import { Indexer } from "./pipeline";
import { retryOutages } from "./retry";
import { PostgresSink } from "./sink/postgres-sink";
import type { BackfillRange } from "./sources/rpc";

function withConnectionFlags(cmd: Command): Command {
  return cmd
    .addOption(new Option("--rpc-url <url>", "JSON-RPC HTTP endpoint").env("RPC_URL"))
    .addOption(new Option("--ws-url <url>", "PubSub websocket endpoint (default: derived from the RPC URL)").env("WS_URL"))
    .addOption(new Option("--program-id <pubkey>", "program to index (default: the IDL's address)").env("PROGRAM_ID"))
    .addOption(new Option("--database-url <url>", "PostgreSQL URL (default: embedded PGlite)").env("DATABASE_URL"))
    .addOption(new Option("--pglite-dir <dir>", "embedded PGlite data directory").env("PGLITE_DIR"))
    .addOption(new Option("--commitment <level>", "confirmed | finalized").env("COMMITMENT"))
    .addOption(new Option("--batch-size <n>", "transactions per database transaction").env("BATCH_SIZE"))
    .addOption(new Option("--poll-interval <ms>", "catch up from the cursor at least this often").env("POLL_INTERVAL_MS"))
    .addOption(new Option("--log-level <level>", "debug | info | warn | error").env("LOG_LEVEL"));
}

/** Exit code of a usage error: a flag or configuration value that is invalid. */
export const USAGE_EXIT_CODE = 2;

/** A commander argument error that exits with USAGE_EXIT_CODE (commander names the flag). */
function invalidArgument(message: string): InvalidArgumentError {
  const err = new InvalidArgumentError(message);
  err.exitCode = USAGE_EXIT_CODE;
  return err;
}

/** `--flag <n>`: a decimal integer of at least `min` (and a safe JS integer). */
function integerAtLeast(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
      throw invalidArgument(min === 0 ? "Expected a non-negative integer." : `Expected an integer >= ${min}.`);
    }
    return n;
  };
}

/** `--flag <signature>`: a base58 transaction signature (64 bytes). */
function transactionSignature(value: string): string {
  let bytes: Uint8Array;
  try {
    bytes = utils.bytes.bs58.decode(value);
  } catch {
    throw invalidArgument("Expected a base58 transaction signature.");
  }
  if (bytes.length !== 64) throw invalidArgument(`Expected a base58 transaction signature (64 bytes), got ${bytes.length} bytes.`);
  return value;
}

interface BackfillFlags extends ConfigFlags {
  fromSlot?: number;
  toSlot?: number;
  before?: string;
  until?: string;
  progress: boolean;
}

interface Context {
  config: Config;
  log: Logger;
  db: Database;
  health: Health;
}

/**
 * SIGINT/SIGTERM for a long-running command: the first one aborts `signal` (and calls the
 * registered stop), a second one exits at once with 128 + signal number.
 */
function stopOnSignals(log: () => Logger): { signal: AbortSignal; onStop(fn: () => void): void } {
  const controller = new AbortController();
  let stopFn: (() => void) | null = null;
  const handler = (sig: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(sig === "SIGINT" ? 130 : 143);
    log().info("stopping", { signal: sig });
    controller.abort();
    stopFn?.();
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return {
    signal: controller.signal,
    onStop(fn) {
      stopFn = fn;
      if (controller.signal.aborted) fn();
    },
  };
}

/**
 * Loads the configuration and opens (and migrates) the database. With `retry`, an unreachable
 * database is waited out like any later outage (`undefined` when stopped meanwhile); without it
 * the outage is thrown, named (DatabaseUnavailable).
 */
async function open(flags: ConfigFlags, migrateFirst: boolean, retry?: { signal: AbortSignal }): Promise<Context | undefined> {
  const config = loadConfig(flags);
  const log = jsonLogger(config.logLevel);
  const health = newHealth();
  const attempt = <T>(during: string, fn: () => Promise<T>): Promise<T | undefined> =>
    retry ? retryOutages(() => classifyDatabaseErrors(fn), { log, health, signal: retry.signal, during }) : classifyDatabaseErrors(fn);
  const db = await attempt("open database", () => openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir, createIfMissing: true }));
  if (!db) return undefined;
  if (migrateFirst) {
    const res = await attempt("migrate", () => migrate(db)).catch(async (err: unknown) => {
      await db.close();
      throw err;
    });
    if (!res) {
      await db.close();
      return undefined;
    }
    if (res.applied.length > 0) log.info("migrations applied", { applied: res.applied });
  }
  log.info("config", { ...config, databaseUrl: config.databaseUrl ? redact(config.databaseUrl) : undefined, database: db.kind });
  return { config, log, db, health };
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}

function indexerFor(ctx: Context, opts: { resetOnChainChange?: boolean } = {}): Indexer {
  const { config, log, db, health } = ctx;
  return new Indexer({
    connection: new Connection(config.rpcUrl, { commitment: config.commitment }),
    wsUrl: config.wsUrl,
    programId: new PublicKey(config.programId),
    decoder: new IdlEventDecoder(config.programId),
    sink: new PostgresSink(db, { programId: config.programId }),
    log,
    health,
    commitment: config.commitment,
    batchSize: config.batchSize,
    pollIntervalMs: config.pollIntervalMs,
    resetOnChainChange: opts.resetOnChainChange,
  });
}

/** Takes the writer lock (waiting out outages while `signal` holds); a lock taken over later fails `indexer`. */
async function lockFor(ctx: Context, indexer: Indexer, signal: AbortSignal, waitOutages: boolean): Promise<WriterLock | undefined> {
  const take = () =>
    WriterLock.acquire(ctx.db, ctx.config.programId, {
      log: ctx.log,
      signal,
      onTaken: (err) => indexer.fail(err),
      onReacquired: () => (ctx.health.writerLockReacquired += 1),
    });
  return waitOutages ? retryOutages(take, { log: ctx.log, health: ctx.health, signal, during: "writer lock" }) : take();
}

export function buildCli(): Command {
  const program = new Command("indexer").description("Indexes the perps program's events into PostgreSQL (or embedded PGlite)");
  // Every usage error (unknown command or option, missing or invalid value, no command) exits 2;
  // --help and --version exit 0. Subcommands inherit this.
  program.exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : USAGE_EXIT_CODE));

  withConnectionFlags(program.command("migrate").description("apply prisma/migrations to the database (offline, idempotent)")).action(
    async (flags: ConfigFlags) => {
      const ctx = await open(flags, false);
      if (!ctx) return;
      try {
        const res = await migrate(ctx.db);
        ctx.log.info("migrate done", { ...res });
      } finally {
        await ctx.db.close();
      }
    },
  );

  withConnectionFlags(program.command("run").description("catch up from the stored cursor, then follow the live stream"))
    .addOption(new Option("--health-interval <ms>", "log health counters this often (>= 100)").default(10_000).argParser(integerAtLeast(100)))
    .addOption(
      new Option(
        "--reset-on-chain-change",
        "when the database was indexed from another cluster (genesis hash), delete every indexed row and start over instead of stopping with ChainMismatch — only for a local cluster you restart from genesis yourself",
      ).default(false),
    )
    .addOption(
      new Option("--serve-api <port>", "also serve the query API, live feeds and dashboard from this process on 127.0.0.1:<port> (how the embedded database is shared)").argParser(
        integerAtLeast(0),
      ),
    )
    .action(async (flags: ConfigFlags & { healthInterval: number; resetOnChainChange: boolean; serveApi?: number }) => {
      let log: Logger = jsonLogger(loadConfig(flags).logLevel);
      const stop = stopOnSignals(() => log);
      const ctx = await open(flags, true, { signal: stop.signal });
      if (!ctx) process.exit(0);
      log = ctx.log;
      const indexer = indexerFor(ctx, { resetOnChainChange: flags.resetOnChainChange });
      stop.onStop(() => indexer.stop());
      const timer = setInterval(() => {
        ctx.log.info("health", { ...ctx.health });
        // For the API (status, status feed, /metrics); a failed write is retried at the next tick.
        saveHealth(ctx.db, ctx.config.programId, ctx.health).catch(() => undefined);
      }, flags.healthInterval);
      let lock: WriterLock | undefined;
      let api: EmbeddedApi | undefined;
      try {
        lock = await lockFor(ctx, indexer, stop.signal, true);
        if (lock && flags.serveApi !== undefined) {
          api = await serveApi({ db: ctx.db, databaseUrl: ctx.config.databaseUrl, programId: ctx.config.programId, port: flags.serveApi, log: ctx.log });
          process.stdout.write(`dashboard: ${api.url}/\n`);
        }
        if (lock) await indexer.run();
      } finally {
        clearInterval(timer);
        await api?.close();
        ctx.log.info("health", { ...ctx.health });
        await lock?.release();
        await ctx.db.close();
      }
      process.exit(0);
    });

  withConnectionFlags(
    program
      .command("backfill")
      .description("index a slot or signature range (default: from the stored cursor to the head)")
      .option("--from-slot <slot>", "first slot (inclusive)", integerAtLeast(0))
      .option("--to-slot <slot>", "last slot (inclusive)", integerAtLeast(0))
      .option("--before <signature>", "start below this signature (exclusive)", transactionSignature)
      .option("--until <signature>", "stop at this signature (exclusive)", transactionSignature)
      .option("--no-progress", "no progress bar"),
  ).action(async (flags: BackfillFlags, cmd: Command) => {
    if (flags.fromSlot !== undefined && flags.toSlot !== undefined && flags.fromSlot > flags.toSlot) {
      cmd.error(`error: --from-slot (${flags.fromSlot}) is greater than --to-slot (${flags.toSlot})`, { exitCode: USAGE_EXIT_CODE, code: "indexer.invalidRange" });
    }
    let log: Logger = jsonLogger(loadConfig(flags).logLevel);
    const stop = stopOnSignals(() => log);
    const ctx = await open(flags, true);
    if (!ctx) return;
    log = ctx.log;
    const indexer = indexerFor(ctx);
    stop.onStop(() => indexer.stop());
    const explicit = flags.fromSlot ?? flags.toSlot ?? flags.before ?? flags.until;
    const range: BackfillRange | undefined =
      explicit === undefined
        ? undefined
        : { fromSlot: flags.fromSlot, toSlot: flags.toSlot, beforeSignature: flags.before, untilSignature: flags.until };
    const bar = flags.progress && process.stderr.isTTY ? new SingleBar({ stream: process.stderr }, Presets.shades_classic) : null;
    let lock: WriterLock | undefined;
    try {
      lock = await lockFor(ctx, indexer, stop.signal, false);
      const report = await indexer.backfill(range, {
        onTotal: (n) => bar?.start(n, 0),
        onDone: (n) => bar?.update(n),
      });
      bar?.stop();
      ctx.log.info(report.stopped ? "backfill stopped" : "backfill done", { ...report, health: ctx.health });
      // Machine-readable summary on stdout.
      process.stdout.write(JSON.stringify(report) + "\n");
    } finally {
      bar?.stop();
      await lock?.release();
      await ctx.db.close();
    }
  });

  return program;
}

if (require.main === module) {
  buildCli()
    .parseAsync(process.argv)
    .catch((err: unknown) => {
      const e = err instanceof Error ? err : new Error(String(err));
      process.stderr.write(JSON.stringify({ ts: new Date().toISOString(), level: "error", msg: e.message, error: e.name }) + "\n");
      process.exit(e instanceof ConfigError ? USAGE_EXIT_CODE : 1);
    });
}
