/** Structured JSON logs (one object per line on stderr) and the indexer's health counters. */

export type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export function jsonLogger(minLevel: Level = "info", write: (line: string) => void = (l) => process.stderr.write(l + "\n")): Logger {
  const emit = (level: Level, msg: string, fields: Record<string, unknown> = {}) => {
    if (ORDER[level] < ORDER[minLevel]) return;
    write(
      JSON.stringify({ ts: new Date().toISOString(), level, msg, ...fields }, (_k, v: unknown) =>
        typeof v === "bigint" ? v.toString() : v instanceof Error ? { name: v.name, message: v.message } : v,
      ),
    );
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
  };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export interface Health {
  eventsIngested: number;
  duplicateEvents: number;
  deadLetters: number;
  unknownEvents: number;
  undecodableEvents: number;
  truncatedTransactions: number;
  failedTransactions: number;
  ignoredFailedEvents: number;
  transactions: number;
  batches: number;
  fillSeqGaps: number;
  reconnects: number;
  catchUps: number;
  /** Times a write or cursor read found the database unavailable (each is retried). */
  databaseErrors: number;
  /** Times RPC calls kept failing through their retries (each catch-up is retried). */
  rpcErrors: number;
  /** Times the writer lock was taken again after its database connection was lost. */
  writerLockReacquired: number;
  /** logsSubscribe notifications received (each wakes a catch-up). */
  liveNotifications: number;
  /** Cluster slot now minus `syncedSlot`, at the last check. */
  lagSlots: number | null;
  /** Seconds since `syncedSlot` was read, at the last check. */
  lagSeconds: number | null;
  /** Slot of the last transaction applied (the cursor). */
  cursorSlot: number | null;
  /** Cluster slot the last completed catch-up reached (everything up to it is indexed). */
  syncedSlot: number | null;
}

export function newHealth(): Health {
  return {
    eventsIngested: 0,
    duplicateEvents: 0,
    deadLetters: 0,
    unknownEvents: 0,
    undecodableEvents: 0,
    truncatedTransactions: 0,
    failedTransactions: 0,
    ignoredFailedEvents: 0,
    transactions: 0,
    batches: 0,
    fillSeqGaps: 0,
    reconnects: 0,
    catchUps: 0,
    databaseErrors: 0,
    rpcErrors: 0,
    writerLockReacquired: 0,
    liveNotifications: 0,
    lagSlots: null,
    lagSeconds: null,
    cursorSlot: null,
    syncedSlot: null,
  };
}
