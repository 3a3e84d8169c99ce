import type { FastifyInstance } from "fastify";
import { adminActionsJson } from "../queries/admin";
import { ADMIN_ACTION, ADMIN_ACTION_NAME, ERROR_RESPONSES, PAGE_QUERY, PUBKEY, pageOf, params, querystring } from "../schemas";
import { json, pageRequest, type ApiContext, type PageQuery } from "./context";

/** Admin actions (issue 9): who changed what, exchange-wide and per market. */
export function adminRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: PageQuery & { market?: string; action?: string } }>(
    "/v1/admin-actions",
    {
      schema: {
        summary: "Admin actions of the whole exchange (market-wide ones included), optionally of one market and/or action, in event-key pages",
        tags: ["admin"],
        querystring: querystring({ ...PAGE_QUERY, market: PUBKEY, action: ADMIN_ACTION_NAME }),
        response: { 200: pageOf(ADMIN_ACTION), ...ERROR_RESPONSES },
      },
    },
    async (req, reply) => json(reply, await adminActionsJson(ctx.db, { market: req.query.market, action: req.query.action }, pageRequest(req.query))),
  );

  app.get<{ Params: { market: string }; Querystring: PageQuery & { action?: string } }>(
    "/v1/markets/:market/admin-actions",
    {
      schema: {
        summary: "Admin actions on one market (price authority, parameters, delisting), optionally of one action, in event-key pages",
        tags: ["admin"],
        params: params({ market: PUBKEY }),
        querystring: querystring({ ...PAGE_QUERY, action: ADMIN_ACTION_NAME }),
        response: { 200: pageOf(ADMIN_ACTION), ...ERROR_RESPONSES },
      },
    },
    async (req, reply) => json(reply, await adminActionsJson(ctx.db, { market: req.params.market, action: req.query.action }, pageRequest(req.query))),
  );
}
