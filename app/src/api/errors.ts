/**
 * The API's errors: one JSON shape, `{ error, message, ... }`, where `error` names the problem.
 * - 400 `InvalidParameter` with `parameter` (its name) and `in` (querystring | params): any
 *   parameter that fails its schema (type, range, pattern, enum), is unknown, or is missing;
 * - 404 `NotFound` with `resource`;
 * - 429 `RateLimited` with `retryAfterSeconds`;
 * - 500 `InternalError` (details in the server log only).
 */
import type { FastifyError, FastifyInstance } from "fastify";

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly error: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const invalidParameter = (parameter: string, message: string, where = "querystring"): ApiError =>
  new ApiError(400, "InvalidParameter", message, { parameter, in: where });

export const notFound = (resource: string, message: string): ApiError => new ApiError(404, "NotFound", message, { resource });

/** JSON schema of an error body (for the OpenAPI document). */
export const ERROR_SCHEMA = {
  type: "object",
  required: ["error", "message"],
  properties: {
    error: { type: "string", description: "InvalidParameter | NotFound | RateLimited | InternalError" },
    message: { type: "string" },
    parameter: { type: "string", description: "InvalidParameter: the parameter's name" },
    in: { type: "string", description: "InvalidParameter: querystring or params" },
    resource: { type: "string" },
    retryAfterSeconds: { type: "number" },
  },
} as const;

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: { missingProperty?: string; additionalProperty?: string };
}

/** The parameter an AJV error is about. */
function parameterOf(e: AjvError): string {
  if (e.params.missingProperty) return e.params.missingProperty;
  if (e.params.additionalProperty) return e.params.additionalProperty;
  return e.instancePath.replace(/^\//, "").split("/")[0] || "(request)";
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError & { validation?: AjvError[]; validationContext?: string }, request, reply) => {
    if (err instanceof ApiError) {
      return reply.status(err.statusCode).send({ error: err.error, message: err.message, ...err.extra });
    }
    if (err.validation && err.validation.length > 0) {
      const first = err.validation[0];
      const parameter = parameterOf(first);
      const message =
        first.keyword === "additionalProperties" ? `unknown parameter "${parameter}"` : `parameter "${parameter}" ${first.message ?? "is invalid"}`;
      return reply.status(400).send({ error: "InvalidParameter", parameter, in: err.validationContext ?? "querystring", message });
    }
    if (err.statusCode === 429) {
      const retry = (err as { retryAfterSeconds?: number }).retryAfterSeconds;
      return reply.status(429).send({ error: "RateLimited", message: err.message, ...(retry === undefined ? {} : { retryAfterSeconds: retry }) });
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.status(err.statusCode).send({ error: err.code ?? "BadRequest", message: err.message });
    }
    request.log.error({ err }, "request failed");
    return reply.status(500).send({ error: "InternalError", message: "internal error" });
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ error: "NotFound", resource: "route", message: `no route ${request.method} ${request.url.split("?")[0]}` });
  });
}
