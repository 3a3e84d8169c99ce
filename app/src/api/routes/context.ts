/** What every route module gets. */
import type { FastifyReply } from "fastify";
import type { FeedHub } from "../feeds/hub";
import { invalidParameter } from "../errors";
import { I64_MAX, parseKey, type EventKey } from "../keys";
import type { Order, PageRequest } from "../queries/page";
import type { ReadDb } from "../read-db";

export interface ApiContext {
  db: ReadDb;
  hub: FeedHub;
  programId: string;
  /** Unix seconds (market statistics' 24 h window, default candle range). */
  now(): number;
}

export interface PageQuery {
  order: Order;
  cursor?: string;
  limit: number;
}

/** A key parameter that matched the pattern but is out of range is a 400 too. */
export function keyParam(name: string, value: string | undefined): EventKey | null {
  if (value === undefined) return null;
  const key = parseKey(value);
  if (!key) throw invalidParameter(name, `parameter "${name}" is out of range (slot at most ${I64_MAX}, indexes at most 2147483647)`);
  return key;
}

/** A decimal id parameter (pattern-checked) that must fit the database's BIGINT. */
export function idParam(name: string, value: string, where = "params"): bigint {
  const id = BigInt(value);
  if (id > I64_MAX) throw invalidParameter(name, `parameter "${name}" must be at most ${I64_MAX}`, where);
  return id;
}

/** The page request of a validated query. */
export function pageRequest(q: PageQuery): PageRequest {
  return { order: q.order, cursor: keyParam("cursor", q.cursor), limit: q.limit };
}

/**
 * Sends JSON text PostgreSQL built (list routes): Fastify passes a string through without its
 * serializer; the response schema still documents the shape, and the tests check the values.
 */
export function json(reply: FastifyReply, body: string): FastifyReply {
  return reply.type("application/json; charset=utf-8").send(body);
}
