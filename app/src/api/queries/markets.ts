/**
 * Markets with their statistics, computed in one SQL statement:
 * - lastPrice: the price of the market's last fill (highest seq);
 * - markPrice: the mark of the market's most recent `PositionUpdated` (the program emits no price
 *   event; every fill and liquidation emits one at the current mark);
 * - volume24h / quoteVolume24h / trades24h: fills in the one-minute bars from the minute containing
 *   now − 24 h up to now (`candles_1m`);
 * - priceChange24h: lastPrice minus the reference price — the last fill at or before now − 24 h,
 *   or the first fill after it when the market is younger — and the same in basis points;
 * - openInterest: Σ size of the long positions (= Σ short sizes), base lots;
 * - insuranceFund: the balance reported by the market's latest `InsuranceFundChanged` or
 *   `BankruptcyResolved` (null before the first). The fund's share of each fill's fees accrues
 *   without an event, so this lags the on-chain value until the next change reports it.
 */
import type { ReadDb } from "../read-db";

export interface MarketStats {
  market: string;
  index: number;
  symbol: string;
  tickSize: string;
  baseLotSize: string;
  baseDecimals: number;
  takerFeeBps: number;
  makerFeeBps: number;
  initialMarginBps: number;
  maintenanceMarginBps: number;
  liquidationPenaltyBps: number;
  priceAuthority: string;
  maxPriceAgeSecs: string;
  createdTimestamp: number;
  createdSlot: number;
  stats: {
    lastPrice: string | null;
    lastTradeTime: number | null;
    markPrice: string | null;
    volume24h: string;
    quoteVolume24h: string;
    trades24h: number;
    referencePrice24h: string | null;
    priceChange24h: string | null;
    priceChange24hBps: string | null;
    openInterest: string;
    totalTrades: string;
    /** Quote atoms; null before the market's first insurance event. */
    insuranceFund: string | null;
  };
}

interface Row extends Record<string, unknown> {
  market: string;
  index: number;
  symbol: string;
  tick_size: string;
  base_lot_size: string;
  base_decimals: number;
  taker_fee_bps: number;
  maker_fee_bps: number;
  initial_margin_bps: number;
  maintenance_margin_bps: number;
  liquidation_penalty_bps: number;
  price_authority: string;
  max_price_age_secs: string;
  created_timestamp: string;
  slot: string;
  last_price: string | null;
  last_time: string | null;
  total_trades: string | null;
  mark_price: string | null;
  volume: string;
  quote_volume: string;
  trades: string;
  ref_price: string | null;
  open_interest: string;
  insurance_fund: string | null;
}

const SQL = `SELECT m.market, m.index, m.symbol, m.tick_size::text AS tick_size, m.base_lot_size::text AS base_lot_size, m.base_decimals,
    m.taker_fee_bps, m.maker_fee_bps, m.initial_margin_bps, m.maintenance_margin_bps, m.liquidation_penalty_bps, m.price_authority,
    m.max_price_age_secs::text AS max_price_age_secs, m.created_timestamp::text AS created_timestamp, m.slot::text AS slot,
    lt.price::text AS last_price, lt.timestamp::text AS last_time, lt.seq::text AS total_trades,
    mk.mark_price::text AS mark_price,
    s.volume::text AS volume, s.quote_volume::text AS quote_volume, s.trades::text AS trades,
    coalesce(rb.price, ra.price)::text AS ref_price,
    oi.size::text AS open_interest,
    ins.balance::text AS insurance_fund
  FROM markets m
  LEFT JOIN LATERAL (SELECT price, timestamp, seq FROM trades t WHERE t.market = m.market ORDER BY seq DESC LIMIT 1) lt ON true
  LEFT JOIN LATERAL (SELECT mark_price FROM position_history p WHERE p.market = m.market
                     ORDER BY slot DESC, tx_index DESC, instruction_index DESC, event_index DESC LIMIT 1) mk ON true
  LEFT JOIN LATERAL (SELECT coalesce(sum(volume), 0) AS volume, coalesce(sum(quote_volume), 0) AS quote_volume, coalesce(sum(trades), 0) AS trades
                     FROM candles_1m c WHERE c.market = m.market AND c.bucket >= (($1::bigint - 86400) / 60) * 60) s ON true
  LEFT JOIN LATERAL (SELECT price FROM trades t WHERE t.market = m.market AND t.timestamp <= $1::bigint - 86400
                     ORDER BY timestamp DESC, seq DESC LIMIT 1) rb ON true
  LEFT JOIN LATERAL (SELECT price FROM trades t WHERE t.market = m.market AND t.timestamp > $1::bigint - 86400
                     ORDER BY timestamp, seq LIMIT 1) ra ON true
  LEFT JOIN LATERAL (SELECT coalesce(sum(size), 0) AS size FROM positions p WHERE p.market = m.market AND p.side = 'long') oi ON true
  LEFT JOIN LATERAL (SELECT balance FROM (
      (SELECT balance, slot, tx_index, instruction_index, event_index FROM insurance_fund_changes i WHERE i.market = m.market
       ORDER BY slot DESC, tx_index DESC, instruction_index DESC, event_index DESC LIMIT 1)
      UNION ALL
      (SELECT insurance_balance, slot, tx_index, instruction_index, event_index FROM bankruptcies b WHERE b.market = m.market
       ORDER BY slot DESC, tx_index DESC, instruction_index DESC, event_index DESC LIMIT 1)
    ) f ORDER BY slot DESC, tx_index DESC, instruction_index DESC, event_index DESC LIMIT 1) ins ON true`;

function toStats(r: Row): MarketStats {
  const change = r.last_price !== null && r.ref_price !== null ? BigInt(r.last_price) - BigInt(r.ref_price) : null;
  const ref = r.ref_price === null ? null : BigInt(r.ref_price);
  return {
    market: r.market,
    index: r.index,
    symbol: r.symbol,
    tickSize: r.tick_size,
    baseLotSize: r.base_lot_size,
    baseDecimals: r.base_decimals,
    takerFeeBps: r.taker_fee_bps,
    makerFeeBps: r.maker_fee_bps,
    initialMarginBps: r.initial_margin_bps,
    maintenanceMarginBps: r.maintenance_margin_bps,
    liquidationPenaltyBps: r.liquidation_penalty_bps,
    priceAuthority: r.price_authority,
    maxPriceAgeSecs: r.max_price_age_secs,
    createdTimestamp: Number(r.created_timestamp),
    createdSlot: Number(r.slot),
    stats: {
      lastPrice: r.last_price,
      lastTradeTime: r.last_time === null ? null : Number(r.last_time),
      markPrice: r.mark_price,
      volume24h: r.volume,
      quoteVolume24h: r.quote_volume,
      trades24h: Number(r.trades),
      referencePrice24h: r.ref_price,
      priceChange24h: change === null ? null : change.toString(),
      // Truncated towards zero (BigInt division).
      priceChange24hBps: change === null || !ref ? null : ((change * 10_000n) / ref).toString(),
      openInterest: r.open_interest,
      totalTrades: r.total_trades ?? "0",
      insuranceFund: r.insurance_fund,
    },
  };
}

/** Every market (by index), or one. `now` is Unix seconds. */
export async function markets(db: ReadDb, now: number, market?: string): Promise<MarketStats[]> {
  const sql = market ? `${SQL} WHERE m.market = $2 ORDER BY m.index` : `${SQL} ORDER BY m.index`;
  const rows = await db.query<Row>(sql, market ? [now, market] : [now]);
  return rows.map(toStats);
}
