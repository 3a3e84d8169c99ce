// The shared test harness: one cluster, one funded wallet, one typed `Program<Perps>` per run.
//
// If ANCHOR_PROVIDER_URL names a cluster that answers `getVersion` (e.g. `anchor test` with
// solana-test-validator), the suite runs against it. Otherwise it spawns the workspace's local
// cluster `perps-localnet` on free ports and stops it when the run ends (also on failure).
import { AnchorProvider, Program, Wallet } from "@coral-xyz/anchor";
import {
  Commitment,
  Connection,
  Keypair,
  LAMPORTS_PER_SOL,
  PublicKey,
  type RpcResponseAndContext,
  type SignatureResult,
  type TransactionConfirmationStrategy,
} from "@solana/web3.js";
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

/** The generated IDL as committed (Rust names: snake_case fields, PascalCase types and errors). */
export const IDL_JSON = idlJson;
/** The same IDL typed as anchor expects it (`Program` camel-cases names itself). */
export const IDL = idlJson as Perps;
export const PROGRAM_ID = new PublicKey(idlJson.address);
export const COMMITMENT: Commitment = "confirmed";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const READY_TIMEOUT_MS = 30_000;
const STDERR_TAIL_BYTES = 16_384;
const DEFAULT_SLOT_TIME_MS = 300;

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
  /** Slot time of the spawned cluster; 400 (a validator's) for an external cluster. */
  slotTimeMs: number;
}

/** A perps-localnet this process spawned, with its harness; `stop()` kills it. */
export interface LocalnetHandle extends Harness {
  stop(): Promise<void>;
}

export interface LocalnetOptions {
  /** Extra CLI arguments, e.g. `["--log-bytes-limit", "2000"]`. */
  extraArgs?: string[];
  /**
   * The program's upgrade authority (`--upgrade-authority`), the only key `initialize` accepts
   * as admin: the new wallet by default, as a deployer's; `null` for none (an immutable program).
   */
  upgradeAuthority?: PublicKey | null;
  slotTimeMs?: number;
  /** Airdrop to the new wallet; 100 SOL by default. */
  fundLamports?: number;
}

let harness: Promise<Harness> | undefined;
let shared: LocalnetHandle | undefined;
/** Every cluster process this process spawned and has not stopped yet. */
const live = new Set<ChildProcess>();

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
  shared = await startLocalnet();
  return shared;
}

/**
 * Spawns a perps-localnet of its own (free ports, funded wallet, typed program). The shared
 * harness uses one; tests that change cluster-wide state (warp, clock) should use their own.
 */
