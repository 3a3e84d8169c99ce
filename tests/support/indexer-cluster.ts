/**
 * A dedicated `perps-localnet` for the indexer tests and the benchmark, with extra CLI arguments
 * (e.g. a small `--log-bytes-limit`). Independent of the shared harness cluster: its own ports,
 * its own funded wallet, its own exchange. Stop it with `stop()`.
 */
import { AnchorProvider, Program, Wallet } from "@coral-xyz/anchor";
import { Connection, Keypair, LAMPORTS_PER_SOL } from "@solana/web3.js";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import idlJson from "../../app/src/idl/perps.json";
import type { Perps } from "../../app/src/idl/perps";
import { localnetBinary, type Harness } from "./harness";
import { airdrop } from "./tokens";

export interface DedicatedCluster extends Harness {
  stop(): Promise<void>;
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

async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await listenAndClose(0);
    if (port < 65_535 && (await listenAndClose(port + 1).then(() => true, () => false))) return port;
  }
  throw new Error("no two adjacent free TCP ports");
}

const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const c of live) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
});

/** Spawns perps-localnet with `extraArgs` and returns a harness-shaped handle on it. */
export async function startDedicatedCluster(extraArgs: string[] = [], slotTimeMs = 300): Promise<DedicatedCluster> {
  const bin = localnetBinary();
  if (!fs.existsSync(bin)) throw new Error(`perps-localnet not found at ${bin} (cargo build -p perps-localnet)`);
  const port = await freePortPair();
  const args = ["--rpc-port", String(port), "--ws-port", String(port + 1), "--slot-time-ms", String(slotTimeMs), ...extraArgs];
  const proc = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
  live.add(proc);
  let stderr = "";
  proc.stderr?.setEncoding("utf8");
  proc.stderr?.on("data", (c: string) => (stderr = (stderr + c).slice(-8_192)));
  const { rpcUrl, wsUrl } = await new Promise<{ rpcUrl: string; wsUrl: string }>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`perps-localnet not ready: ${stderr}`)), 30_000);
    proc.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`perps-localnet exited (${code}): ${stderr}`));
    });
    proc.stdout?.setEncoding("utf8");
    proc.stdout?.on("data", (c: string) => {
      out += c;
      const m = /^perps-localnet ready rpc=(\S+) ws=(\S+)/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ rpcUrl: m[1], wsUrl: m[2] });
      }
    });
  });
  const stop = async (): Promise<void> => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((r) => proc.once("exit", () => r()));
    proc.kill("SIGTERM");
    const t = setTimeout(() => proc.kill("SIGKILL"), 3_000);
    await exited;
    clearTimeout(t);
    live.delete(proc);
  };
  try {
    const connection = new Connection(rpcUrl, { commitment: "confirmed", wsEndpoint: wsUrl });
    const wallet = Keypair.generate();
    await airdrop(connection, wallet.publicKey, 1_000 * LAMPORTS_PER_SOL);
    const provider = new AnchorProvider(connection, new Wallet(wallet), { commitment: "confirmed", preflightCommitment: "confirmed" });
    const program = new Program<Perps>(idlJson as Perps, provider);
    return { connection, provider, program, wallet, rpcUrl, wsUrl, localnet: true, slotTimeMs, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
