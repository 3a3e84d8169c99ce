/**
 * Applies prisma/migrations/<timestamp>_<name>/migration.sql offline, recording each in
 * `_prisma_migrations` exactly as `prisma migrate deploy` does (same table, sha256 checksum of the
 * file, finished_at, applied_steps_count), so the two can be used interchangeably. Idempotent:
 * applied migrations are skipped; a checksum mismatch or a half-applied migration is an error.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Database, Queryable } from "./database";

export const MIGRATIONS_DIR = path.resolve(__dirname, "../../../prisma/migrations");

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`.replace(" UNSIGNED", "");

/** Same key Prisma's schema engine uses for its advisory lock. */
const ADVISORY_LOCK_KEY = 72707369;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
}

export interface MigrateResult {
  applied: string[];
  skipped: string[];
}

export async function migrate(db: Database, dir = MIGRATIONS_DIR): Promise<MigrateResult> {
  return db.session((conn) => migrateOn(conn, db.kind === "postgres", dir));
}

async function migrateOn(db: Queryable, lock: boolean, dir: string): Promise<MigrateResult> {
  const result: MigrateResult = { applied: [], skipped: [] };
  if (lock) await db.query("SELECT pg_advisory_lock($1)", [ADVISORY_LOCK_KEY]);
  try {
    await db.exec(CREATE_TABLE);
    const rows = await db.query<{ migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null }>(
      `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`,
    );
    for (const m of listMigrations(dir)) {
      const done = rows.filter((r) => r.migration_name === m.name && r.rolled_back_at === null);
      if (done.some((r) => r.finished_at === null)) {
        throw new Error(`migration ${m.name} started but did not finish; resolve it before migrating`);
      }
      if (done.length > 0) {
        if (done[0].checksum !== m.checksum) {
          throw new Error(`migration ${m.name} was modified after it was applied (checksum mismatch)`);
        }
        result.skipped.push(m.name);
        continue;
      }
      const id = crypto.randomUUID();
      // One transaction per migration: the script and its record commit together.
      await db.exec(
        `BEGIN;\n${m.sql}\n;INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) ` +
          `VALUES ('${id}', '${m.checksum}', now(), '${m.name.replace(/'/g, "''")}', 1);\nCOMMIT;`,
      ).catch(async (err: unknown) => {
        await db.exec("ROLLBACK").catch(() => undefined);
        throw new Error(`migration ${m.name} failed: ${(err as Error).message}`);
      });
      result.applied.push(m.name);
    }
  } finally {
    if (lock) await db.query("SELECT pg_advisory_unlock($1)", [ADVISORY_LOCK_KEY]);
  }
  return result;
}
