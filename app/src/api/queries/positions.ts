/** Positions: current state (`positions`) by owner or market, and every update (`position_history`). */
import { formatKey, KEY_COLUMNS, KEY_ORDER_ASC, KEY_TEXT, KEY_TUPLE, keyParams, rowKey, type EventKey } from "../keys";
import type { ReadDb } from "../read-db";
import { keyPage, keyPageJson, type KeyedRow, type Page, type PageRequest } from "./page";

export interface Position {
  /** Key of the `PositionUpdated` event this state comes from. */
  key: string;
  signature: string;
  slot: number;
  positionId: string;
  owner: string;
  market: string;
  /** `long`, `short` or `flat`. */
  side: string;
  /** Base lots. */
  size: string;
  /** Quote atoms per base lot. */
  entryPrice: string;
  /** Quote atoms. */
  collateral: string;
  /** Quote atoms (signed). */
  realizedPnl: string;
  unrealizedPnl: string;
  settledPnl: string;
  /** Mark price of the update. Quote atoms per base lot. */
  markPrice: string;
  timestamp: number;
}

interface PositionRow extends KeyedRow {
  signature: string;
  position_id: string;
  owner: string;
  market: string;
  side: string;
  size: string;
  entry_price: string;
  collateral: string;
  realized_pnl: string;
  unrealized_pnl: string;
  settled_pnl: string;
  mark_price: string;
  timestamp: string;
}

const SELECT = `${KEY_COLUMNS}, signature, position_id::text AS position_id, owner, market, side, size::text AS size,
  entry_price::text AS entry_price, collateral::text AS collateral, realized_pnl::text AS realized_pnl,
  unrealized_pnl::text AS unrealized_pnl, settled_pnl::text AS settled_pnl, mark_price::text AS mark_price, timestamp::text AS timestamp`;

export function toPosition(r: PositionRow): Position {
  return {
    key: formatKey(rowKey(r)),
    signature: r.signature,
    slot: Number(r.slot),
    positionId: r.position_id,
    owner: r.owner,
    market: r.market,
    side: r.side,
    size: r.size,
    entryPrice: r.entry_price,
    collateral: r.collateral,
    realizedPnl: r.realized_pnl,
    unrealizedPnl: r.unrealized_pnl,
    settledPnl: r.settled_pnl,
    markPrice: r.mark_price,
    timestamp: Number(r.timestamp),
  };
}

/** A `Position` built by PostgreSQL (same fields and types as `toPosition`). */
const POSITION_JSON = `json_build_object('key', ${KEY_TEXT}, 'signature', signature, 'slot', slot, 'positionId', position_id::text,
  'owner', owner, 'market', market, 'side', side, 'size', size::text, 'entryPrice', entry_price::text, 'collateral', collateral::text,
  'realizedPnl', realized_pnl::text, 'unrealizedPnl', unrealized_pnl::text, 'settledPnl', settled_pnl::text,
  'markPrice', mark_price::text, 'timestamp', timestamp)`;

/** `positionHistory` as the JSON text of the page (for the REST route). */
export function positionHistoryJson(db: ReadDb, positionId: bigint, page: PageRequest): Promise<string> {
  return keyPageJson(db, { item: POSITION_JSON, from: "position_history", filter: "position_id = $1::bigint", params: [positionId.toString()] }, page);
}

/** Current positions of `owner` (every market), by position id. */
export async function ownerPositions(db: ReadDb, owner: string): Promise<Position[]> {
  return (await db.query<PositionRow>(`SELECT ${SELECT} FROM positions WHERE owner = $1 ORDER BY positions.position_id`, [owner])).map(toPosition);
}

/** Current positions in `market`, by position id, after `afterId`, at most `limit`. */
export async function marketPositions(db: ReadDb, market: string, afterId: bigint | null, limit: number, openOnly: boolean): Promise<{ items: Position[]; nextCursor: string | null }> {
  const rows = await db.query<PositionRow>(
    `SELECT ${SELECT} FROM positions WHERE market = $1 AND position_id > $2::bigint ${openOnly ? "AND side <> 'flat'" : ""} ORDER BY positions.position_id LIMIT $3`,
    [market, (afterId ?? -1n).toString(), limit],
  );
  const items = rows.map(toPosition);
  return { items, nextCursor: items.length === limit ? items[items.length - 1].positionId : null };
}

export async function position(db: ReadDb, positionId: bigint): Promise<Position | null> {
  const rows = await db.query<PositionRow>(`SELECT ${SELECT} FROM positions WHERE position_id = $1::bigint`, [positionId.toString()]);
  return rows[0] ? toPosition(rows[0]) : null;
}

/** Every update of a position, in key pages. */
export function positionHistory(db: ReadDb, positionId: bigint, page: PageRequest): Promise<Page<Position>> {
  return keyPage<PositionRow, Position>(
    db,
    { select: SELECT, from: "position_history", filter: "position_id = $1::bigint", params: [positionId.toString()] },
    page,
    toPosition,
  );
}

/** Position updates with a key above `after` (optionally of one owner), oldest first. */
export async function positionUpdatesAfter(db: ReadDb, after: EventKey | null, limit: number, owner?: string): Promise<Position[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  if (owner) {
    params.push(owner);
    where.push(`owner = $${params.length}`);
  }
  if (after) {
    const k = keyParams(after, params.length + 1);
    params.push(...k.params);
    where.push(`${KEY_TUPLE} > ${k.tuple}`);
  }
  params.push(limit);
  const sql = `SELECT ${SELECT} FROM position_history ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY ${KEY_ORDER_ASC} LIMIT $${params.length}`;
  return (await db.query<PositionRow>(sql, params)).map(toPosition);
}
