/**
 * Live feeds: resume after a disconnect (exactly the missed messages, then live), fan-out through
 * LISTEN/NOTIFY to two API processes on one database, and a slow consumer cut with its resume key.
 * The first two run the real indexer on a dedicated perps-localnet; the third feeds the real sink
 * with 15,000 encoded fills (tests/support/indexer-fixtures.ts) — more than the kernel's socket
 * buffers hold — because the cluster cannot produce that many fills within a test.
 */
import { expect } from "chai";
import { IdlEventDecoder } from "../app/src/decoder/event-decoder";
import { PostgresSink } from "../app/src/sink/postgres-sink";
import { startApiServer, startApiStack, type ApiStack } from "./support/api-stack";
import { spawnApi, type ApiProcess } from "../app/src/api/spawn";
import { expectedFromChain } from "./support/api-expect";
import { FeedClient, type FeedMsg } from "./support/feed-client";
import { freshPostgres, type TestDb } from "./support/indexer-db";
import { actors, dataLine, marketCreated, orderFilled, programInstruction, PROGRAM_ID, tx } from "./support/indexer-fixtures";
import { eventsBySignature, runTrading, type Trader, type TradingScenario } from "./support/indexer-trading";

const keys = (msgs: FeedMsg[]) => msgs.filter((m) => m.type === "event").map((m) => m.key);

describe("live feeds (PostgreSQL, real indexer on the local cluster)", function () {
  this.timeout(300_000);
  let s: ApiStack;
  let run: TradingScenario;
  let buyer: Trader;
  let price = 1_010_000;

  /** `n` fills on the cluster (the maker rests an ask, the taker lifts it); their signatures. */
  async function fills(n: number): Promise<string[]> {
    const sigs: string[] = [];
    for (let i = 0; i < n; i++) {
      price += 1_000;
      await run.driver.order(run.market, run.maker, { side: "ask", price, quantity: 1 });
      sigs.push(await run.driver.order(run.market, buyer, { side: "bid", price, quantity: 1 }));
    }
    await s.indexed(sigs[sigs.length - 1]);
    return sigs;
  }

  /** The chain's event keys of the fills in `sigs`. */
  async function fillKeys(sigs: string[]): Promise<string[]> {
    const recorded = await eventsBySignature(run.driver);
    const x = await expectedFromChain(s.cluster.connection, sigs, recorded);
    return x.fills.map((f) => f.key);
  }

  const feed = (base: string, path: string) => FeedClient.open(`${base}/v1/feeds/${path}`);

  before(async () => {
    s = await startApiStack("feeds");
    run = await runTrading(s.cluster);
    // The scenario's taker was liquidated: a new, well-funded buyer takes the asks below.
    buyer = await run.driver.trader(run.market, 1_000_000_000);
    // The scenario left the mark at 800 000; the fills below (1 011 000 and up, at most a few dozen)
    // must be inside the market's price band (10 % around the mark).
    await run.driver.setPrice(run.market, 1_050_000);
    const last = run.driver.signatures[run.driver.signatures.length - 1];
    await s.indexed(last);
  });
  after(async () => {
    await s?.stop();
  });

  it("reconnecting with since=<key> after missing N fills replays exactly those N, then the live tail", async () => {
    const market = run.market.market.toBase58();
    const first = await feed(s.server.ws, `trades?market=${market}`);
    const before = await fills(2);
    await first.until("2 live fills", (c) => c.events().length === 2);
    expect(keys(first.messages)).to.deep.equal(await fillKeys(before));
    const since = first.events()[1].key!;
    first.close();

    const missed = await fills(3);
    const missedKeys = await fillKeys(missed);
    const second = await feed(s.server.ws, `trades?market=${market}&since=${since}`);
    await second.until("the replay", (c) => c.messages.some((m) => m.type === "replayed"));
    const replayed = second.messages.findIndex((m) => m.type === "replayed");
    expect(keys(second.messages.slice(0, replayed))).to.deep.equal(missedKeys);
    expect(second.messages[replayed]).to.include({ count: 3, key: missedKeys[2] });
    // Every replayed message is the REST API's row for that key.
    const page = (await (await fetch(`${s.server.url}/v1/markets/${market}/trades?order=asc&cursor=${since}`)).json()) as { items: unknown[] };
    expect(second.events().map((m) => m.data)).to.deep.equal(page.items);

    const live = await fills(1);
    await second.until("the live fill", (c) => c.events().length === 4);
    await new Promise((r) => setTimeout(r, 500));
    expect(keys(second.messages)).to.deep.equal([...missedKeys, ...(await fillKeys(live))]);
    second.close();
  });

  it("fills, positions, candles and liquidations feeds resume the same way", async () => {
    const owner = buyer.kp.publicKey.toBase58();
    const market = run.market.market.toBase58();
    // The newest event stored (the status key): everything after it comes from the fills below.
    const from = ((await (await fetch(`${s.server.url}/v1/status`)).json()) as { key: string }).key;
    const sigs = await fills(2);
    const expected = await fillKeys(sigs);
    const fillsFeed = await feed(s.server.ws, `fills?owner=${owner}&since=${from}`);
    const positions = await feed(s.server.ws, `positions?owner=${owner}&since=${from}`);
    const candles = await feed(s.server.ws, `candles?market=${market}&interval=1m&since=${from}`);
    const liq = await feed(s.server.ws, `liquidations?market=${market}&since=0:0:0:0`);
    for (const c of [fillsFeed, positions, candles, liq]) await c.until("the replay", (x) => x.messages.some((m) => m.type === "replayed"));
    expect(keys(fillsFeed.messages)).to.deep.equal(expected);
    // One PositionUpdated of the taker per fill, each in the fill's transaction.
    const posKeys = keys(positions.messages);
    expect(posKeys).to.have.length(2);
    expect(posKeys.map((k) => k!.split(":").slice(0, 2).join(":"))).to.deep.equal(expected.map((k) => k.split(":").slice(0, 2).join(":")));
    // Candles: the bars holding those fills, each keyed by its newest fill among them.
    const bars = candles.events();
    expect(bars.length).to.be.within(1, 2);
    expect(bars[bars.length - 1].key).to.equal(expected[1]);
    expect((bars[bars.length - 1].data as { close: string }).close).to.equal(String(price));
    // The one liquidation of runTrading.
    expect(liq.events()).to.have.length(1);
    expect(liq.events()[0].data).to.include({ owner: run.taker.kp.publicKey.toBase58(), market });
    for (const c of [fillsFeed, positions, candles, liq]) c.close();
  });

  it("two API processes on one database both deliver every message (LISTEN/NOTIFY fan-out)", async () => {
    const market = run.market.market.toBase58();
    const apis: ApiProcess[] = [await spawnApi(s.t.url, s.programId), await spawnApi(s.t.url, s.programId)];
    try {
      const clients = await Promise.all(apis.map((a) => feed(a.ws, `trades?market=${market}`)));
      const status = await Promise.all(apis.map((a) => feed(a.ws, `status`)));
      const sigs = await fills(4);
      const expected = await fillKeys(sigs);
      for (const c of clients) await c.until("4 fills", (x) => x.events().length === 4);
      await new Promise((r) => setTimeout(r, 500));
      for (const c of clients) expect(keys(c.messages)).to.deep.equal(expected);
      expect(clients[0].events().map((m) => m.data)).to.deep.equal(clients[1].events().map((m) => m.data));
      for (const st of status) await st.until("a status after the fills", (x) => x.events().some((m) => m.key === expected[3] || (m.key ?? "") > expected[3]));
      for (const c of [...clients, ...status]) c.close();
    } finally {
      for (const a of apis) await a.stop();
    }
  });
});

