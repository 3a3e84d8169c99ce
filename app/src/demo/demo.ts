/**
 * Demo activity on a cluster: the exchange and markets (created when absent), per market a price
 * feed moving the mark (a seeded mean-reverting random walk), a market maker quoting around it and
 * two takers crossing the spread, and every `liquidationEverySec` a trader taking excessive
 * leverage, a price drop and its liquidation. Each participant is a loop paced so that together
 * they send about `rate` transactions per second. `--seed` makes the price paths and the order
 * flow reproducible (wallets are new each run).
 *
 * `runDemo` is the whole thing as a function (for `npm start` in-process, and tests); `main.ts`
 * is the `npm run demo` command.
 */
import { Keypair, LAMPORTS_PER_SOL } from "@solana/web3.js";
import { createHash } from "node:crypto";
import { TradingDriver } from "../client/driver";
import { EXCHANGE_PDA } from "../client/pdas";
import { connectClient, type ClusterClient } from "../client/program";
import { airdrop } from "../client/tokens";
import { silentLogger, type Logger } from "../log";
import { abortableSleep } from "../retry";
import { feedStep, liquidationStep, makerStep, takerStep, type DemoMarket } from "./actors";
import { DEMO_MARKETS, ensureMarket } from "./markets";
import { PriceWalk } from "./price-walk";
import { Random } from "./random";

export interface DemoOptions {
  seed: number;
  /** Target transactions per second, all participants together. */
  rate: number;
  /** Seconds to run; 0 = until `signal` aborts. */
  durationSec: number;
  rpcUrl: string;
  wsUrl?: string;
  /** Markets to trade (1–3: SOL-PERP, BTC-PERP, ETH-PERP). */
  markets?: number;
  /** Seconds between liquidation scenarios (0 = none; default 45). */
  liquidationEverySec?: number;
  /** Admin, price authority and fee payer; default the demo's fixed local key (DEMO_ADMIN). */
  wallet?: Keypair;
  /** An existing client (its wallet must be the exchange's admin, or the exchange absent). */
  client?: ClusterClient;
  signal?: AbortSignal;
  log?: Logger;
}

export interface DemoReport {
  seed: number;
  seconds: number;
  /** Transactions confirmed, by participant kind. */
  sent: { feed: number; maker: number; taker: number; liquidation: number; setup: number };
  failed: number;
  liquidations: number;
  markets: Array<{ symbol: string; market: string; created: boolean }>;
  /** Every signature the demo's driver sent, in order. */
  signatures: string[];
}

/** The exchange admin's key of every demo run (derived from a fixed phrase: local clusters only). */
export const DEMO_ADMIN = Keypair.fromSeed(createHash("sha256").update("perps-workspace demo admin (local clusters only)").digest());

/** The demo stopped before it could start (not a usage error). */
export class DemoError extends Error {
  override readonly name = "DemoError";
}

type Kind = "feed" | "maker" | "taker";
const WEIGHTS: Record<Kind, number> = { feed: 1, maker: 3, taker: 2 };

