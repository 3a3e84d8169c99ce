/**
 * The sink: one database transaction per decoded batch that
 *   1. inserts the raw events (`program_events`, ON CONFLICT DO NOTHING on the natural key),
 *   2. projects only the newly inserted ones, in chain order, into the domain tables,
 *   3. stores them as `processed` (projected in this same transaction), stores dead letters,
 *      records fill-sequence gaps,
 *   4. advances the per-program cursor.
 * Replaying any batch is a no-op, so at-least-once delivery from the sources is exactly-once in
 * effect. Works on PostgreSQL and PGlite alike (only Prisma raw queries through the adapter).
 */
import type { PrismaClient } from "../../generated/prisma";
import type { Database } from "../db/database";
import { EVENT_TYPE } from "../idl";
import {
  compareChainOrder,
  type DeadLetter,
  type DecodedBatch,
  type DecodedEvent,
} from "../types";
import {
  emptyRows,
  project,
  toJson,
  type LiquidationRow,
  type MarketRow,
  type PositionRow,
  type ProjectedRows,
  type TradeRow,
} from "./projections";
import { unnestInsert, type Column, type UnnestStatement } from "./sql";

/** One statement at a time inside the sink's database transaction. */
interface Tx {
  query<T>(sql: string, params: unknown[]): Promise<T[]>;
}

export interface Cursor {
  programId: string;
  slot: number;
  txIndex: number;
  signature: string;
  blockTime: number | null;
}

export interface FillGap {
  market: string;
  expectedSeq: bigint;
  foundSeq: bigint;
  signature: string;
  slot: number;
}

export interface SinkResult {
  /** Raw events newly stored (and projected). */
  inserted: number;
  /** Events already stored by an earlier write (replays). */
  duplicates: number;
  deadLetters: number;
  gaps: FillGap[];
  cursor: Cursor | null;
}

export interface Sink {
  write(batch: DecodedBatch): Promise<SinkResult>;
  readCursor(): Promise<Cursor | null>;
}

const key = (r: { signature: string; instructionIndex: number; eventIndex: number }): string =>
  `${r.signature}/${r.instructionIndex}/${r.eventIndex}`;

const KEY_COLS = [
  { name: "signature", type: "text" },
  { name: "instruction_index", type: "int" },
  { name: "event_index", type: "int" },
  { name: "slot", type: "bigint" },
  { name: "tx_index", type: "int" },
] as const;

function keyColumns<R extends { signature: string; instructionIndex: number; eventIndex: number; slot: number; txIndex: number }>(): Array<Column<R>> {
  const getters: Array<(r: R) => string | number> = [
    (r) => r.signature,
    (r) => r.instructionIndex,
    (r) => r.eventIndex,
    (r) => r.slot,
    (r) => r.txIndex,
  ];
  return KEY_COLS.map((c, i) => ({ name: c.name, type: c.type, get: getters[i] }));
}

const EVENT_COLUMNS: Array<Column<DecodedEvent>> = [
  { name: "signature", type: "text", get: (e) => e.position.signature },
  { name: "instruction_index", type: "int", get: (e) => e.position.instructionIndex },
  { name: "event_index", type: "int", get: (e) => e.position.eventIndex },
  { name: "slot", type: "bigint", get: (e) => e.position.slot },
  { name: "tx_index", type: "int", get: (e) => e.position.txIndex },
  { name: "invoke_depth", type: "int", get: (e) => e.position.invokeDepth },
  { name: "program_id", type: "text", get: (e) => e.position.programId },
  { name: "block_time", type: "bigint", get: (e) => e.position.blockTime },
  { name: "event_type", type: "text", get: (e) => EVENT_TYPE[e.event.name] },
  { name: "event_data", type: "jsonb", get: (e) => JSON.stringify(toJson(e.event.data)) },
  // Projected in this same transaction (the sink is the only writer), so stored as processed:
  // no second write of every row.
  { name: "processed", type: "boolean", get: () => true },
];

const RAW_EVENT_TAIL =
  `ON CONFLICT (signature, instruction_index, event_index) DO NOTHING ` +
  `RETURNING signature || '/' || instruction_index || '/' || event_index AS k`;

