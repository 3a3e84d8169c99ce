/**
 * `npm run demo` (app/src/demo): the seeded randomness and price walk (pure), and the demo itself
 * on the local cluster — in-process through `runDemo` and as the command — checked against the
 * chain: markets exist, the mark moved along the seeded walk, fills happened, a liquidation ran.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { ensureExchange } from "../app/src/client/exchange";
import { runDemo, type DemoReport } from "../app/src/demo/demo";
import { STOP_GRACE_MS } from "../app/src/demo/main";
import { PriceWalk, roundToTick } from "../app/src/demo/price-walk";
import { mixSeed, Random } from "../app/src/demo/random";
import { decodeEvents } from "./support/events";
import { getHarness, type Harness } from "./support/harness";
import { runCliToEnd, startCli } from "./support/indexer-cli";
import { startDedicatedCluster } from "./support/indexer-cluster";

const DEMO_MAIN = "app/src/demo/main.ts";

describe("demo: seeded randomness and the price walk", () => {
  it("the same seed gives the same stream; another seed or stream another one", () => {
    const draw = (seed: number, stream: number) => Array.from({ length: 20 }, ((r) => () => r.next())(new Random(seed, stream)));
    expect(draw(7, 1)).to.deep.equal(draw(7, 1));
    expect(draw(7, 1)).to.not.deep.equal(draw(8, 1));
    expect(draw(7, 1)).to.not.deep.equal(draw(7, 2));
    expect(mixSeed(7, 1)).to.not.equal(mixSeed(7, 2));
  });

  it("uniform draws stay in [0, 1), ints in their bounds, normals have mean ≈ 0 and variance ≈ 1", () => {
    const r = new Random(42);
    let sum = 0;
    let sq = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      expect(u).to.be.at.least(0).and.below(1);
      const k = r.int(1, 5);
      expect(k).to.be.within(1, 5);
      const z = r.normal();
      sum += z;
      sq += z * z;
    }
    expect(Math.abs(sum / n)).to.be.below(0.05);
    expect(Math.abs(sq / n - 1)).to.be.below(0.05);
  });

  it("the walk stays on the tick, at least one tick, reproducible, and reverts towards its base", () => {
    const params = { base: 1_500_000, tick: 1_000, sigma: 0.002, reversion: 0.01 };
    const path = (seed: number) => {
      const w = new PriceWalk(params, new Random(seed, 100));
      return Array.from({ length: 2_000 }, () => w.step());
    };
    const a = path(3);
    expect(a).to.deep.equal(path(3));
    expect(a).to.not.deep.equal(path(4));
    for (const p of a) expect(p % 1_000).to.equal(0);
    for (const p of a) expect(p).to.be.at.least(1_000);
    // Mean reversion keeps the long-run average near the base (a pure walk would drift far).
    const mean = a.slice(500).reduce((s, p) => s + p, 0) / (a.length - 500);
    expect(Math.abs(mean - params.base) / params.base).to.be.below(0.1);
    const w = new PriceWalk(params, new Random(1));
    expect(w.shock(-0.07)).to.equal(roundToTick(1_500_000 * 0.93, 1_000));
    expect(roundToTick(10, 1_000)).to.equal(1_000);
  });
});

describe("demo activity on the local cluster", function () {
  this.timeout(240_000);
  let h: Harness;
  before(async () => {
    h = await getHarness();
  });

  /** Events of `signatures` by name; fails if one is missing or failed. */
  async function eventCounts(c: Harness, signatures: string[]): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const sig of signatures) {
      const tx = await c.connection.getTransaction(sig, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
      expect(tx, sig).to.not.equal(null);
      expect(tx?.meta?.err ?? null, sig).to.equal(null);
      for (const e of decodeEvents(tx?.meta?.logMessages ?? []).events) out[e.name] = (out[e.name] ?? 0) + 1;
    }
    return out;
  }

  it("runDemo: a market, a moving mark, fills and a liquidation — every recorded transaction succeeded on chain", async () => {
    // A cluster of its own: the shared one's history is asserted exactly by other suites.
    const c = await startDedicatedCluster();
    try {
      await runDemoOn(c);
    } finally {
      await c.stop();
    }
  });

  async function runDemoOn(c: Harness): Promise<void> {
    const report: DemoReport = await runDemo({ seed: 11, rate: 8, durationSec: 12, rpcUrl: c.rpcUrl, client: c, markets: 1, liquidationEverySec: 3 });
    expect(report.markets).to.have.length(1);
    expect(report.markets[0].symbol).to.equal("SOL-PERP");
    expect(report.sent.feed).to.be.greaterThan(2);
    expect(report.sent.maker).to.be.greaterThan(5);
    expect(report.sent.taker).to.be.greaterThan(2);
    expect(report.liquidations).to.be.at.least(1);
    const events = await eventCounts(c, report.signatures);
    expect(events.orderFilled ?? 0, JSON.stringify(events)).to.be.greaterThan(2);
    expect(events.liquidationExecuted ?? 0).to.equal(report.liquidations);
    // The feed's prices are on the tick and the mark is one of them.
    const market = await c.program.account.market.fetch(report.markets[0].market, "confirmed");
    expect(market.markPrice.toNumber() % 1_000).to.equal(0);
  }

  it("npm run demo on a cluster whose exchange another admin owns: DemoError, exit 1", async () => {
    await ensureExchange(h);
    const r = await runCliToEnd(["--duration", "5", "--rpc", h.rpcUrl], {}, 60_000, DEMO_MAIN);
    expect(r.exit.code, r.stderr).to.equal(1);
    expect(r.errorLine()?.error).to.equal("DemoError");
  });

  it("npm run demo on a fresh cluster creates the exchange and markets; a second run finds them", async () => {
    const c = await startDedicatedCluster();
    try {
      // Only the program's upgrade authority may initialize the exchange: on a spawned cluster that
      // is the harness wallet (`npm start` passes the fixture keypair its cluster names instead).
      const keypairFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "perps-demo-")), "admin.json");
      fs.writeFileSync(keypairFile, JSON.stringify(Array.from(c.wallet.secretKey)));
      const admin = ["--keypair", keypairFile];
      const first = await runCliToEnd(["--seed", "5", "--rate", "6", "--duration", "8", "--liquidation-every", "0", "--rpc", c.rpcUrl, ...admin], {}, 180_000, DEMO_MAIN);
      expect(first.exit.code, first.stderr.slice(-2000)).to.equal(0);
      const s1 = JSON.parse(first.stdout.trim()) as { markets: Array<{ symbol: string; created: boolean }>; sent: { taker: number; maker: number }; transactions: number };
      expect(s1.markets.map((m) => [m.symbol, m.created])).to.deep.equal([
        ["SOL-PERP", true],
        ["BTC-PERP", true],
      ]);
      expect(s1.sent.maker).to.be.greaterThan(0);
      expect(s1.transactions).to.be.greaterThan(10);
      const second = await runCliToEnd(["--seed", "6", "--rate", "4", "--duration", "3", "--liquidation-every", "0", "--rpc", c.rpcUrl, ...admin], {}, 120_000, DEMO_MAIN);
      expect(second.exit.code, second.stderr.slice(-2000)).to.equal(0);
      const s2 = JSON.parse(second.stdout.trim()) as { markets: Array<{ symbol: string; created: boolean }> };
      expect(s2.markets.map((m) => m.created)).to.deep.equal([false, false]);
    } finally {
      await c.stop();
    }
  });

  it("npm run demo stops within its grace period on SIGTERM even while an RPC call hangs", async () => {
    // An endpoint that accepts connections and never answers: the demo's first call (the wallet's
    // balance) never returns, so only the bounded stop can end the process.
    const sockets = new Set<net.Socket>();
    const server = net.createServer((sock) => sockets.add(sock));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const p = startCli(["--rpc", `http://127.0.0.1:${port}`, "--ws", `ws://127.0.0.1:${port}`, "--log-level", "info"], {}, DEMO_MAIN);
      const deadline = Date.now() + 60_000;
      while (sockets.size === 0 && Date.now() < deadline && p.running) await new Promise((r) => setTimeout(r, 100));
      expect(sockets.size, p.stderr).to.be.greaterThan(0);
      const t0 = Date.now();
      p.kill("SIGTERM");
      const exit = await p.exitWithin(STOP_GRACE_MS + 10_000);
      expect(Date.now() - t0).to.be.within(STOP_GRACE_MS - 500, STOP_GRACE_MS + 3_000);
      expect(exit.code, p.stderr).to.equal(143);
      expect(p.lines.map((l) => l.msg)).to.include("demo did not stop within the grace period; exiting");
    } finally {
      for (const sock of sockets) sock.destroy();
      server.close();
    }
  });

  it("npm run demo: invalid flags exit 2 naming the flag", async () => {
    for (const args of [["--rate", "0"], ["--seed", "x"], ["--markets", "4"], ["--rpc", "ftp://x"], ["--frobnicate"]]) {
      const r = await runCliToEnd(args, {}, 60_000, DEMO_MAIN);
      expect(r.exit.code, `${args.join(" ")}: ${r.stderr}`).to.equal(2);
      expect(r.stderr).to.include(args[0]);
    }
  });
});