describe("live feeds: slow consumer (PostgreSQL, real sink)", function () {
  this.timeout(180_000);
  let t: TestDb;
  before(async () => {
    t = await freshPostgres("slow");
  });
  after(async () => {
    await t?.drop();
  });

  it("a client that does not read is cut with 4008 and its resume key, and resumes from it exactly", async () => {
    const a = actors();
    const decoder = new IdlEventDecoder(PROGRAM_ID);
    const sink = new PostgresSink(t.db, { programId: PROGRAM_ID });
    await sink.write(decoder.decode([tx(programInstruction([dataLine(marketCreated(a))]), 10, 0)]));
    const server = await startApiServer(t.url, { programId: PROGRAM_ID, feedLimits: { maxBufferedBytes: 256 * 1024 } });
    try {
      const market = a.market.toBase58();
      const slow = await FeedClient.open(`${server.ws}/v1/feeds/trades?market=${market}`);
      const socket = (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
      socket.pause();
      const TOTAL = 15_000;
      for (let b = 0; b < TOTAL / 1_000; b++) {
        const txs = Array.from({ length: 1_000 }, (_, i) => {
          const seq = b * 1_000 + i + 1;
          return tx(programInstruction([dataLine(orderFilled(a, seq, 25_000_000 + seq, 1))]), 100 + seq, 0);
        });
        await sink.write(decoder.decode(txs));
      }
      // The server gave up on the client: what it had queued still arrives, then the close.
      await new Promise((r) => setTimeout(r, 1_000));
      socket.resume();
      await slow.until("the close", (c) => c.closed !== null, 60_000);
      expect(slow.closed!.code).to.equal(4008);
      const reason = JSON.parse(slow.closed!.reason) as { error: string; resume: string };
      const got = keys(slow.messages);
      expect(reason.error).to.equal("SlowConsumer");
      expect(got.length).to.be.within(1, TOTAL - 1);
      expect(reason.resume).to.equal(got[got.length - 1]);

      const again = await FeedClient.open(`${server.ws}/v1/feeds/trades?market=${market}&since=${reason.resume}`);
      await again.until("the replay", (c) => c.messages.some((m) => m.type === "replayed"), 120_000);
      const rest = keys(again.messages);
      const all = [...got, ...rest];
      expect(all).to.have.length(TOTAL);
      expect(new Set(all).size).to.equal(TOTAL);
      expect(all).to.deep.equal(Array.from({ length: TOTAL }, (_, i) => `${101 + i}:0:0:0`));
      again.close();
    } finally {
      await server.close();
    }
  });
});
