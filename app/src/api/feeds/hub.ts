/**
 * Fan-out of newly indexed rows to the WebSocket subscribers of this API process.
 *
 * The sink notifies `perps_indexer` (LISTEN/NOTIFY) from the transaction that writes a batch, so a
 * notification arrives only after the rows are committed. On each one the hub reads, per source
 * table with news, the rows whose key is above the highest key it has read (its high-water mark),
 * and hands each subscriber the rows that match its feed. Every API process does the same on its
 * own LISTEN connection, so replicas on one PostgreSQL all deliver every message. Reads are
 * serial; notifications that arrive during a read are coalesced into the next one. When the
 * LISTEN connection was lost and is back, every table is read (nothing is missed).
 */
import { NOTIFY_CHANNEL, type BatchNotification } from "../../sink/batch-statement";
import { compareKeys, KEY_COLUMNS, KEY_ORDER_DESC, parseKey, rowKey, type EventKey } from "../keys";
import type { KeyedRow } from "../queries/page";
import { indexerStatus, type IndexerStatus } from "../queries/status";
import type { ReadDb } from "../read-db";
import { FEEDS, readSource, type SourceRow, type SourceTable } from "./specs";
import { CHAIN_RESET_CLOSE, type Subscription } from "./subscription";

const TABLES: Record<SourceTable, string> = { trades: "trades", positions: "position_history", liquidations: "liquidations" };
const READ_PAGE = 2_000;

export interface HubHooks {
  onError(err: unknown): void;
}

export class FeedHub {
  private readonly hwm = new Map<SourceTable, EventKey | null>();
  private readonly dirty = new Set<SourceTable>();
  private readonly subs = new Map<SourceTable, Set<Subscription>>();
  private readonly statusSubs = new Set<Subscription>();
  private statusDirty = false;
  private running: Promise<void> | null = null;
  private stopListening: (() => Promise<void>) | null = null;
  private lastStatus: IndexerStatus | null = null;
  /** Notifications received (for /metrics). */
  notifications = 0;

  constructor(
    private readonly db: ReadDb,
    private readonly programId: string,
    private readonly hooks: HubHooks,
  ) {
    for (const t of Object.keys(TABLES) as SourceTable[]) this.subs.set(t, new Set());
  }

  /** Reads the current high-water marks, then LISTENs. */
  async start(): Promise<void> {
    for (const [t, table] of Object.entries(TABLES) as Array<[SourceTable, string]>) {
      const [r] = await this.db.query<KeyedRow>(`SELECT ${KEY_COLUMNS} FROM ${table} ORDER BY ${KEY_ORDER_DESC} LIMIT 1`);
      this.hwm.set(t, r ? rowKey(r) : null);
    }
    this.stopListening = await this.db.listen(
      NOTIFY_CHANNEL,
      (payload) => this.onNotification(payload),
      () => this.onGap(),
    );
  }

  async stop(): Promise<void> {
    await this.stopListening?.();
    this.stopListening = null;
    await this.running;
  }

  add(sub: Subscription): void {
    if (sub.feed === "status") this.statusSubs.add(sub);
    else this.subs.get(FEEDS[sub.feed].table)!.add(sub);
  }

  remove(sub: Subscription): void {
    if (sub.feed === "status") this.statusSubs.delete(sub);
    else this.subs.get(FEEDS[sub.feed].table)!.delete(sub);
  }

  clientCount(): number {
    let n = this.statusSubs.size;
    for (const s of this.subs.values()) n += s.size;
    return n;
  }

  /** The latest status (read now when none is cached). */
  async status(): Promise<IndexerStatus> {
    this.lastStatus ??= await indexerStatus(this.db, this.programId);
    return this.lastStatus;
  }

  private onNotification(payload: string): void {
    this.notifications += 1;
    let n: Partial<BatchNotification> & { health?: boolean; reset?: boolean } = {};
    try {
      n = JSON.parse(payload) as typeof n;
    } catch {
      // Unknown payload: read everything.
      this.onGap();
      return;
    }
    if (n.programId !== undefined && n.programId !== this.programId) return;
    if (n.reset) {
      this.onReset();
      return;
    }
    const hints: Array<[SourceTable, string | null | undefined]> = [
      ["trades", n.trades],
      ["positions", n.positions],
      ["liquidations", n.liquidations],
    ];
    for (const [t, key] of hints) {
      const k = key ? parseKey(key) : null;
      const mark = this.hwm.get(t) ?? null;
      if (k && (mark === null || compareKeys(k, mark) > 0)) this.dirty.add(t);
    }
    this.statusDirty = true;
    this.kick();
  }

  /**
   * The indexer emptied the database for a new chain (local cluster restarted from genesis): keys
   * start over, so every subscriber is closed with 4009 ChainReset (resubscribe without since).
   */
  private onReset(): void {
    for (const t of Object.keys(TABLES) as SourceTable[]) this.hwm.set(t, null);
    for (const set of this.subs.values()) for (const s of set) s.close(CHAIN_RESET_CLOSE, JSON.stringify({ error: "ChainReset", resume: null }));
    this.statusDirty = true;
    this.kick();
  }

  private onGap(): void {
    for (const t of Object.keys(TABLES) as SourceTable[]) this.dirty.add(t);
    this.statusDirty = true;
    this.kick();
  }

  private kick(): void {
    if (this.running) return;
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.dirty.size > 0 || this.statusDirty) this.kick();
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.dirty.size > 0) {
        const [t] = this.dirty;
        this.dirty.delete(t);
        await this.readTable(t);
      }
      if (this.statusDirty) {
        this.statusDirty = false;
        this.lastStatus = await indexerStatus(this.db, this.programId);
        for (const s of this.statusSubs) {
          s.sendRaw({ type: "event", feed: "status", key: this.lastStatus.key, data: this.lastStatus });
        }
      }
    } catch (err) {
      this.hooks.onError(err);
      // Retried on the next notification; the high-water mark did not move past unread rows.
    }
  }

  private async readTable(t: SourceTable): Promise<void> {
    for (;;) {
      const rows = await readSource(this.db, t, this.hwm.get(t) ?? null, READ_PAGE);
      if (rows.length === 0) return;
      this.hwm.set(t, parseKey(rows[rows.length - 1].key));
      this.fanOut(t, rows);
      if (rows.length < READ_PAGE) return;
    }
  }

  private fanOut(t: SourceTable, rows: SourceRow[]): void {
    for (const sub of this.subs.get(t)!) {
      if (sub.closed) continue;
      const spec = FEEDS[sub.feed as Exclude<typeof sub.feed, "status">];
      const mine = rows.filter((r) => spec.matches(sub.params, r));
      if (mine.length > 0) sub.offer(mine);
    }
  }
}

