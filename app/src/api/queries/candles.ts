/**
 * Candles (OHLCV) from the one-minute and one-hour bars the sink maintains (`candles_1m`,
 * `candles_1h`), aggregated in SQL to the requested interval (1m, 5m, 15m from minutes; 1h, 4h,
 * 1d from hours). Buckets are aligned to the Unix epoch (1d = UTC days). A bar exists only
 * for intervals with at least one fill.
 */
import type { ReadDb } from "../read-db";

export const INTERVALS = { "1m": 60, "5m": 300, "15m": 900, "1h": 3_600, "4h": 14_400, "1d": 86_400 } as const;
export type Interval = keyof typeof INTERVALS;
export const INTERVAL_NAMES = Object.keys(INTERVALS) as Interval[];

export interface Candle {
  /** Unix seconds at the start of the bar. */
  time: number;
  /** Quote atoms per base lot. */
  open: string;
  high: string;
  low: string;
  close: string;
  /** Base lots. */
  volume: string;
  /** Σ price × quantity (quote atoms per base lot × base lots). */
  quoteVolume: string;
  trades: number;
  /** Fill seq of the bar's last fill. */
  lastSeq: string;
}

interface CandleRow extends Record<string, unknown> {
  t: string;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
  quote_volume: string;
  trades: string;
  last_seq: string;
}

const toCandle = (r: CandleRow): Candle => ({
  time: Number(r.t),
  open: r.open,
  high: r.high,
  low: r.low,
  close: r.close,
  volume: r.volume,
  quoteVolume: r.quote_volume,
  trades: Number(r.trades),
  lastSeq: r.last_seq,
});

/** The sink's bar tables (app/src/sink/batch-statement.ts): each interval reads the longest that divides it. */
function source(step: number): { table: string; seconds: number } {
  return step % 3_600 === 0 ? { table: "candles_1h", seconds: 3_600 } : { table: "candles_1m", seconds: 60 };
}

const COLUMNS = `open::text AS open, high::text AS high, low::text AS low, close::text AS close, volume::text AS volume,
  quote_volume::text AS quote_volume, trades::text AS trades, last_seq::text AS last_seq`;

function candleQuery(market: string, interval: Interval, from: number, to: number, limit: number): { sql: string; params: unknown[] } {
  const step = INTERVALS[interval];
  const src = source(step);
  // Whole bars: from rounds down, so the first bar is complete.
  const start = Math.floor(from / step) * step;
  const sql =
    step === src.seconds
      ? `SELECT bucket AS t, ${COLUMNS} FROM ${src.table} WHERE market = $1 AND bucket >= $2 AND bucket < $3 ORDER BY bucket LIMIT $4`
      : `SELECT b.t, ${COLUMNS}
         FROM (SELECT (bucket / $5) * $5 AS t,
                 (array_agg(open ORDER BY bucket))[1] AS open, max(high) AS high, min(low) AS low,
                 (array_agg(close ORDER BY bucket DESC))[1] AS close, sum(volume) AS volume, sum(quote_volume) AS quote_volume,
                 sum(trades) AS trades, max(last_seq) AS last_seq
               FROM ${src.table} WHERE market = $1 AND bucket >= $2 AND bucket < $3
               GROUP BY 1) b
         ORDER BY b.t LIMIT $4`;
  const params: unknown[] = [market, start, to, limit];
  if (step !== src.seconds) params.push(step);
  return { sql, params };
}

/** Bars of `market` with start time in [from, to), oldest first, at most `limit`. */
export async function candles(db: ReadDb, market: string, interval: Interval, from: number, to: number, limit: number): Promise<Candle[]> {
  const q = candleQuery(market, interval, from, to, limit);
  return (await db.query<CandleRow>(q.sql, q.params)).map(toCandle);
}

/** `{ market, interval, candles }` as JSON text built by PostgreSQL (for the REST route; same fields as `Candle`). */
export async function candlesJson(db: ReadDb, market: string, interval: Interval, from: number, to: number, limit: number): Promise<string> {
  const q = candleQuery(market, interval, from, to, limit);
  const n = q.params.length;
  const sql = `SELECT json_build_object('market', $${n + 1}::text, 'interval', $${n + 2}::text, 'candles', coalesce(json_agg(json_build_object(
      'time', c.t, 'open', c.open, 'high', c.high, 'low', c.low, 'close', c.close, 'volume', c.volume, 'quoteVolume', c.quote_volume,
      'trades', c.trades::int, 'lastSeq', c.last_seq) ORDER BY c.t), '[]'::json))::text AS body
    FROM (${q.sql}) c`;
  const [row] = await db.query<{ body: string }>(sql, [...q.params, market, interval]);
  return row.body;
}

/** The bars of `market` containing the given fill timestamps (for the live candle feed). */
export async function candlesAt(db: ReadDb, market: string, interval: Interval, timestamps: number[]): Promise<Candle[]> {
  const step = INTERVALS[interval];
  const buckets = [...new Set(timestamps.map((t) => Math.floor(t / step) * step))].sort((a, b) => a - b);
  const out: Candle[] = [];
  for (const b of buckets) out.push(...(await candles(db, market, interval, b, b + step, 1)));
  return out;
}
