/**
 * npm run bench:api [-- --fills 1000000 --seconds 5 --concurrency 8]
 *
 * Read throughput and latency of the query API on PostgreSQL with N fills (default 1,000,000;
 * generated in SQL, see api-data.ts), per endpoint: requests/s, p50 and p99 under `concurrency`
 * closed-loop clients over kept-alive HTTP connections, against the API as its own process
 * (`npm run api`, rate limit off). In the same run, the same queries through the raw driver —
 * the API's own query functions (the very ones its routes call: list routes get their JSON text
 * from PostgreSQL) on a pg pool in this process, no HTTP — are the ceiling. Prints
 * the HTTP/raw ratio at p50 per endpoint. Targets: HTTP overhead <= 1.3x at p50 (each endpoint),
 * candles over 30 days of 1m bars p99 <= 50 ms. Exits 1 naming a missed target, 2 on a bad flag.
 */
import { openDatabase } from "../src/db/database";
import { migrate } from "../src/db/migrate";
import { PERPS_IDL } from "../src/idl";
import { candlesJson, type Interval } from "../src/api/queries/candles";
import { markets } from "../src/api/queries/markets";
import { ownerPositions } from "../src/api/queries/positions";
import { marketTradesJson, ownerTradesJson } from "../src/api/queries/trades";
import { parseKey } from "../src/api/keys";
import { openPostgresReadDb, type ReadDb } from "../src/api/read-db";
import { spawnApi } from "../src/api/spawn";
import { ensureBenchData, DAYS, type BenchData } from "./api-data";
import { get, load, type LoadResult } from "./load";
import { positiveIntArg as arg } from "./args";


const FILLS = arg("fills", 1_000_000);
const SECONDS = arg("seconds", 5);
const CONCURRENCY = arg("concurrency", 8);
const URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/perps_api_bench";
const TARGET_OVERHEAD = 1.3;
const TARGET_CANDLES_30D_P99_MS = 50;

interface Endpoint {
  name: string;
  http: (i: number) => string;
  raw: (db: ReadDb, i: number) => Promise<unknown>;
}

function endpoints(d: BenchData, cursors: string[]): Endpoint[] {
  const m = d.markets[0];
  const owner = (i: number) => d.owners[(i * 37) % d.owners.length];
  const day = { from: d.end - 86_400, to: d.end + 1 };
  const month = { from: d.end - DAYS * 86_400, to: d.end + 1 };
  const bars = (interval: Interval, r: { from: number; to: number }, limit: number): Endpoint => ({
    name: `candles ${interval} over ${r === day ? "24 h" : "30 d"}`,
    http: () => `/v1/markets/${m}/candles?interval=${interval}&from=${r.from}&to=${r.to}&limit=${limit}`,
    raw: (db) => candlesJson(db, m, interval, r.from, r.to, limit),
  });
  return [
    {
      name: "trades page (newest 100)",
      http: () => `/v1/markets/${m}/trades?limit=100`,
      raw: (db) => marketTradesJson(db, m, { order: "desc", cursor: null, limit: 100 }),
    },
    {
      name: "trades page (deep cursor)",
      http: (i) => `/v1/markets/${m}/trades?limit=100&cursor=${cursors[i % cursors.length]}`,
      raw: (db, i) => marketTradesJson(db, m, { order: "desc", cursor: parseKey(cursors[i % cursors.length]), limit: 100 }),
    },
    {
      name: "trades of an owner (100)",
      http: (i) => `/v1/owners/${owner(i)}/trades?limit=100`,
      raw: (db, i) => ownerTradesJson(db, owner(i), { order: "desc", cursor: null, limit: 100 }),
    },
    bars("1m", day, 1_500),
    bars("1h", month, 1_500),
    bars("1d", month, 1_500),
    {
      name: "positions of an owner",
      http: (i) => `/v1/owners/${owner(i)}/positions`,
      raw: (db, i) => ownerPositions(db, owner(i)),
    },
    {
      name: "markets with stats",
      http: () => `/v1/markets`,
      raw: (db) => markets(db, Math.floor(Date.now() / 1000)),
    },
  ];
}

