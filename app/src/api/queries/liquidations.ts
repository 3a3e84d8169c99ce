/** Liquidations (`LiquidationExecuted`), filtered by market and/or liquidated owner, in key pages. */
import { formatKey, KEY_COLUMNS, KEY_ORDER_ASC, KEY_TEXT, KEY_TUPLE, keyParams, rowKey, type EventKey } from "../keys";
import type { ReadDb } from "../read-db";
import { keyPage, keyPageJson, type KeyedRow, type Page, type PageRequest } from "./page";

export interface Liquidation {
  key: string;
  signature: string;
  slot: number;
  positionId: string;
  owner: string;
  market: string;
  liquidator: string;
  /** Base lots. */
  liquidatedSize: string;
  /** Quote atoms per base lot. */
  liquidationPrice: string;
  /** Quote atoms. */
  penaltyFee: string;
  /** Base lots. */
  remainingSize: string;
  liquidatorPositionId: string;
  /** Quote atoms. */
  liquidatorFee: string;
  exchangeFee: string;
  timestamp: number;
}

interface LiquidationRow extends KeyedRow {
  signature: string;
  position_id: string;
  owner: string;
  market: string;
  liquidator: string;
  liquidated_size: string;
  liquidation_price: string;
  penalty_fee: string;
  remaining_size: string;
  liquidator_position_id: string;
  liquidator_fee: string;
  exchange_fee: string;
  timestamp: string;
}

const SELECT = `${KEY_COLUMNS}, signature, position_id::text AS position_id, owner, market, liquidator,
  liquidated_size::text AS liquidated_size, liquidation_price::text AS liquidation_price, penalty_fee::text AS penalty_fee,
  remaining_size::text AS remaining_size, liquidator_position_id::text AS liquidator_position_id,
  liquidator_fee::text AS liquidator_fee, exchange_fee::text AS exchange_fee, timestamp::text AS timestamp`;

function toLiquidation(r: LiquidationRow): Liquidation {
  return {
    key: formatKey(rowKey(r)),
    signature: r.signature,
    slot: Number(r.slot),
    positionId: r.position_id,
    owner: r.owner,
    market: r.market,
    liquidator: r.liquidator,
    liquidatedSize: r.liquidated_size,
    liquidationPrice: r.liquidation_price,
    penaltyFee: r.penalty_fee,
    remainingSize: r.remaining_size,
    liquidatorPositionId: r.liquidator_position_id,
    liquidatorFee: r.liquidator_fee,
    exchangeFee: r.exchange_fee,
    timestamp: Number(r.timestamp),
  };
}

export interface LiquidationFilter {
  market?: string;
  owner?: string;
}

function filterSql(f: LiquidationFilter): { filter: string; params: unknown[] } {
  const params: unknown[] = [];
  const where = ["true"];
  if (f.market) {
    params.push(f.market);
    where.push(`market = $${params.length}`);
  }
  if (f.owner) {
    params.push(f.owner);
    where.push(`owner = $${params.length}`);
  }
  return { filter: where.join(" AND "), params };
}

/** A `Liquidation` built by PostgreSQL (same fields and types as `toLiquidation`). */
const LIQUIDATION_JSON = `json_build_object('key', ${KEY_TEXT}, 'signature', signature, 'slot', slot, 'positionId', position_id::text,
  'owner', owner, 'market', market, 'liquidator', liquidator, 'liquidatedSize', liquidated_size::text,
  'liquidationPrice', liquidation_price::text, 'penaltyFee', penalty_fee::text, 'remainingSize', remaining_size::text,
  'liquidatorPositionId', liquidator_position_id::text, 'liquidatorFee', liquidator_fee::text, 'exchangeFee', exchange_fee::text,
  'timestamp', timestamp)`;

/** `liquidations` as the JSON text of the page (for the REST route). */
export function liquidationsJson(db: ReadDb, f: LiquidationFilter, page: PageRequest): Promise<string> {
  const { filter, params } = filterSql(f);
  return keyPageJson(db, { item: LIQUIDATION_JSON, from: "liquidations", filter, params }, page);
}

export function liquidations(db: ReadDb, f: LiquidationFilter, page: PageRequest): Promise<Page<Liquidation>> {
  const { filter, params } = filterSql(f);
  return keyPage<LiquidationRow, Liquidation>(db, { select: SELECT, from: "liquidations", filter, params }, page, toLiquidation);
}

export async function liquidationsAfter(db: ReadDb, after: EventKey | null, limit: number, f: LiquidationFilter = {}): Promise<Liquidation[]> {
  const { filter, params } = filterSql(f);
  let where = filter;
  if (after) {
    const k = keyParams(after, params.length + 1);
    params.push(...k.params);
    where += ` AND ${KEY_TUPLE} > ${k.tuple}`;
  }
  params.push(limit);
  const sql = `SELECT ${SELECT} FROM liquidations WHERE ${where} ORDER BY ${KEY_ORDER_ASC} LIMIT $${params.length}`;
  return (await db.query<LiquidationRow>(sql, params)).map(toLiquidation);
}
