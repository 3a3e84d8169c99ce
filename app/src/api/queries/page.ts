/**
 * Cursor pagination on the event key: `order=desc` (default, newest first) returns rows with a key
 * below `cursor`, `order=asc` rows above it; `nextCursor` is the last row's key when the page is
 * full. Walking pages covers the whole history, however long, without gap or repeat.
 */
import { formatKey, KEY_ORDER_ASC, KEY_ORDER_DESC, KEY_TEXT, KEY_TUPLE, keyParams, rowKey, type EventKey } from "../keys";
import type { ReadDb } from "../read-db";

export type Order = "asc" | "desc";

export interface PageRequest {
  order: Order;
  cursor: EventKey | null;
  limit: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface KeyedRow extends Record<string, unknown> {
  slot: string | number | bigint;
  tx_index: number;
  instruction_index: number;
  event_index: number;
}

/** `AND key < cursor` (desc) or `> cursor` (asc), and the ORDER BY, for parameters from `first`. */
export function keyRange(page: PageRequest, first: number): { where: string; orderBy: string; params: Array<string | number> } {
  const orderBy = page.order === "asc" ? KEY_ORDER_ASC : KEY_ORDER_DESC;
  if (!page.cursor) return { where: "", orderBy, params: [] };
  const k = keyParams(page.cursor, first);
  return { where: ` AND ${KEY_TUPLE} ${page.order === "asc" ? ">" : "<"} ${k.tuple}`, orderBy, params: k.params };
}

export function toPage<R extends KeyedRow, T>(rows: R[], page: PageRequest, map: (r: R) => T): Page<T> {
  const last = rows[rows.length - 1];
  return { items: rows.map(map), nextCursor: rows.length === page.limit && last ? formatKey(rowKey(last)) : null };
}

/** Runs `SELECT <select> FROM <table> WHERE <filter> [key range] ORDER BY key LIMIT n`. */
export async function keyPage<R extends KeyedRow, T>(
  db: ReadDb,
  q: { select: string; from: string; filter: string; params: unknown[] },
  page: PageRequest,
  map: (r: R) => T,
): Promise<Page<T>> {
  const range = keyRange(page, q.params.length + 1);
  const limitParam = q.params.length + range.params.length + 1;
  const sql = `SELECT ${q.select} FROM ${q.from} WHERE ${q.filter}${range.where} ORDER BY ${range.orderBy} LIMIT $${limitParam}`;
  const rows = await db.query<R>(sql, [...q.params, ...range.params, page.limit]);
  return toPage(rows, page, map);
}

/**
 * The same page as `keyPage`, serialised by PostgreSQL: `{"items":[…],"nextCursor":…}` as JSON
 * text, each item built by `item` (a json_build_object over the table's columns). The REST routes
 * send it as is: no row objects in Node, no second serialisation.
 */
export async function keyPageJson(db: ReadDb, q: { item: string; from: string; filter: string; params: unknown[] }, page: PageRequest): Promise<string> {
  const range = keyRange(page, q.params.length + 1);
  const lim = `$${q.params.length + range.params.length + 1}`;
  const sql = `WITH page AS (SELECT ${q.item} AS j, ${KEY_TEXT} AS k, slot, tx_index, instruction_index, event_index
      FROM ${q.from} WHERE ${q.filter}${range.where} ORDER BY ${range.orderBy} LIMIT ${lim})
    ${PAGE_BODY(range.orderBy, lim)}`;
  const [row] = await db.query<{ body: string }>(sql, [...q.params, ...range.params, page.limit]);
  return row.body;
}

/** The page object over a CTE `page(j, k, slot, tx_index, instruction_index, event_index)`. */
export const PAGE_BODY = (orderBy: string, lim: string): string =>
  `SELECT json_build_object('items', coalesce(json_agg(j ORDER BY ${orderBy}), '[]'::json),
     'nextCursor', CASE WHEN count(*) = ${lim} THEN (array_agg(k ORDER BY ${orderBy === KEY_ORDER_ASC ? KEY_ORDER_DESC : KEY_ORDER_ASC}))[1] END)::text AS body
   FROM page`;

/** `column = $1 AND …` for each given value (`true` when none), as a `keyPage`/`keyPageJson` filter. */
export function equalities(values: Record<string, string | undefined>): { filter: string; params: unknown[] } {
  const params: unknown[] = [];
  const where: string[] = [];
  for (const [column, value] of Object.entries(values)) {
    if (value === undefined) continue;
    params.push(value);
    where.push(`${column} = $${params.length}`);
  }
  return { filter: where.length ? where.join(" AND ") : "true", params };
}
