/**
 * Wires source → decoder → sink. All writes go through one serial loop, so catch-up batches and
 * live batches never interleave; replays are harmless because the sink is idempotent.
 *
 * `run`: catch up from the stored cursor, then follow `logsSubscribe`. A live notification only
 * names a transaction: it is fetched with `getTransaction` (block time, the same log messages a
 * backfill would see). After every websocket reconnect, when the live queue overflows, and on a
 * periodic timer, the loop catches up again from the cursor, which closes any gap.
 */
import { Connection, PublicKey, type Finality } from "@solana/web3.js";
import type { Decoder } from "./decoder/event-decoder";
import type { Health, Logger } from "./log";
import { DatabaseUnavailableError } from "./db/errors";
import { PipelinedWriter } from "./sink/pipelined-writer";
import type { Cursor, Sink, SinkResult } from "./sink/postgres-sink";
import { backfill, blockTxIndexes, fetchTransactions, LiveLogs, withRetry, type BackfillRange, type LiveNotification } from "./sources/rpc";
import type { DecodedBatch, RawTransaction } from "./types";

export interface IndexerDeps {
  connection: Connection;
  programId: PublicKey;
  decoder: Decoder;
  sink: Sink;
  log: Logger;
  health: Health;
  commitment: Finality;
  batchSize: number;
  /** Signatures per getSignaturesForAddress page in backfills (default 1000). */
  signaturePageSize?: number;
  /** Catch up from the cursor at least this often even without a reconnect (ms). */
  pollIntervalMs?: number;
  /** Longest wait between retries while the database is unavailable (ms, default 30 s). */
  maxRetryDelayMs?: number;
  /** Live notifications held at most; beyond, they are dropped and a catch-up is scheduled. */
  maxPending?: number;
}

export interface BackfillReport {
  transactions: number;
  inserted: number;
  duplicates: number;
  deadLetters: number;
}

export class Indexer {
  private pending: LiveNotification[] = [];
  private needCatchUp = true;
  private wake: (() => void) | null = null;
  private stopped = false;
  private live: LiveLogs | null = null;
  private interruptSleep: (() => void) | null = null;

  constructor(private readonly d: IndexerDeps) {}

  /** Decodes and writes one batch, updating health. */
  async ingest(txs: RawTransaction[]): Promise<SinkResult> {
    const batch: DecodedBatch = this.d.decoder.decode(txs);
    const res = await this.d.sink.write(batch);
    this.record(batch, res);
    return res;
  }

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

  /** Backfills a range (or from the cursor to the head when `range` is omitted). */
  async backfill(range?: BackfillRange, progress?: { onTotal(n: number): void; onDone(n: number): void }): Promise<BackfillReport> {
    const cursor = range === undefined ? await this.d.sink.readCursor() : null;
    const effective: BackfillRange = range ?? (cursor ? { untilSignature: cursor.signature } : {});
    const report: BackfillReport = { transactions: 0, inserted: 0, duplicates: 0, deadLetters: 0 };
    const batches: DecodedBatch[] = [];
    const writer = new PipelinedWriter(this.d.sink, (res) => {
      const batch = batches.shift()!;
      this.record(batch, res);
      report.transactions += batch.stats.transactions;
      report.inserted += res.inserted;
      report.duplicates += res.duplicates;
      report.deadLetters += res.deadLetters;
    });
    for await (const txs of backfill(this.d.connection, this.d.programId, effective, {
      batchSize: this.d.batchSize,
      pageSize: this.d.signaturePageSize,
      commitment: this.d.commitment,
      after: cursor ? { slot: cursor.slot, txIndex: cursor.txIndex } : undefined,
      onSignatures: (n) => progress?.onTotal(n),
      onProgress: (n) => progress?.onDone(n),
      log: this.d.log,
    })) {
      // The next page is fetched and prepared while this one is written (one batch in flight).
      const batch = this.d.decoder.decode(txs);
      batches.push(batch);
      await writer.push(batch);
    }
    await writer.flush();
    return report;
  }

  async catchUp(): Promise<BackfillReport> {
    this.d.health.catchUps += 1;
    const report = await this.backfill();
    if (report.transactions > 0) this.d.log.info("caught up", { ...report });
    await this.refreshLag();
    return report;
  }

