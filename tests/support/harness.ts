// The shared test harness: one cluster, one funded wallet, one typed `Program<Perps>` per run.
//
// The backend is chosen once, by PERPS_TEST_BACKEND (see ./backend.ts):
// - `localnet` (default): if ANCHOR_PROVIDER_URL names a cluster that answers `getVersion` (e.g.
//   `anchor test` with solana-test-validator), the suite runs against it; otherwise it spawns the
//   workspace's local cluster `perps-localnet` on free ports and stops it when the run ends.
// - `litesvm`: the program's `.so` runs in this process (npm `litesvm`) behind a web3.js
//   `Connection`, so the same AnchorProvider, `Program<Perps>` and spl-token calls drive it.
// Tests see one `Harness` either way; what differs between backends (clock control, PubSub, the
// cluster's own RPC methods) is a field of it, so test files never ask which backend they are on.
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

import { backendName, type BackendName } from "./backend";
import { readClock } from "./cluster";
import { startInProcess } from "./litesvm";
import { JsonRpcError, rpcRaw, type JsonRpcResponse } from "./rpc";
import { airdrop } from "../../app/src/client/tokens";

export { decodeEvents, type DecodedLogs, type PerpsEvent, type UndecodedLine } from "./events";
export { airdrop, createQuoteMint, createTokenAccount, mintTokens } from "../../app/src/client/tokens";
export { JsonRpcError, type JsonRpcResponse } from "./rpc";
export { backendName, skipUnless, type BackendName } from "./backend";

/** The generated IDL as committed (Rust names: snake_case fields, PascalCase types and errors). */
export const IDL_JSON = idlJson;
/** The same IDL typed as anchor expects it (`Program` camel-cases names itself). */
export const IDL = idlJson as Perps;
export const PROGRAM_ID = new PublicKey(idlJson.address);
export const COMMITMENT: Commitment = "confirmed";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const READY_TIMEOUT_MS = 30_000;
const STDERR_TAIL_BYTES = 16_384;
const DEFAULT_SLOT_TIME_MS = 40;

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
  /** Slot time of the spawned cluster; 400 (a validator's) for an external cluster; 0 in process
   *  (there a slot ends with each transaction). */
  slotTimeMs: number;
  /** What serves this harness: a spawned perps-localnet, the cluster at ANCHOR_PROVIDER_URL, or
   *  the program in this process. */
  backend: BackendName | "external";
  /** A cluster server answers at rpcUrl/wsUrl: JSON-RPC over HTTP and PubSub over WebSocket
   *  (`Connection.on*` subscriptions work). False in process, where the Connection is an adapter. */
  server: boolean;
  /** Moves the cluster clock forward by `secs` and resolves once transactions see the new time
   *  (returns it). Absent where the cluster offers no clock control (an external cluster). */
  advanceClock?: (secs: number) => Promise<number>;
  /** One JSON-RPC request to this backend: the whole response envelope (result or error). */
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<JsonRpcResponse<T>>;
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
  const response = await rpcRequestRaw<T>(method, params);
  if (response.error) throw new JsonRpcError(method, response.error.code, response.error.message, response.error.data);
  if (!("result" in response)) throw new Error(`${method}: response has neither result nor error`);
  return response.result as T;
}

/** Like rpcRequest, but returns the whole response envelope (result or error). */
export async function rpcRequestRaw<T = unknown>(method: string, params?: unknown[]): Promise<JsonRpcResponse<T>> {
  return (await getHarness()).rpc<T>(method, params);
}

async function start(): Promise<Harness> {
  if (backendName() === "litesvm") {
    shared = startLiteSvm();
    return shared;
  }
  const external = process.env.ANCHOR_PROVIDER_URL;
  if (external && (await answersGetVersion(external))) {
    return connect(external, wsUrlFor(external), loadWallet(process.env.ANCHOR_WALLET), false);
  }
  shared = await startLocalnet();
  return shared;
}

/** Whether `startIsolated` can give this run a cluster of its own (not for an external cluster
 *  unless the perps-localnet binary is built). */
export function canStartIsolated(): boolean {
  return backendName() === "litesvm" || fs.existsSync(localnetBinary());
}

/** A new, empty cluster on the run's backend (its own wallet and program, fresh genesis): for a
 *  test that needs state nobody else touched. `stop()` it when done. */
export async function startIsolated(options: Pick<LocalnetOptions, "upgradeAuthority"> = {}): Promise<LocalnetHandle> {
  return backendName() === "litesvm" ? startLiteSvm(options.upgradeAuthority) : startLocalnet(options);
}

