/**
 * The event key: an event's position in the chain, (slot, tx_index, instruction_index,
 * event_index), written `slot:tx:ix:ev`. Every row the API serves carries it; pages and live feeds
 * resume after it. Keys sort in chain order, which is the order the indexer applies events in.
 */

export interface EventKey {
  slot: bigint;
  txIndex: number;
  instructionIndex: number;
  eventIndex: number;
}

/** JSON-schema pattern of a key (u64 slot, then three non-negative 32-bit integers). */
export const KEY_PATTERN = "^[0-9]{1,20}:[0-9]{1,10}:[0-9]{1,10}:[0-9]{1,10}$";

/** Slots, like every integer the database stores as BIGINT, fit in an i64. */
export const I64_MAX = (1n << 63n) - 1n;
const I32_MAX = 2 ** 31 - 1;

/** Parses `slot:tx:ix:ev`; null when malformed or out of range (slot above i64, indexes above i32). */
export function parseKey(text: string): EventKey | null {
  if (!new RegExp(KEY_PATTERN).test(text)) return null;
  const [slot, tx, ix, ev] = text.split(":");
  const key = { slot: BigInt(slot), txIndex: Number(tx), instructionIndex: Number(ix), eventIndex: Number(ev) };
  if (key.slot > I64_MAX || key.txIndex > I32_MAX || key.instructionIndex > I32_MAX || key.eventIndex > I32_MAX) return null;
  return key;
}

export function formatKey(k: EventKey): string {
  return `${k.slot}:${k.txIndex}:${k.instructionIndex}:${k.eventIndex}`;
}

export function compareKeys(a: EventKey, b: EventKey): number {
  if (a.slot !== b.slot) return a.slot < b.slot ? -1 : 1;
  return a.txIndex - b.txIndex || a.instructionIndex - b.instructionIndex || a.eventIndex - b.eventIndex;
}

/** The key of a row selected with KEY_COLUMNS (slot: a string from pg, a bigint or number from PGlite). */
export function rowKey(r: { slot: string | number | bigint; tx_index: number; instruction_index: number; event_index: number }): EventKey {
  return { slot: BigInt(r.slot), txIndex: r.tx_index, instructionIndex: r.instruction_index, eventIndex: r.event_index };
}

/**
 * Select list of a table's key columns, as `rowKey` reads them. Not cast: an output column named
 * like a table column wins in ORDER BY, and `slot::text AS slot` would sort slots as text.
 */
export const KEY_COLUMNS = "slot, tx_index, instruction_index, event_index";
/** The key as text, in SQL. */
export const KEY_TEXT = "slot::text || ':' || tx_index || ':' || instruction_index || ':' || event_index";
/** Chain order, ascending. */
export const KEY_ORDER_ASC = "slot, tx_index, instruction_index, event_index";
export const KEY_ORDER_DESC = "slot DESC, tx_index DESC, instruction_index DESC, event_index DESC";
/** The row tuple compared with a key parameter tuple. */
export const KEY_TUPLE = "(slot, tx_index, instruction_index, event_index)";

/** `($n::bigint, $n+1::int, $n+2::int, $n+3::int)` and its parameters for `key`. */
export function keyParams(key: EventKey, first: number): { tuple: string; params: Array<string | number> } {
  return {
    tuple: `($${first}::bigint, $${first + 1}::int, $${first + 2}::int, $${first + 3}::int)`,
    params: [key.slot.toString(), key.txIndex, key.instructionIndex, key.eventIndex],
  };
}
