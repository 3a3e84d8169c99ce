/**
 * Wires source → decoder → sink. All writes go through one serial loop; replays are harmless
 * because the sink is idempotent.
 *
 * `run`: catch up from the stored cursor, then follow `logsSubscribe`. Every write is a catch-up
 * from the cursor (`getSignaturesForAddress` until the cursor, oldest first), so the cursor only
 * ever moves over a contiguous history: a live notification does not carry its transaction into
 * the database, it wakes the loop, which catches up. A transaction that landed while the
 * subscription was being (re)established is therefore never skipped. Catch-ups also run after
 * every websocket reconnect and on a periodic timer. Database and RPC outages — at start as later
 * — are retried with backoff; the cursor makes the retry lossless. `stop()` is bounded in every
 * state: it interrupts a retry wait, ends a catch-up between batches and closes the live socket
 * without waiting for the server (./sources/live-logs.ts).
 */
import { Connection, PublicKey, type Finality } from "@solana/web3.js";
import type { Decoder } from "./decoder/event-decoder";
import type { Health, Logger } from "./log";
import { abortableSleep, isOutage, outageDelayMs, reportOutage } from "./retry";
import { PipelinedWriter } from "./sink/pipelined-writer";
import type { Cursor, Sink, SinkResult } from "./sink/postgres-sink";
import { LiveLogs, wsUrlFor } from "./sources/live-logs";
import { checkProgram } from "./sources/program-check";
import { backfill, withRetry, type BackfillRange } from "./sources/rpc";
import type { DecodedBatch } from "./types";

export interface IndexerDeps {
  connection: Connection;
  /** PubSub endpoint for `logsSubscribe` (default: derived from the connection's RPC URL). */
  wsUrl?: string;
  programId: PublicKey;
  decoder: Decoder;
  sink: Sink;
  log: Logger;
  health: Health;
  commitment: Finality;
  batchSize: number;
  /** Signatures per getSignaturesForAddress page in backfills (default 1000). */
  signaturePageSize?: number;
  /** Catch up from the cursor at least this often even without a notification (ms). */
  pollIntervalMs?: number;
  /** Longest wait between retries while the database or the RPC node is unavailable (ms, default 30 s). */
  maxRetryDelayMs?: number;
  /**
   * When the database is bound to another cluster (genesis hash), delete every indexed row and
   * start over instead of stopping with ChainMismatch. Only for a local cluster that restarts
   * from genesis and that the caller started itself (`npm start`); never a default.
   */
  resetOnChainChange?: boolean;
  /** Check that the program id names the perps program before writing anything (default true). */
  checkProgram?: boolean;
}

/** The database's rows for the program come from another cluster (different genesis hash). */
export class ChainMismatchError extends Error {
  override readonly name = "ChainMismatch";
  constructor(stored: string, cluster: string) {
    super(
      `the database indexes the cluster with genesis hash ${stored}, but the RPC node serves ${cluster}: ` +
        `use a fresh database (or PGlite directory) for this cluster`,
    );
  }
}

export interface BackfillReport {
  transactions: number;
  inserted: number;
  duplicates: number;
  deadLetters: number;
  /** `stop()` ended it between batches: the history after its last batch is not indexed yet. */
  stopped: boolean;
}

export class Indexer {
  private needCatchUp = true;
  private wake: (() => void) | null = null;
  private stopped = false;
  private readonly stopping = new AbortController();
  private failure: Error | null = null;
  private live: LiveLogs | null = null;
  private chainVerified = false;
  /** Cluster slot read before the last completed catch-up started, and when it was read. */
  private synced: { slot: number; at: number } | null = null;

  constructor(private readonly d: IndexerDeps) {}

