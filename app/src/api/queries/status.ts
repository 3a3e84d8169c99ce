/**
 * The indexer's status as the database shows it: the cursor, the chain the rows are bound to, the
 * last event key, dead letters and fill gaps, and the health snapshot the running indexer writes
 * every health interval (`indexer_health`: counters, synced slot, lag in slots and seconds).
 */
import { formatKey, KEY_COLUMNS, KEY_ORDER_DESC, rowKey } from "../keys";
import type { ReadDb } from "../read-db";
import type { KeyedRow } from "./page";

export interface IndexerStatus {
  programId: string;
  /** Key of the newest event stored (null: none yet). */
  key: string | null;
  chain: { genesisHash: string; boundAt: string } | null;
  cursor: { slot: number; txIndex: number; signature: string; blockTime: number | null; updatedAt: string } | null;
  lag: { slots: number | null; seconds: number | null; syncedSlot: number | null; reportedAt: string; reportAgeSeconds: number } | null;
  deadLetters: { total: number; byReason: Record<string, number> };
  fillGaps: { total: number; recent: Array<{ market: string; expectedSeq: string; foundSeq: string; signature: string; slot: number }> };
  /** The indexer's health counters as last reported (null: no running indexer reported yet). */
  health: Record<string, number | null> | null;
}

interface StatusRow extends Record<string, unknown> {
  genesis_hash: string | null;
  bound_at: string | null;
  last_slot: string | null;
  last_tx_index: number | null;
  last_signature: string | null;
  last_block_time: string | null;
  cursor_updated_at: string | null;
  health: Record<string, number | null> | string | null;
  health_at: string | null;
  health_age: string | null;
  dead_letters: Record<string, number> | string;
  gaps_total: string;
  gaps: Array<{ market: string; expectedSeq: string; foundSeq: string; signature: string; slot: number }> | string;
}

const SQL = `SELECT
    (SELECT genesis_hash FROM indexer_chains WHERE program_id = $1) AS genesis_hash,
    (SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') FROM indexer_chains WHERE program_id = $1) AS bound_at,
    c.last_slot::text AS last_slot, c.last_tx_index, c.last_signature, c.last_block_time::text AS last_block_time,
    to_char(c.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS cursor_updated_at,
    h.health, to_char(h.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS health_at,
    extract(epoch FROM now() - h.updated_at)::text AS health_age,
    (SELECT coalesce(json_object_agg(reason, n), '{}') FROM (SELECT reason, count(*) AS n FROM dead_letters GROUP BY reason) d) AS dead_letters,
    (SELECT count(*) FROM fill_seq_gaps)::text AS gaps_total,
    (SELECT coalesce(json_agg(json_build_object('market', market, 'expectedSeq', expected_seq::text, 'foundSeq', found_seq::text,
       'signature', signature, 'slot', slot) ORDER BY id DESC), '[]') FROM (SELECT * FROM fill_seq_gaps ORDER BY id DESC LIMIT 20) g) AS gaps
  FROM (SELECT 1) one
  LEFT JOIN indexer_cursors c ON c.program_id = $1
  LEFT JOIN indexer_health h ON h.program_id = $1`;

const json = <T>(v: T | string): T => (typeof v === "string" ? (JSON.parse(v) as T) : v);

export async function indexerStatus(db: ReadDb, programId: string): Promise<IndexerStatus> {
  const [[r], last] = await Promise.all([
    db.query<StatusRow>(SQL, [programId]),
    db.query<KeyedRow>(`SELECT ${KEY_COLUMNS} FROM program_events ORDER BY ${KEY_ORDER_DESC} LIMIT 1`),
  ]);
  const byReason = json(r.dead_letters);
  const health = r.health === null ? null : json(r.health);
  return {
    programId,
    key: last[0] ? formatKey(rowKey(last[0])) : null,
    chain: r.genesis_hash ? { genesisHash: r.genesis_hash, boundAt: r.bound_at ?? "" } : null,
    cursor:
      r.last_slot === null
        ? null
        : {
            slot: Number(r.last_slot),
            txIndex: r.last_tx_index ?? 0,
            signature: r.last_signature ?? "",
            blockTime: r.last_block_time === null ? null : Number(r.last_block_time),
            updatedAt: r.cursor_updated_at ?? "",
          },
    lag:
      health === null
        ? null
        : {
            slots: health.lagSlots ?? null,
            seconds: health.lagSeconds ?? null,
            syncedSlot: health.syncedSlot ?? null,
            reportedAt: r.health_at ?? "",
            reportAgeSeconds: Math.max(0, Math.round(Number(r.health_age))),
          },
    deadLetters: { total: Object.values(byReason).reduce((a, b) => a + Number(b), 0), byReason: Object.fromEntries(Object.entries(byReason).map(([k, v]) => [k, Number(v)])) },
    fillGaps: { total: Number(r.gaps_total), recent: json(r.gaps).map((g) => ({ ...g, slot: Number(g.slot) })) },
    health,
  };
}
