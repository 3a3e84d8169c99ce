/**
 * One decoded batch as ONE SQL statement: a chain of data-modifying CTEs that insert the raw
 * events, the projected rows and the dead letters, detect fill-sequence gaps and advance the
 * cursor. PostgreSQL runs every data-modifying CTE exactly once and all of them see the snapshot
 * taken before the statement, so
 *   - the batch is atomic and costs one round trip, and the server can work on it while the
 *     client prepares the next batch (see PipelinedWriter);
 *   - "the previous fill of this market" read by the gap check is the stored one, never a row of
 *     this batch; rows of this batch are ordered by a window over their chain position.
 * Every insert is idempotent on its natural key (ON CONFLICT DO NOTHING, the current position
 * only moves forward in chain order), so projecting a replayed event changes nothing.
 */
import type { DecodedBatch, DecodedEvent } from "../types";
import { compareChainOrder } from "../types";
import {
  ADMIN_ACTION_COLUMNS,
  BANKRUPTCY_COLUMNS,
  DEAD_LETTER_COLUMNS,
  EVENT_COLUMNS,
  INSURANCE_FUND_CHANGE_COLUMNS,
  LIQUIDATION_COLUMNS,
  MARKET_COLUMNS,
  ORDER_CANCELLATION_COLUMNS,
  POSITION_CLOSURE_COLUMNS,
  POSITION_COLUMNS,
  POSITION_HISTORY_COLUMNS,
  TRADE_COLUMNS,
} from "./columns";
import { emptyRows, project, type PositionRow, type ProjectedRows } from "./projections";
import { unnestSelect, type Column } from "./sql";

export interface BatchCursor {
  slot: number;
  txIndex: number;
  signature: string;
  blockTime: number | null;
}

/** A batch serialised for the database; built without touching it. */
export interface BatchStatement {
  sql: string;
  params: Array<string | null>;
  /** Raw events in the batch (inserted + duplicates). */
  events: number;
  deadLetters: number;
  /** Where the cursor moves (the batch's last transaction), null for an empty batch. */
  cursor: BatchCursor | null;
}

/** Row the statement returns: `inserted` raw events and the gaps as JSON text. */
export interface BatchStatementResult extends Record<string, unknown> {
  inserted: number;
  gaps: string;
}

const CHAIN_ORDER = "slot, tx_index, instruction_index, event_index";

const POSITION_UPSERT_TAIL =
  `ON CONFLICT (position_id) DO UPDATE SET ` +
  POSITION_COLUMNS.filter((c) => c.name !== "position_id")
    .map((c) => `"${c.name}" = EXCLUDED."${c.name}"`)
    .join(", ") +
  `, updated_at = now() ` +
  // Chain-order guard: an older update (e.g. a backfill of earlier history) never overwrites a newer one.
  `WHERE (positions.slot, positions.tx_index, positions.instruction_index, positions.event_index) ` +
  `< (EXCLUDED.slot, EXCLUDED.tx_index, EXCLUDED.instruction_index, EXCLUDED.event_index)`;

class CteChain {
  readonly params: Array<string | null> = [];
  private readonly parts: string[] = [];

  param(value: string | null): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  add(name: string, body: string): void {
    this.parts.push(`"${name}" AS (${body})`);
  }

  insert<R>(name: string, table: string, columns: Array<Column<R>>, rows: readonly R[], tail: string): void {
    const select = unnestSelect(columns, rows, this.params.length + 1);
    this.params.push(...select.params);
    const names = columns.map((c) => `"${c.name}"`).join(", ");
    this.add(name, `INSERT INTO "${table}" (${names}) ${select.sql} ${tail}`);
  }

  sql(finalSelect: string): string {
    return this.parts.length > 0 ? `WITH ${this.parts.join(",\n")}\n${finalSelect}` : finalSelect;
  }
}

export interface BatchOptions {
  /**
   * Move the program's cursor to the batch's last transaction (default true). False for a
   * backfill of a range that does not start at the cursor: its batches would otherwise move the
   * cursor past history nobody indexed.
   */
  advanceCursor?: boolean;
  /** `pg_notify` the batch's keys on NOTIFY_CHANNEL when it commits (default true). */
  notify?: boolean;
}

/** The channel the sink notifies after each batch (payload: BatchNotification as JSON). */
export const NOTIFY_CHANNEL = "perps_indexer";

/**
 * What a batch notification says: the highest event key (`slot:tx:ix:ev`) of each table the batch
 * wrote to (rows may be replays: readers select `key > their high-water mark`), and the cursor.
 */
export interface BatchNotification {
  programId: string;
  trades: string | null;
  positions: string | null;
  liquidations: string | null;
  markets: number;
  cursorSlot: number | null;
}

type Keyed = { slot: number; txIndex: number; instructionIndex: number; eventIndex: number };
function maxKey(rows: readonly Keyed[]): string | null {
  // Projected rows are in chain order (events are sorted before projection).
  const r = rows[rows.length - 1];
  return r ? `${r.slot}:${r.txIndex}:${r.instructionIndex}:${r.eventIndex}` : null;
}