  /** Health counters and warnings for one written batch. */
  private record(batch: DecodedBatch, res: SinkResult): void {
    const h = this.d.health;
    h.batches += 1;
    h.transactions += batch.stats.transactions;
    h.eventsIngested += res.inserted;
    h.duplicateEvents += res.duplicates;
    h.deadLetters += res.deadLetters;
    h.unknownEvents += batch.stats.unknownEvents;
    h.undecodableEvents += batch.stats.undecodableEvents;
    h.truncatedTransactions += batch.stats.truncatedTransactions;
    h.failedTransactions += batch.stats.failedTransactions;
    h.ignoredFailedEvents += batch.stats.ignoredFailedEvents;
    h.fillSeqGaps += res.gaps.length;
    if (res.cursor) h.cursorSlot = Math.max(h.cursorSlot ?? 0, res.cursor.slot);
    for (const g of res.gaps) {
      this.d.log.warn("fill sequence gap", { market: g.market, expectedSeq: g.expectedSeq, foundSeq: g.foundSeq, signature: g.signature, slot: g.slot });
    }
    for (const dl of batch.deadLetters) {
      this.d.log.warn("dead letter", { reason: dl.reason, signature: dl.signature, slot: dl.slot, detail: dl.detail });
    }
    this.d.log.debug("batch written", { transactions: batch.stats.transactions, inserted: res.inserted, duplicates: res.duplicates });
  }

  /**
   * Checks that the program id names the perps program (ForeignProgram), then binds the program's
   * rows in the database to the RPC node's cluster (genesis hash) on first use, and throws
   * ChainMismatchError when they are bound to another one (or, with `resetOnChainChange`, empties
   * the tables and binds them to this cluster).
   */
  async verifyChain(): Promise<void> {
    if (this.d.checkProgram !== false) await checkProgram(this.d.connection, this.d.programId, this.d.commitment);
    const cluster = await withRetry(() => this.d.connection.getGenesisHash());
    const bound = await this.d.sink.bindChain(cluster);
    if (bound !== cluster) {
      if (!this.d.resetOnChainChange) throw new ChainMismatchError(bound, cluster);
      this.d.log.warn("the cluster restarted from genesis: deleting every indexed row (--reset-on-chain-change)", { previous: bound, cluster });
      await this.d.sink.resetChain(cluster);
      this.d.health.cursorSlot = null;
    }
    this.chainVerified = true;
  }

  /**
   * Backfills a range, or from the cursor to the head when `range` is omitted. The cursor moves
   * only when the range starts at or below it (no cursor: from the first transaction); a range
   * that starts above it stores its events but leaves the cursor, which would otherwise skip the
   * history in between. Stops between batches after `stop()`.
   */
  async backfill(range?: BackfillRange, progress?: { onTotal(n: number): void; onDone(n: number): void }): Promise<BackfillReport> {
    if (!this.chainVerified) await this.verifyChain();
    const stored = await this.d.sink.readCursor();
    this.d.health.cursorSlot = stored?.slot ?? this.d.health.cursorSlot;
    const effective: BackfillRange = range ?? (stored ? { untilSignature: stored.signature } : {});
    const advanceCursor = startsAtCursor(effective, stored);
    if (!advanceCursor) this.d.log.info("backfill range starts above the stored cursor: the cursor stays where it is", { cursorSlot: stored?.slot ?? null });
    const report: BackfillReport = { transactions: 0, inserted: 0, duplicates: 0, deadLetters: 0, stopped: false };
    const writer = new PipelinedWriter(
      this.d.sink,
      (res, batch) => {
        this.record(batch, res);
        report.transactions += batch.stats.transactions;
        report.inserted += res.inserted;
        report.duplicates += res.duplicates;
        report.deadLetters += res.deadLetters;
      },
      { advanceCursor },
    );
    const source = backfill(this.d.connection, this.d.programId, effective, {
      batchSize: this.d.batchSize,
      pageSize: this.d.signaturePageSize,
      commitment: this.d.commitment,
      // Continue the cursor slot's numbering when the range starts at the cursor.
      after: stored && effective.untilSignature === stored.signature ? { slot: stored.slot, txIndex: stored.txIndex } : undefined,
      onSignatures: (n) => progress?.onTotal(n),
      onProgress: (n) => progress?.onDone(n),
      log: this.d.log,
    });
    try {
      for await (const txs of source) {
        // The next page is fetched and prepared while this one is written (one batch in flight).
        await writer.push(this.d.decoder.decode(txs));
        if (this.stopped) {
          report.stopped = true;
          break;
        }
      }
    } catch (err) {
      // The source failed: let the batch in flight finish before the caller retries from the
      // cursor (never two batches of this indexer at once), then report the source's error.
      await writer.flush().catch(() => undefined);
      throw err;
    }
    await writer.flush();
    if (this.failure) throw this.failure;
    return report;
  }

