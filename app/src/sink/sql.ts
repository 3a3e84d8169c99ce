/**
 * Multi-row writes as one statement per table: every column travels as one text[] parameter and
 * `unnest` turns them back into rows, so a batch of any size is a handful of round trips with a
 * fixed parameter count (no 65,535-parameter limit, no per-row statement).
 */

export type SqlType = "text" | "int" | "bigint" | "numeric" | "jsonb" | "boolean";
export type Cell = string | number | boolean | null;

export interface Column<R> {
  name: string;
  type: SqlType;
  get: (row: R) => Cell;
}

export interface UnnestStatement {
  sql: string;
  params: Array<Array<string | null>>;
}

/** `INSERT INTO table (cols) SELECT ... FROM unnest($1::text[], ...) <tail>` */
export function unnestInsert<R>(table: string, columns: Array<Column<R>>, rows: readonly R[], tail: string): UnnestStatement {
  const params = columns.map((c) => rows.map((r) => toText(c.get(r))));
  const aliases = columns.map((_, i) => `c${i}`);
  const select = columns.map((c, i) => (c.type === "text" ? aliases[i] : `${aliases[i]}::${c.type}`)).join(", ");
  const sql =
    `INSERT INTO "${table}" (${columns.map((c) => `"${c.name}"`).join(", ")}) ` +
    `SELECT ${select} FROM unnest(${columns.map((_, i) => `$${i + 1}::text[]`).join(", ")}) AS t(${aliases.join(", ")}) ` +
    tail;
  return { sql, params };
}

function toText(v: Cell): string | null {
  if (v === null) return null;
  return typeof v === "string" ? v : String(v);
}
