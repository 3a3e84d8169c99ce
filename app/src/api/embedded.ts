/**
 * The API inside the indexer's process (`indexer run --serve-api <port>`, used by `npm start`):
 * the embedded PGlite database is one in-process connection, so the indexer and the API share it
 * here rather than through PGlite's socket server (which serves one connection at a time and would
 * add a protocol hop to every query). On PostgreSQL the API still opens its own read-only pool.
 */
import type { Database } from "../db/database";
import type { Logger } from "../log";
import { openPostgresReadDb, pgliteReadDb, type ReadDb } from "./read-db";
import { buildApi } from "./server";

export interface EmbeddedApi {
  url: string;
  close(): Promise<void>;
}

export async function serveApi(o: { db: Database; databaseUrl?: string; programId: string; host?: string; port: number; log: Logger }): Promise<EmbeddedApi> {
  const read: ReadDb = o.db.kind === "pglite" ? pgliteReadDb(o.db) : await openPostgresReadDb(o.databaseUrl ?? "");
  const api = await buildApi({ db: read, programId: o.programId });
  const url = await api.app.listen({ host: o.host ?? "127.0.0.1", port: o.port });
  o.log.info("api listening", { url, dashboard: `${url}/`, openapi: `${url}/openapi.json`, metrics: `${url}/metrics` });
  return {
    url,
    async close() {
      await api.close();
      await read.close();
    },
  };
}
