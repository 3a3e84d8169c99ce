// Cluster-level helpers: the Clock sysvar and knowing when a PubSub subscription is live.
import { Connection, SYSVAR_CLOCK_PUBKEY } from "@solana/web3.js";

export interface ClockSysvar {
  slot: bigint;
  epochStartTimestamp: bigint;
  epoch: bigint;
  leaderScheduleEpoch: bigint;
  unixTimestamp: bigint;
}

/** Decodes the Clock sysvar (bincode: slot u64, epoch_start_timestamp i64, epoch u64,
 *  leader_schedule_epoch u64, unix_timestamp i64). */
export async function readClock(connection: Connection): Promise<ClockSysvar> {
  const info = await connection.getAccountInfo(SYSVAR_CLOCK_PUBKEY, "confirmed");
  if (!info) throw new Error("the Clock sysvar account does not exist");
  if (info.data.length !== 40) throw new Error(`the Clock sysvar has ${info.data.length} bytes, expected 40`);
  const d = info.data;
  return {
    slot: d.readBigUInt64LE(0),
    epochStartTimestamp: d.readBigInt64LE(8),
    epoch: d.readBigUInt64LE(16),
    leaderScheduleEpoch: d.readBigUInt64LE(24),
    unixTimestamp: d.readBigInt64LE(32),
  };
}

export async function clockUnixTimestamp(connection: Connection): Promise<number> {
  return Number((await readClock(connection)).unixTimestamp);
}

// web3.js exposes no "subscribed" promise; these are its (stable since 1.33) internal tables.
interface SubscriptionInternals {
  _subscriptionHashByClientSubscriptionId: Record<number, string | undefined>;
  _subscriptionsByHash: Record<string, { state: string } | undefined>;
}

/** Resolves once the server acknowledged the subscription with client id `id`. */
export async function subscriptionReady(connection: Connection, id: number, timeoutMs = 5_000): Promise<void> {
  const internals = connection as unknown as SubscriptionInternals;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hash = internals._subscriptionHashByClientSubscriptionId?.[id];
    const state = hash === undefined ? undefined : internals._subscriptionsByHash?.[hash]?.state;
    if (state === "subscribed") return;
    if (Date.now() > deadline) {
      throw new Error(`subscription ${id} not acknowledged within ${timeoutMs} ms (state: ${state ?? "unknown"})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
