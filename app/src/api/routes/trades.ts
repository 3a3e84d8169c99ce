import type { FastifyInstance } from "fastify";
import { ownerTradesJson } from "../queries/trades";
import { ownerPositions } from "../queries/positions";
import { ERROR_RESPONSES, PAGE_QUERY, POSITION, PUBKEY, TRADE, obj, pageOf, params, querystring } from "../schemas";
import { json, pageRequest, type ApiContext, type PageQuery } from "./context";

const OWNER_PARAM = params({ owner: PUBKEY });

/** Per-owner routes: fills (as taker or maker) and current positions. */
export function ownerRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Params: { owner: string }; Querystring: PageQuery }>(
    "/v1/owners/:owner/trades",
    {
      schema: {
        summary: "Fills where the owner is the taker or the maker, in event-key pages",
        tags: ["trades"],
        params: OWNER_PARAM,
        querystring: querystring(PAGE_QUERY),
        response: { 200: pageOf(TRADE), ...ERROR_RESPONSES },
      },
    },
    async (req, reply) => json(reply, await ownerTradesJson(ctx.db, req.params.owner, pageRequest(req.query))),
  );

  app.get<{ Params: { owner: string } }>(
    "/v1/owners/:owner/positions",
    {
      schema: {
        summary: "Current positions of an owner (every market)",
        tags: ["positions"],
        params: OWNER_PARAM,
        querystring: querystring({}),
        response: { 200: obj({ positions: { type: "array", items: POSITION } }), ...ERROR_RESPONSES },
      },
    },
    async (req) => ({ positions: await ownerPositions(ctx.db, req.params.owner) }),
  );
}
