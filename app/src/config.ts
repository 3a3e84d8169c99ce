/** Configuration from environment and flags, validated once at start (zod). */
import path from "node:path";
import { PublicKey } from "@solana/web3.js";
import { z } from "zod";
import { PERPS_IDL } from "./idl";

const url = (protocols: string[]) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `must be a ${protocols.join(" or ")} URL`);

export const ConfigSchema = z.object({
  rpcUrl: url(["http:", "https:"]),
  wsUrl: url(["ws:", "wss:"]).optional(),
  programId: z.string().refine((v) => {
    try {
      return new PublicKey(v).toBase58() === v;
    } catch {
      return false;
    }
  }, "must be a base58 public key"),
  /** postgres:// URL; absent → embedded PGlite in `pgliteDir`. */
  databaseUrl: url(["postgres:", "postgresql:"]).optional(),
  pgliteDir: z.string().min(1),
  commitment: z.enum(["confirmed", "finalized"]),
  batchSize: z.coerce.number().int().min(1).max(10_000),
  pollIntervalMs: z.coerce.number().int().min(100),
  logLevel: z.enum(["debug", "info", "warn", "error"]),
});
export type Config = z.infer<typeof ConfigSchema>;

export interface ConfigFlags {
  rpcUrl?: string;
  wsUrl?: string;
  programId?: string;
  databaseUrl?: string;
  pgliteDir?: string;
  commitment?: string;
  batchSize?: string;
  pollInterval?: string;
  logLevel?: string;
}

/** Where each field comes from, for error messages. */
const SOURCES: Record<keyof Config, string> = {
  rpcUrl: "--rpc-url or RPC_URL",
  wsUrl: "--ws-url or WS_URL",
  programId: "--program-id or PROGRAM_ID",
  databaseUrl: "--database-url or DATABASE_URL",
  pgliteDir: "--pglite-dir or PGLITE_DIR",
  commitment: "--commitment or COMMITMENT",
  batchSize: "--batch-size or BATCH_SIZE",
  pollIntervalMs: "--poll-interval or POLL_INTERVAL_MS",
  logLevel: "--log-level or LOG_LEVEL",
};

/** A configuration value is invalid (the CLI exits with its usage code). */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** Flags win over environment variables; defaults suit the local cluster. */
export function loadConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv = process.env): Config {
  const raw = {
    rpcUrl: flags.rpcUrl ?? env.RPC_URL ?? "http://127.0.0.1:8899",
    wsUrl: flags.wsUrl ?? env.WS_URL,
    programId: flags.programId ?? env.PROGRAM_ID ?? PERPS_IDL.address,
    databaseUrl: flags.databaseUrl ?? (env.DATABASE_URL || undefined),
    pgliteDir: flags.pgliteDir ?? env.PGLITE_DIR ?? path.resolve(__dirname, "../.data/pglite"),
    commitment: flags.commitment ?? env.COMMITMENT ?? "confirmed",
    batchSize: flags.batchSize ?? env.BATCH_SIZE ?? "200",
    pollIntervalMs: flags.pollInterval ?? env.POLL_INTERVAL_MS ?? "15000",
    logLevel: flags.logLevel ?? env.LOG_LEVEL ?? "info",
  };
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((i) => {
        const field = i.path.join(".");
        const source = SOURCES[field as keyof Config];
        return `${field}${source ? ` (${source})` : ""}: ${i.message}`;
      })
      .join("; ");
    throw new ConfigError(`invalid configuration: ${issues}`);
  }
  return parsed.data;
}
