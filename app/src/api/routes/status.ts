import type { FastifyInstance } from "fastify";
import { indexerStatus } from "../queries/status";
import { ERROR_RESPONSES, STATUS, querystring } from "../schemas";
import type { ApiContext } from "./context";

export function statusRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get(
    "/v1/status",
    {
      schema: {
        summary: "The indexer: cursor, chain binding, lag in slots and seconds, dead letters, fill gaps, health counters",
        tags: ["status"],
        querystring: querystring({}),
        response: { 200: STATUS, ...ERROR_RESPONSES },
      },
    },
    async () => indexerStatus(ctx.db, ctx.programId),
  );
}
