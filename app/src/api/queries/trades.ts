/** Fills (`trades`): per market, per owner (taker or maker), and after a key for the live feeds. */
import { formatKey, KEY_COLUMNS, KEY_ORDER_ASC, KEY_TEXT, KEY_TUPLE, keyParams, rowKey, type EventKey } from "../keys";
import type { ReadDb } from "../read-db";
import { keyPage, keyPageJson, keyRange, PAGE_BODY, toPage, type KeyedRow, type Page, type PageRequest } from "./page";

export interface Trade {
  key: string;
  signature: string;
  slot: number;
  market: string;
  /** Per-market fill sequence number. */
  seq: string;
  taker: string;
  maker: string;
  takerPositionId: string;
  makerPositionId: string;
  takerOrderId: string;
  makerOrderId: string;
  /** `bid` (the taker bought) or `ask` (the taker sold). */
  takerSide: string;
  /** Quote atoms per base lot. */
  price: string;
  /** Base lots. */
  quantity: string;
  /** Quote atoms. */
  takerFee: string;
  makerFee: string;
  /** Unix seconds (cluster clock). */
  timestamp: number;
}

interface TradeRow extends KeyedRow {
  signature: string;
  market: string;
  seq: string;
  taker: string;
  maker: string;
  taker_position_id: string;
  maker_position_id: string;
  taker_order_id: string;
  maker_order_id: string;
  taker_side: string;
  price: string;
  quantity: string;
  taker_fee: string;
  maker_fee: string;
  timestamp: string;
}

const SELECT = `${KEY_COLUMNS}, signature, market, seq::text AS seq, taker, maker, taker_position_id::text AS taker_position_id,
  maker_position_id::text AS maker_position_id, taker_order_id::text AS taker_order_id, maker_order_id::text AS maker_order_id,
  taker_side, price::text AS price, quantity::text AS quantity, taker_fee::text AS taker_fee, maker_fee::text AS maker_fee,
  timestamp::text AS timestamp`;

/** A `Trade` built by PostgreSQL (same fields and types as `toTrade`; the feeds test compares the two). */
const TRADE_JSON = `json_build_object('key', ${KEY_TEXT}, 'signature', signature, 'slot', slot, 'market', market, 'seq', seq::text,
  'taker', taker, 'maker', maker, 'takerPositionId', taker_position_id::text, 'makerPositionId', maker_position_id::text,
  'takerOrderId', taker_order_id::text, 'makerOrderId', maker_order_id::text, 'takerSide', taker_side, 'price', price::text,
  'quantity', quantity::text, 'takerFee', taker_fee::text, 'makerFee', maker_fee::text, 'timestamp', timestamp)`;

export function toTrade(r: TradeRow): Trade {
  return {
    key: formatKey(rowKey(r)),
    signature: r.signature,
    slot: Number(r.slot),
    market: r.market,
    seq: r.seq,
    taker: r.taker,
    maker: r.maker,
    takerPositionId: r.taker_position_id,
    makerPositionId: r.maker_position_id,
    takerOrderId: r.taker_order_id,
    makerOrderId: r.maker_order_id,
    takerSide: r.taker_side,
    price: r.price,
    quantity: r.quantity,
    takerFee: r.taker_fee,
    makerFee: r.maker_fee,
    timestamp: Number(r.timestamp),
  };
}

export function marketTrades(db: ReadDb, market: string, page: PageRequest): Promise<Page<Trade>> {
  return keyPage<TradeRow, Trade>(db, { select: SELECT, from: "trades", filter: "market = $1", params: [market] }, page, toTrade);
}

/** `marketTrades` as the JSON text of the page (for the REST route). */
export function marketTradesJson(db: ReadDb, market: string, page: PageRequest): Promise<string> {
  return keyPageJson(db, { item: TRADE_JSON, from: "trades", filter: "market = $1", params: [market] }, page);
}

/** `ownerTrades` as the JSON text of the page (for the REST route). */
export async function ownerTradesJson(db: ReadDb, owner: string, page: PageRequest): Promise<string> {
  const range = keyRange(page, 2);
  const lim = `$${2 + range.params.length}`;
  const sql = `WITH page AS (SELECT ${TRADE_JSON} AS j, ${KEY_TEXT} AS k, slot, tx_index, instruction_index, event_index FROM (
      (SELECT * FROM trades WHERE taker = $1${range.where} ORDER BY ${range.orderBy} LIMIT ${lim})
      UNION ALL
      (SELECT * FROM trades WHERE maker = $1 AND taker <> $1${range.where} ORDER BY ${range.orderBy} LIMIT ${lim})
    ) t ORDER BY ${range.orderBy} LIMIT ${lim})
    ${PAGE_BODY(range.orderBy, lim)}`;
  const [row] = await db.query<{ body: string }>(sql, [owner, ...range.params, page.limit]);
  return row.body;
}

/**
 * Fills where `owner` is the taker or the maker (a self-trade once): two index range scans
 * (taker, key) and (maker, key), each limited, merged in key order.
 */
export async function ownerTrades(db: ReadDb, owner: string, page: PageRequest): Promise<Page<Trade>> {
  const range = keyRange(page, 2);
  const lim = `$${2 + range.params.length}`;
  const sql = `SELECT * FROM (
      (SELECT ${SELECT} FROM trades WHERE taker = $1${range.where} ORDER BY ${range.orderBy} LIMIT ${lim})
      UNION ALL
      (SELECT ${SELECT} FROM trades WHERE maker = $1 AND taker <> $1${range.where} ORDER BY ${range.orderBy} LIMIT ${lim})
    ) t ORDER BY ${range.orderBy} LIMIT ${lim}`;
  const rows = await db.query<TradeRow>(sql, [owner, ...range.params, page.limit]);
  return toPage(rows, page, toTrade);
}

/** Every fill with a key above `after` (all markets), oldest first, at most `limit`. */
export async function tradesAfter(db: ReadDb, after: EventKey | null, limit: number, market?: string): Promise<Trade[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  if (market) {
    params.push(market);
    where.push(`market = $${params.length}`);
  }
  if (after) {
    const k = keyParams(after, params.length + 1);
    params.push(...k.params);
    where.push(`${KEY_TUPLE} > ${k.tuple}`);
  }
  params.push(limit);
  const sql = `SELECT ${SELECT} FROM trades ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY ${KEY_ORDER_ASC} LIMIT $${params.length}`;
  return (await db.query<TradeRow>(sql, params)).map(toTrade);
}

/** Fills of `owner` (taker or maker) with a key above `after`, oldest first. */
export async function ownerTradesAfter(db: ReadDb, owner: string, after: EventKey | null, limit: number): Promise<Trade[]> {
  const page = await ownerTrades(db, owner, { order: "asc", cursor: after, limit });
  return page.items;
}
