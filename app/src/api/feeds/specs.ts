/**
 * The live feeds: what each one carries, how it replays from the database after a key, and how it
 * turns newly indexed rows into messages. Every message has the event key of the row it comes from
 * (candles: of the newest fill in the bar; status: of the newest event stored).
 */
import { compareKeys, parseKey, type EventKey } from "../keys";
import { candlesAt, INTERVALS, type Interval } from "../queries/candles";
import { liquidationsAfter } from "../queries/liquidations";
import { positionUpdatesAfter } from "../queries/positions";
import { ownerTradesAfter, tradesAfter, type Trade } from "../queries/trades";
import type { ReadDb } from "../read-db";

export const FEED_NAMES = ["trades", "candles", "fills", "positions", "liquidations", "status"] as const;
export type FeedName = (typeof FEED_NAMES)[number];

/** A table whose new rows the hub reads after each notification. */
export type SourceTable = "trades" | "positions" | "liquidations";

export interface FeedParams {
  market?: string;
  owner?: string;
  interval?: Interval;
}

export interface FeedMessage {
  key: string;
  data: unknown;
  /** The row it comes from, whose serialised message is shared by every subscriber. */
  source?: SourceRow;
}

/** A row as the hub reads it: the API item (with its key) and the fields feeds filter on. */
export interface SourceRow {
  key: string;
  market: string;
  /** Owners concerned: taker and maker of a fill, the owner of a position or liquidated position. */
  owners: string[];
  item: { timestamp: number } & Record<string, unknown>;
  /** The event message of this row per feed, serialised once for all subscribers. */
  wire?: Partial<Record<FeedName, string>>;
}

export interface FeedSpec {
  table: SourceTable;
  /** Rows with a key above `after` for these params, oldest first (at most `limit`). */
  replay(db: ReadDb, p: FeedParams, after: EventKey | null, limit: number): Promise<SourceRow[]>;
  /** Whether a new row concerns a subscriber with these params. */
  matches(p: FeedParams, row: SourceRow): boolean;
  /** Messages for rows that matched, in key order (candles read their bars). */
  messages(db: ReadDb, p: FeedParams, rows: SourceRow[]): Promise<FeedMessage[]>;
}

const asItem = <T extends { timestamp: number }>(x: T): SourceRow["item"] => x as unknown as SourceRow["item"];

export function tradeRow(t: Trade): SourceRow {
  return { key: t.key, market: t.market, owners: t.taker === t.maker ? [t.taker] : [t.taker, t.maker], item: asItem(t) };
}

const one = async (_db: ReadDb, _p: FeedParams, rows: SourceRow[]): Promise<FeedMessage[]> => rows.map((r) => ({ key: r.key, data: r.item, source: r }));

/** Bars touched by `rows` (one market), each keyed by the newest of its fills among them. */
async function candleMessages(db: ReadDb, p: FeedParams, rows: SourceRow[]): Promise<FeedMessage[]> {
  if (rows.length === 0 || !p.market || !p.interval) return [];
  const bars = await candlesAt(db, p.market, p.interval, rows.map((r) => r.item.timestamp));
  const step = INTERVALS[p.interval];
  const out: FeedMessage[] = [];
  for (const bar of bars) {
    let newest: SourceRow | null = null;
    for (const r of rows) {
      const inBar = r.item.timestamp >= bar.time && r.item.timestamp < bar.time + step;
      if (inBar && (!newest || compareKeys(parseKey(r.key)!, parseKey(newest.key)!) > 0)) newest = r;
    }
    if (newest) out.push({ key: newest.key, data: bar });
  }
  out.sort((a, b) => compareKeys(parseKey(a.key)!, parseKey(b.key)!));
  return out;
}

export const FEEDS: Record<Exclude<FeedName, "status">, FeedSpec> = {
  trades: {
    table: "trades",
    replay: async (db, p, after, limit) => (await tradesAfter(db, after, limit, p.market)).map(tradeRow),
    matches: (p, r) => r.market === p.market,
    messages: one,
  },
  candles: {
    table: "trades",
    replay: async (db, p, after, limit) => (await tradesAfter(db, after, limit, p.market)).map(tradeRow),
    matches: (p, r) => r.market === p.market,
    messages: candleMessages,
  },
  fills: {
    table: "trades",
    replay: async (db, p, after, limit) => (await ownerTradesAfter(db, p.owner ?? "", after, limit)).map(tradeRow),
    matches: (p, r) => r.owners.includes(p.owner ?? ""),
    messages: one,
  },
  positions: {
    table: "positions",
    replay: async (db, p, after, limit) =>
      (await positionUpdatesAfter(db, after, limit, p.owner)).map((x) => ({ key: x.key, market: x.market, owners: [x.owner], item: asItem(x) })),
    matches: (p, r) => r.owners.includes(p.owner ?? ""),
    messages: one,
  },
  liquidations: {
    table: "liquidations",
    replay: async (db, p, after, limit) =>
      (await liquidationsAfter(db, after, limit, { market: p.market, owner: p.owner })).map((x) => ({ key: x.key, market: x.market, owners: [x.owner], item: asItem(x) })),
    matches: (p, r) => (!p.market || r.market === p.market) && (!p.owner || r.owners.includes(p.owner)),
    messages: one,
  },
};

/** New rows of a source table after `after`, all markets and owners, oldest first. */
export async function readSource(db: ReadDb, table: SourceTable, after: EventKey | null, limit: number): Promise<SourceRow[]> {
  switch (table) {
    case "trades":
      return FEEDS.trades.replay(db, {}, after, limit);
    case "positions":
      return FEEDS.positions.replay(db, {}, after, limit);
    case "liquidations":
      return FEEDS.liquidations.replay(db, {}, after, limit);
  }
}
