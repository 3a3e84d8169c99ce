/**
 * The running indexer's health snapshot in the database (`indexer_health`), so the API — in this
 * process or another — can serve the lag and counters (`/v1/status`, the status feed, `/metrics`).
 * Written with a notification on the sink's channel, so status subscribers see it at once.
 */
import type { Queryable } from "./db/database";
import type { Health } from "./log";
import { NOTIFY_CHANNEL } from "./sink/batch-statement";

export async function saveHealth(db: Queryable, programId: string, health: Health): Promise<void> {
  await db.query(
    `WITH up AS (
       INSERT INTO indexer_health (program_id, health, updated_at) VALUES ($1, $2::jsonb, now())
       ON CONFLICT (program_id) DO UPDATE SET health = EXCLUDED.health, updated_at = now() RETURNING 1)
     SELECT pg_notify('${NOTIFY_CHANNEL}', $3) IS NULL AS n FROM up`,
    [programId, JSON.stringify(health), JSON.stringify({ programId, health: true })],
  );
}
