import type { FastifyInstance } from "fastify";
import { notFound } from "../errors";
import { liquidationsJson } from "../queries/liquidations";
import { position, positionHistoryJson } from "../queries/positions";
import { ERROR_RESPONSES, LIQUIDATION, PAGE_QUERY, POSITION, PUBKEY, U64_STRING, pageOf, params, querystring } from "../schemas";
import { idParam, json, pageRequest, type ApiContext, type PageQuery } from "./context";

const POSITION_PARAM = params({ positionId: { ...U64_STRING, description: "the position's id (u64)" } });

export function positionRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Params: { positionId: string } }>(
    "/v1/positions/:positionId",
    {
      schema: { summary: "A position's current state", tags: ["positions"], params: POSITION_PARAM, querystring: querystring({}), response: { 200: POSITION, ...ERROR_RESPONSES } },
    },
    async (req) => {
      const p = await position(ctx.db, idParam("positionId", req.params.positionId));
      if (!p) throw notFound("position", `no position ${req.params.positionId}`);
      return p;
    },
  );

  app.get<{ Params: { positionId: string }; Querystring: PageQuery }>(
    "/v1/positions/:positionId/history",
    {
      schema: {
        summary: "Every update of a position (PositionUpdated), in event-key pages",
        tags: ["positions"],
        params: POSITION_PARAM,
        querystring: querystring(PAGE_QUERY),
        response: { 200: pageOf(POSITION), ...ERROR_RESPONSES },
      },
    },
    async (req, reply) => json(reply, await positionHistoryJson(ctx.db, idParam("positionId", req.params.positionId), pageRequest(req.query))),
  );

  app.get<{ Querystring: PageQuery & { market?: string; owner?: string } }>(
    "/v1/liquidations",
    {
      schema: {
        summary: "Liquidations, optionally of one market and/or one liquidated owner, in event-key pages",
        tags: ["liquidations"],
        querystring: querystring({ ...PAGE_QUERY, market: PUBKEY, owner: PUBKEY }),
        response: { 200: pageOf(LIQUIDATION), ...ERROR_RESPONSES },
      },
    },
    async (req, reply) => json(reply, await liquidationsJson(ctx.db, { market: req.query.market, owner: req.query.owner }, pageRequest(req.query))),
  );
}
