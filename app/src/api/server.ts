/**
 * The query API: Fastify 5 with JSON-schema validation (AJV) of every parameter, an OpenAPI 3.1
 * document generated from the same schemas (`GET /openapi.json`), rate limiting per client
 * address, WebSocket live feeds, Prometheus metrics, and the dashboard (`GET /`).
 */
import path from "node:path";
import fastifyRateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifyWebsocket from "@fastify/websocket";
import Fastify, { type FastifyInstance } from "fastify";
import { registerErrorHandler } from "./errors";
import { FeedHub } from "./feeds/hub";
import { feedRoutes } from "./feeds/routes";
import type { SubscriptionLimits } from "./feeds/subscription";
import { createMetrics, registerMetrics } from "./metrics";
import type { ReadDb } from "./read-db";
import { adminRoutes } from "./routes/admin";
import type { ApiContext } from "./routes/context";
import { marketRoutes } from "./routes/markets";
import { positionRoutes } from "./routes/positions";
import { riskRoutes } from "./routes/risk";
import { statusRoutes } from "./routes/status";
import { ownerRoutes } from "./routes/trades";

export interface ApiOptions {
  db: ReadDb;
  programId: string;
  /** Requests per minute per client address (default 1200); 0 disables the limit. */
  rateLimitPerMinute?: number;
  feedLimits?: Partial<SubscriptionLimits>;
  /** Unix seconds; injectable for tests (default: the wall clock). */
  now?: () => number;
  /** Fastify's logger (default off). */
  logger?: boolean;
}

export interface Api {
  app: FastifyInstance;
  hub: FeedHub;
  /** Every route registered (method, URL), e.g. to check the OpenAPI document covers them. */
  routes: Array<{ method: string; url: string }>;
  close(): Promise<void>;
}

export const WEB_DIR = path.resolve(__dirname, "../../web");
// The package exports only its ESM/CJS entry points: its dist directory is found from package.json.
const CHARTS_DIR = path.join(path.dirname(require.resolve("lightweight-charts/package.json")), "dist");

export async function buildApi(opts: ApiOptions): Promise<Api> {
  const app = Fastify({
    logger: opts.logger ?? false,
    // Unknown query parameters are errors (InvalidParameter), never silently ignored.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, useDefaults: true, allErrors: false } },
  });
  registerErrorHandler(app);
  const routes: Api["routes"] = [];
  app.addHook("onRoute", (r) => {
    for (const method of [r.method].flat()) if (method !== "HEAD") routes.push({ method, url: r.url });
  });
  let hub: FeedHub | null = null;
  const metrics = createMetrics(opts.db, opts.programId, () => hub);
  const onError = (err: unknown): void => app.log.error({ err }, "feed error");
  hub = new FeedHub(opts.db, opts.programId, { onError });
  const ctx: ApiContext = { db: opts.db, hub, programId: opts.programId, now: opts.now ?? (() => Math.floor(Date.now() / 1000)) };

  await app.register(fastifySwagger, {
    // @fastify/websocket hides WebSocket routes from the document; the feeds are part of the API.
    transform: ({ schema, url }) => ({ schema: url.startsWith("/v1/feeds/") ? { ...schema, hide: false } : schema, url }),
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "perps query API",
        version: "1.0.0",
        description:
          "Markets, trades, candles, positions, liquidations, order cancellations, insurance funds, bankruptcies, admin actions " +
          "and the indexer's status, read from the indexer's database. " +
          "u64/i64 amounts are decimal strings; rows carry their event key slot:tx_index:instruction_index:event_index.",
      },
    },
  });
  const perMinute = opts.rateLimitPerMinute ?? 1_200;
  if (perMinute > 0) {
    await app.register(fastifyRateLimit, {
      max: perMinute,
      timeWindow: 60_000,
      errorResponseBuilder: (_req, c) => ({
        statusCode: 429,
        error: "RateLimited",
        message: `more than ${c.max} requests per minute from this address`,
        retryAfterSeconds: Math.ceil(c.ttl / 1000),
      }),
    });
  }
  await app.register(fastifyWebsocket, { options: { maxPayload: 4_096 } });
  await app.register(fastifyStatic, { root: WEB_DIR, prefix: "/", index: ["index.html"] });
  await app.register(fastifyStatic, { root: CHARTS_DIR, prefix: "/vendor/", decorateReply: false });

  registerMetrics(app, metrics);
  marketRoutes(app, ctx);
  ownerRoutes(app, ctx);
  positionRoutes(app, ctx);
  riskRoutes(app, ctx);
  adminRoutes(app, ctx);
  statusRoutes(app, ctx);
  feedRoutes(
    app,
    ctx,
    metrics,
    { maxBufferedBytes: 1 << 20, maxPendingBatches: 10_000, replayPage: 500, ...opts.feedLimits },
    onError,
  );
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  await app.ready();
  await hub.start();
  return {
    app,
    hub,
    routes,
    async close() {
      await hub?.stop();
      for (const c of app.websocketServer?.clients ?? []) c.close(1001, "server stopping");
      await app.close();
    },
  };
}
