/**
 * The backfill source over Solana JSON-RPC: yields `RawTransaction` batches in chain order —
 * `getSignaturesForAddress` paged with before/until (newest first: a counting walk back keeps one
 * anchor per page, then the pages run oldest first), then `getTransaction` per signature. (The
 * live source, `logsSubscribe`, is ./live-logs.ts.)
 * The transaction index is the transaction's index in its block (`getBlock` with signatures
 * only). When the cluster cannot serve a block (pruned, or not supported), the position among
 * the program's transactions in the slot is used instead (`getSignaturesForAddress` returns a
 * slot's signatures in reverse execution order) and a warning is logged.
 */
import {
  Connection,
  PublicKey,
  type ConfirmedSignatureInfo,
  type Finality,
  type TransactionResponse,
  type VersionedTransactionResponse,
} from "@solana/web3.js";
import type { Logger } from "../log";
import type { RawTransaction } from "../types";

export interface SignatureRef {
  signature: string;
  slot: number;
  err: unknown;
  blockTime: number | null;
}

export interface BackfillRange {
  /** Exclusive lower bound: stop at this signature (e.g. the stored cursor). */
  untilSignature?: string;
  /** Exclusive upper bound: start below this signature. */
  beforeSignature?: string;
  /** Inclusive slot bounds. */
  fromSlot?: number;
  toSlot?: number;
}

export interface BackfillOptions {
  batchSize: number;
  commitment: Finality;
  /** Parallel getTransaction calls. */
  concurrency?: number;
  /** Signatures per getSignaturesForAddress page (default 1000, the RPC maximum). */
  pageSize?: number;
  /** The slot/index of the last transaction already indexed, to continue its slot's numbering. */
  after?: { slot: number; txIndex: number };
  onSignatures?: (total: number) => void;
  onProgress?: (done: number) => void;
  log?: Logger;
}

const toRef = (s: ConfirmedSignatureInfo): SignatureRef => ({ signature: s.signature, slot: s.slot, err: s.err, blockTime: s.blockTime ?? null });

/**
 * The program's signatures in `range`, oldest first, as pages of whole slots, holding at most
 * one page (plus one slot carried over) and one anchor signature per older page in memory.
 *
 * `getSignaturesForAddress` walks from the newest, so pass 1 walks back counting and remembers
 * where each older page starts (`before` = the oldest signature of the newer page); pass 2
 * fetches those pages again from the oldest, which is stable because nothing new can appear
 * below an existing signature. The newest page is kept from pass 1 instead of fetched again:
 * new transactions at the head would shift it and skip the ones they pushed out. A slot cut by
 * a page boundary is held back and prepended to the next page, so chain order inside a slot is
 * decided with all of its transactions.
 */
export async function* signaturePages(
  connection: Connection,
  programId: PublicKey,
  range: BackfillRange,
  commitment: Finality,
  opts: { pageSize?: number; onTotal?: (n: number) => void } = {},
): AsyncGenerator<SignatureRef[]> {
  const limit = opts.pageSize ?? 1000;
  const fetchPage = (before: string | undefined): Promise<ConfirmedSignatureInfo[]> =>
    withRetry(() => connection.getSignaturesForAddress(programId, { before, until: range.untilSignature, limit }, commitment));
  const inRange = (s: ConfirmedSignatureInfo): boolean =>
    (range.toSlot === undefined || s.slot <= range.toSlot) && (range.fromSlot === undefined || s.slot >= range.fromSlot);
  const belowRange = (page: ConfirmedSignatureInfo[]): boolean => range.fromSlot !== undefined && page[page.length - 1].slot < range.fromSlot;

  const newest = await fetchPage(range.beforeSignature);
  let total = newest.filter(inRange).length;
  const anchors: string[] = [];
  let page = newest;
  while (page.length === limit && !belowRange(page)) {
    const before = page[page.length - 1].signature;
    page = await fetchPage(before);
    if (page.length === 0) break;
    anchors.push(before);
    total += page.filter(inRange).length;
  }
  opts.onTotal?.(total);

  let carry: SignatureRef[] = [];
  for (let i = anchors.length - 1; i >= -1; i--) {
    const raw = i >= 0 ? await fetchPage(anchors[i]) : newest;
    const refs = carry.concat(raw.filter(inRange).reverse().map(toRef));
    if (i >= 0 && refs.length > 0) {
      // Hold back the newest slot: the next (newer) page may hold more of it.
      const last = refs[refs.length - 1].slot;
      let cut = refs.length;
      while (cut > 0 && refs[cut - 1].slot === last) cut -= 1;
      carry = refs.slice(cut);
      refs.length = cut;
    } else {
      carry = [];
    }
    if (refs.length > 0) yield refs;
  }
}

