#!/usr/bin/env node
/**
 * `npm run demo -- --seed N --rate TX_PER_S --duration S [--rpc URL]`: demo activity on a local
 * cluster (./demo.ts). Ctrl-C (SIGINT/SIGTERM) stops it; the summary is one JSON line on stdout.
 * Exit codes: 0 done or stopped, 1 error (a JSON line naming it on stderr), 2 invalid flags.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import fs from "node:fs";
import { Keypair } from "@solana/web3.js";
import { jsonLogger, type Level } from "../log";
import { runDemo } from "./demo";

const USAGE = 2;

function usage(message: string): InvalidArgumentError {
  const err = new InvalidArgumentError(message);
  err.exitCode = USAGE;
  return err;
}

function integer(min: number, max = Number.MAX_SAFE_INTEGER): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < min || n > max) throw usage(`Expected an integer from ${min} to ${max}.`);
    return n;
  };
}

function positive(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || n > 1_000) throw usage("Expected a number above 0 (at most 1000).");
  return n;
}

function httpUrl(v: string): string {
  try {
    if (["http:", "https:"].includes(new URL(v).protocol)) return v;
  } catch {
    // below
  }
  throw usage("Expected an http(s) URL.");
}

function keypairFile(v: string): Keypair {
  try {
    return Keypair.fromSecretKey(Uint8Array.from(JSON.parse(fs.readFileSync(v, "utf8")) as number[]));
  } catch (err) {
    throw usage(`Expected a keypair JSON file (${(err as Error).message}).`);
  }
}

interface Flags {
  seed: number;
  rate: number;
  duration: number;
  rpc: string;
  ws?: string;
  markets: number;
  liquidationEvery: number;
  keypair?: Keypair;
  logLevel: Level;
}

/** How long a stop signal waits for the summary before the demo exits anyway. */
export const STOP_GRACE_MS = 5_000;

export function buildDemoCli(): Command {
  const cmd = new Command("demo")
    .description("Demo activity on a local cluster: exchange and markets, a market maker, takers, a price feed and occasional liquidations")
    .addOption(new Option("--seed <n>", "seed of the price paths and the order flow").default(1).argParser(integer(0, 2 ** 32 - 1)))
    .addOption(new Option("--rate <tx-per-s>", "transactions per second, all participants together").default(4).argParser(positive))
    .addOption(new Option("--duration <s>", "seconds to run (0: until Ctrl-C)").default(0).argParser(integer(0)))
    .addOption(new Option("--rpc <url>", "JSON-RPC endpoint").env("RPC_URL").default("http://127.0.0.1:8899").argParser(httpUrl))
    .addOption(new Option("--ws <url>", "PubSub endpoint (default: derived from --rpc)").env("WS_URL"))
    .addOption(new Option("--markets <n>", "markets to trade: SOL-PERP, BTC-PERP, ETH-PERP").default(2).argParser(integer(1, 3)))
    .addOption(new Option("--liquidation-every <s>", "seconds between liquidation scenarios (0: none)").default(45).argParser(integer(0)))
    .addOption(new Option("--keypair <file>", "admin and fee payer (default: the demo's fixed local key)").argParser(keypairFile))
    .addOption(new Option("--log-level <level>", "debug | info | warn | error").choices(["debug", "info", "warn", "error"]).env("LOG_LEVEL").default("info"));
  cmd.exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : USAGE));
  cmd.action(async (flags: Flags) => {
    const log = jsonLogger(flags.logLevel);
    const controller = new AbortController();
    const stop = (sig: NodeJS.Signals): void => {
      const code = sig === "SIGINT" ? 130 : 143;
      if (controller.signal.aborted) process.exit(code);
      log.info("stopping", { signal: sig });
      controller.abort();
      // Bounded: a transaction still confirming against a cluster that is gone (its web3.js
      // websocket reconnecting forever), or the setup before the loops, must not keep it alive.
      setTimeout(() => {
        log.warn("demo did not stop within the grace period; exiting", { graceMs: STOP_GRACE_MS });
        process.exit(code);
      }, STOP_GRACE_MS).unref();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    const report = await runDemo({
      seed: flags.seed,
      rate: flags.rate,
      durationSec: flags.duration,
      rpcUrl: flags.rpc,
      wsUrl: flags.ws,
      markets: flags.markets,
      liquidationEverySec: flags.liquidationEvery,
      wallet: flags.keypair,
      signal: controller.signal,
      log,
    });
    const { signatures, ...summary } = report;
    process.stdout.write(JSON.stringify({ ...summary, transactions: signatures.length }) + "\n");
    process.exit(0);
  });
  return cmd;
}

if (require.main === module) {
  buildDemoCli()
    .parseAsync(process.argv)
    .catch((err: unknown) => {
      const e = err instanceof Error ? err : new Error(String(err));
      process.stderr.write(JSON.stringify({ ts: new Date().toISOString(), level: "error", msg: e.message, error: e.name }) + "\n");
      process.exit(1);
    });
}
