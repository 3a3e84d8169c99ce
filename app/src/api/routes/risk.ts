import type { FastifyInstance } from "fastify";
import { bankruptciesJson, cancellationsJson, insuranceFundChangesJson } from "../queries/risk";
import { BANKRUPTCY, CANCEL_REASON, CANCELLATION, ERROR_RESPONSES, INSURANCE_CHANGE, INSURANCE_REASON, PAGE_QUERY, PUBKEY, pageOf, params, querystring } from "../schemas";
import { json, pageRequest, type ApiContext, type PageQuery } from "./context";

const MARKET_PARAM = params({ market: PUBKEY });
const OWNER_PARAM = params({ owner: PUBKEY });

/** The risk model's events (issue 9): order cancellations, insurance fund changes, bankruptcies. */
export function riskRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Params: { market: string }; Querystring: PageQuery & { reason?: string } }>(
    "/v1/markets/:market/cancellations",
    {
      schema: {
        summary: "Orders of a market that left the book without filling (OrderCancelled), optionally of one reason, in event-key pages",
        tags: ["risk"],
        params: MARKET_PARAM,
        querystring: querystring({ ...PAGE_QUERY, reason: CANCEL_REASON }),
        response: { 200: pageOf(CANCELLATION), ...ERROR_RESPONSES },
      },
    },
    async (req, reply) => json(reply, await cancellationsJson(ctx.db, { market: req.params.market, reason: req.query.reason }, pageRequest(req.query))),
  );

  app.get<{ Params: { owner: string }; Querystring: PageQuery & { reason?: string; market?: string } }>(
    "/v1/owners/:owner/cancellations",
    {
      schema: {
        summary: "Orders of an owner that left the book without filling, optionally of one market and/or reason, in event-key pages",
        tags: ["risk"],
        params: OWNER_PARAM,
        querystring: querystring({ ...PAGE_QUERY, reason: CANCEL_REASON, market: PUBKEY }),
        response: { 200: pageOf(CANCELLATION), ...ERROR_RESPONSES },
      },
    },
    async (req, reply) =>
      json(reply, await cancellationsJson(ctx.db, { owner: req.params.owner, market: req.query.market, reason: req.query.reason }, pageRequest(req.query))),
  );

  app.get<{ Params: { market: string }; Querystring: PageQuery & { reason?: string } }>(
    "/v1/markets/:market/insurance-fund",
    {
      schema: {
        summary: "Changes of a market's insurance fund (InsuranceFundChanged), optionally of one reason, in event-key pages",
        description:
          "Liquidation penalty shares paid in and bankruptcy payments out, each with the balance after it. The fund's share of trading fees " +
          "accrues without an event: it shows in the next change's balance.",
        tags: ["risk"],
        params: MARKET_PARAM,
        querystring: querystring({ ...PAGE_QUERY, reason: INSURANCE_REASON }),
        response: { 200: pageOf(INSURANCE_CHANGE), ...ERROR_RESPONSES },
      },
    },
    async (req, reply) => json(reply, await insuranceFundChangesJson(ctx.db, req.params.market, req.query.reason, pageRequest(req.query))),
  );

  app.get<{ Params: { market: string }; Querystring: PageQuery }>(
    "/v1/markets/:market/bankruptcies",
    {
      schema: {
        summary: "Bankrupt positions of a market and how their deficit was covered (BankruptcyResolved), in event-key pages",
        tags: ["risk"],
        params: MARKET_PARAM,
        querystring: querystring(PAGE_QUERY),
        response: { 200: pageOf(BANKRUPTCY), ...ERROR_RESPONSES },
      },
    },
    async (req, reply) => json(reply, await bankruptciesJson(ctx.db, req.params.market, pageRequest(req.query))),
  );
}
