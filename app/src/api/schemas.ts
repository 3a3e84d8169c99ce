/**
 * JSON schemas shared by the routes: they validate every parameter (Fastify/AJV, unknown
 * parameters rejected) and make the OpenAPI document.
 */
import { ERROR_SCHEMA } from "./errors";
import { KEY_PATTERN } from "./keys";
import { ADMIN_ACTIONS } from "./queries/admin";
import { INTERVAL_NAMES } from "./queries/candles";
import { CANCEL_REASONS, INSURANCE_REASONS } from "./queries/risk";

/** Base58, 32–44 characters (a public key). */
export const PUBKEY = { type: "string", pattern: "^[1-9A-HJ-NP-Za-km-z]{32,44}$", description: "base58 public key" } as const;
export const KEY = { type: "string", pattern: KEY_PATTERN, description: "event key slot:tx_index:instruction_index:event_index" } as const;
export const U64_STRING = { type: "string", pattern: "^[0-9]{1,20}$" } as const;
export const I64_STRING = { type: "string", pattern: "^-?[0-9]{1,19}$" } as const;
export const MAX_PAGE = 1_000;
export const DEFAULT_PAGE = 100;
export const MAX_CANDLES = 1_500;

export const PAGE_QUERY = {
  order: { type: "string", enum: ["asc", "desc"], default: "desc", description: "desc: newest first (default); asc: oldest first" },
  cursor: { ...KEY, description: "continue after this key (the previous page's nextCursor)" },
  limit: { type: "integer", minimum: 1, maximum: MAX_PAGE, default: DEFAULT_PAGE },
} as const;

export const querystring = (properties: Record<string, unknown>, required: string[] = []) =>
  ({ type: "object", additionalProperties: false, properties, required }) as const;

export const params = (properties: Record<string, unknown>) =>
  ({ type: "object", additionalProperties: false, properties, required: Object.keys(properties) }) as const;

export const obj = (properties: Record<string, unknown>, nullable = false) => ({
  type: nullable ? ["object", "null"] : "object",
  properties,
  required: Object.keys(properties),
});

const str = { type: "string" } as const;
const nstr = { type: ["string", "null"] } as const;
const int = { type: "integer" } as const;
const nint = { type: ["integer", "null"] } as const;

export const TRADE = obj({
  key: str, signature: str, slot: int, market: str, seq: str, taker: str, maker: str, takerPositionId: str, makerPositionId: str,
  takerOrderId: str, makerOrderId: str, takerSide: { type: "string", enum: ["bid", "ask"] }, price: str, quantity: str, takerFee: str,
  makerFee: str, timestamp: int,
});

export const POSITION = obj({
  key: str, signature: str, slot: int, positionId: str, owner: str, market: str, side: { type: "string", enum: ["long", "short", "flat"] },
  size: str, entryPrice: str, collateral: str, realizedPnl: str, unrealizedPnl: str, settledPnl: str, markPrice: str, timestamp: int,
});

export const LIQUIDATION = obj({
  key: str, signature: str, slot: int, positionId: str, owner: str, market: str, liquidator: str, liquidatedSize: str, liquidationPrice: str,
  penaltyFee: str, remainingSize: str, liquidatorPositionId: str, liquidatorFee: str, exchangeFee: str, timestamp: int,
});

export const CANDLE = obj({ time: int, open: str, high: str, low: str, close: str, volume: str, quoteVolume: str, trades: int, lastSeq: str });

export const MARKET = obj({
  market: str, index: int, symbol: str, tickSize: str, baseLotSize: str, baseDecimals: int, takerFeeBps: int, makerFeeBps: int,
  initialMarginBps: int, maintenanceMarginBps: int, liquidationPenaltyBps: int, priceAuthority: str, maxPriceAgeSecs: str,
  createdTimestamp: int, createdSlot: int,
  stats: obj({
    lastPrice: nstr, lastTradeTime: nint, markPrice: nstr, volume24h: str, quoteVolume24h: str, trades24h: int, referencePrice24h: nstr,
    priceChange24h: nstr, priceChange24hBps: nstr, openInterest: str, totalTrades: str,
    insuranceFund: {
      type: ["string", "null"],
      description:
        "quote atoms: the balance of the market's latest InsuranceFundChanged or BankruptcyResolved (null before the first). " +
        "Fee shares accrue without an event, so this lags the on-chain fund until the next change.",
    },
  }),
});

export const STATUS = obj({
  programId: str,
  key: nstr,
  chain: obj({ genesisHash: str, boundAt: str }, true),
  cursor: obj({ slot: int, txIndex: int, signature: str, blockTime: nint, updatedAt: str }, true),
  lag: obj({ slots: nint, seconds: nint, syncedSlot: nint, reportedAt: str, reportAgeSeconds: int }, true),
  deadLetters: { type: "object", properties: { total: int, byReason: { type: "object", additionalProperties: int } }, required: ["total", "byReason"] },
  fillGaps: {
    type: "object",
    properties: {
      total: int,
      recent: { type: "array", items: obj({ market: str, expectedSeq: str, foundSeq: str, signature: str, slot: int }) },
    },
    required: ["total", "recent"],
  },
  health: { type: ["object", "null"], additionalProperties: { type: ["number", "null"] } },
});

export const CANCEL_REASON = { type: "string", enum: CANCEL_REASONS, description: "why the order left the book (the program's CancelReason)" } as const;
export const INSURANCE_REASON = { type: "string", enum: INSURANCE_REASONS, description: "the program's InsuranceReason" } as const;
export const ADMIN_ACTION_NAME = { type: "string", enum: ADMIN_ACTIONS, description: "the admin event's name" } as const;

export const CANCELLATION = obj({
  key: str, signature: str, slot: int, market: str, owner: str, positionId: str, orderId: str, side: { type: "string", enum: ["bid", "ask"] },
  price: str, quantity: str, reason: CANCEL_REASON, markPrice: str, timestamp: int,
});

export const INSURANCE_CHANGE = obj({
  key: str, signature: str, slot: int, market: str, positionId: str, delta: { type: "string", description: "signed, quote atoms (positive = paid in)" },
  balance: { type: "string", description: "the fund after the change, quote atoms" }, reason: INSURANCE_REASON, timestamp: int,
});

export const BANKRUPTCY = obj({
  key: str, signature: str, slot: int, market: str, positionId: str, owner: str, deficit: str, insurancePaid: str, socialized: str,
  cumulativeLossPerLot: { type: "string", description: "quote atoms per base lot × 1e6" }, spreadOverLots: str, insuranceBalance: str, timestamp: int,
});

export const ADMIN_ACTION = obj({
  key: str, signature: str, slot: int, action: ADMIN_ACTION_NAME, actor: str, market: nstr, subject: nstr, amount: nstr,
  details: { type: "object", additionalProperties: true, description: "the whole event (u64/i64 as decimal strings, keys in base58)" }, timestamp: int,
});

export const pageOf = (item: unknown) => ({
  type: "object",
  properties: { items: { type: "array", items: item }, nextCursor: { type: ["string", "null"], description: "pass as cursor for the next page; null: last page" } },
  required: ["items", "nextCursor"],
});

export const INTERVAL = { type: "string", enum: INTERVAL_NAMES } as const;

/** Error responses every route may give. */
export const ERROR_RESPONSES = { 400: ERROR_SCHEMA, 404: ERROR_SCHEMA, 429: ERROR_SCHEMA, 500: ERROR_SCHEMA } as const;
