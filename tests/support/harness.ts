// The shared test harness: one cluster, one funded wallet, one typed `Program<Perps>` per run.
//
// If ANCHOR_PROVIDER_URL names a cluster that answers `getVersion` (e.g. `anchor test` with
// solana-test-validator), the suite runs against it. Otherwise it spawns the workspace's local
// cluster `perps-localnet` on free ports and stops it when the run ends (also on failure).
import { AnchorProvider, Program, Wallet } from "@coral-xyz/anchor";
import { Commitment, Connection, Keypair, LAMPORTS_PER_SOL, PublicKey } from "@solana/web3.js";
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import idlJson from "../../app/src/idl/perps.json";
import type { Perps } from "../../app/src/idl/perps";

import { rpcCall, rpcRaw, type JsonRpcResponse } from "./rpc";
import { airdrop } from "./tokens";

export { decodeEvents, type DecodedLogs, type PerpsEvent, type UndecodedLine } from "./events";
export { airdrop, createQuoteMint, createTokenAccount, mintTokens } from "./tokens";
export { JsonRpcError, type JsonRpcResponse } from "./rpc";

export const IDL = idlJson as Perps;
export const PROGRAM_ID = new PublicKey(idlJson.address);
export const COMMITMENT: Commitment = "confirmed";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const READY_TIMEOUT_MS = 30_000;
const STDERR_TAIL_BYTES = 16_384;

export interface Harness {
  connection: Connection;
  provider: AnchorProvider;
  program: Program<Perps>;
  /** Funded fee payer; also the provider's wallet. */
  wallet: Keypair;
  rpcUrl: string;
  wsUrl: string;
  /** True when the harness runs its own perps-localnet (the `localnet_*` test controls exist). */
  localnet: boolean;
}

let harness: Promise<Harness> | undefined;
let child: ChildProcess | undefined;
let stopping = false;

/** The shared harness, started on first use. */
export function getHarness(): Promise<Harness> {
  harness ??= start();
  return harness;
}

/** Calls a JSON-RPC method on the harness cluster; throws a JsonRpcError on an error response. */
export async function rpcRequest<T = unknown>(method: string, params?: unknown[]): Promise<T> {
  return rpcCall<T>((await getHarness()).rpcUrl, method, params);
}

/** Like rpcRequest, but returns the whole response envelope (result or error). */
export async function rpcRequestRaw<T = unknown>(method: string, params?: unknown[]): Promise<JsonRpcResponse<T>> {
  return rpcRaw<T>((await getHarness()).rpcUrl, method, params);
}

async function start(): Promise<Harness> {
  const external = process.env.ANCHOR_PROVIDER_URL;
  if (external && (await answersGetVersion(external))) {
    return connect(external, wsUrlFor(external), loadWallet(process.env.ANCHOR_WALLET), false);
  }
  const { rpcUrl, wsUrl } = await spawnLocalnet();
  return connect(rpcUrl, wsUrl, undefined, true);
}

async function connect(
  rpcUrl: string,
  wsUrl: string,
  wallet: Keypair | undefined,
  localnet: boolean,
): Promise<Harness> {
  const connection = new Connection(rpcUrl, { commitment: COMMITMENT, wsEndpoint: wsUrl });
  const payer = wallet ?? Keypair.generate();
  if (!wallet) {
    await airdrop(connection, payer.publicKey, 100 * LAMPORTS_PER_SOL);
  }
  const provider = new AnchorProvider(connection, new Wallet(payer), {
    commitment: COMMITMENT,
    preflightCommitment: COMMITMENT,
  });
  const program = new Program<Perps>(IDL, provider);
  return { connection, provider, program, wallet: payer, rpcUrl, wsUrl, localnet };
}

async function answersGetVersion(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "getVersion" }),
      signal: AbortSignal.timeout(3_000),
    });
    const body = (await res.json()) as { result?: { "solana-core"?: string } };
    return typeof body.result?.["solana-core"] === "string";
  } catch {
    return false;
  }
}

/** The WebSocket endpoint web3.js would derive: same host, port + 1, ws scheme. */
function wsUrlFor(rpcUrl: string): string {
  const url = new URL(rpcUrl);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  if (url.port) url.port = String(Number(url.port) + 1);
  return url.toString();
}