const MARKET_COLUMNS: Array<Column<MarketRow>> = [
  { name: "market", type: "text", get: (r) => r.market },
  { name: "index", type: "int", get: (r) => r.index },
  { name: "symbol", type: "text", get: (r) => r.symbol },
  { name: "tick_size", type: "numeric", get: (r) => r.tickSize },
  { name: "base_lot_size", type: "numeric", get: (r) => r.baseLotSize },
  { name: "base_decimals", type: "int", get: (r) => r.baseDecimals },
  { name: "taker_fee_bps", type: "int", get: (r) => r.takerFeeBps },
  { name: "maker_fee_bps", type: "int", get: (r) => r.makerFeeBps },
  { name: "initial_margin_bps", type: "int", get: (r) => r.initialMarginBps },
  { name: "maintenance_margin_bps", type: "int", get: (r) => r.maintenanceMarginBps },
  { name: "liquidation_penalty_bps", type: "int", get: (r) => r.liquidationPenaltyBps },
  { name: "price_authority", type: "text", get: (r) => r.priceAuthority },
  { name: "max_price_age_secs", type: "bigint", get: (r) => r.maxPriceAgeSecs },
  { name: "created_timestamp", type: "bigint", get: (r) => r.createdTimestamp },
  { name: "slot", type: "bigint", get: (r) => r.slot },
  { name: "signature", type: "text", get: (r) => r.signature },
];

const TRADE_COLUMNS: Array<Column<TradeRow>> = [
  ...keyColumns<TradeRow>(),
  { name: "market", type: "text", get: (r) => r.market },
  { name: "seq", type: "bigint", get: (r) => r.seq },
  { name: "taker", type: "text", get: (r) => r.taker },
  { name: "maker", type: "text", get: (r) => r.maker },
  { name: "taker_position_id", type: "bigint", get: (r) => r.takerPositionId },
  { name: "maker_position_id", type: "bigint", get: (r) => r.makerPositionId },
  { name: "taker_order_id", type: "numeric", get: (r) => r.takerOrderId },
  { name: "maker_order_id", type: "numeric", get: (r) => r.makerOrderId },
  { name: "taker_side", type: "text", get: (r) => r.takerSide },
  { name: "price", type: "numeric", get: (r) => r.price },
  { name: "quantity", type: "numeric", get: (r) => r.quantity },
  { name: "taker_fee", type: "numeric", get: (r) => r.takerFee },
  { name: "maker_fee", type: "numeric", get: (r) => r.makerFee },
  { name: "timestamp", type: "bigint", get: (r) => r.timestamp },
];

const POSITION_FIELDS: Array<Column<PositionRow>> = [
  { name: "position_id", type: "bigint", get: (r) => r.positionId },
  { name: "owner", type: "text", get: (r) => r.owner },
  { name: "market", type: "text", get: (r) => r.market },
  { name: "side", type: "text", get: (r) => r.side },
  { name: "size", type: "numeric", get: (r) => r.size },
  { name: "entry_price", type: "numeric", get: (r) => r.entryPrice },
  { name: "collateral", type: "numeric", get: (r) => r.collateral },
  { name: "realized_pnl", type: "bigint", get: (r) => r.realizedPnl },
  { name: "unrealized_pnl", type: "bigint", get: (r) => r.unrealizedPnl },
  { name: "settled_pnl", type: "bigint", get: (r) => r.settledPnl },
  { name: "mark_price", type: "numeric", get: (r) => r.markPrice },
  { name: "timestamp", type: "bigint", get: (r) => r.timestamp },
];
const POSITION_HISTORY_COLUMNS: Array<Column<PositionRow>> = [...keyColumns<PositionRow>(), ...POSITION_FIELDS];
const POSITION_COLUMNS = POSITION_HISTORY_COLUMNS;

const LIQUIDATION_COLUMNS: Array<Column<LiquidationRow>> = [
  ...keyColumns<LiquidationRow>(),
  { name: "position_id", type: "bigint", get: (r) => r.positionId },
  { name: "owner", type: "text", get: (r) => r.owner },
  { name: "market", type: "text", get: (r) => r.market },
  { name: "liquidator", type: "text", get: (r) => r.liquidator },
  { name: "liquidated_size", type: "numeric", get: (r) => r.liquidatedSize },
  { name: "liquidation_price", type: "numeric", get: (r) => r.liquidationPrice },
  { name: "penalty_fee", type: "numeric", get: (r) => r.penaltyFee },
  { name: "remaining_size", type: "numeric", get: (r) => r.remainingSize },
  { name: "liquidator_position_id", type: "bigint", get: (r) => r.liquidatorPositionId },
  { name: "liquidator_fee", type: "numeric", get: (r) => r.liquidatorFee },
  { name: "exchange_fee", type: "numeric", get: (r) => r.exchangeFee },
  { name: "timestamp", type: "bigint", get: (r) => r.timestamp },
];

const DEAD_LETTER_COLUMNS: Array<Column<DeadLetter>> = [
  { name: "signature", type: "text", get: (r) => r.signature },
  { name: "slot", type: "bigint", get: (r) => r.slot },
  { name: "program_id", type: "text", get: (r) => r.programId },
  { name: "reason", type: "text", get: (r) => r.reason },
  { name: "instruction_index", type: "int", get: (r) => r.instructionIndex },
  { name: "log_index", type: "int", get: (r) => r.logIndex },
  { name: "raw_data", type: "text", get: (r) => r.rawData },
  { name: "detail", type: "text", get: (r) => r.detail },
];

