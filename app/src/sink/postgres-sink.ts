/**
 * The sink: one database transaction per decoded batch, holding ONE statement
 * (./batch-statement.ts) that
 *   1. inserts the raw events (`program_events`, ON CONFLICT DO NOTHING on the natural key),
 *      stored as `processed` because they are projected in the same transaction;
 *   2. projects the batch, in chain order, into the domain tables (idempotent per table);
 *   3. stores dead letters and records fill-sequence gaps;
 *   4. advances the per-program cursor.
 * Replaying any batch is a no-op, so at-least-once delivery from the sources is exactly-once in
 * effect. Works on PostgreSQL and PGlite alike, through the raw driver or Prisma raw queries.
 *
 * `prepare` (pure CPU: projection and serialisation) and `execute` (the database) are separate so
 * a caller can prepare the next batch while the server applies this one (PipelinedWriter).
 */
import type { PrismaClient } from "../../generated/prisma";
import type { Database } from "../db/database";
import { classifyDatabaseErrors } from "../db/errors";
import type { DecodedBatch } from "../types";
import { batchStatement, NOTIFY_CHANNEL, type BatchOptions, type BatchStatement, type BatchStatementResult } from "./batch-statement";

export type { BatchOptions };

/** One statement at a time inside the sink's database transaction. */
interface Tx {
  query<T>(sql: string, params: unknown[]): Promise<T[]>;
}

export interface Cursor {
  programId: string;
  slot: number;
  txIndex: number;
  signature: string;
  blockTime: number | null;
}

export interface FillGap {
  market: string;
  expectedSeq: bigint;
  foundSeq: bigint;
  signature: string;
  slot: number;
}

export interface SinkResult {
  /** Raw events newly stored (and projected). */
  inserted: number;
  /** Events already stored by an earlier write (replays). */
  duplicates: number;
  deadLetters: number;
  gaps: FillGap[];
  cursor: Cursor | null;
}

export interface Sink {
  /** prepare + execute. */
  write(batch: DecodedBatch, opts?: BatchOptions): Promise<SinkResult>;
  /** Projects and serialises a batch without touching the database. */
  prepare(batch: DecodedBatch, opts?: BatchOptions): BatchStatement;
  /** Applies a prepared batch atomically. */
  execute(stmt: BatchStatement): Promise<SinkResult>;
  readCursor(): Promise<Cursor | null>;
  /**
   * Binds the program's rows in this database to a cluster on first use and returns the genesis
   * hash they are bound to (the given one, or the one stored earlier).
   */
  bindChain(genesisHash: string): Promise<string>;
  /**
   * Deletes every indexed row (all indexer tables) and binds the database to `genesisHash`, in
   * one transaction: for a local cluster that restarted from genesis, never for a real one.
   */
  resetChain(genesisHash: string): Promise<void>;
}

/** Every table the indexer writes; `resetChain` empties them all. */
export const INDEXED_TABLES = [
  "program_events",
  "markets",
  "trades",
  "positions",
  "position_history",
  "liquidations",
  "admin_actions",
  "position_closures",
  "order_cancellations",
  "insurance_fund_changes",
  "bankruptcies",
  "candles_1m",
  "candles_1h",
  "fill_seq_gaps",
  "dead_letters",
  "indexer_cursors",
  "indexer_chains",
  "indexer_health",
] as const;

export interface PostgresSinkOptions {
  programId: string;
  /** Interactive transaction timeout (Prisma's default of 5 s is too short for big batches). */
  transactionTimeoutMs?: number;
  /**
   * `SET LOCAL synchronous_commit = off` in each batch transaction (default: on PostgreSQL, not
   * on PGlite). Safe on a PostgreSQL server: a batch's raw events, projections and cursor commit
   * atomically either way; a server crash can only lose the last few hundred milliseconds of
   * commits as a whole (the WAL writer flushes them within 3 × wal_writer_delay), and the indexer
   * then resumes from the older cursor and re-applies them from the chain. Not on PGlite: it has
   * no WAL writer, so an asynchronous commit reached its files only at a later checkpoint or a
   * clean close — a SIGKILL seconds after "caught up" lost every batch.
   */
  asyncCommit?: boolean;
}

function isDatabase(db: PrismaClient | Database): db is Database {
  return typeof (db as Database).transaction === "function" && typeof (db as Database).kind === "string";
}

export class PostgresSink implements Sink {
  /**
   * With a `Database` the sink talks to the raw driver (pg / PGlite) in its own transactions: no
   * Prisma query-engine hop for its large array parameters. With a bare `PrismaClient` it uses
   * Prisma interactive transactions and raw queries (same SQL).
   */
  constructor(
    private readonly db: PrismaClient | Database,
    private readonly opts: PostgresSinkOptions,
  ) {}

