/** What every route module gets. */
import type { FeedHub } from "../feeds/hub";
import type { EventKey } from "../keys";
import { parseKey } from "../keys";
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

/** The page request of a validated query (the cursor matched the key pattern). */
export function pageRequest(q: PageQuery): PageRequest {
  const cursor: EventKey | null = q.cursor === undefined ? null : parseKey(q.cursor);
  return { order: q.order, cursor, limit: q.limit };
}
