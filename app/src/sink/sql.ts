/**
 * Multi-row writes without per-row statements: every column of a table travels as ONE array
 * parameter (a PostgreSQL array literal built here) and `unnest` turns the columns back into rows.
 * A batch of any size is therefore one statement with a fixed parameter count (no 65,535-parameter
 * limit), and the server parses each value once, straight into the column's type.
 */

export type SqlType = "text" | "int" | "bigint" | "numeric" | "jsonb" | "boolean";
export type Cell = string | number | boolean | null;

export interface Column<R> {
  name: string;
  type: SqlType;
  get: (row: R) => Cell;
}

/** `SELECT c0, c1, … FROM unnest($k::type[], …) AS t(c0, c1, …)` and its parameters. */
export interface UnnestSelect {
  sql: string;
  params: string[];
}

/**
 * Builds the SELECT over `rows` whose parameters are numbered from `firstParam`. The column
 * aliases are the table's column names, so the SELECT can feed `INSERT … SELECT *`-style lists.
 */
export function unnestSelect<R>(columns: Array<Column<R>>, rows: readonly R[], firstParam: number): UnnestSelect {
  const params = columns.map((c) => arrayLiteral(rows, c));
  const args = columns.map((c, i) => `$${firstParam + i}::${c.type}[]`).join(", ");
  const names = columns.map((c) => `"${c.name}"`).join(", ");
  return { sql: `SELECT ${names} FROM unnest(${args}) AS t(${names})`, params };
}

const NEEDS_ESCAPE = /["\\]/;

/**
 * PostgreSQL array literal of one column: `{1,2,NULL}` for numbers and booleans, `{"a","b"}` for
 * text and JSON (quoted so spaces, commas, braces and the word NULL are data; `"` and `\` escaped).
 * One string per column instead of node-postgres's per-element escaping of JS arrays.
 */
export function arrayLiteral<R>(rows: readonly R[], column: Column<R>): string {
  const quoted = column.type === "text" || column.type === "jsonb";
  const parts = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const v = column.get(rows[i]);
    if (v === null) parts[i] = "NULL";
    else if (!quoted) parts[i] = String(v);
    else {
      const s = String(v);
      parts[i] = NEEDS_ESCAPE.test(s) ? `"${s.replace(/[\\"]/g, "\\$&")}"` : `"${s}"`;
    }
  }
  return `{${parts.join(",")}}`;
}
