/**
 * Prometheus metrics (`GET /metrics`, prom-client), one registry per API process:
 * - `perps_api_requests_total{method,route,status}` and `perps_api_request_duration_seconds{method,route}`;
 * - `perps_feed_clients{feed}`, `perps_feed_messages_total{feed}`, `perps_feed_slow_consumers_total{feed}`,
 *   `perps_feed_notifications_total` (LISTEN notifications received);
 * - `perps_indexer_*`: the indexer's health counters and lag as it last reported them
 *   (`indexer_health`, read at scrape time), `perps_indexer_report_age_seconds`, and the cursor slot;
 * - the default Node process metrics (`perps_api_process_*`, `perps_api_nodejs_*`).
 */
import type { FastifyInstance } from "fastify";
import client from "prom-client";
import type { FeedHub } from "./feeds/hub";
import type { FeedName } from "./feeds/specs";
import { indexerStatus, type IndexerStatus } from "./queries/status";
import type { ReadDb } from "./read-db";

export interface ApiMetrics {
  registry: client.Registry;
  feedClients: client.Gauge<"feed">;
  feedMessages: client.Counter<"feed">;
  slowConsumers: client.Counter<"feed">;
  onFeedMessage(feed: FeedName): void;
}

export function createMetrics(db: ReadDb, programId: string, hub: () => FeedHub | null): ApiMetrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "perps_api_" });
  const feedClients = new client.Gauge({ name: "perps_feed_clients", help: "WebSocket feed subscribers connected", labelNames: ["feed"], registers: [registry] });
  const feedMessages = new client.Counter({ name: "perps_feed_messages_total", help: "Feed event messages sent", labelNames: ["feed"], registers: [registry] });
  const slowConsumers = new client.Counter({
    name: "perps_feed_slow_consumers_total",
    help: "Feed subscribers disconnected for not keeping up (close code 4008)",
    labelNames: ["feed"],
    registers: [registry],
  });
  new client.Counter({
    name: "perps_feed_notifications_total",
    help: "Indexer notifications (LISTEN perps_indexer) received",
    registers: [registry],
    collect() {
      const h = hub();
      if (h) {
        this.reset();
        this.inc(h.notifications);
      }
    },
  });
  // One status read per scrape, shared by the gauges below (prom-client collects them in parallel).
  let cached: { at: number; status: Promise<IndexerStatus> } | null = null;
  const status = (): Promise<IndexerStatus> => {
    if (!cached || Date.now() - cached.at > 500) cached = { at: Date.now(), status: indexerStatus(db, programId) };
    return cached.status;
  };
  const gauge = (name: string, help: string, value: (s: IndexerStatus) => number | null): void => {
    new client.Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        const v = value(await status());
        if (v === null) this.reset();
        else this.set(v);
      },
    });
  };
  new client.Gauge({
    name: "perps_indexer_health",
    help: "The indexer's health counters and lag as last reported (label: field of the health object)",
    labelNames: ["field"],
    registers: [registry],
    async collect() {
      const s = await status();
      this.reset();
      for (const [field, v] of Object.entries(s.health ?? {})) if (typeof v === "number") this.set({ field }, v);
    },
  });
  gauge("perps_indexer_report_age_seconds", "Seconds since the indexer last reported its health", (s) => s.lag?.reportAgeSeconds ?? null);
  gauge("perps_indexer_cursor_slot", "Slot of the indexer's cursor (last transaction applied)", (s) => s.cursor?.slot ?? null);
  gauge("perps_indexer_dead_letters", "Dead letters stored", (s) => s.deadLetters.total);
  gauge("perps_indexer_fill_seq_gaps", "Fill sequence gaps stored", (s) => s.fillGaps.total);
  return { registry, feedClients, feedMessages, slowConsumers, onFeedMessage: (feed) => feedMessages.inc({ feed }) };
}

/** Request counts and latencies per route, and the /metrics route itself. */
export function registerMetrics(app: FastifyInstance, m: ApiMetrics): void {
  const requests = new client.Counter({
    name: "perps_api_requests_total",
    help: "HTTP requests by route and status",
    labelNames: ["method", "route", "status"],
    registers: [m.registry],
  });
  const latency = new client.Histogram({
    name: "perps_api_request_duration_seconds",
    help: "HTTP request latency by route",
    labelNames: ["method", "route"],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [m.registry],
  });
  app.addHook("onResponse", async (req, reply) => {
    const route = req.routeOptions.url ?? "(unmatched)";
    requests.inc({ method: req.method, route, status: String(reply.statusCode) });
    latency.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });
  app.get("/metrics", { schema: { summary: "Prometheus metrics", tags: ["metrics"], hide: false } }, async (_req, reply) => {
    reply.header("content-type", m.registry.contentType);
    return m.registry.metrics();
  });
}
