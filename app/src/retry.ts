/**
 * Outages (the database or the RPC node unreachable) are waited out, at start as later: the same
 * capped backoff, the same named warning, the same health counters. Anything else is thrown.
 */
import { DatabaseUnavailableError } from "./db/errors";
import type { Health, Logger } from "./log";
import { RpcUnavailableError } from "./sources/rpc";

export type OutageError = DatabaseUnavailableError | RpcUnavailableError;

export function isOutage(err: unknown): err is OutageError {
  return err instanceof DatabaseUnavailableError || err instanceof RpcUnavailableError;
}

/** Wait before retry number `attempt` (1-based): 250 ms doubling, capped at `maxMs`. */
export function outageDelayMs(attempt: number, maxMs = 30_000): number {
  return Math.min(maxMs, 250 * 2 ** Math.min(attempt - 1, 10));
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

/** Counts an outage in `health` and logs it with its name, attempt and next wait. */
export function reportOutage(err: OutageError, attempt: number, retryInMs: number, log: Logger, health?: Health, during?: string): void {
  if (health) {
    if (err instanceof DatabaseUnavailableError) health.databaseErrors += 1;
    else health.rpcErrors += 1;
  }
  log.warn(`${err instanceof DatabaseUnavailableError ? "database" : "RPC"} unavailable: retrying`, {
    error: err.name,
    message: err.message,
    attempt,
    retryInMs,
    ...(during ? { during } : {}),
  });
}

export interface RetryOptions {
  log: Logger;
  health?: Health;
  /** Stops the waiting: `retryOutages` then resolves with `undefined`. */
  signal: AbortSignal;
  maxDelayMs?: number;
  /** What was being done, for the log ("open database", "writer lock", …). */
  during: string;
}

/** Runs `fn` until it succeeds, waiting out outages; `undefined` when stopped first. */
export async function retryOutages<T>(fn: () => Promise<T>, o: RetryOptions): Promise<T | undefined> {
  for (let attempt = 1; !o.signal.aborted; attempt++) {
    try {
      const out = await fn();
      if (attempt > 1) o.log.info("available again", { during: o.during, afterAttempts: attempt - 1 });
      return out;
    } catch (err) {
      if (!isOutage(err)) throw err;
      const wait = outageDelayMs(attempt, o.maxDelayMs);
      reportOutage(err, attempt, wait, o.log, o.health, o.during);
      await abortableSleep(wait, o.signal);
    }
  }
  return undefined;
}
