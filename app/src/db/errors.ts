/**
 * Telling a database outage from a bad statement. An outage (server down or restarting, network
 * cut, connection killed, too many connections) is transient: the indexer waits and retries, and
 * loses nothing because every batch commits atomically with the cursor. Anything else (a failed
 * constraint, a bug in a statement) is not retried.
 */

/** The database could not be reached or dropped the connection; retrying later can succeed. */
export class DatabaseUnavailableError extends Error {
  override readonly name = "DatabaseUnavailable";
  constructor(readonly cause: unknown) {
    super(`database unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** Another indexer (or embedded server) already writes where this one would. */
export class IndexerLockedError extends Error {
  override readonly name = "IndexerLocked";
}

/** Node.js socket errors that mean "no connection". */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "ENOTFOUND"]);
/**
 * SQLSTATEs of connection loss: 08000/08001/08003/08004/08006 connection exceptions (not 08P01,
 * a protocol violation, which is deterministic), 57P01-57P05 operator intervention (shutdown,
 * crash, cannot connect now, idle session timeout), 53300 too many connections.
 */
const SQLSTATE_UNAVAILABLE = /^(0800[0-46]|57P0[1-5]|53300)$/;
/** node-postgres' own messages when the socket goes away mid-query or before connecting. */
const DRIVER_MESSAGES = /Connection terminated|connection error|Client was closed|timeout exceeded when trying to connect|Connection refused|Query read timeout/i;

export function isDatabaseUnavailable(err: unknown): boolean {
  if (err instanceof DatabaseUnavailableError) return true;
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string" && (NETWORK_CODES.has(code) || SQLSTATE_UNAVAILABLE.test(code))) return true;
  if (DRIVER_MESSAGES.test(err.message)) return true;
  // AggregateError (e.g. connecting to both ::1 and 127.0.0.1) and wrapped causes.
  const inner = (err as { errors?: unknown[] }).errors ?? [];
  const cause = (err as { cause?: unknown }).cause;
  return inner.some(isDatabaseUnavailable) || (cause !== undefined && cause !== err && isDatabaseUnavailable(cause));
}

/** Runs `fn`, turning an outage into DatabaseUnavailableError (other errors pass unchanged). */
export async function classifyDatabaseErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw isDatabaseUnavailable(err) && !(err instanceof DatabaseUnavailableError) ? new DatabaseUnavailableError(err) : err;
  }
}