/** Numbers transactions inside each slot in chain order, continuing after `after` in its slot. */
export function assignTxIndexes<T extends { slot: number }>(refs: T[], after?: { slot: number; txIndex: number }): Array<T & { txIndex: number }> {
  let slot = -1;
  let next = 0;
  return refs.map((r) => {
    if (r.slot !== slot) {
      slot = r.slot;
      next = after && after.slot === r.slot ? after.txIndex + 1 : 0;
    }
    return { ...r, txIndex: next++ };
  });
}

async function rawRpc<T>(url: string, method: string, params: unknown[]): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await res.json()) as { result?: T; error?: { code: number; message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.code} ${body.error.message}`);
  return body.result as T;
}

/** JSON-RPC errors for a block the node cannot serve: -32004 not available, -32007 skipped, -32009 missing in long-term storage, -32001 cleaned up. */
const BLOCK_NOT_AVAILABLE = /getBlock: -320(01|04|07|09) /;

/**
 * Each transaction's index in its block (`getBlock` with signatures only: the order the slot
 * executed them in), for the distinct slots of `refs`. Returns null when the cluster cannot
 * serve a block (e.g. it was pruned), so callers fall back to `assignTxIndexes`.
 */
export async function blockTxIndexes(
  connection: Connection,
  slots: readonly number[],
  commitment: Finality,
  concurrency = 8,
  /** Keep only these signatures (a busy block lists thousands of others). */
  wanted?: ReadonlySet<string>,
): Promise<Map<string, number> | null> {
  const out = new Map<string, number>();
  const todo = [...new Set(slots)];
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < todo.length) {
      const slot = todo[next++];
      try {
        // Raw JSON-RPC: web3.js validates a `transactionDetails: "signatures"` response against
        // the full-transactions shape and rejects it.
        const block = await withRetry(() =>
          rawRpc<{ signatures: string[] } | null>(connection.rpcEndpoint, "getBlock", [
            slot,
            { commitment, transactionDetails: "signatures", rewards: false, maxSupportedTransactionVersion: 0 },
          ]),
        );
        if (!block) {
          failed = true;
          return;
        }
        block.signatures.forEach((sig, i) => {
          if (!wanted || wanted.has(sig)) out.set(sig, i);
        });
      } catch (err) {
        // Only a block the node does not have (skipped, pruned, not yet available) falls back to
        // the other numbering; an unreachable node is an outage, retried as a whole.
        if (!BLOCK_NOT_AVAILABLE.test(String((err as { cause?: unknown }).cause ?? err))) throw err;
        failed = true;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, todo.length) }, worker));
  return failed ? null : out;
}

/**
 * Chain order for `refs`: the block index when every slot's block is available (then refs are
 * re-sorted by slot and index), else the numbering of `assignTxIndexes`.
 */
export async function orderInChain<T extends { signature: string; slot: number }>(
  connection: Connection,
  refs: T[],
  commitment: Finality,
  after?: { slot: number; txIndex: number },
  log?: Logger,
): Promise<Array<T & { txIndex: number }>> {
  const idx = refs.length > 0 ? await blockTxIndexes(connection, refs.map((r) => r.slot), commitment, 8, new Set(refs.map((r) => r.signature))) : null;
  if (idx === null || refs.some((r) => !idx.has(r.signature))) {
    if (refs.length > 0) {
      log?.warn("blocks unavailable: numbering transactions by their order among the program's in each slot", { fromSlot: refs[0].slot, toSlot: refs[refs.length - 1].slot });
    }
    return assignTxIndexes(refs, after);
  }
  return refs.map((r) => ({ ...r, txIndex: idx.get(r.signature)! })).sort((a, b) => a.slot - b.slot || a.txIndex - b.txIndex);
}

export async function fetchTransaction(connection: Connection, signature: string, commitment: Finality): Promise<TransactionResponse | VersionedTransactionResponse> {
  return withRetry(async () => {
    const t = await connection.getTransaction(signature, { commitment, maxSupportedTransactionVersion: 0 });
    if (t === null) throw new Error(`transaction ${signature} not available yet at ${commitment}`);
    return t;
  });
}

export function toRawTransaction(
  ref: { signature: string; slot: number; txIndex: number },
  t: TransactionResponse | VersionedTransactionResponse,
): RawTransaction {
  return {
    signature: ref.signature,
    slot: t.slot,
    txIndex: ref.txIndex,
    blockTime: t.blockTime ?? null,
    err: t.meta?.err ?? null,
    logs: t.meta?.logMessages ?? [],
    instructionProgramIds: instructionProgramIds(t),
  };
}

/** Program of each top-level instruction (keys from address lookup tables included). */
function instructionProgramIds(t: TransactionResponse | VersionedTransactionResponse): string[] | undefined {
  try {
    const message = t.transaction.message;
    const keys = message.getAccountKeys({ accountKeysFromLookups: t.meta?.loadedAddresses ?? undefined });
    return message.compiledInstructions.map((ix) => keys.get(ix.programIdIndex)?.toBase58() ?? "");
  } catch {
    // Lookup keys missing from the response: count top-level invokes instead.
    return undefined;
  }
}

/** Fetches transactions for `refs` (already in chain order) with bounded parallelism. */
export async function fetchTransactions(
  connection: Connection,
  refs: Array<{ signature: string; slot: number; txIndex: number }>,
  commitment: Finality,
  concurrency: number,
): Promise<RawTransaction[]> {
  const out: RawTransaction[] = new Array(refs.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    // After one failure the other workers stop taking signatures: the batch is retried as a whole.
    while (!failed && next < refs.length) {
      const i = next++;
      try {
        out[i] = toRawTransaction(refs[i], await fetchTransaction(connection, refs[i].signature, commitment));
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, refs.length) }, worker));
  return out;
}

/**
 * Backfill source: yields batches of at most `batchSize` transactions, oldest first. Memory is
 * bounded by one signature page (`pageSize`, default 1000) and one batch of transactions.
 */
export async function* backfill(
  connection: Connection,
  programId: PublicKey,
  range: BackfillRange,
  opts: BackfillOptions,
): AsyncGenerator<RawTransaction[]> {
  let done = 0;
  for await (const page of signaturePages(connection, programId, range, opts.commitment, { pageSize: opts.pageSize, onTotal: opts.onSignatures })) {
    const refs = await orderInChain(connection, page, opts.commitment, opts.after, opts.log);
    for (let i = 0; i < refs.length; i += opts.batchSize) {
      const chunk = refs.slice(i, i + opts.batchSize);
      yield await fetchTransactions(connection, chunk, opts.commitment, opts.concurrency ?? 8);
      done += chunk.length;
      opts.onProgress?.(done);
    }
  }
}

/** A JSON-RPC call kept failing through its retries (node down, overloaded, or behind). */
export class RpcUnavailableError extends Error {
  override readonly name = "RpcUnavailable";
  constructor(readonly cause: unknown) {
    super(`RPC unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** Retries `fn` with exponential backoff; the last failure is thrown as RpcUnavailableError. */
export async function withRetry<T>(fn: () => Promise<T>, attempts = 5, baseMs = 200): Promise<T> {
  let lastErr: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return await fn();
    } catch (err) {
      lastErr = err;
      if (i < attempts - 1) await new Promise((r) => setTimeout(r, baseMs * 2 ** i));
    }
  }
  throw lastErr instanceof RpcUnavailableError ? lastErr : new RpcUnavailableError(lastErr);
}
