import type { FastifyInstance } from "fastify";
import { invalidParameter, notFound } from "../errors";
import { candlesJson, INTERVALS, type Interval } from "../queries/candles";
import { markets } from "../queries/markets";
import { marketPositions } from "../queries/positions";
import { marketTradesJson } from "../queries/trades";
import { CANDLE, ERROR_RESPONSES, INTERVAL, MARKET, MAX_CANDLES, PAGE_QUERY, POSITION, PUBKEY, TRADE, U64_STRING, obj, pageOf, params, querystring } from "../schemas";
import { idParam, json, pageRequest, type ApiContext, type PageQuery } from "./context";

const MARKET_PARAM = params({ market: PUBKEY });

export function marketRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get(
    "/v1/markets",
    {
      schema: {
        summary: "Every market with its statistics",
        tags: ["markets"],
        querystring: querystring({}),
        response: { 200: obj({ markets: { type: "array", items: MARKET } }), ...ERROR_RESPONSES },
      },
    },
    async () => ({ markets: await markets(ctx.db, ctx.now()) }),
  );

  app.get<{ Params: { market: string } }>(
    "/v1/markets/:market",
    {
      schema: { summary: "One market with its statistics", tags: ["markets"], params: MARKET_PARAM, querystring: querystring({}), response: { 200: MARKET, ...ERROR_RESPONSES } },
    },
    async (req) => {
      const [m] = await markets(ctx.db, ctx.now(), req.params.market);
      if (!m) throw notFound("market", `no market ${req.params.market}`);
      return m;
    },
  );

  app.get<{ Params: { market: string }; Querystring: PageQuery }>(
    "/v1/markets/:market/trades",
    {
      schema: {
        summary: "Fills of a market, in event-key pages (the whole history)",
        tags: ["trades"],
        params: MARKET_PARAM,
        querystring: querystring(PAGE_QUERY),
        response: { 200: pageOf(TRADE), ...ERROR_RESPONSES },
      },
    },
    async (req, reply) => json(reply, await marketTradesJson(ctx.db, req.params.market, pageRequest(req.query))),
  );

  app.get<{ Params: { market: string }; Querystring: { interval: Interval; from?: number; to?: number; limit: number } }>(
    "/v1/markets/:market/candles",
    {
      schema: {
        summary: "OHLCV bars from the market's fills, aggregated in SQL from one-minute bars",
        description: `Bars with a start time in [from, to), oldest first, at most limit (max ${MAX_CANDLES}); a bar exists for intervals with fills. Defaults: to = now, from = to − limit × interval.`,
        tags: ["candles"],
        params: MARKET_PARAM,
        querystring: querystring(
          {
            interval: INTERVAL,
            from: { type: "integer", minimum: 0, maximum: 253402300799, description: "Unix seconds (inclusive)" },
            to: { type: "integer", minimum: 0, maximum: 253402300799, description: "Unix seconds (exclusive)" },
            limit: { type: "integer", minimum: 1, maximum: MAX_CANDLES, default: 500 },
          },
          ["interval"],
        ),
        response: { 200: obj({ market: { type: "string" }, interval: INTERVAL, candles: { type: "array", items: CANDLE } }), ...ERROR_RESPONSES },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const step = INTERVALS[q.interval];
      const to = q.to ?? ctx.now() + 1;
      const from = q.from ?? Math.max(0, to - q.limit * step);
      if (from >= to) throw invalidParameter("from", "parameter \"from\" must be below \"to\"");
      return json(reply, await candlesJson(ctx.db, req.params.market, q.interval, from, to, q.limit));
    },
  );

  app.get<{ Params: { market: string }; Querystring: { cursor?: string; limit: number; open: boolean } }>(
    "/v1/markets/:market/positions",
    {
      schema: {
        summary: "Current positions in a market, by position id",
        tags: ["positions"],
        params: MARKET_PARAM,
        querystring: querystring({
          cursor: { ...U64_STRING, description: "continue after this position id (the previous page's nextCursor)" },
          limit: PAGE_QUERY.limit,
          open: { type: "boolean", default: false, description: "only positions that are not flat" },
        }),
        response: { 200: pageOf(POSITION), ...ERROR_RESPONSES },
      },
    },
    async (req) =>
      marketPositions(ctx.db, req.params.market, req.query.cursor === undefined ? null : idParam("cursor", req.query.cursor, "querystring"), req.query.limit, req.query.open),
  );
}
