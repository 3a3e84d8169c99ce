/**
 * Opens the indexer's database: a real PostgreSQL server when a URL is given, otherwise an
 * embedded PGlite directory. Both are reached through Prisma (driver adapters) for queries and
 * through the raw driver for multi-statement scripts (migrations).
 */
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import pg from "pg";
import { PrismaClient } from "../../generated/prisma";
import { IndexerLockedError } from "./errors";

/** Raw driver access on one connection. */
export interface Queryable {
  /** Runs a script of one or more statements without parameters. */
  exec(sql: string): Promise<void>;
  /** Runs one parameterised statement. */
  query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

/** A connection of its own (session state such as a session lock lives exactly as long as it). */
export interface HeldConnection extends Queryable {
  /** Called once when the server or the network drops the connection (never for PGlite). */
  onLost(fn: (cause: unknown) => void): void;
  release(): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: "postgres" | "pglite";
  readonly prisma: PrismaClient;
  /** The embedded PGlite instance (pglite only): its LISTEN/NOTIFY for the API's live feeds. */
  readonly pglite?: PGlite;
  /** Runs `fn` on one pinned connection (session state such as locks and transactions). */
  session<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` in one database transaction on the raw driver (no Prisma round trip through the
   * query engine): committed when `fn` resolves, rolled back when it throws. `begin` is extra
   * SQL sent with BEGIN in the same round trip (e.g. `SET LOCAL …`).
   */
  transaction<T>(fn: (q: Queryable) => Promise<T>, begin?: string): Promise<T>;
  /** Opens a connection outside the pool, kept until released (PGlite: its one connection). */
  hold(): Promise<HeldConnection>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL; when absent, the embedded PGlite directory is used. */
  databaseUrl?: string;
  pgliteDir: string;
  /** Create the PostgreSQL database named in the URL when it does not exist. */
  createIfMissing?: boolean;
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.databaseUrl) {
    if (opts.createIfMissing) await ensurePostgresDatabase(opts.databaseUrl);
    return openPostgres(opts.databaseUrl);
  }
  return openPglite(opts.pgliteDir);
}

/**
 * A pooled connection with an 'error' listener while it is checked out: when the server or the
 * network drops it, node-postgres emits 'error' on the client (the pool listens only while it is
 * idle); the pending query rejects with the same error, so the listener only keeps the process up.
 */
async function checkout(pool: pg.Pool): Promise<pg.PoolClient> {
  const conn = await pool.connect();
  conn.on("error", ignoreError);
  return conn;
}
const ignoreError = (): void => undefined;

function openPostgres(url: string): Database {
  // keepAlive + timeouts: a half-open connection (NAT drop, failover without a reset) becomes a
  // DatabaseUnavailable error within minutes instead of a query that hangs until the kernel gives up.
  const pool = new pg.Pool({ connectionString: url, max: 4, keepAlive: true, connectionTimeoutMillis: 10_000, query_timeout: 300_000 });
  // An idle pooled connection the server terminates (restart, pg_terminate_backend) is dropped by
  // the pool; without a listener its 'error' would crash the process. The next query reconnects.
  pool.on("error", () => undefined);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    kind: "postgres",
    prisma,
    async exec(sql) {
      await pool.query(sql);
    },
    async query<T extends Record<string, unknown>>(sql: string, params: unknown[] = []) {
      return (await pool.query(sql, params)).rows as T[];
    },
    async session(fn) {
      const conn = await checkout(pool);
      try {
        return await fn({
          async exec(sql) {
            await conn.query(sql);
          },
          async query<T extends Record<string, unknown>>(sql: string, params: unknown[] = []) {
            return (await conn.query(sql, params)).rows as T[];
          },
        });
      } finally {
        conn.off("error", ignoreError);
        conn.release();
      }
    },
    async transaction(fn, begin) {
      const conn = await checkout(pool);
      let ok = false;
      try {
        await conn.query(begin ? `BEGIN; ${begin}` : "BEGIN");
        const q: Queryable = {
          async exec(sql) {
            await conn.query(sql);
          },
          async query<T extends Record<string, unknown>>(sql: string, params: unknown[] = []) {
            return (await conn.query(sql, params)).rows as T[];
          },
        };
        const out = await fn(q);
        await conn.query("COMMIT");
        ok = true;
        return out;
      } finally {
        if (!ok) await conn.query("ROLLBACK").catch(() => undefined);
        // A connection whose ROLLBACK failed is not reused.
        conn.off("error", ignoreError);
        conn.release(!ok);
      }
    },
    hold: () => holdPostgres(url),
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

async function holdPostgres(url: string): Promise<HeldConnection> {
  const client = new pg.Client({ connectionString: url, keepAlive: true, connectionTimeoutMillis: 10_000 });
  let lost: ((cause: unknown) => void) | null = null;
  let released = false;
  let gone: unknown = undefined;
  const drop = (cause: unknown): void => {
    if (released || gone !== undefined) return;
    gone = cause ?? new Error("connection ended");
    lost?.(gone);
  };
  client.on("error", drop);
  client.on("end", () => drop(new Error("connection ended")));
  await client.connect();
  return {
    async exec(sql) {
      await client.query(sql);
    },
    async query<T extends Record<string, unknown>>(sql: string, params: unknown[] = []) {
      return (await client.query(sql, params)).rows as T[];
    },
    onLost(fn) {
      lost = fn;
      if (gone !== undefined) fn(gone);
    },
    async release() {
      released = true;
      await client.end().catch(() => undefined);
    },
  };
}

/**
 * An embedded PGlite server owns its directory: a second process opening it would corrupt it, and
 * PGlite itself does not prevent that. A lock file holding the owner's pid does; a lock left by a
 * process that no longer exists (e.g. SIGKILL) is taken over. Returns the release function.
 */
function lockPgliteDirectory(dir: string): () => void {
  const file = path.join(dir, ".perps-indexer.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: "wx" });
      return () => fs.rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const pid = Number(fs.readFileSync(file, "utf8").trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) {
        throw new IndexerLockedError(`the PGlite directory ${dir} is in use by process ${pid}; stop it first (two embedded servers on one directory corrupt it)`);
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock the PGlite directory ${dir}`);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function openPglite(dir: string): Promise<Database> {
  fs.mkdirSync(dir, { recursive: true });
  const unlock = lockPgliteDirectory(dir);
  let client: PGlite;
  try {
    client = await PGlite.create(dir);
  } catch (err) {
    unlock();
    throw err;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(client) });
  const raw: Queryable = {
    async exec(sql) {
      await client.exec(sql);
    },
    async query<T extends Record<string, unknown>>(sql: string, params: unknown[] = []) {
      return (await client.query<T>(sql, params)).rows;
    },
  };
  return {
    kind: "pglite",
    prisma,
    pglite: client,
    ...raw,
    // PGlite is a single connection, in this process: it cannot be lost.
    session: (fn) => fn(raw),
    hold: async () => ({ ...raw, onLost: () => undefined, release: async () => undefined }),
    transaction: (fn, begin) =>
      client.transaction(async (tx) => {
        if (begin) await tx.exec(begin);
        return fn({
          async exec(sql) {
            await tx.exec(sql);
          },
          async query<T extends Record<string, unknown>>(sql: string, params: unknown[] = []) {
            return (await tx.query<T>(sql, params)).rows;
          },
        });
      }),
    async close() {
      try {
        await prisma.$disconnect();
        await client.close();
      } finally {
        unlock();
      }
    },
  };
}

/**
 * CREATE DATABASE for the URL's database name when missing. Connects to the target first, and to
 * the `postgres` maintenance database only when the target does not exist (SQLSTATE 3D000), so a
 * role without access to `postgres` can use an existing database.
 */
export async function ensurePostgresDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
  if (!name) return;
  const probe = new pg.Client({ connectionString: url });
  try {
    await probe.connect();
    await probe.end();
    return;
  } catch (err) {
    // A failed connect has closed its socket already.
    if ((err as { code?: string }).code !== "3D000") throw err;
  }
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } catch (err) {
    // Another process created it since the probe: that is the goal anyway.
    if ((err as { code?: string }).code !== "42P04") throw err;
  } finally {
    await client.end();
  }
}

/** DROP DATABASE (tests only). */
export async function dropPostgresDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ""));
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
