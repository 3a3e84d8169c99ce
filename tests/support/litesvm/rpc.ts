// The JSON-RPC methods a program test's client calls (web3.js Connection, AnchorProvider,
// `Program.account`, the spl-token helpers), answered from an in-process LiteSvmChain in the
// shapes a validator answers them. Anything else is "Method not found", naming the backend: a
// test that needs more of the cluster belongs on the cluster.
import { utils } from "@coral-xyz/anchor";
import { address } from "@solana/kit";
import { PublicKey, type VersionedTransaction } from "@solana/web3.js";
import type { JsonRpcResponse } from "../rpc";
import type { LiteSvmChain, TxRecord } from "./chain";
import { describeTransactionError } from "./errors";

const bs58 = utils.bytes.bs58;

export const BACKEND_VERSION = "litesvm 1.5.0 (in-process)";

/** A JSON-RPC error with a validator's code. */
class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

type Params = unknown[];
type Handler = (chain: LiteSvmChain, params: Params) => unknown;

const withContext = (chain: LiteSvmChain, value: unknown) => ({ context: { slot: chain.slot }, value });
const config = (params: Params, index: number): Record<string, unknown> => (params[index] ?? {}) as Record<string, unknown>;

function pubkey(value: unknown): PublicKey {
  try {
    return new PublicKey(value as string);
  } catch {
    throw new RpcError(-32602, `Invalid param: ${String(value)} is not a public key`);
  }
}

function accountJson(chain: LiteSvmChain, key: PublicKey, encoding: unknown) {
  if (encoding !== undefined && encoding !== "base64") throw new RpcError(-32602, `Invalid param: encoding ${String(encoding)} (the in-process backend serves base64)`);
  const account = chain.svm.getAccount(address(key.toBase58()));
  if (!account.exists) return null;
  return {
    data: [Buffer.from(account.data).toString("base64"), "base64"],
    executable: account.executable,
    lamports: Number(account.lamports),
    owner: account.programAddress,
    rentEpoch: 0,
    space: account.data.length,
  };
}

function wireTransaction(params: Params): Buffer {
  const { encoding } = config(params, 1);
  if (encoding !== "base64") throw new RpcError(-32602, `Invalid param: encoding ${String(encoding)} (the in-process backend takes base64)`);
  return Buffer.from(params[0] as string, "base64");
}

function messageJson(tx: VersionedTransaction) {
  const m = tx.message;
  return {
    accountKeys: m.staticAccountKeys.map((k) => k.toBase58()),
    header: m.header,
    instructions: m.compiledInstructions.map((ix) => ({
      programIdIndex: ix.programIdIndex,
      accounts: ix.accountKeyIndexes,
      data: bs58.encode(ix.data),
      stackHeight: null,
    })),
    recentBlockhash: m.recentBlockhash,
    ...(m.version === 0 ? { addressTableLookups: m.addressTableLookups.map((l) => ({ ...l, accountKey: l.accountKey.toBase58() })) } : {}),
  };
}

function transactionJson(r: TxRecord, maxVersion: unknown) {
  const version = r.transaction.version;
  if (version !== "legacy" && (maxVersion === undefined || Number(maxVersion) < version)) {
    throw new RpcError(-32015, `Transaction version (${version}) is not supported by the requesting client`);
  }
  return {
    slot: r.slot,
    blockTime: r.blockTime,
    ...(maxVersion === undefined ? {} : { version }),
    transaction: { signatures: r.transaction.signatures.map((s) => bs58.encode(s)), message: messageJson(r.transaction) },
    meta: {
      err: r.err,
      status: r.err === null ? { Ok: null } : { Err: r.err },
      fee: r.fee,
      preBalances: r.preBalances,
      postBalances: r.postBalances,
      innerInstructions: r.innerInstructions,
      logMessages: r.logs,
      preTokenBalances: [],
      postTokenBalances: [],
      rewards: [],
      loadedAddresses: { writable: [], readonly: [] },
      computeUnitsConsumed: r.computeUnitsConsumed,
    },
  };
}

