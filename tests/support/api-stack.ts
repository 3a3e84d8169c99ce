/**
 * The API tests' stack: a dedicated perps-localnet, a fresh PostgreSQL database, the real indexer
 * following the cluster in this process, and the API (read-only role) on a free port.
 */
import { buildApi, type Api, type ApiOptions } from "../../app/src/api/server";
import { openPostgresReadDb, type ReadDb } from "../../app/src/api/read-db";
import { saveHealth } from "../../app/src/health-store";
import { newHealth, type Health } from "../../app/src/log";
import type { Indexer } from "../../app/src/pipeline";
import { freshPostgres, type TestDb } from "./indexer-db";
import { startDedicatedCluster, type DedicatedCluster } from "./indexer-cluster";
import { indexerFor, waitFor } from "./indexer-run";

export interface ApiServer {
  api: Api;
  read: ReadDb;
  url: string;
  ws: string;
  close(): Promise<void>;
}

export interface ApiStack {
  cluster: DedicatedCluster;
  t: TestDb;
  indexer: Indexer;
  health: Health;
  programId: string;
  server: ApiServer;
  /** Another API on the same database (e.g. with other limits); closed by `stop`. */
  extraServer(opts?: Partial<ApiOptions>): Promise<ApiServer>;
  /** Resolves once the indexer's cursor reached the slot of `signature`, and writes its health. */
  indexed(signature: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startApiServer(databaseUrl: string, opts: Partial<ApiOptions> & { programId: string }): Promise<ApiServer> {
  const read = await openPostgresReadDb(databaseUrl);
  const api = await buildApi({ db: read, rateLimitPerMinute: 0, ...opts });
  const url = await api.app.listen({ host: "127.0.0.1", port: 0 });
  return {
    api,
    read,
    url,
    ws: url.replace(/^http/, "ws"),
    async close() {
      await api.close();
      await read.close();
    },
  };
}

export async function startApiStack(tag: string): Promise<ApiStack> {
  const cluster = await startDedicatedCluster();
  const t = await freshPostgres(tag);
  const health = newHealth();
  const programId = cluster.program.programId.toBase58();
  const indexer = indexerFor(cluster, t.db, { batchSize: 20, health });
  const running = indexer.run().catch((err: unknown) => {
    console.error("indexer failed", err);
  });
  const server = await startApiServer(t.url, { programId });
  const extras: ApiServer[] = [];
  return {
    cluster,
    t,
    indexer,
    health,
    programId,
    server,
    async extraServer(opts = {}) {
      const s = await startApiServer(t.url, { programId, ...opts });
      extras.push(s);
      return s;
    },
    async indexed(signature) {
      const tx = await cluster.connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
      if (!tx) throw new Error(`transaction ${signature} not found`);
      await waitFor(`the indexer to reach slot ${tx.slot}`, async () => {
        const rows = await t.db.query<{ s: string }>(`SELECT last_slot::text AS s FROM indexer_cursors WHERE program_id = $1`, [programId]);
        return rows.length > 0 && Number(rows[0].s) >= tx.slot;
      });
      await saveHealth(t.db, programId, health);
    },
    async stop() {
      for (const s of extras) await s.close();
      await server.close();
      indexer.stop();
      await running;
      await t.drop();
      await cluster.stop();
    },
  };
}