const ms = (v: number) => v.toFixed(2).padStart(7);

async function main(): Promise<void> {
  const log = (m: string) => console.log(m);
  log(`API benchmark: ${FILLS.toLocaleString("en-US")} fills, ${CONCURRENCY} concurrent clients, ${SECONDS} s per endpoint and path`);
  const db = await openDatabase({ databaseUrl: URL, pgliteDir: "", createIfMissing: true });
  await migrate(db);
  const data = await ensureBenchData(db, FILLS, log);
  const cursorRows = await db.query<{ k: string }>(
    `SELECT slot::text || ':' || tx_index || ':' || instruction_index || ':' || event_index AS k FROM trades WHERE market = $1 AND seq % 997 = 0 ORDER BY random() LIMIT 200`,
    [data.markets[0]],
  );
  await db.close();
  const cursors = cursorRows.map((r) => r.k);

  const raw = await openPostgresReadDb(URL, { max: CONCURRENCY });
  const api = await spawnApi(URL, PERPS_IDL.address);
  const results: Array<{ e: Endpoint; http: LoadResult; raw: LoadResult; bytes: number }> = [];
  try {
    for (const e of endpoints(data, cursors)) {
      const bytes = await get(api.url + e.http(0));
      // Warm both paths, then measure the raw driver first, then HTTP.
      await load((i) => e.raw(raw, i).then(() => undefined), CONCURRENCY, 1);
      await load((i) => get(api.url + e.http(i)).then(() => undefined), CONCURRENCY, 1);
      const r = await load((i) => e.raw(raw, i).then(() => undefined), CONCURRENCY, SECONDS);
      const h = await load((i) => get(api.url + e.http(i)).then(() => undefined), CONCURRENCY, SECONDS);
      results.push({ e, http: h, raw: r, bytes });
      log(`  ${e.name.padEnd(28)} HTTP ${h.perSecond.toFixed(0).padStart(6)} req/s p50 ${ms(h.p50)} p99 ${ms(h.p99)} ms | raw ${r.perSecond.toFixed(0).padStart(6)}/s p50 ${ms(r.p50)} p99 ${ms(r.p99)} ms | ${(h.p50 / r.p50).toFixed(2)}x  (${bytes.toLocaleString("en-US")} B${h.errors + r.errors ? `, ${h.errors + r.errors} errors` : ""})`);
    }
  } finally {
    await api.stop();
    await raw.close();
  }

  console.log("\n| endpoint | HTTP req/s | HTTP p50 ms | HTTP p99 ms | raw driver p50 ms | raw p99 ms | HTTP/raw p50 |");
  console.log("| --- | --- | --- | --- | --- | --- | --- |");
  for (const { e, http, raw: r } of results) {
    console.log(`| ${e.name} | ${http.perSecond.toFixed(0)} | ${http.p50.toFixed(2)} | ${http.p99.toFixed(2)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${(http.p50 / r.p50).toFixed(2)}x |`);
  }
  const missed: string[] = [];
  for (const { e, http, raw: r } of results) {
    if (http.errors > 0 || r.errors > 0) missed.push(`${e.name}: ${http.errors + r.errors} failed requests`);
    if (http.p50 / r.p50 > TARGET_OVERHEAD) missed.push(`${e.name}: HTTP/raw p50 ${(http.p50 / r.p50).toFixed(2)}x > ${TARGET_OVERHEAD}x`);
  }
  for (const { e, http } of results.filter((x) => x.e.name.includes("30 d"))) {
    if (http.p99 > TARGET_CANDLES_30D_P99_MS) missed.push(`${e.name}: p99 ${http.p99.toFixed(1)} ms > ${TARGET_CANDLES_30D_P99_MS} ms`);
  }
  if (missed.length > 0) {
    console.log(`\nmissed targets:\n  ${missed.join("\n  ")}`);
    process.exit(1);
  }
  console.log(`\nall targets met (HTTP/raw p50 <= ${TARGET_OVERHEAD}x; candles over 30 d p99 <= ${TARGET_CANDLES_30D_P99_MS} ms)`);
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
