/**
 * The API benchmark's data set, generated in SQL (a read benchmark needs volume, not realism):
 * 4 markets, N fills spread evenly over the last 30 days (4 per slot, one per market, per-market
 * seq without gaps, 1,000 owners as takers and makers, prices on a slow wave), 100,000 position
 * updates and the current positions they imply, and the one-minute candles rebuilt from the
 * fills with the rule the sink applies. Reused when the database already holds N fills.
 */
import { Keypair } from "@solana/web3.js";
import type { Database } from "../src/db/database";

export const MARKETS = 4;
export const OWNERS = 1_000;
export const DAYS = 30;

export interface BenchData {
  markets: string[];
  owners: string[];
  /** Unix seconds of the newest fill. */
  end: number;
}

/** Rebuilds the candle tables from trades (the migration's rule: open/close by seq). */
export const REBUILD_CANDLES_SQL = [
  ["candles_1m", 60],
  ["candles_1h", 3_600],
]
  .map(
    ([table, s]) => `TRUNCATE ${table};
  INSERT INTO ${table} (market, bucket, open, high, low, close, volume, quote_volume, trades, first_seq, last_seq)
  SELECT market, (timestamp / ${s}) * ${s}, (array_agg(price ORDER BY seq))[1], max(price), min(price), (array_agg(price ORDER BY seq DESC))[1],
         sum(quantity), sum(price * quantity), count(*), min(seq), max(seq)
  FROM trades GROUP BY market, (timestamp / ${s}) * ${s};`,
  )
  .join("\n");

async function stored(db: Database): Promise<BenchData | null> {
  const markets = (await db.query<{ market: string }>(`SELECT market FROM markets ORDER BY index`)).map((r) => r.market);
  const owners = (await db.query<{ owner: string }>(`SELECT DISTINCT owner FROM positions ORDER BY owner`)).map((r) => r.owner);
  const [end] = await db.query<{ t: string | null }>(`SELECT max(timestamp)::text AS t FROM trades`);
  return markets.length === MARKETS && owners.length === OWNERS && end.t ? { markets, owners, end: Number(end.t) } : null;
}

export async function ensureBenchData(db: Database, fills: number, log: (m: string) => void): Promise<BenchData> {
  const [n] = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM trades`);
  const existing = await stored(db);
  if (Number(n.n) === fills && existing) {
    log(`reusing ${fills.toLocaleString("en-US")} fills already in the database`);
    return existing;
  }
  await db.exec(`TRUNCATE markets, trades, positions, position_history, candles_1m, candles_1h, program_events, liquidations`);
  const markets = Array.from({ length: MARKETS }, () => Keypair.generate().publicKey.toBase58());
  const owners = Array.from({ length: OWNERS }, () => Keypair.generate().publicKey.toBase58()).sort();
  const end = Math.floor(Date.now() / 1000);
  const start = end - DAYS * 86_400;
  for (const [i, m] of markets.entries()) {
    await db.query(
      `INSERT INTO markets (market, index, symbol, tick_size, base_lot_size, base_decimals, taker_fee_bps, maker_fee_bps, initial_margin_bps,
         maintenance_margin_bps, liquidation_penalty_bps, price_authority, max_price_age_secs, created_timestamp, slot, signature)
       VALUES ($1, $2, $3, 100, 1000000, 9, 10, 2, 1000, 500, 250, $4, 60, $5, 1, $6)`,
      [m, i, `BENCH-${i}`, owners[0], start, `bench-market-${i}`],
    );
  }
  const CHUNK = 250_000;
  const t0 = Date.now();
  for (let from = 0; from < fills; from += CHUNK) {
    const to = Math.min(fills, from + CHUNK) - 1;
    await db.query(
      `INSERT INTO trades (signature, instruction_index, event_index, slot, tx_index, market, seq, taker, maker, taker_position_id, maker_position_id,
         taker_order_id, maker_order_id, taker_side, price, quantity, taker_fee, maker_fee, timestamp)
       SELECT 'bench-fill-' || i, 0, 0, 1000 + i / 4, i % 4, ($1::text[])[i % 4 + 1], i / 4 + 1,
         ($2::text[])[(i * 7919) % ${OWNERS} + 1], ($2::text[])[(i * 104729 + 3) % ${OWNERS} + 1],
         ((i * 7919) % ${OWNERS}) * 4 + i % 4, ((i * 104729 + 3) % ${OWNERS}) * 4 + i % 4, 2 * i + 1, 2 * i,
         CASE WHEN i % 3 = 0 THEN 'ask' ELSE 'bid' END,
         p.price, q.qty, p.price * q.qty / 1000, p.price * q.qty / 5000, $3::bigint + (i::bigint * $4::bigint) / $5::bigint
       FROM generate_series($6::bigint, $7::bigint) i,
         LATERAL (SELECT (1000000 + round(sin(i / 20000.0) * 40000 + sin(i / 97.0) * 3000) * 1)::numeric AS price) p,
         LATERAL (SELECT (1 + i % 10)::numeric AS qty) q`,
      [markets, owners, start, DAYS * 86_400, fills, from, to],
    );
    log(`  fills ${(to + 1).toLocaleString("en-US")} / ${fills.toLocaleString("en-US")} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
  const UPDATES = 100_000;
  await db.query(
    `INSERT INTO position_history (signature, instruction_index, event_index, slot, tx_index, position_id, owner, market, side, size, entry_price,
       collateral, realized_pnl, unrealized_pnl, settled_pnl, mark_price, timestamp)
     SELECT 'bench-position-' || j, 0, 1, 1000 + (j::bigint * $4::bigint) / ${UPDATES} / 4, j % 4, j % ${OWNERS * MARKETS},
       ($2::text[])[(j % ${OWNERS * MARKETS}) / 4 + 1], ($1::text[])[j % 4 + 1],
       CASE WHEN j % 5 = 0 THEN 'flat' WHEN j % 2 = 0 THEN 'long' ELSE 'short' END, CASE WHEN j % 5 = 0 THEN 0 ELSE 1 + j % 50 END,
       1000000, 100000000, (j % 1000) - 500, (j % 700) - 350, 0, 1000000 + (j % 997), $3::bigint + (j::bigint * ${DAYS * 86_400}) / ${UPDATES}
     FROM generate_series(0, ${UPDATES - 1}) j`,
    [markets, owners, start, fills],
  );
  await db.exec(
    `INSERT INTO positions (position_id, owner, market, side, size, entry_price, collateral, realized_pnl, unrealized_pnl, settled_pnl, mark_price,
       slot, tx_index, instruction_index, event_index, signature, timestamp)
     SELECT DISTINCT ON (position_id) position_id, owner, market, side, size, entry_price, collateral, realized_pnl, unrealized_pnl, settled_pnl,
       mark_price, slot, tx_index, instruction_index, event_index, signature, timestamp
     FROM position_history ORDER BY position_id, slot DESC, tx_index DESC`,
  );
  log("  rebuilding the one-minute and one-hour candles from the fills");
  await db.exec(REBUILD_CANDLES_SQL);
  await db.exec(`VACUUM ANALYZE`);
  log(`generated in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  return { markets, owners, end };
}
