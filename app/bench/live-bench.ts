/**
 * npm run bench:live [-- --subscribers 1000 --fills 100]
 *
 * Live latency, from the moment the sender sees its transaction confirmed to the moment the
 * dashboard's WebSocket message for its fill arrives, with `subscribers` clients on the market's
 * trades feed of one API process (`npm run api`, PostgreSQL). In the same run, the indexer's own
 * latency: confirmation → the sink's NOTIFY for the batch holding the fill (its commit), observed
 * by a LISTEN in this process. The feed's share is the difference. Target: the feed adds
 * <= 20 ms at p99. Exits 1 naming a missed target, 2 on a bad flag.
 *
 * The cluster and the indexer are those of the tests (a dedicated perps-localnet, the in-process
 * indexer on a fresh database), the fills those of the program client's driver.
 */
import pg from "pg";
import WebSocket from "ws";
import { spawnApi } from "../src/api/spawn";
import { NOTIFY_CHANNEL } from "../src/sink/batch-statement";
import { startDedicatedCluster } from "../../tests/support/indexer-cluster";
import { freshPostgres } from "../../tests/support/indexer-db";
import { indexerFor } from "../../tests/support/indexer-run";
import { runTrading } from "../../tests/support/indexer-trading";
import { positiveIntArg as arg } from "./args";


const SUBSCRIBERS = arg("subscribers", 1_000);
const FILLS = arg("fills", 100);
const TARGET_FEED_P99_MS = 20;

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function main(): Promise<void> {
  console.log(`live latency: ${SUBSCRIBERS} subscribers, ${FILLS} fills`);
  const cluster = await startDedicatedCluster();
  const t = await freshPostgres("live_bench");
  const indexer = indexerFor(cluster, t.db, { batchSize: 50 });
  const running = indexer.run();
  const run = await runTrading(cluster);
  // A new, well-funded buyer (the scenario's taker was liquidated).
  const buyer = await run.driver.trader(run.market, 10_000_000_000);
  const api = await spawnApi(t.url, cluster.program.programId.toBase58());
  const market = run.market.market.toBase58();

  /** signature → arrival times (ms, performance clock) */
  const arrivals = new Map<string, number[]>();
  const raw: Array<{ at: number; m: Buffer }> = [];
  /** Parses what arrived since the last call into `arrivals`. */
  let parsed = 0;
  const parse = (): void => {
    for (; parsed < raw.length; parsed++) {
      const { at, m } = raw[parsed];
      const msg = JSON.parse(m.toString()) as { type: string; data?: { signature: string } };
      if (msg.type !== "event" || !msg.data) continue;
      const list = arrivals.get(msg.data.signature) ?? [];
      list.push(at);
      arrivals.set(msg.data.signature, list);
    }
  };
  const notified: Array<{ at: number; payload: string }> = [];
  const listener = new pg.Client({ connectionString: t.url });
  await listener.connect();
  listener.on("notification", (n) => notified.push({ at: performance.now(), payload: n.payload ?? "" }));
  await listener.query(`LISTEN ${NOTIFY_CHANNEL}`);

  const sockets: WebSocket[] = [];
  for (let i = 0; i < SUBSCRIBERS; i++) {
    const ws = new WebSocket(`${api.ws}/v1/feeds/trades?market=${market}`);
    // Arrival time only; messages are parsed after the run, so 1,000 clients in this process do
    // not delay each other's timestamps by their parsing.
    ws.on("message", (m: Buffer) => raw.push({ at: performance.now(), m }));
    sockets.push(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
  }
  console.log(`  ${SUBSCRIBERS} subscribers connected`);

  const confirmed = new Map<string, number>();
  const commitOf = new Map<string, number>();
  let price = 1_100_000;
  for (let i = 0; i < FILLS; i++) {
    price += 1_000;
    await run.driver.order(run.market, run.maker, { side: "ask", price, quantity: 1 });
    const sig = await run.driver.order(run.market, buyer, { side: "bid", price, quantity: 1 });
    const at = performance.now();
    confirmed.set(sig, at);
    // The batch notification that follows the confirmation and carries trades.
    const slot = (await cluster.connection.getTransaction(sig, { commitment: "confirmed", maxSupportedTransactionVersion: 0 }))?.slot ?? 0;
    const end = Date.now() + 30_000;
    for (;;) {
      await new Promise((r) => setTimeout(r, 20));
      parse();
      if ((arrivals.get(sig)?.length ?? 0) >= SUBSCRIBERS || Date.now() > end) break;
    }
    const n = notified.find((x) => x.at >= at && (JSON.parse(x.payload) as { trades?: string | null }).trades?.startsWith(`${slot}:`));
    if (n) commitOf.set(sig, n.at);
  }
  const feed: number[] = [];
  const indexed: number[] = [];
  const added: number[] = [];
  let missing = 0;
  for (const [sig, at] of confirmed) {
    const got = arrivals.get(sig) ?? [];
    missing += SUBSCRIBERS - got.length;
    const commit = commitOf.get(sig);
    if (commit !== undefined) indexed.push(commit - at);
    for (const a of got) {
      feed.push(a - at);
      if (commit !== undefined) added.push(a - commit);
    }
  }
  for (const ws of sockets) ws.close();
  await listener.end();
  await api.stop();
  indexer.stop();
  await running;
  await t.drop();
  await cluster.stop();

  const row = (name: string, xs: number[]) => console.log(`| ${name} | ${xs.length} | ${pct(xs, 50).toFixed(1)} | ${pct(xs, 99).toFixed(1)} |`);
  console.log("\n| latency (ms) | samples | p50 | p99 |\n| --- | --- | --- | --- |");
  row("confirmed → indexer commit (NOTIFY)", indexed);
  row(`confirmed → feed message (${SUBSCRIBERS} subscribers)`, feed);
  row("indexer commit → feed message (the feed's share)", added);
  const missed: string[] = [];
  if (missing > 0) missed.push(`${missing} messages never arrived`);
  if (pct(added, 99) > TARGET_FEED_P99_MS) missed.push(`the feed adds ${pct(added, 99).toFixed(1)} ms at p99 > ${TARGET_FEED_P99_MS} ms`);
  if (missed.length) {
    console.log(`\nmissed targets:\n  ${missed.join("\n  ")}`);
    process.exit(1);
  }
  console.log(`\ntarget met: the feed adds <= ${TARGET_FEED_P99_MS} ms at p99`);
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