function notifyPayload(programId: string, rows: ProjectedRows, cursor: BatchCursor | null): string {
  const n: BatchNotification = {
    programId,
    trades: maxKey(rows.trades),
    positions: maxKey(rows.positions),
    liquidations: maxKey(rows.liquidations),
    markets: rows.markets.length,
    cursorSlot: cursor?.slot ?? null,
  };
  return JSON.stringify(n);
}

/** The candle tables the sink maintains and their bar length in seconds (the API aggregates longer bars from them). */
export const CANDLE_TABLES = [
  ["candles_1m", 60],
  ["candles_1h", 3_600],
] as const;

/**
 * Candles of the fills this statement inserted (`ins_fills` holds only new rows, so a replay adds
 * nothing): aggregated per (market, bar), then merged into `candles_1m` and `candles_1h` —
 * high/low by comparison, volumes and counts by addition, open/close from the fill with the
 * lower/higher seq (a backfill of earlier history may arrive after later fills).
 */
function addCandles(w: CteChain): void {
  for (const [table, seconds] of CANDLE_TABLES) {
    w.add(
      `batch_${table}`,
      `SELECT market, (timestamp / ${seconds}) * ${seconds} AS bucket,
         (array_agg(price ORDER BY seq))[1] AS open, max(price) AS high, min(price) AS low,
         (array_agg(price ORDER BY seq DESC))[1] AS close, sum(quantity) AS volume, sum(price * quantity) AS quote_volume,
         count(*)::int AS trades, min(seq) AS first_seq, max(seq) AS last_seq
       FROM "ins_fills" GROUP BY market, (timestamp / ${seconds}) * ${seconds}`,
    );
    w.add(
      `upd_${table}`,
      `INSERT INTO ${table} (market, bucket, open, high, low, close, volume, quote_volume, trades, first_seq, last_seq)
       SELECT market, bucket, open, high, low, close, volume, quote_volume, trades, first_seq, last_seq FROM "batch_${table}"
       ON CONFLICT (market, bucket) DO UPDATE SET
         open = CASE WHEN EXCLUDED.first_seq < ${table}.first_seq THEN EXCLUDED.open ELSE ${table}.open END,
         close = CASE WHEN EXCLUDED.last_seq > ${table}.last_seq THEN EXCLUDED.close ELSE ${table}.close END,
         high = greatest(${table}.high, EXCLUDED.high), low = least(${table}.low, EXCLUDED.low),
         volume = ${table}.volume + EXCLUDED.volume, quote_volume = ${table}.quote_volume + EXCLUDED.quote_volume,
         trades = ${table}.trades + EXCLUDED.trades,
         first_seq = least(${table}.first_seq, EXCLUDED.first_seq), last_seq = greatest(${table}.last_seq, EXCLUDED.last_seq)`,
    );
  }
}

