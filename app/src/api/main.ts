#!/usr/bin/env node
/**
 * `npm run api`: the query API, live feeds, dashboard and metrics as a process of its own, on the
 * indexer's PostgreSQL database (any number of replicas may run against one database). The
 * embedded default (PGlite) is served by `npm start`, in the indexer's process.
 */
import { Command, Option } from "commander";
import { z } from "zod";
import { PERPS_IDL } from "../idl";
import { jsonLogger } from "../log";
import { openPostgresReadDb } from "./read-db";
import { buildApi } from "./server";

const Config = z.object({
  databaseUrl: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL"),
  host: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65_535),
  programId: z.string().regex(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/, "must be a base58 public key"),
  rateLimit: z.coerce.number().int().min(0),
});

export function buildApiCli(): Command {
  return new Command("api")
    .description("Serve the query API, live feeds, dashboard and /metrics from the indexer's PostgreSQL database")
    .addOption(new Option("--database-url <url>", "PostgreSQL URL the API reads with (it runs SET ROLE perps_readonly)").env("API_DATABASE_URL"))
    .addOption(new Option("--host <host>", "listen address").env("API_HOST").default("127.0.0.1"))
    .addOption(new Option("--port <port>", "listen port (0: any free port)").env("API_PORT").default("8080"))
    .addOption(new Option("--program-id <pubkey>", "program whose indexer status is served").env("PROGRAM_ID").default(PERPS_IDL.address))
    .addOption(new Option("--rate-limit <n>", "requests per minute per client address (0: off)").env("API_RATE_LIMIT").default("1200"))
    .action(async (flags: { databaseUrl?: string; host: string; port: string; programId: string; rateLimit: string }) => {
      const log = jsonLogger((process.env.LOG_LEVEL as "info" | undefined) ?? "info");
      const parsed = Config.safeParse({ ...flags, databaseUrl: flags.databaseUrl ?? process.env.DATABASE_URL });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        log.error("invalid configuration", { error: "ConfigError", field: issue.path.join("."), message: issue.message });
        process.exit(2);
      }
      const c = parsed.data;
      const db = await openPostgresReadDb(c.databaseUrl);
      const api = await buildApi({ db, programId: c.programId, rateLimitPerMinute: c.rateLimit });
      const address = await api.app.listen({ host: c.host, port: c.port });
      log.info("api listening", { url: address, dashboard: `${address}/`, openapi: `${address}/openapi.json`, metrics: `${address}/metrics` });
      process.stdout.write(`API and dashboard: ${address}/\n`);
      const stop = async (): Promise<void> => {
        log.info("api stopping");
        await api.close();
        await db.close();
        process.exit(0);
      };
      process.once("SIGINT", () => void stop());
      process.once("SIGTERM", () => void stop());
    });
}

if (require.main === module) {
  buildApiCli()
    .parseAsync(process.argv)
    .catch((err: unknown) => {
      const e = err instanceof Error ? err : new Error(String(err));
      process.stderr.write(JSON.stringify({ ts: new Date().toISOString(), level: "error", msg: e.message, error: e.name }) + "\n");
      process.exit(1);
    });
}