  async refreshLag(): Promise<void> {
    const cursor: Cursor | null = await this.d.sink.readCursor();
    const slot = await withRetry(() => this.d.connection.getSlot(this.d.commitment));
    this.d.health.cursorSlot = cursor?.slot ?? null;
    this.d.health.lagSlots = cursor ? Math.max(0, slot - cursor.slot) : null;
    this.d.health.lagSeconds = cursor?.blockTime ? Math.max(0, Math.round(Date.now() / 1000 - cursor.blockTime)) : null;
  }

  /** Catch up, then follow the live stream until `stop()`. */
  async run(): Promise<void> {
    const maxPending = this.d.maxPending ?? this.d.batchSize * 10;
    this.live = new LiveLogs(this.d.connection, this.d.programId, {
      commitment: this.d.commitment,
      log: this.d.log,
      onLogs: (n) => {
        if (this.pending.length >= maxPending) {
          // Bounded memory: forget the queue; the cursor-based catch-up refetches all of it.
          this.pending = [];
          this.needCatchUp = true;
        } else {
          this.pending.push(n);
        }
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
    // Subscribe first, then catch up: whatever lands in between is in the queue or the backfill.
    this.live.start();
    const poll = setInterval(() => {
      this.needCatchUp = true;
      this.notify();
    }, this.d.pollIntervalMs ?? 15_000);
    try {
      let outage = 0;
      while (!this.stopped) {
        try {
          if (this.needCatchUp) {
            this.needCatchUp = false;
            await this.catchUp();
          } else if (this.pending.length === 0) {
            await new Promise<void>((resolve) => (this.wake = resolve));
          } else {
            await this.ingestLive(this.pending.splice(0, this.d.batchSize));
          }
          if (outage > 0) {
            this.d.log.info("database available again", { afterAttempts: outage });
            outage = 0;
          }
        } catch (err) {
          if (!(err instanceof DatabaseUnavailableError)) throw err;
          // Nothing was written past the cursor: wait, then catch up from it (which also covers
          // the live notifications taken for the failed batch).
          outage += 1;
          this.d.health.databaseErrors += 1;
          const retryInMs = Math.min(this.d.maxRetryDelayMs ?? 30_000, 250 * 2 ** Math.min(outage - 1, 10));
          this.d.log.warn("database unavailable: retrying", { error: err.name, message: err.message, attempt: outage, retryInMs });
          this.needCatchUp = true;
          await this.sleep(retryInMs);
        }
      }
    } finally {
      clearInterval(poll);
      await this.live.stop();
    }
  }

  stop(): void {
    this.stopped = true;
    this.notify();
    this.interruptSleep?.();
  }

  /** Waits `ms`, or less when `stop()` is called (live notifications do not cut it short). */
  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(t);
        this.interruptSleep = null;
        resolve();
      };
      const t = setTimeout(done, ms);
      this.interruptSleep = done;
    });
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private async ingestLive(chunk: LiveNotification[]): Promise<void> {
    const cursor = await this.d.sink.readCursor();
    // Number each slot's transactions in arrival (= execution) order, after the cursor's position.
    const counters = new Map<number, number>();
    const arrival = chunk.map((n) => {
      const start = cursor && cursor.slot === n.slot ? cursor.txIndex + 1 : 0;
      const idx = counters.get(n.slot) ?? start;
      counters.set(n.slot, idx + 1);
      return { signature: n.signature, slot: n.slot, txIndex: idx };
    });
    // The block's own order when the cluster serves the blocks (notifications come at the
    // subscription's commitment, so the slot is complete); arrival order otherwise.
    const inBlock = await blockTxIndexes(this.d.connection, chunk.map((n) => n.slot), this.d.commitment);
    const refs = inBlock && arrival.every((r) => inBlock.has(r.signature)) ? arrival.map((r) => ({ ...r, txIndex: inBlock.get(r.signature)! })) : arrival;
    const txs = await fetchTransactions(this.d.connection, refs, this.d.commitment, 8);
    await this.ingest(txs);
    await this.refreshLag();
  }
}