export async function startLocalnet(options: LocalnetOptions = {}): Promise<LocalnetHandle> {
  const slotTime = options.slotTimeMs ?? slotTimeMs();
  // The wallet exists before the cluster: by default it is the program's upgrade authority.
  const wallet = Keypair.generate();
  const authority = options.upgradeAuthority === undefined ? wallet.publicKey : options.upgradeAuthority;
  const proc = await spawnLocalnet(slotTime, ["--upgrade-authority", authority ? authority.toBase58() : "none", ...(options.extraArgs ?? [])]);
  let connection: Connection | undefined;
  const stop = async () => {
    // Closed by us first (code 1000): web3.js would otherwise reconnect to the dead port forever.
    (connection as unknown as { _rpcWebSocket?: { close(): void } } | undefined)?._rpcWebSocket?.close();
    await stopProcess(proc);
  };
  try {
    const h = await connect(proc.rpcUrl, proc.wsUrl, wallet, true, slotTime);
    connection = h.connection;
    await airdrop(h.connection, wallet.publicKey, options.fundLamports ?? 100 * LAMPORTS_PER_SOL);
    return { ...h, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function connect(rpcUrl: string, wsUrl: string, wallet: Keypair | undefined, localnet: boolean, slotTime = 400): Promise<Harness> {
  const connection = new Connection(rpcUrl, { commitment: COMMITMENT, wsEndpoint: wsUrl });
  const payer = wallet ?? Keypair.generate();
  if (!wallet) {
    await airdrop(connection, payer.publicKey, 100 * LAMPORTS_PER_SOL);
  }
  return { ...providerOn(connection, payer), wallet: payer, rpcUrl, wsUrl, localnet, slotTimeMs: slotTime };
}

function providerOn(connection: Connection, wallet: Keypair): Pick<Harness, "connection" | "provider" | "program"> {
  const provider = new AnchorProvider(connection, new Wallet(wallet), {
    commitment: COMMITMENT,
    preflightCommitment: COMMITMENT,
  });
  return { connection, provider, program: new Program<Perps>(IDL, provider) };
}

/**
 * `h` (same cluster, wallet and program) on a connection of its own that confirms transactions
 * by polling `getSignatureStatuses` over HTTP rather than through a `signatureSubscribe`: a
 * `localnet_dropPubsubConnections` while a transaction is in flight then cannot lose its
 * confirmation (a resubscription is not told about a signature confirmed in between).
 */
export function withHttpConfirmation(h: Harness): Harness {
  const connection = new Connection(h.rpcUrl, { commitment: COMMITMENT, wsEndpoint: h.wsUrl });
  connection.confirmTransaction = (strategy: TransactionConfirmationStrategy | string, commitment?: Commitment) =>
    pollConfirmation(connection, typeof strategy === "string" ? strategy : strategy.signature, commitment ?? COMMITMENT);
  return { ...h, ...providerOn(connection, h.wallet) };
}

const COMMITMENT_RANK: Record<string, number> = { processed: 0, confirmed: 1, finalized: 2 };

async function pollConfirmation(connection: Connection, signature: string, commitment: Commitment, timeoutMs = 60_000): Promise<RpcResponseAndContext<SignatureResult>> {
  const wanted = COMMITMENT_RANK[commitment] ?? COMMITMENT_RANK.confirmed;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { context, value } = await connection.getSignatureStatuses([signature]);
    const status = value[0];
    if (status?.confirmationStatus && COMMITMENT_RANK[status.confirmationStatus] >= wanted) return { context, value: { err: status.err } };
    if (Date.now() > deadline) throw new Error(`transaction ${signature} not ${commitment} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
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

/**
 * The spawned cluster's slot time. web3.js caches the blockhash it signs `sendTransaction(tx,
 * signers)` with for 30 s (BLOCKHASH_CACHE_TIMEOUT_MS) and fetches it at `finalized`, i.e. already
 * `--finality-depth` (32) slots old; a blockhash lives 150 slots. So a slot time below
 * 30 s / (150 - 32) ≈ 255 ms makes ordinary clients (spl-token helpers included) fail with
 * "Blockhash not found" after a few idle seconds. Override with PERPS_LOCALNET_SLOT_MS.
 */
function slotTimeMs(): number {
  const fromEnv = Number(process.env.PERPS_LOCALNET_SLOT_MS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_SLOT_TIME_MS;
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

type LocalnetProcess = ChildProcess & { rpcUrl: string; wsUrl: string; stopping?: boolean };

async function spawnLocalnet(slotTime: number, extraArgs: string[]): Promise<LocalnetProcess> {
  const bin = localnetBinary();
  if (!fs.existsSync(bin)) {
    throw new Error(
      `local cluster binary not found at ${bin}; build it with \`cargo build -p perps-localnet\` ` +
        "(or set PERPS_LOCALNET_BIN, or ANCHOR_PROVIDER_URL to use a running cluster)",
    );
  }
  const port = await freePortPair();
  const args = ["--rpc-port", String(port), "--ws-port", String(port + 1), "--slot-time-ms", String(slotTime), ...extraArgs];
  const proc = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] }) as LocalnetProcess;
  live.add(proc);

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
      void stopProcess(proc);
      reject(err);
    };
    const timer = setTimeout(() => {
      fail(new Error(`perps-localnet did not print its ready line within ${READY_TIMEOUT_MS} ms: ${describe()}`));
    }, READY_TIMEOUT_MS);
    proc.once("error", (err) => fail(new Error(`could not start ${bin}: ${err.message}`)));
    proc.once("exit", (code, signal) => {
      live.delete(proc);
      if (!ready) {
        fail(new Error(`perps-localnet exited before it was ready (code ${code}, signal ${signal}): ${describe()}`));
      } else if (!proc.stopping) {
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
        proc.rpcUrl = match[1];
        proc.wsUrl = match[2];
        resolve(proc);
      }
    });
  });
}

/** SIGTERM, then SIGKILL after 3 s. */
async function stopProcess(proc: LocalnetProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  proc.stopping = true;
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  proc.kill("SIGTERM");
  const timer = setTimeout(() => proc.kill("SIGKILL"), 3_000);
  await exited;
  clearTimeout(timer);
  live.delete(proc);
}

/** Stops the shared harness's cluster. No-op for an external cluster. */
export async function stopLocalnet(): Promise<void> {
  await shared?.stop();
}

// Whatever happens to the run, never leave a cluster behind.
const killAll = () => {
  for (const proc of live) if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
};
process.once("exit", killAll);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}

// A root-level hook (this module is first loaded while mocha reads the test files).
if (typeof after === "function") {
  after(async function () {
    this.timeout(10_000);
    await Promise.all([...live].map((proc) => stopProcess(proc as LocalnetProcess)));
  });
}