  /** Backfills from the cursor to the head and refreshes the lag figures. */
  async catchUp(): Promise<BackfillReport> {
    this.d.health.catchUps += 1;
    const head = await withRetry(() => this.d.connection.getSlot(this.d.commitment));
    const at = Date.now();
    const report = await this.backfill();
    if (!this.stopped) this.synced = { slot: head, at };
    if (report.transactions > 0) this.d.log.info("caught up", { ...report });
    await this.refreshLag();
    return report;
  }

  /**
   * Lag: how far the indexed history is behind the cluster — the cluster's slot now minus the
   * slot the last completed catch-up reached, and the seconds since that slot was read. An idle
   * program does not make the indexer look behind.
   */
  private async refreshLag(): Promise<void> {
    // The cursor slot is kept in health by backfill (stored cursor) and record() (each batch).
    const slot = await withRetry(() => this.d.connection.getSlot(this.d.commitment));
    const h = this.d.health;
    h.syncedSlot = this.synced?.slot ?? null;
    h.lagSlots = this.synced ? Math.max(0, slot - this.synced.slot) : null;
    h.lagSeconds = this.synced ? Math.max(0, Math.round((Date.now() - this.synced.at) / 1000)) : null;
  }

  /**
   * Verify the program and the chain, catch up, then follow the live stream until `stop()`.
   * Outages (database or RPC) are waited out in every phase, the first included; `fail()` ends
   * the run with an error.
   */
  async run(): Promise<void> {
    this.live = new LiveLogs(this.d.wsUrl ?? wsUrlFor(this.d.connection.rpcEndpoint), this.d.programId, {
      commitment: this.d.commitment,
      log: this.d.log,
      onLogs: () => {
        this.d.health.liveNotifications += 1;
        this.needCatchUp = true;
        this.notify();
      },
      onReconnect: () => {
        this.d.health.reconnects += 1;
        this.d.log.warn("websocket reconnected: catching up from the cursor", { reconnects: this.d.health.reconnects });
        this.needCatchUp = true;
        this.notify();
      },
      onDisconnect: () => this.d.log.warn("websocket closed"),
    });
    // Subscribe first, then catch up: whatever lands in between wakes the loop again.
    this.live.start();
    const poll = setInterval(() => {
      this.needCatchUp = true;
      this.notify();
    }, this.d.pollIntervalMs ?? 15_000);
    try {
      let outage = 0;
      while (!this.stopped) {
        try {
          if (!this.chainVerified) {
            await this.verifyChain();
          } else if (this.needCatchUp) {
            this.needCatchUp = false;
            await this.catchUp();
          } else {
            await new Promise<void>((resolve) => (this.wake = resolve));
          }
          if (outage > 0) {
            this.d.log.info("database and RPC available again", { afterAttempts: outage });
            outage = 0;
          }
        } catch (err) {
          if (!isOutage(err)) throw err;
          // Nothing was written past the cursor: wait, then catch up from it.
          outage += 1;
          const retryInMs = outageDelayMs(outage, this.d.maxRetryDelayMs);
          reportOutage(err, outage, retryInMs, this.d.log, this.d.health);
          this.needCatchUp = true;
          await abortableSleep(retryInMs, this.stopping.signal);
        }
      }
      if (this.failure) throw this.failure;
    } finally {
      clearInterval(poll);
      await this.live.stop();
    }
  }

  /** Ends `run` (or a backfill, between batches). Safe to call in any state, more than once. */
  stop(): void {
    this.stopped = true;
    this.stopping.abort();
    this.notify();
  }

  /** Ends `run` with `err` (e.g. the writer lock was taken by another indexer). */
  fail(err: Error): void {
    this.failure ??= err;
    this.stop();
  }

  /** Whether `stop()` (or `fail()`) was called. */
  get isStopped(): boolean {
    return this.stopped;
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }
}

/** True when a backfill of `range` covers everything after `cursor` up to where it ends. */
export function startsAtCursor(range: BackfillRange, cursor: Cursor | null): boolean {
  if (cursor === null) return range.fromSlot === undefined && range.untilSignature === undefined;
  if (range.untilSignature !== undefined && range.untilSignature !== cursor.signature) return false;
  return range.fromSlot === undefined || range.fromSlot <= cursor.slot;
}
