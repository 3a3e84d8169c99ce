/**
 * WebSocket feeds: `GET /v1/feeds/<feed>?<params>[&since=<key>]` upgrades to a WebSocket that
 * receives JSON messages:
 *   {"type":"event","feed":"trades","key":"<slot:tx:ix:ev>","data":{…}}   one per row, in key order
 *   {"type":"replayed","feed":"trades","count":N,"key":"<last key>"}      after the replay of `since`
 * With `since`, every message after that key is replayed from the database first, then the live
 * tail follows (nothing lost, nothing twice). Without it, only new rows. The status feed sends the
 * current status at once and then on every change. Parameters are validated before the upgrade
 * (HTTP 400 InvalidParameter). Close codes: 4008 SlowConsumer, 1011 FeedError (reason: JSON with
 * the key to resume from), 1001 when the server stops.
 */
import type { FastifyInstance } from "fastify";
import type { WebSocket } from "ws";
import type { ApiMetrics } from "../metrics";
import { keyParam, type ApiContext } from "../routes/context";
import { ERROR_RESPONSES, INTERVAL, KEY, PUBKEY, querystring } from "../schemas";
import { FEEDS, type FeedName, type FeedParams } from "./specs";
import { Subscription, type SubscriptionLimits } from "./subscription";

const SINCE = { ...KEY, description: "replay every message after this key, then follow live" };

const FEED_QUERIES: Record<FeedName, { properties: Record<string, unknown>; required: string[]; summary: string }> = {
  trades: { properties: { market: PUBKEY, since: SINCE }, required: ["market"], summary: "Fills of a market" },
  candles: { properties: { market: PUBKEY, interval: INTERVAL, since: SINCE }, required: ["market", "interval"], summary: "Bars of a market, updated by each fill" },
  fills: { properties: { owner: PUBKEY, since: SINCE }, required: ["owner"], summary: "Fills of an owner (taker or maker)" },
  positions: { properties: { owner: PUBKEY, since: SINCE }, required: ["owner"], summary: "Position updates of an owner" },
  liquidations: { properties: { market: PUBKEY, owner: PUBKEY, since: SINCE }, required: [], summary: "Liquidations (optionally of a market and/or owner)" },
  status: { properties: {}, required: [], summary: "Indexer status, on every change" },
};

export function feedRoutes(app: FastifyInstance, ctx: ApiContext, metrics: ApiMetrics, limits: SubscriptionLimits, onError: (err: unknown) => void): void {
  for (const feed of Object.keys(FEED_QUERIES) as FeedName[]) {
    const q = FEED_QUERIES[feed];
    app.get<{ Querystring: FeedParams & { since?: string } }>(
      `/v1/feeds/${feed}`,
      {
        websocket: true,
        // Before the upgrade: a `since` that matches the pattern but is out of range is a 400 too.
        preHandler: async (req) => void keyParam("since", req.query.since),
        schema: {
          summary: `${q.summary} (WebSocket)`,
          description: "Upgrade to a WebSocket; see the API README for the message format and close codes.",
          tags: ["feeds"],
          querystring: querystring(q.properties, q.required),
          response: { 101: { description: "Switching Protocols", type: "null" }, ...ERROR_RESPONSES },
        },
      },
      (socket: WebSocket, req) => {
        const { since, ...params } = req.query;
        metrics.feedClients.inc({ feed });
        if (feed === "status") {
          const sub = new Subscription(feed, params, null, socket, ctx.db, null, limits, hooks(feed));
          ctx.hub.add(sub);
          socket.on("close", () => {
            ctx.hub.remove(sub);
            metrics.feedClients.dec({ feed });
          });
          ctx.hub.status().then(
            (s) => sub.sendRaw({ type: "event", feed, key: s.key, data: s }),
            (err: unknown) => onError(err),
          );
          return;
        }
        const sub = new Subscription(feed, params, FEEDS[feed], socket, ctx.db, since ?? null, limits, hooks(feed));
        // Registered before the replay starts: see Subscription.
        ctx.hub.add(sub);
        socket.on("close", () => {
          sub.closed = true;
          ctx.hub.remove(sub);
          metrics.feedClients.dec({ feed });
        });
        socket.on("error", () => undefined);
        sub.start(since !== undefined);
      },
    );
  }

  function hooks(feed: FeedName) {
    return {
      onMessage: () => metrics.onFeedMessage(feed),
      onSlowConsumer: () => metrics.slowConsumers.inc({ feed }),
      onError,
    };
  }
}