const POSITION_UPSERT_TAIL =
  `ON CONFLICT (position_id) DO UPDATE SET ` +
  POSITION_COLUMNS.filter((c) => c.name !== "position_id")
    .map((c) => `"${c.name}" = EXCLUDED."${c.name}"`)
    .join(", ") +
  `, updated_at = now() ` +
  // Chain-order guard: an older update (e.g. a backfill of earlier history) never overwrites a newer one.
  `WHERE (positions.slot, positions.tx_index, positions.instruction_index, positions.event_index) ` +
  `< (EXCLUDED.slot, EXCLUDED.tx_index, EXCLUDED.instruction_index, EXCLUDED.event_index)`;

export interface PostgresSinkOptions {
  programId: string;
  /** Interactive transaction timeout (Prisma's default of 5 s is too short for big batches). */
  transactionTimeoutMs?: number;
  /**
   * `SET LOCAL synchronous_commit = off` in each batch transaction (default true). Safe here: a
   * batch's raw events, projections and cursor commit atomically either way; a server crash can
   * only lose the last few hundred milliseconds of commits as a whole, and the indexer then
   * resumes from the older cursor and re-applies them from the chain.
   */
  asyncCommit?: boolean;
}

function isDatabase(db: PrismaClient | Database): db is Database {
  return typeof (db as Database).transaction === "function" && typeof (db as Database).kind === "string";
}

export class PostgresSink implements Sink {
  /**
   * With a `Database` the sink talks to the raw driver (pg / PGlite) in its own transactions: no
   * Prisma query-engine hop for its large array parameters. With a bare `PrismaClient` it uses
   * Prisma interactive transactions and raw queries (same SQL).
   */
  constructor(
    private readonly db: PrismaClient | Database,
    private readonly opts: PostgresSinkOptions,
  ) {}

