// The in-process backend as the harness uses it: a LiteSvmChain behind a web3.js Connection, its
// JSON-RPC surface, and its clock control.
import type { Commitment, PublicKey } from "@solana/web3.js";
import type { JsonRpcResponse } from "../rpc";
import { LiteSvmChain } from "./chain";
import { IN_PROCESS_RPC_URL, IN_PROCESS_WS_URL, LiteSvmConnection } from "./connection";
import { serve } from "./rpc";

export { LiteSvmChain } from "./chain";
export { LiteSvmConnection } from "./connection";

export interface InProcessBackend {
  connection: LiteSvmConnection;
  rpcUrl: string;
  wsUrl: string;
  advanceClock(secs: number): Promise<number>;
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<JsonRpcResponse<T>>;
}

let nextId = 1;

export function startInProcess(options: { programId: PublicKey; programSo: string; upgradeAuthority: PublicKey | null; commitment: Commitment }): InProcessBackend {
  const chain = new LiteSvmChain(options);
  return {
    connection: new LiteSvmConnection(chain, options.commitment),
    rpcUrl: IN_PROCESS_RPC_URL,
    wsUrl: IN_PROCESS_WS_URL,
    // Transactions run synchronously against the clock sysvar: the next one sees the new time.
    advanceClock: async (secs) => chain.advanceClock(secs),
    rpc: async <T>(method: string, params?: unknown[]) => serve(chain, { id: nextId++, method, params }) as JsonRpcResponse<T>,
  };
}