export async function runDemo(o: DemoOptions): Promise<DemoReport> {
  const log = o.log ?? silentLogger;
  const signal = o.signal ?? new AbortController().signal;
  const started = Date.now();
  const client = o.client ?? connectClient(o.rpcUrl, o.wallet ?? DEMO_ADMIN, o.wsUrl);
  await fund(client);
  const existing = await client.program.account.exchange.fetchNullable(EXCHANGE_PDA, "confirmed");
  if (existing && !existing.admin.equals(client.wallet.publicKey)) {
    throw new DemoError(`the exchange's admin is ${existing.admin.toBase58()}, not the demo's wallet ${client.wallet.publicKey.toBase58()}: run the demo on a fresh local cluster (npm start) or with the admin's key`);
  }
  const driver = await TradingDriver.create(client);
  const report: DemoReport = { seed: o.seed, seconds: 0, sent: { feed: 0, maker: 0, taker: 0, liquidation: 0, setup: 0 }, failed: 0, liquidations: 0, markets: [], signatures: driver.signatures };
  // Markets one at a time (a market's address is the exchange's market count), then the
  // participants of all markets at once.
  const specs = DEMO_MARKETS.slice(0, Math.min(3, Math.max(1, o.markets ?? 2)));
  const found: Array<Awaited<ReturnType<typeof ensureMarket>>> = [];
  for (const spec of specs) found.push(await ensureMarket(driver, spec));
  const markets = await Promise.all(specs.map((spec, i) => setUpMarket(driver, spec, found[i], o.seed, i, report)));
  log.info("demo started", { seed: o.seed, rate: o.rate, markets: report.markets });

  const deadline = o.durationSec > 0 ? started + o.durationSec * 1000 : Infinity;
  const running = (): boolean => !signal.aborted && Date.now() < deadline;
  const perMarket = WEIGHTS.feed + WEIGHTS.maker + 2 * WEIGHTS.taker;
  const interval = (weight: number): number => (perMarket * markets.length * 1000) / (o.rate * weight);
  const loop = async (kind: Kind, weight: number, step: () => Promise<number>): Promise<void> => {
    while (running()) {
      const t0 = Date.now();
      try {
        report.sent[kind] += await step();
      } catch (err) {
        report.failed += 1;
        log.debug("demo transaction failed", { kind, message: err instanceof Error ? err.message.slice(0, 300) : String(err) });
      }
      await abortableSleep(Math.max(0, Math.min(interval(weight) - (Date.now() - t0), deadline - Date.now())), signal);
    }
  };
  const loops: Array<Promise<void>> = [];
  markets.forEach((m, i) => {
    const rng = (stream: number) => new Random(o.seed, 100 * (i + 1) + stream);
    const makerRng = rng(1);
    loops.push(loop("feed", WEIGHTS.feed, () => feedStep(driver, m)));
    loops.push(loop("maker", WEIGHTS.maker, () => makerStep(driver, m, makerRng)));
    m.takers.forEach((t, k) => {
      const takerRng = rng(2 + k);
      loops.push(loop("taker", WEIGHTS.taker, () => takerStep(driver, m, t, takerRng)));
    });
  });
  loops.push(liquidations(driver, markets, o, report, { running, deadline, signal, log }));
  const progress = setInterval(() => log.info("demo", { sent: report.sent, failed: report.failed, liquidations: report.liquidations }), 10_000);
  try {
    await Promise.all(loops);
  } finally {
    clearInterval(progress);
  }
  report.seconds = Math.round((Date.now() - started) / 1000);
  log.info("demo done", { sent: report.sent, failed: report.failed, liquidations: report.liquidations, seconds: report.seconds });
  return report;
}

/** Lamports for fees and new wallets (a local cluster's airdrop). */
async function fund(c: ClusterClient): Promise<void> {
  if ((await c.connection.getBalance(c.wallet.publicKey, "confirmed")) >= 50 * LAMPORTS_PER_SOL) return;
  try {
    await airdrop(c.connection, c.wallet.publicKey, 1_000 * LAMPORTS_PER_SOL);
  } catch (err) {
    throw new DemoError(`could not fund the demo's wallet ${c.wallet.publicKey.toBase58()} with an airdrop (the demo needs a local cluster): ${(err as Error).message}`);
  }
}

async function setUpMarket(
  driver: TradingDriver,
  spec: (typeof DEMO_MARKETS)[number],
  found: Awaited<ReturnType<typeof ensureMarket>>,
  seed: number,
  i: number,
  report: DemoReport,
): Promise<DemoMarket> {
  const { handle, created, mark } = found;
  report.markets[i] = { symbol: spec.symbol, market: handle.market.toBase58(), created };
  const walk = new PriceWalk({ base: spec.basePrice, tick: spec.tickSize, sigma: 0.002, reversion: 0.01 }, new Random(seed, 100 * (i + 1)));
  if (mark > 0) walk.jump(mark);
  await driver.setPrice(handle, walk.current);
  const [maker, taker1, taker2, liquidator] = await Promise.all([
    driver.trader(handle, 1_000_000_000_000),
    driver.trader(handle, 10_000_000_000),
    driver.trader(handle, 10_000_000_000),
    driver.trader(handle, 100_000_000_000),
  ]);
  report.sent.setup += (created ? 1 : 0) + 1 + 4 * 5;
  return { symbol: spec.symbol, handle, walk, maker, takers: [taker1, taker2], liquidator };
}

async function liquidations(
  driver: TradingDriver,
  markets: DemoMarket[],
  o: DemoOptions,
  report: DemoReport,
  run: { running: () => boolean; deadline: number; signal: AbortSignal; log: Logger },
): Promise<void> {
  const { running, deadline, signal, log } = run;
  const every = (o.liquidationEverySec ?? 45) * 1000;
  if (every <= 0) return;
  const rng = new Random(o.seed, 1);
  for (;;) {
    await abortableSleep(Math.min(every, deadline - Date.now()), signal);
    if (!running()) return;
    const m = rng.pick(markets);
    try {
      const r = await liquidationStep(driver, m, rng);
      report.sent.liquidation += r.sent;
      if (r.liquidated) {
        report.liquidations += 1;
        log.info("demo liquidation", { market: m.symbol, mark: m.walk.current });
      }
    } catch (err) {
      report.failed += 1;
      log.warn("demo liquidation failed", { market: m.symbol, message: err instanceof Error ? err.message.slice(0, 300) : String(err) });
    }
  }
}