  private inTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const begin = this.opts.asyncCommit === false ? undefined : "SET LOCAL synchronous_commit TO OFF";
    if (isDatabase(this.db)) {
      return this.db.transaction((q) => fn({ query: <R>(sql: string, params: unknown[]) => q.query(sql, params) as Promise<R[]> }), begin);
    }
    return this.db.$transaction(
      async (ptx) => {
        if (begin) await ptx.$executeRawUnsafe(begin);
        return fn({ query: <R>(sql: string, params: unknown[]) => ptx.$queryRawUnsafe<R[]>(sql, ...params) });
      },
      { timeout: this.opts.transactionTimeoutMs ?? 120_000, maxWait: 30_000 },
    );
  }

  async readCursor(): Promise<Cursor | null> {
    const sql = `SELECT last_slot::text AS slot, last_tx_index AS tx, last_signature AS sig, last_block_time::text AS bt
         FROM indexer_cursors WHERE program_id = $1`;
    type R = { slot: string; tx: number; sig: string; bt: string | null };
    const rows = isDatabase(this.db)
      ? await this.db.query<R>(sql, [this.opts.programId])
      : await this.db.$queryRawUnsafe<R[]>(sql, this.opts.programId);
    if (rows.length === 0) return null;
    const r = rows[0];
    return { programId: this.opts.programId, slot: Number(r.slot), txIndex: r.tx, signature: r.sig, blockTime: r.bt === null ? null : Number(r.bt) };
  }

  async write(batch: DecodedBatch): Promise<SinkResult> {
    const events = [...batch.events].sort((a, b) => compareChainOrder(a.position, b.position));
    // Serialise (JSON, text arrays) before the transaction starts: no JS work while it is open.
    const rawInsert = events.length > 0 ? unnestInsert("program_events", EVENT_COLUMNS, events, RAW_EVENT_TAIL) : null;
    return this.inTransaction(async (tx) => {
      const inserted = rawInsert ? await this.insertRawEvents(tx, rawInsert) : new Set<string>();
      const fresh = inserted.size === events.length ? events : events.filter((e) => inserted.has(key(e.position)));
      const rows = emptyRows();
      for (const e of fresh) project(e.event, e.position, rows);
      const gaps = await this.writeProjections(tx, rows);
      if (batch.deadLetters.length > 0) {
        await run(tx, unnestInsert("dead_letters", DEAD_LETTER_COLUMNS, batch.deadLetters, "ON CONFLICT DO NOTHING"));
      }
      const cursor = await this.advanceCursor(tx, batch);
      return { inserted: inserted.size, duplicates: events.length - inserted.size, deadLetters: batch.deadLetters.length, gaps, cursor };
    });
  }

  /** Natural keys of the rows this call inserted (duplicates are absent). */
  private async insertRawEvents(tx: Tx, stmt: UnnestStatement): Promise<Set<string>> {
    const rows = await tx.query<{ k: string }>(stmt.sql, stmt.params);
    return new Set(rows.map((r) => r.k));
  }

  private async writeProjections(tx: Tx, rows: ProjectedRows): Promise<FillGap[]> {
    if (rows.markets.length > 0) await run(tx, unnestInsert("markets", MARKET_COLUMNS, rows.markets, "ON CONFLICT (market) DO NOTHING"));
    const gaps = rows.trades.length > 0 ? await this.detectGaps(tx, rows.trades) : [];
    if (rows.trades.length > 0) {
      await run(tx, unnestInsert("trades", TRADE_COLUMNS, rows.trades, "ON CONFLICT DO NOTHING"));
    }
    if (rows.positions.length > 0) {
      await run(tx, unnestInsert("position_history", POSITION_HISTORY_COLUMNS, rows.positions, "ON CONFLICT DO NOTHING"));
      // One row per position (the last in chain order): ON CONFLICT DO UPDATE may touch a row once.
      const latest = new Map<string, PositionRow>();
      for (const p of rows.positions) latest.set(p.positionId, p);
      await run(tx, unnestInsert("positions", POSITION_COLUMNS, [...latest.values()], POSITION_UPSERT_TAIL));
    }
    if (rows.liquidations.length > 0) {
      await run(tx, unnestInsert("liquidations", LIQUIDATION_COLUMNS, rows.liquidations, "ON CONFLICT DO NOTHING"));
    }
    return gaps;
  }

  /** Compares each new fill's `seq` with the previous one of its market (stored or in this batch). */
  private async detectGaps(tx: Tx, trades: TradeRow[]): Promise<FillGap[]> {
    const markets = [...new Set(trades.map((t) => t.market))];
    const last = new Map<string, bigint>();
    const stored = await tx.query<{ market: string; seq: string }>(
      `SELECT market, max(seq)::text AS seq FROM trades WHERE market = ANY($1::text[]) GROUP BY market`,
      [markets],
    );
    for (const r of stored) last.set(r.market, BigInt(r.seq));
    const gaps: FillGap[] = [];
    for (const t of trades) {
      const seq = BigInt(t.seq);
      const prev = last.get(t.market) ?? 0n;
      if (seq > prev + 1n) gaps.push({ market: t.market, expectedSeq: prev + 1n, foundSeq: seq, signature: t.signature, slot: t.slot });
      if (seq > prev) last.set(t.market, seq);
    }
    if (gaps.length > 0) {
      await run(
        tx,
        unnestInsert(
          "fill_seq_gaps",
          [
            { name: "market", type: "text", get: (g: FillGap) => g.market },
            { name: "expected_seq", type: "bigint", get: (g: FillGap) => g.expectedSeq.toString() },
            { name: "found_seq", type: "bigint", get: (g: FillGap) => g.foundSeq.toString() },
            { name: "signature", type: "text", get: (g: FillGap) => g.signature },
            { name: "slot", type: "bigint", get: (g: FillGap) => g.slot },
          ],
          gaps,
          "ON CONFLICT DO NOTHING",
        ),
      );
    }
    return gaps;
  }

  private async advanceCursor(tx: Tx, batch: DecodedBatch): Promise<Cursor | null> {
    const lastTx = batch.transactions[batch.transactions.length - 1];
    if (lastTx === undefined) return null;
    await tx.query(
      `INSERT INTO indexer_cursors (program_id, last_slot, last_tx_index, last_signature, last_block_time, updated_at)
       VALUES ($1, $2::text::bigint, $3::text::int, $4, $5::text::bigint, now())
       ON CONFLICT (program_id) DO UPDATE SET last_slot = EXCLUDED.last_slot, last_tx_index = EXCLUDED.last_tx_index,
         last_signature = EXCLUDED.last_signature, last_block_time = EXCLUDED.last_block_time, updated_at = now()
       WHERE (indexer_cursors.last_slot, indexer_cursors.last_tx_index) <= (EXCLUDED.last_slot, EXCLUDED.last_tx_index)`,
      [this.opts.programId, String(lastTx.slot), String(lastTx.txIndex), lastTx.signature, lastTx.blockTime === null ? null : String(lastTx.blockTime)],
    );
    return { programId: this.opts.programId, slot: lastTx.slot, txIndex: lastTx.txIndex, signature: lastTx.signature, blockTime: lastTx.blockTime };
  }
}

async function run(tx: Tx, stmt: UnnestStatement): Promise<void> {
  await tx.query(stmt.sql, stmt.params);
}