/** The program's ELF the in-process backend loads: PERPS_PROGRAM_SO, else `target/deploy/perps.so`. */
export function programSoPath(): string {
  return process.env.PERPS_PROGRAM_SO ?? path.join(REPO_ROOT, "target", "deploy", "perps.so");
}

/** The fixture keypair perps-localnet names as the program's upgrade authority by default (local
 *  clusters only); the in-process backend deploys with the same key. */
export const UPGRADE_AUTHORITY_KEYPAIR = path.join(REPO_ROOT, "tests", "fixtures", "upgrade-authority-keypair.json");

/** The in-process backend: a new LiteSVM with the program deployed as a spawned perps-localnet
 *  deploys it (upgradeable; by default the new wallet is the upgrade authority, so it may
 *  `initialize`; `null` makes the program immutable) and the faucet funding that wallet. */
function startLiteSvm(authority?: PublicKey | null, fundLamports = 100 * LAMPORTS_PER_SOL): LocalnetHandle {
  const wallet = Keypair.generate();
  const upgradeAuthority = authority === undefined ? wallet.publicKey : authority;
  const { connection, rpcUrl, wsUrl, advanceClock, rpc } = startInProcess({ programId: PROGRAM_ID, programSo: programSoPath(), upgradeAuthority, commitment: COMMITMENT });
  const funded = connection.chain.airdrop(wallet.publicKey, fundLamports);
  if (funded.preflight) throw new Error(`in-process airdrop failed: ${JSON.stringify(funded.preflight.err)}`);
  return {
    ...providerOn(connection, wallet),
    wallet,
    rpcUrl,
    wsUrl,
    localnet: false,
    slotTimeMs: 0,
    backend: "litesvm",
    server: false,
    advanceClock,
    rpc,
    stop: async () => undefined,
  };
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
  return {
    ...providerOn(connection, payer),
    wallet: payer,
    rpcUrl,
    wsUrl,
    localnet,
    slotTimeMs: slotTime,
    backend: localnet ? "localnet" : "external",
    server: true,
    advanceClock: localnet ? (secs) => setLocalnetClock(connection, rpcUrl, secs) : undefined,
    rpc: (method, params) => rpcRaw(rpcUrl, method, params),
  };
}

/** `localnet_setClock` to now + `secs`, then waits until a confirmed slot carries the new time,
 *  so the next preflight sees it. Never moves the clock back. */
async function setLocalnetClock(connection: Connection, rpcUrl: string, secs: number): Promise<number> {
  const now = Number((await readClock(connection)).unixTimestamp);
  const res = await rpcRaw<{ unixTimestamp: number }>(rpcUrl, "localnet_setClock", [{ unixTimestamp: now + secs }]);
  if (res.error || !res.result) throw new JsonRpcError("localnet_setClock", res.error?.code ?? 0, res.error?.message ?? "no result", res.error?.data);
  const deadline = Date.now() + 10_000;
  while (Number((await readClock(connection)).unixTimestamp) < now + secs) {
    if (Date.now() > deadline) throw new Error("the cluster clock did not reach the new time at confirmed");
    await new Promise((r) => setTimeout(r, 10));
  }
  return res.result.unixTimestamp;
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
 * The spawned cluster's slot time: short, because every confirmation waits for the next slot and
 * the suites send hundreds of transactions one after another. web3.js caches the blockhash it
 * signs `sendTransaction(tx, signers)` with for 30 s (BLOCKHASH_CACHE_TIMEOUT_MS) and fetches it
 * at `finalized` (`--finality-depth`, 32 slots, old); perps-localnet keeps a blockhash valid for
 * 60 s whatever the slot time (its `--max-blockhash-age` default), as a validator's 150 slots of
 * 400 ms, so ordinary clients (spl-token helpers included) keep working with short slots. Override
 * with PERPS_LOCALNET_SLOT_MS.
 */
export function slotTimeMs(): number {
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
  // The same ELF the in-process backend loads, when PERPS_PROGRAM_SO names one (else the
  // cluster's default, target/deploy/perps.so).
  const programSo = process.env.PERPS_PROGRAM_SO ? ["--program-so", path.resolve(process.env.PERPS_PROGRAM_SO)] : [];
  const args = ["--rpc-port", String(port), "--ws-port", String(port + 1), "--slot-time-ms", String(slotTime), ...programSo, ...extraArgs];
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