  private inTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    // Batches of one program never run concurrently, whatever the number of writers: the gap
    // check then always sees every earlier batch (its statement's snapshot is taken after the
    // lock is granted). The lock ends with the transaction, so no connection loss can leak it.
    const key = `perps-indexer-batch:${this.opts.programId}`.replace(/'/g, "''");
    const begin = [`SELECT pg_advisory_xact_lock(hashtextextended('${key}', 0))`];
    const asyncCommit = this.opts.asyncCommit ?? !(isDatabase(this.db) && this.db.kind === "pglite");
    if (asyncCommit) begin.push("SET LOCAL synchronous_commit TO OFF");
    if (isDatabase(this.db)) {
      return this.db.transaction((q) => fn({ query: <R>(sql: string, params: unknown[]) => q.query(sql, params) as Promise<R[]> }), begin.join("; "));
    }
    return this.db.$transaction(
      async (ptx) => {
        for (const sql of begin) await ptx.$executeRawUnsafe(sql);
        return fn({ query: <R>(sql: string, params: unknown[]) => ptx.$queryRawUnsafe<R[]>(sql, ...params) });
      },
      { timeout: this.opts.transactionTimeoutMs ?? 120_000, maxWait: 30_000 },
    );
  }

  /** The stored cursor; a database outage is thrown as DatabaseUnavailableError. */
  readCursor(): Promise<Cursor | null> {
    return classifyDatabaseErrors(() => this.readCursorOnce());
  }

  private async readCursorOnce(): Promise<Cursor | null> {
    const sql = `SELECT last_slot::text AS slot, last_tx_index AS tx, last_signature AS sig, last_block_time::text AS bt
         FROM indexer_cursors WHERE program_id = $1`;
    type R = { slot: string; tx: number; sig: string; bt: string | null };
    const rows = isDatabase(this.db)
      ? await this.db.query<R>(sql, [this.opts.programId])
      : await this.db.$queryRawUnsafe<R[]>(sql, this.opts.programId);
    if (rows.length === 0) return null;
    const r = rows[0];
    return { programId: this.opts.programId, slot: Number(r.slot), txIndex: r.tx, signature: r.sig, blockTime: r.bt === null ? null : Number(r.bt) };
  }

  bindChain(genesisHash: string): Promise<string> {
    return classifyDatabaseErrors(async () => {
      const bind = `INSERT INTO indexer_chains (program_id, genesis_hash) VALUES ($1, $2) ON CONFLICT (program_id) DO NOTHING`;
      const read = `SELECT genesis_hash AS g FROM indexer_chains WHERE program_id = $1`;
      const id = this.opts.programId;
      if (isDatabase(this.db)) {
        await this.db.query(bind, [id, genesisHash]);
        return (await this.db.query<{ g: string }>(read, [id]))[0].g;
      }
      await this.db.$executeRawUnsafe(bind, id, genesisHash);
      return (await this.db.$queryRawUnsafe<Array<{ g: string }>>(read, id))[0].g;
    });
  }

  resetChain(genesisHash: string): Promise<void> {
    return classifyDatabaseErrors(async () => {
      await this.inTransaction(async (tx) => {
        await tx.query(`TRUNCATE ${INDEXED_TABLES.join(", ")}`, []);
        await tx.query(`INSERT INTO indexer_chains (program_id, genesis_hash) VALUES ($1, $2)`, [this.opts.programId, genesisHash]);
        // The API's live feeds start over (their keys belonged to the old chain).
        await tx.query(`SELECT pg_notify('${NOTIFY_CHANNEL}', $1) IS NULL AS n`, [JSON.stringify({ programId: this.opts.programId, reset: true })]);
      });
    });
  }

  /** Projects and serialises `batch` (CPU only; the database is not touched). */
  prepare(batch: DecodedBatch, opts?: BatchOptions): BatchStatement {
    return batchStatement(batch, this.opts.programId, opts);
  }

  /**
   * Applies a prepared batch in one database transaction. A database outage is thrown as
   * DatabaseUnavailableError; the batch commits entirely or not at all, and replaying it is a
   * no-op, so the caller simply retries.
   */
  execute(stmt: BatchStatement): Promise<SinkResult> {
    return classifyDatabaseErrors(() => this.executeOnce(stmt));
  }

  private async executeOnce(stmt: BatchStatement): Promise<SinkResult> {
    const cursor: Cursor | null = stmt.cursor ? { programId: this.opts.programId, ...stmt.cursor } : null;
    if (stmt.events === 0 && stmt.deadLetters === 0 && cursor === null) {
      return { inserted: 0, duplicates: 0, deadLetters: 0, gaps: [], cursor: null };
    }
    const [row] = await this.inTransaction((tx) => tx.query<BatchStatementResult>(stmt.sql, stmt.params));
    const gaps = (JSON.parse(row.gaps) as Array<{ market: string; expectedSeq: string; foundSeq: string; signature: string; slot: string | number }>).map(
      (g): FillGap => ({ market: g.market, expectedSeq: BigInt(g.expectedSeq), foundSeq: BigInt(g.foundSeq), signature: g.signature, slot: Number(g.slot) }),
    );
    const inserted = Number(row.inserted);
    return { inserted, duplicates: stmt.events - inserted, deadLetters: stmt.deadLetters, gaps, cursor };
  }

  write(batch: DecodedBatch, opts?: BatchOptions): Promise<SinkResult> {
    return this.execute(this.prepare(batch, opts));
  }
}
