/**
 * A dedicated `perps-localnet` for the indexer tests and the benchmark, with extra CLI arguments
 * (e.g. a small `--log-bytes-limit`). Independent of the shared harness cluster: its own ports,
 * its own funded wallet, its own exchange. Stop it with `stop()`.
 */
import { LAMPORTS_PER_SOL } from "@solana/web3.js";
import { slotTimeMs as defaultSlotTimeMs, startLocalnet, type LocalnetHandle } from "./harness";

export type DedicatedCluster = LocalnetHandle;

/** Spawns perps-localnet with `extraArgs` (see `startLocalnet`) and a wallet funded with 1,000 SOL. */
export function startDedicatedCluster(extraArgs: string[] = [], slotTimeMs = defaultSlotTimeMs()): Promise<DedicatedCluster> {
  return startLocalnet({ extraArgs, slotTimeMs, fundLamports: 1_000 * LAMPORTS_PER_SOL });
}