const handlers: Record<string, Handler> = {
  getVersion: () => ({ "solana-core": BACKEND_VERSION, "feature-set": 0 }),
  getSlot: (chain) => chain.slot,
  getBlockHeight: (chain) => chain.slot,
  getLatestBlockhash: (chain) => withContext(chain, chain.latestBlockhash()),
  isBlockhashValid: (chain, params) => withContext(chain, chain.isBlockhashValid(params[0] as string)),
  getBalance: (chain, params) => withContext(chain, chain.balance(pubkey(params[0]))),
  getMinimumBalanceForRentExemption: (chain, params) => Number(chain.svm.minimumBalanceForRentExemption(BigInt(Number(params[0])))),
  getAccountInfo: (chain, params) => withContext(chain, accountJson(chain, pubkey(params[0]), config(params, 1).encoding)),
  getMultipleAccounts: (chain, params) =>
    withContext(
      chain,
      (params[0] as unknown[]).map((k) => accountJson(chain, pubkey(k), config(params, 1).encoding)),
    ),
  getProgramAccounts: (chain, params) => {
    const { encoding, filters, withContext: wrap } = config(params, 1);
    const matches = (data: Pick<Uint8Array, "length" | "subarray">) =>
      ((filters ?? []) as Record<string, { offset: number; bytes: string } | number>[]).every((f) => {
        if ("dataSize" in f) return data.length === f.dataSize;
        if ("memcmp" in f && typeof f.memcmp === "object") {
          const want = bs58.decode(f.memcmp.bytes);
          return Buffer.from(data.subarray(f.memcmp.offset, f.memcmp.offset + want.length)).equals(Buffer.from(want));
        }
        throw new RpcError(-32602, `Invalid param: filter ${JSON.stringify(f)}`);
      });
    const list = chain.svm
      .getProgramAccounts(address(pubkey(params[0]).toBase58()))
      .filter((a) => matches(a.data))
      .map((a) => ({ pubkey: a.address, account: accountJson(chain, new PublicKey(a.address), encoding) }));
    return wrap ? withContext(chain, list) : list;
  },
  requestAirdrop: (chain, params) => sent(chain.airdrop(pubkey(params[0]), Number(params[1]))),
  sendTransaction: (chain, params) => sent(chain.send(wireTransaction(params), { skipPreflight: config(params, 1).skipPreflight === true })),
  simulateTransaction: (chain, params) => {
    // The RPC does not verify signatures in a simulation unless asked (sigVerify defaults to false).
    const r = chain.simulate(wireTransaction(params), { sigVerify: config(params, 1).sigVerify === true });
    return withContext(chain, { err: r.err, logs: r.logs, accounts: null, unitsConsumed: r.unitsConsumed, returnData: null });
  },
  getSignatureStatuses: (chain, params) =>
    withContext(
      chain,
      (params[0] as string[]).map((signature) => {
        const r = chain.record(signature);
        return r ? { slot: r.slot, confirmations: null, err: r.err, status: r.err === null ? { Ok: null } : { Err: r.err }, confirmationStatus: "finalized" } : null;
      }),
    ),
  getTransaction: (chain, params) => {
    const r = chain.record(params[0] as string);
    const { encoding, maxSupportedTransactionVersion } = config(params, 1);
    if (encoding !== undefined && encoding !== "json") throw new RpcError(-32602, `Invalid param: encoding ${String(encoding)} (the in-process backend serves json)`);
    return r ? transactionJson(r, maxSupportedTransactionVersion) : null;
  },
};

function sent(outcome: ReturnType<LiteSvmChain["send"]>): string {
  if (!outcome.preflight) return outcome.signature;
  const { err, logs, unitsConsumed } = outcome.preflight;
  throw new RpcError(-32002, `Transaction simulation failed: ${describeTransactionError(err)}`, {
    err,
    logs,
    accounts: null,
    unitsConsumed,
    returnData: null,
    innerInstructions: null,
  });
}

/** Answers one JSON-RPC request object. */
export function serve(chain: LiteSvmChain, request: { id: number | string | null; method: string; params?: Params }): JsonRpcResponse {
  const { id, method } = request;
  const handler = Object.prototype.hasOwnProperty.call(handlers, method) ? handlers[method] : undefined;
  if (!handler) {
    return { jsonrpc: "2.0", id, error: { code: -32601, message: `Method not found: ${method} is not served by the in-process litesvm backend` } };
  }
  try {
    return { jsonrpc: "2.0", id, result: handler(chain, request.params ?? []) };
  } catch (err) {
    if (err instanceof RpcError) return { jsonrpc: "2.0", id, error: { code: err.code, message: err.message, ...(err.data === undefined ? {} : { data: err.data }) } };
    return { jsonrpc: "2.0", id, error: { code: -32603, message: `Internal error: ${String(err)}` } };
  }
}
