/**
 * One writer per program and database. Two indexers writing the same program into the same
 * database would not corrupt it (every write is idempotent, and the sink serialises batches with
 * a per-transaction lock), but each would redo the other's work. `run` and `backfill` therefore
 * hold a session advisory lock for their lifetime and a second one is refused.
 *
 * A session lock lives as long as its connection: a PostgreSQL restart, a failover or
 * `pg_terminate_backend` ends it silently. The lock therefore sits on a connection of its own
 * (not a pooled one) whose loss is noticed at once; it is then taken again on a new connection,
 * waiting out the outage, or — when another writer took it in between — the owner is told with
 * IndexerLockedError and stops.
 */
import { silentLogger, type Logger } from "../log";
import { abortableSleep, outageDelayMs } from "../retry";
import type { Database, HeldConnection } from "./database";
import { classifyDatabaseErrors, IndexerLockedError, isDatabaseUnavailable } from "./errors";

const lockKey = (programId: string): string => `perps-indexer:${programId}`;

/** Takes the lock on a new held connection; IndexerLockedError if another session has it. */
async function takeLock(db: Database, programId: string): Promise<HeldConnection> {
  const conn = await classifyDatabaseErrors(() => db.hold());
  try {
    const [row] = await classifyDatabaseErrors(() =>
      conn.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok`, [lockKey(programId)]),
    );
    if (!row?.ok) {
      throw new IndexerLockedError(`another indexer is writing program ${programId} into this database (advisory lock held); stop it first`);
    }
    return conn;
  } catch (err) {
    await conn.release();
    throw err;
  }
}

export interface WriterLockOptions {
  log: Logger;
  /** Aborting it stops any re-acquisition in progress. */
  signal: AbortSignal;
  /** The lock is gone for good (another writer took it, or a non-outage error): stop writing. */
  onTaken: (err: Error) => void;
  /** Called each time the lock was taken again after its connection was lost. */
  onReacquired?: () => void;
  maxRetryDelayMs?: number;
}

export class WriterLock {
  private released = false;

  private constructor(
    private readonly db: Database,
    private readonly programId: string,
    private conn: HeldConnection,
    private readonly o: WriterLockOptions,
  ) {
    this.watch(conn);
  }

  /** Takes the program's writer lock; throws IndexerLockedError if it is held elsewhere. */
  static async acquire(db: Database, programId: string, o: WriterLockOptions): Promise<WriterLock> {
    return new WriterLock(db, programId, await takeLock(db, programId), o);
  }

  private watch(conn: HeldConnection): void {
    conn.onLost((cause) => {
      if (this.released || conn !== this.conn) return;
      this.o.log.warn("writer lock lost with its database connection: taking it again", { cause: cause instanceof Error ? cause.message : String(cause) });
      void this.reacquire();
    });
  }

  private async reacquire(): Promise<void> {
    await this.conn.release();
    for (let attempt = 1; !this.released && !this.o.signal.aborted; attempt++) {
      try {
        const conn = await takeLock(this.db, this.programId);
        if (this.released) {
          await conn.release();
          return;
        }
        this.conn = conn;
        this.watch(conn);
        this.o.log.info("writer lock taken again", { afterAttempts: attempt });
        this.o.onReacquired?.();
        return;
      } catch (err) {
        if (!isDatabaseUnavailable(err)) {
          this.o.log.error("writer lock lost to another writer: stopping", { error: (err as Error).name, message: (err as Error).message });
          this.o.onTaken(err as Error);
          return;
        }
        await abortableSleep(outageDelayMs(attempt, this.o.maxRetryDelayMs), this.o.signal);
      }
    }
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.conn.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [lockKey(this.programId)]).catch(() => undefined);
    await this.conn.release();
  }
}

/**
 * Runs `fn` while holding the program's writer lock (taken again after a lost connection, quietly);
 * when another writer took it meanwhile, `fn`'s result is replaced by that IndexerLockedError.
 */
export async function withWriterLock<T>(db: Database, programId: string, fn: () => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let taken: Error | null = null;
  const lock = await WriterLock.acquire(db, programId, { log: silentLogger, signal: controller.signal, onTaken: (err) => (taken = err) });
  try {
    const out = await fn();
    if (taken) throw taken;
    return out;
  } finally {
    controller.abort();
    await lock.release();
  }
}
