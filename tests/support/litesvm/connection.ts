// A web3.js `Connection` whose JSON-RPC transport is an in-process LiteSvmChain instead of HTTP
// (web3.js's `fetch` hook), so AnchorProvider, `Program<Perps>` and the spl-token helpers run
// unchanged. Transactions execute synchronously inside `sendTransaction`, so confirming is one
// status lookup; PubSub does not exist in process and says so.
import {
  Commitment,
  Connection,
  type FetchFn,
  type RpcResponseAndContext,
  type SignatureResult,
  type TransactionConfirmationStrategy,
  TransactionExpiredBlockheightExceededError,
} from "@solana/web3.js";
import type { LiteSvmChain } from "./chain";
import { serve } from "./rpc";

/** What the harness reports as this backend's endpoints (never contacted). */
export const IN_PROCESS_RPC_URL = "http://litesvm.in-process";
export const IN_PROCESS_WS_URL = "ws://litesvm.in-process";

type RpcRequest = { id: number | string | null; method: string; params?: unknown[] };

function inProcessFetch(chain: LiteSvmChain): FetchFn {
  const handle = async (_url: unknown, init?: { body?: unknown }) => {
    const request = JSON.parse(String(init?.body)) as RpcRequest | RpcRequest[];
    const body = Array.isArray(request) ? request.map((r) => serve(chain, r)) : serve(chain, request);
    return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
  };
  return handle as unknown as FetchFn;
}

export class LiteSvmConnection extends Connection {
  constructor(
    readonly chain: LiteSvmChain,
    commitment: Commitment,
  ) {
    super(IN_PROCESS_RPC_URL, { commitment, wsEndpoint: IN_PROCESS_WS_URL, fetch: inProcessFetch(chain), httpAgent: false, disableRetryOnRateLimit: true });
  }

  /** A landed transaction is final at once; one that did not land never will (it was dropped). */
  override async confirmTransaction(
    strategy: TransactionConfirmationStrategy | string,
    _commitment?: Commitment,
  ): Promise<RpcResponseAndContext<SignatureResult>> {
    const signature = typeof strategy === "string" ? strategy : strategy.signature;
    const { context, value } = await this.getSignatureStatuses([signature]);
    const status = value[0];
    if (!status) throw new TransactionExpiredBlockheightExceededError(signature);
    return { context, value: { err: status.err } };
  }
}

// Subscriptions need the cluster's PubSub server: fail loudly rather than wait for a socket.
for (const method of [
  "onAccountChange",
  "onProgramAccountChange",
  "onLogs",
  "onSlotChange",
  "onSlotUpdate",
  "onSignature",
  "onSignatureWithOptions",
  "onRootChange",
] as const) {
  Object.defineProperty(LiteSvmConnection.prototype, method, {
    value() {
      throw new Error(`Connection.${method}: PubSub is not available on the in-process litesvm backend (run this test on the cluster)`);
    },
  });
}
