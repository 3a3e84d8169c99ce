/**
 * The API's database access: read-only, and a LISTEN channel for the live feeds.
 *
 * - PostgreSQL: a pool of its own whose every connection starts as role `perps_readonly` (the role
 *   the migration `20261201160000_api_read_model` creates with SELECT on the indexer's tables) and
 *   `default_transaction_read_only`; the API refuses to start when the role cannot be taken. LISTEN
 *   runs on one more dedicated connection, re-established after a loss.
 * - Embedded PGlite (one process with the indexer, `npm start`): the indexer's own database
 *   object; every API query runs in a `READ ONLY` transaction and LISTEN is PGlite's own.
 */
import pg from "pg";
import type { Database } from "../db/database";

export const READ_ONLY_ROLE = "perps_readonly";

export interface ReadDb {
  readonly kind: "postgres" | "pglite";
  query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * Calls `onPayload` for every notification on `channel`. `onGap` is called when notifications
   * may have been missed (the LISTEN connection was lost and is back): re-read from the database.
   */
  listen(channel: string, onPayload: (payload: string) => void, onGap: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** The API cannot take its read-only role (run the migrations, or grant the role to the API's user). */
export class ReadOnlyRoleError extends Error {
  override readonly name = "ReadOnlyRoleUnavailable";
}

export interface PostgresReadOptions {
  /** Pool size (default 10). */
  max?: number;
}

export async function openPostgresReadDb(url: string, opts: PostgresReadOptions = {}): Promise<ReadDb> {
  // The role and read-only default are startup parameters of every connection (as PGOPTIONS would
  // set them): no connection of the pool ever runs a query under the login role.
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    keepAlive: true,
    connectionTimeoutMillis: 10_000,
    statement_timeout: 30_000,
    options: `-c role=${READ_ONLY_ROLE} -c default_transaction_read_only=on`,
  });
  pool.on("error", () => undefined);
  try {
    const [who] = (await pool.query<{ u: string; ro: string }>("SELECT current_user AS u, current_setting('default_transaction_read_only') AS ro")).rows;
    if (who.u !== READ_ONLY_ROLE || who.ro !== "on") throw new Error(`connected as ${who.u}`);
  } catch (err) {
    await pool.end();
    throw new ReadOnlyRoleError(
      `cannot SET ROLE ${READ_ONLY_ROLE} (${(err as Error).message}): apply the migrations (npm run db:migrate) and connect as the tables' owner or a member of ${READ_ONLY_ROLE}`,
    );
  }
  return {
    kind: "postgres",
    async query<T extends Record<string, unknown>>(sql: string, params: unknown[] = []) {
      return (await pool.query(sql, params)).rows as T[];
    },
    listen: (channel, onPayload, onGap) => listenPostgres(url, channel, onPayload, onGap),
    async close() {
      await pool.end();
    },
  };
}

/** LISTEN on a dedicated connection; reconnects with backoff (250 ms doubling to 5 s) and reports a gap. */
async function listenPostgres(url: string, channel: string, onPayload: (p: string) => void, onGap: () => void): Promise<() => Promise<void>> {
  let stopped = false;
  let client: pg.Client | null = null;
  let attempt = 0;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url, keepAlive: true, connectionTimeoutMillis: 10_000 });
    c.on("notification", (n) => {
      if (n.channel === channel) onPayload(n.payload ?? "");
    });
    const lost = (): void => {
      if (stopped || client !== c) return;
      client = null;
      c.end().catch(() => undefined);
      retry();
    };
    c.on("error", lost);
    c.on("end", lost);
    await c.connect();
    await c.query(`LISTEN "${channel.replace(/"/g, '""')}"`);
    client = c;
  };
  const retry = (): void => {
    const delay = Math.min(5_000, 250 * 2 ** Math.min(attempt, 5));
    attempt += 1;
    setTimeout(() => {
      if (stopped) return;
      connect().then(
        () => {
          attempt = 0;
          onGap();
        },
        () => retry(),
      );
    }, delay).unref();
  };
  await connect();
  return async () => {
    stopped = true;
    const c = client;
    client = null;
    await c?.end().catch(() => undefined);
  };
}

/** The indexer's embedded database, read through READ ONLY transactions. */
export function pgliteReadDb(db: Database): ReadDb {
  const pglite = db.pglite;
  if (db.kind !== "pglite" || !pglite) throw new Error("pgliteReadDb needs an embedded PGlite database");
  return {
    kind: "pglite",
    query: <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => db.transaction((q) => q.query<T>(sql, params), "SET TRANSACTION READ ONLY"),
    async listen(channel, onPayload) {
      const unsubscribe = await pglite.listen(channel, onPayload);
      return () => unsubscribe();
    },
    // The database belongs to the indexer.
    close: async () => undefined,
  };
}
