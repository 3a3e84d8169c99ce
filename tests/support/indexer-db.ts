/** Fresh, migrated indexer databases for tests: one PostgreSQL database per call, dropped after. */
import { dropPostgresDatabase, openDatabase, type Database } from "../../app/src/db/database";
import { migrate } from "../../app/src/db/migrate";
import { INDEXED_TABLES } from "../../app/src/sink/postgres-sink";

export const PG_BASE_URL = process.env.INDEXER_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432";

let counter = 0;
export function testDatabaseUrl(tag: string): string {
  counter += 1;
  return `${PG_BASE_URL}/perps_indexer_test_${tag}_${process.pid}_${counter}`;
}

export interface TestDb {
  url: string;
  db: Database;
  drop(): Promise<void>;
}

export async function freshPostgres(tag: string): Promise<TestDb> {
  const url = testDatabaseUrl(tag);
  await dropPostgresDatabase(url);
  const db = await openDatabase({ databaseUrl: url, pgliteDir: "", createIfMissing: true });
  await migrate(db);
  return {
    url,
    db,
    async drop() {
      await db.close();
      await dropPostgresDatabase(url);
    },
  };
}

/** Row counts of every table the indexer writes (`INDEXED_TABLES`). */
export async function tableCounts(db: Database): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of INDEXED_TABLES) {
    const rows = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM "${t}"`);
    out[t] = Number(rows[0].n);
  }
  return out;
}
