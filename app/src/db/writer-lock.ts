/**
 * One writer per program and database. Two indexers writing the same program into the same
 * database would not corrupt it (every write is idempotent, and the sink serialises batches with
 * a per-transaction lock), but each would redo the other's work. `run` and `backfill` therefore
 * hold a session advisory lock for their lifetime and a second one is refused.
 */
import type { Database } from "./database";
import { IndexerLockedError } from "./errors";

/** Runs `fn` while holding the program's writer lock; throws IndexerLockedError if it is taken. */
export async function withWriterLock<T>(db: Database, programId: string, fn: () => Promise<T>): Promise<T> {
  return db.session(async (q) => {
    const key = `perps-indexer:${programId}`;
    const [row] = await q.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok`, [key]);
    if (!row?.ok) {
      throw new IndexerLockedError(`another indexer is writing program ${programId} into this database (advisory lock held); stop it first`);
    }
    try {
      return await fn();
    } finally {
      await q.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [key]).catch(() => undefined);
    }
  });
}
