// Which backend the program suites run on: PERPS_TEST_BACKEND=localnet (default) | litesvm.
//
// `bankrun` is refused with the reason: solana-bankrun 0.4.0 embeds the Agave 1.18 runtime, which
// cannot load the SBPF v3 ELF this workspace builds (evidence in README.md, "Test backends").

import { Hook } from "mocha";

export type BackendName = "localnet" | "litesvm";

const BACKENDS: readonly BackendName[] = ["localnet", "litesvm"];

export function backendName(): BackendName {
  const value = process.env.PERPS_TEST_BACKEND ?? "localnet";
  if ((BACKENDS as readonly string[]).includes(value)) return value as BackendName;
  if (value === "bankrun") {
    throw new Error(
      "PERPS_TEST_BACKEND=bankrun: solana-bankrun 0.4.0 (Agave 1.18) cannot load the program's SBPF v3 ELF " +
        '("ELF error", see README.md, "Test backends"); use litesvm, its maintained successor',
    );
  }
  throw new Error(`PERPS_TEST_BACKEND=${value}: expected one of ${BACKENDS.join(", ")}`);
}

/**
 * Skips the current test (or, from a `before` hook, the whole suite) unless `available`, and
 * says why in the run's output: for what only the cluster has (PubSub, `localnet_*` controls,
 * the RPC server itself).
 */
export function skipUnless(ctx: Mocha.Context, available: boolean, reason: string): void {
  if (available) return;
  const runnable = ctx.test;
  // In a hook, the runnable is the hook: name its suite.
  const title = (runnable instanceof Hook ? runnable.parent?.fullTitle() : runnable?.fullTitle()) ?? "";
  console.log(`      skipped on ${process.env.PERPS_TEST_BACKEND ?? "localnet"}: ${title}: ${reason}`);
  ctx.skip();
}