/** Builds the statement for `batch` (pure: no I/O). */
export function batchStatement(batch: DecodedBatch, programId: string, opts: BatchOptions = {}): BatchStatement {
  const events: DecodedEvent[] = [...batch.events].sort((a, b) => compareChainOrder(a.position, b.position));
  const rows = emptyRows();
  for (const e of events) project(e.event, e.position, rows);

  const w = new CteChain();
  if (events.length > 0) {
    w.insert("ins_events", "program_events", EVENT_COLUMNS, events, "ON CONFLICT (signature, instruction_index, event_index) DO NOTHING RETURNING 1");
  }
  if (rows.markets.length > 0) w.insert("ins_markets", "markets", MARKET_COLUMNS, rows.markets, "ON CONFLICT (market) DO NOTHING");
  if (rows.trades.length > 0) {
    // Only fills inserted now take part in the gap check (a replayed fill is not a new gap).
    // Conflict target = the natural key only: a replayed fill is skipped, but a DIFFERENT fill with
    // an existing (market, seq) is a unique violation that fails the batch loudly (e.g. a database
    // that indexed another chain), never a silent drop.
    w.insert(
      "ins_fills",
      "trades",
      TRADE_COLUMNS,
      rows.trades,
      `ON CONFLICT (signature, instruction_index, event_index) DO NOTHING RETURNING market, seq, signature, price, quantity, timestamp, ${CHAIN_ORDER}`,
    );
    addCandles(w);
    // max() with an equality on market is an index probe on (market, seq), whatever the table size.
    w.add("stored_seq", `SELECT m.market, (SELECT max(t.seq) FROM trades t WHERE t.market = m.market) AS seq FROM (SELECT DISTINCT market FROM "ins_fills") m`);
    w.add(
      "fill_gaps",
      `SELECT f.market, f.seq, f.signature, f.slot, f.tx_index, f.instruction_index, f.event_index,
         greatest(coalesce(s.seq, 0), coalesce(max(f.seq) OVER (PARTITION BY f.market ORDER BY f.slot, f.tx_index, f.instruction_index, f.event_index
           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)) AS before
       FROM "ins_fills" f LEFT JOIN "stored_seq" s ON s.market = f.market`,
    );
    w.add(
      "ins_gaps",
      `INSERT INTO fill_seq_gaps (market, expected_seq, found_seq, signature, slot)
       SELECT market, before + 1, seq, signature, slot FROM "fill_gaps" WHERE seq > before + 1 ON CONFLICT DO NOTHING`,
    );
  }
  if (rows.positions.length > 0) {
    w.insert("ins_history", "position_history", POSITION_HISTORY_COLUMNS, rows.positions, "ON CONFLICT DO NOTHING");
    // One row per position (the last in chain order): ON CONFLICT DO UPDATE may touch a row once.
    const latest = new Map<string, PositionRow>();
    for (const p of rows.positions) latest.set(p.positionId, p);
    w.insert("upd_positions", "positions", POSITION_COLUMNS, [...latest.values()], POSITION_UPSERT_TAIL);
  }
  if (rows.liquidations.length > 0) w.insert("ins_liquidations", "liquidations", LIQUIDATION_COLUMNS, rows.liquidations, "ON CONFLICT DO NOTHING");
  if (rows.adminActions.length > 0) w.insert("ins_admin_actions", "admin_actions", ADMIN_ACTION_COLUMNS, rows.adminActions, "ON CONFLICT DO NOTHING");
  if (rows.positionClosures.length > 0) w.insert("ins_position_closures", "position_closures", POSITION_CLOSURE_COLUMNS, rows.positionClosures, "ON CONFLICT DO NOTHING");
  if (rows.orderCancellations.length > 0) {
    w.insert("ins_order_cancellations", "order_cancellations", ORDER_CANCELLATION_COLUMNS, rows.orderCancellations, "ON CONFLICT DO NOTHING");
  }
  if (rows.insuranceFundChanges.length > 0) {
    w.insert("ins_insurance_fund_changes", "insurance_fund_changes", INSURANCE_FUND_CHANGE_COLUMNS, rows.insuranceFundChanges, "ON CONFLICT DO NOTHING");
  }
  if (rows.bankruptcies.length > 0) w.insert("ins_bankruptcies", "bankruptcies", BANKRUPTCY_COLUMNS, rows.bankruptcies, "ON CONFLICT DO NOTHING");
  if (batch.deadLetters.length > 0) w.insert("ins_dead_letters", "dead_letters", DEAD_LETTER_COLUMNS, batch.deadLetters, "ON CONFLICT DO NOTHING");

  const last = opts.advanceCursor === false ? undefined : batch.transactions[batch.transactions.length - 1];
  const cursor: BatchCursor | null = last ? { slot: last.slot, txIndex: last.txIndex, signature: last.signature, blockTime: last.blockTime } : null;
  if (cursor) {
    const [pid, slot, txIndex, sig, bt] = [
      w.param(programId),
      w.param(String(cursor.slot)),
      w.param(String(cursor.txIndex)),
      w.param(cursor.signature),
      w.param(cursor.blockTime === null ? null : String(cursor.blockTime)),
    ];
    w.add(
      "upd_cursor",
      `INSERT INTO indexer_cursors (program_id, last_slot, last_tx_index, last_signature, last_block_time, updated_at)
       VALUES (${pid}, ${slot}::bigint, ${txIndex}::int, ${sig}, ${bt}::bigint, now())
       ON CONFLICT (program_id) DO UPDATE SET last_slot = EXCLUDED.last_slot, last_tx_index = EXCLUDED.last_tx_index,
         last_signature = EXCLUDED.last_signature, last_block_time = EXCLUDED.last_block_time, updated_at = now()
       WHERE (indexer_cursors.last_slot, indexer_cursors.last_tx_index) <= (EXCLUDED.last_slot, EXCLUDED.last_tx_index)`,
    );
  }

  const inserted = events.length > 0 ? `(SELECT count(*) FROM "ins_events")::int` : "0";
  // Delivered to LISTENers when (and only if) the transaction commits: the API's live feeds then
  // read the new rows by key (see app/src/api/feeds/). `IS NULL`: pg_notify returns void, which
  // Prisma raw queries cannot read.
  const notify = opts.notify === false ? "" : `, pg_notify('${NOTIFY_CHANNEL}', ${w.param(notifyPayload(programId, rows, cursor))}) IS NULL AS notify_void`;
  const gaps =
    rows.trades.length > 0
      ? `(SELECT coalesce(json_agg(json_build_object('market', market, 'expectedSeq', (before + 1)::text, 'foundSeq', seq::text,
           'signature', signature, 'slot', slot) ORDER BY ${CHAIN_ORDER}), '[]')::text FROM "fill_gaps" WHERE seq > before + 1)`
      : `'[]'`;
  return {
    sql: w.sql(`SELECT ${inserted} AS inserted, ${gaps} AS gaps${notify}`),
    params: w.params,
    events: events.length,
    deadLetters: batch.deadLetters.length,
    cursor,
  };
}
