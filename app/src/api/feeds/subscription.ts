/**
 * One WebSocket subscriber of one feed. Everything it is sent goes through one serial queue, so a
 * replay from the database and the live rows that arrive meanwhile are delivered in order; a
 * message is sent only when its key is above the last key sent — nothing twice, and because the
 * replay reads until it is exhausted after the subscriber was registered with the hub, nothing
 * lost (a row committed later reaches the hub, and thus this queue, after the registration).
 *
 * A subscriber whose socket does not keep up (more than `maxBufferedBytes` queued in the process
 * above what the kernel took, or more than `maxPendingBatches` live batches waiting behind a
 * replay) is closed with code 4008 and a reason `{"error":"SlowConsumer","resume":"<key>"}`: the
 * key of the last message it was sent, to reconnect with `since=<key>`.
 */
import type { WebSocket } from "ws";
import { compareKeys, parseKey, type EventKey } from "../keys";
import type { ReadDb } from "../read-db";
import type { FeedMessage, FeedName, FeedParams, FeedSpec, SourceRow } from "./specs";

export const SLOW_CONSUMER_CLOSE = 4008;
export const SERVER_ERROR_CLOSE = 1011;
export const CHAIN_RESET_CLOSE = 4009;

export interface SubscriptionLimits {
  maxBufferedBytes: number;
  maxPendingBatches: number;
  /** Rows per replay query. */
  replayPage: number;
}

export interface SubscriptionHooks {
  onMessage(feed: FeedName): void;
  onSlowConsumer(feed: FeedName): void;
  onError(err: unknown): void;
}

export class Subscription {
  private lastKey: EventKey | null;
  private lastKeyText: string | null;
  private queue: Promise<void> = Promise.resolve();
  private pending = 0;
  closed = false;

  constructor(
    readonly feed: FeedName,
    readonly params: FeedParams,
    /** Null for the status feed, whose messages the hub sends itself. */
    private readonly spec: FeedSpec | null,
    private readonly ws: WebSocket,
    private readonly db: ReadDb,
    since: string | null,
    private readonly limits: SubscriptionLimits,
    private readonly hooks: SubscriptionHooks,
  ) {
    this.lastKeyText = since;
    this.lastKey = since === null ? null : parseKey(since);
  }

  /** Replays everything after `since` (when given), then tells the client it is live. */
  start(replay: boolean): void {
    const spec = this.spec;
    if (!spec) return;
    this.enqueue(async () => {
      let count = 0;
      if (replay) {
        for (;;) {
          const rows = await spec.replay(this.db, this.params, this.lastKey, this.limits.replayPage);
          count += await this.deliver(rows);
          if (rows.length < this.limits.replayPage || this.closed) break;
          await this.drained();
        }
      }
      this.sendRaw({ type: "replayed", feed: this.feed, count, key: this.lastKeyText });
    });
  }

  /** New rows from the hub (already matched to this subscriber's params). */
  offer(rows: SourceRow[]): void {
    if (this.closed || rows.length === 0) return;
    this.pending += 1;
    if (this.pending > this.limits.maxPendingBatches) {
      this.cut();
      return;
    }
    this.enqueue(async () => {
      this.pending -= 1;
      await this.deliver(rows);
    });
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(async () => {
      if (this.closed) return;
      try {
        await task();
      } catch (err) {
        this.hooks.onError(err);
        this.close(SERVER_ERROR_CLOSE, JSON.stringify({ error: "FeedError", resume: this.lastKeyText }));
      }
    });
  }

  /** Sends the messages of `rows` whose key is above the last key sent; returns how many. */
  private async deliver(rows: SourceRow[]): Promise<number> {
    if (!this.spec) return 0;
    const fresh = this.lastKey === null ? rows : rows.filter((r) => compareKeys(parseKey(r.key)!, this.lastKey!) > 0);
    if (fresh.length === 0) return 0;
    const msgs: FeedMessage[] = await this.spec.messages(this.db, this.params, fresh);
    let sent = 0;
    for (const m of msgs) {
      if (this.closed) break;
      const k = parseKey(m.key)!;
      if (this.lastKey !== null && compareKeys(k, this.lastKey) <= 0) continue;
      const wire = m.source ? (m.source.wire ??= {}) : null;
      const text = wire?.[this.feed] ?? JSON.stringify({ type: "event", feed: this.feed, key: m.key, data: m.data });
      if (wire) wire[this.feed] = text;
      this.ws.send(text);
      this.lastKey = k;
      this.lastKeyText = m.key;
      this.hooks.onMessage(this.feed);
      sent += 1;
      if (this.ws.bufferedAmount > this.limits.maxBufferedBytes) {
        this.cut();
        break;
      }
    }
    return sent;
  }

  /** Waits while the socket holds more than half the budget (a long replay paces itself). */
  private async drained(): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!this.closed && this.ws.bufferedAmount > this.limits.maxBufferedBytes / 2) {
      if (Date.now() > deadline) return this.cut();
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  sendRaw(msg: unknown): void {
    if (this.closed) return;
    this.ws.send(JSON.stringify(msg));
  }

  private cut(): void {
    if (this.closed) return;
    this.hooks.onSlowConsumer(this.feed);
    this.close(SLOW_CONSUMER_CLOSE, JSON.stringify({ error: "SlowConsumer", resume: this.lastKeyText }));
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.ws.close(code, reason);
    // What was queued before the close still reaches a client that reads again; one that never
    // does never completes the closing handshake and is dropped after 30 s.
    setTimeout(() => this.ws.terminate(), 30_000).unref();
  }
}