function loadWallet(file: string | undefined): Keypair | undefined {
  if (!file) return undefined;
  const resolved = file.startsWith("~") ? path.join(process.env.HOME ?? "", file.slice(1)) : file;
  if (!fs.existsSync(resolved)) return undefined;
  const secret = JSON.parse(fs.readFileSync(resolved, "utf8")) as number[];
  return Keypair.fromSecretKey(Uint8Array.from(secret));
}

export function localnetBinary(): string {
  if (process.env.PERPS_LOCALNET_BIN) return process.env.PERPS_LOCALNET_BIN;
  const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(REPO_ROOT, "target");
  return path.join(targetDir, "debug", "perps-localnet");
}

/** A port P such that P and P + 1 are both free on 127.0.0.1. */
async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await listenAndClose(0);
    if (port < 65_535 && (await listenAndClose(port + 1).then(() => true, () => false))) {
      return port;
    }
  }
  throw new Error("could not find two adjacent free TCP ports on 127.0.0.1");
}

function listenAndClose(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      const bound = typeof address === "object" && address ? address.port : port;
      server.close(() => resolve(bound));
    });
  });
}

async function spawnLocalnet(): Promise<{ rpcUrl: string; wsUrl: string }> {
  const bin = localnetBinary();
  if (!fs.existsSync(bin)) {
    throw new Error(
      `local cluster binary not found at ${bin}; build it with \`cargo build -p perps-localnet\` ` +
        "(or set PERPS_LOCALNET_BIN, or ANCHOR_PROVIDER_URL to use a running cluster)",
    );
  }
  const port = await freePortPair();
  const args = ["--rpc-port", String(port), "--ws-port", String(port + 1), "--slot-time-ms", "50"];
  const proc = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
  child = proc;

  let stderr = "";
  let ready = false;
  proc.stderr?.setEncoding("utf8");
  proc.stderr?.on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL_BYTES);
    if (process.env.PERPS_LOCALNET_VERBOSE) process.stderr.write(chunk);
  });
  const describe = () => `${bin} ${args.join(" ")}\n--- stderr (tail) ---\n${stderr || "(empty)"}`;

  return new Promise((resolve, reject) => {
    let stdout = "";
    const fail = (err: Error) => {
      clearTimeout(timer);
      void stopLocalnet();
      reject(err);
    };
    const timer = setTimeout(() => {
      fail(new Error(`perps-localnet did not print its ready line within ${READY_TIMEOUT_MS} ms: ${describe()}`));
    }, READY_TIMEOUT_MS);
    proc.once("error", (err) => fail(new Error(`could not start ${bin}: ${err.message}`)));
    proc.once("exit", (code, signal) => {
      if (!ready) {
        fail(new Error(`perps-localnet exited before it was ready (code ${code}, signal ${signal}): ${describe()}`));
      } else if (!stopping) {
        console.error(`perps-localnet exited unexpectedly (code ${code}, signal ${signal}): ${describe()}`);
      }
    });
    proc.stdout?.setEncoding("utf8");
    proc.stdout?.on("data", (chunk: string) => {
      if (process.env.PERPS_LOCALNET_VERBOSE) process.stdout.write(chunk);
      if (ready) return;
      stdout += chunk;
      const match = /^perps-localnet ready rpc=(\S+) ws=(\S+)/m.exec(stdout);
      if (match) {
        ready = true;
        clearTimeout(timer);
        resolve({ rpcUrl: match[1], wsUrl: match[2] });
      }
    });
  });
}

/** Stops the spawned cluster (SIGTERM, then SIGKILL after 3 s). No-op for an external cluster. */
export async function stopLocalnet(): Promise<void> {
  const proc = child;
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  stopping = true;
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  proc.kill("SIGTERM");
  const timer = setTimeout(() => proc.kill("SIGKILL"), 3_000);
  await exited;
  clearTimeout(timer);
}

// Whatever happens to the run, never leave the cluster behind.
process.once("exit", () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    if (child && child.exitCode === null) child.kill("SIGKILL");
    process.exit(130);
  });
}

// A root-level hook (this module is first loaded while mocha reads the test files).
if (typeof after === "function") {
  after(async function () {
    this.timeout(10_000);
    await stopLocalnet();
  });
}
