/**
 * Event → row projections, one handler per IDL event. `handlers` is a `Record` over every event
 * name in the IDL: adding an event to the program (and regenerating the IDL) without a handler
 * here is a compile error.
 */
import { BN } from "@coral-xyz/anchor";
import type { PublicKey } from "@solana/web3.js";
import { EVENT_TYPE, type EventData, type EventName, type PerpsEvent } from "../idl";
import type { EventPosition } from "../types";

/** Columns shared by every per-event row: its natural key and chain position. */
export interface EventKeyRow {
  signature: string;
  instructionIndex: number;
  eventIndex: number;
  slot: number;
  txIndex: number;
}

export interface MarketRow {
  market: string;
  index: number;
  symbol: string;
  tickSize: string;
  baseLotSize: string;
  baseDecimals: number;
  takerFeeBps: number;
  makerFeeBps: number;
  initialMarginBps: number;
  maintenanceMarginBps: number;
  liquidationPenaltyBps: number;
  priceAuthority: string;
  maxPriceAgeSecs: number;
  createdTimestamp: string;
  slot: number;
  signature: string;
}

export interface TradeRow extends EventKeyRow {
  market: string;
  seq: string;
  taker: string;
  maker: string;
  takerPositionId: string;
  makerPositionId: string;
  takerOrderId: string;
  makerOrderId: string;
  takerSide: string;
  price: string;
  quantity: string;
  takerFee: string;
  makerFee: string;
  timestamp: string;
}

export interface PositionRow extends EventKeyRow {
  positionId: string;
  owner: string;
  market: string;
  side: string;
  size: string;
  entryPrice: string;
  collateral: string;
  realizedPnl: string;
  unrealizedPnl: string;
  settledPnl: string;
  markPrice: string;
  timestamp: string;
}

export interface LiquidationRow extends EventKeyRow {
  positionId: string;
  owner: string;
  market: string;
  liquidator: string;
  liquidatedSize: string;
  liquidationPrice: string;
  penaltyFee: string;
  remainingSize: string;
  liquidatorPositionId: string;
  liquidatorFee: string;
  exchangeFee: string;
  timestamp: string;
}

/** An admin action (issue 9): who did what, and when. See the `AdminAction` model. */
export interface AdminActionRow extends EventKeyRow {
  action: string;
  actor: string;
  market: string | null;
  subject: string | null;
  amount: string | null;
  /** The event as JSON text (as in `program_events.event_data`). */
  details: string;
  timestamp: string;
}

export interface PositionClosureRow extends EventKeyRow {
  positionId: string;
  owner: string;
  market: string;
  rentReturned: string;
  timestamp: string;
}

/** A resting order that left the book without filling (`OrderCancelled`). */
export interface OrderCancellationRow extends EventKeyRow {
  market: string;
  owner: string;
  positionId: string;
  orderId: string;
  side: string;
  price: string;
  quantity: string;
  reason: string;
  markPrice: string;
  timestamp: string;
}

/** A change of a market's insurance fund (`InsuranceFundChanged`). */
export interface InsuranceFundChangeRow extends EventKeyRow {
  market: string;
  positionId: string;
  delta: string;
  balance: string;
  reason: string;
  timestamp: string;
}

/** A resolved bankruptcy (`BankruptcyResolved`). */
export interface BankruptcyRow extends EventKeyRow {
  market: string;
  positionId: string;
  owner: string;
  deficit: string;
  insurancePaid: string;
  socialized: string;
  cumulativeLossPerLot: string;
  spreadOverLots: string;
  insuranceBalance: string;
  timestamp: string;
}

/** Rows produced by a batch, per table, in chain order. */
export interface ProjectedRows {
  markets: MarketRow[];
  trades: TradeRow[];
  positions: PositionRow[];
  liquidations: LiquidationRow[];
  adminActions: AdminActionRow[];
  positionClosures: PositionClosureRow[];
  orderCancellations: OrderCancellationRow[];
  insuranceFundChanges: InsuranceFundChangeRow[];
  bankruptcies: BankruptcyRow[];
}

export function emptyRows(): ProjectedRows {
  return {
    markets: [],
    trades: [],
    positions: [],
    liquidations: [],
    adminActions: [],
    positionClosures: [],
    orderCancellations: [],
    insuranceFundChanges: [],
    bankruptcies: [],
  };
}

export type Handler<K extends EventName> = (data: EventData<K>, at: EventPosition, out: ProjectedRows) => void;
export type Handlers = { [K in EventName]: Handler<K> };

/** Decimal text of a BN; through a double when it is exact (|v| < 2^53: ids, sizes, prices), which is several times faster than BN's own base-10 conversion. */
export const dec = (v: BN): string => (v.bitLength() <= 53 ? String(v.toNumber()) : v.toString(10));
const key = (k: PublicKey): string => base58(k);

/**
 * Base58 of a public key, memoised: the same few keys (market, makers, takers) recur in every
 * event, and base58 encoding is the most expensive step of projecting an event (~5 µs a key).
 * Keyed by the key's bytes; bounded (cleared at 50,000 entries).
 */
const base58Cache = new Map<string, string>();
export function base58(k: PublicKey): string {
  const id = k.toBuffer().toString("latin1");
  let s = base58Cache.get(id);
  if (s === undefined) {
    if (base58Cache.size >= 50_000) base58Cache.clear();
    s = k.toBase58();
    base58Cache.set(id, s);
  }
  return s;
}
/** The natural key and chain position of a row. Spread into the rows of the rarer events only:
 *  the hot ones (fills, position updates) spell the fields out (see `orderFilled`). */
const keyOf = (at: EventPosition): EventKeyRow => ({
  signature: at.signature,
  instructionIndex: at.instructionIndex,
  eventIndex: at.eventIndex,
  slot: at.slot,
  txIndex: at.txIndex,
});

/** Name of an Anchor enum value (`{ bid: {} }` → `bid`). */
const variant = (v: object): string => Object.keys(v)[0] ?? "unknown";
/** The admin-action handler of event `name` (stored as the program's spelling): `fields` picks the
 *  typed columns, the whole event goes to `details`. Admin actions are rare: plain JSON is fine. */
function adminAction<K extends EventName>(
  name: K,
  fields: (e: EventData<K>) => Pick<AdminActionRow, "actor" | "market" | "subject" | "amount">,
): Handler<K> {
  return (e, at, out) => {
    out.adminActions.push({
      ...keyOf(at),
      action: EVENT_TYPE[name],
      ...fields(e),
      details: JSON.stringify(toJson(e)),
      timestamp: dec((e as { timestamp: BN }).timestamp),
    });
  };
}

/** Handlers of the admin and lifecycle events of issue 9 (findings 7-9). */
const adminHandlers: Pick<
  Handlers,
  "exchangeInitialized" | "adminProposed" | "adminChanged" | "priceAuthorityChanged" | "marketParamsUpdated" | "feesWithdrawn" | "marketDelisted" | "positionClosed"
> = {
  exchangeInitialized: adminAction("exchangeInitialized", (e) => ({
    actor: key(e.admin),
    market: null,
    subject: key(e.admin),
    amount: null,
  })),
  adminProposed: adminAction("adminProposed", (e) => ({
    actor: key(e.admin),
    market: null,
    subject: key(e.pendingAdmin),
    amount: null,
  })),
  adminChanged: adminAction("adminChanged", (e) => ({ actor: key(e.admin), market: null, subject: key(e.admin), amount: null })),
  priceAuthorityChanged: adminAction("priceAuthorityChanged", (e) => ({
    actor: key(e.admin),
    market: key(e.market),
    subject: key(e.priceAuthority),
    amount: null,
  })),
  marketParamsUpdated: adminAction("marketParamsUpdated", (e) => ({
    actor: key(e.admin),
    market: key(e.market),
    subject: null,
    amount: null,
  })),
  feesWithdrawn: adminAction("feesWithdrawn", (e) => ({
    actor: key(e.admin),
    market: null,
    subject: key(e.treasury),
    amount: dec(e.amount),
  })),
  marketDelisted: adminAction("marketDelisted", (e) => ({
    actor: key(e.delistedBy),
    market: key(e.market),
    subject: null,
    amount: dec(e.settlementPrice),
  })),
  positionClosed: (e, at, out) => {
    out.positionClosures.push({
      ...keyOf(at),
      positionId: dec(e.positionId),
      owner: key(e.user),
      market: key(e.market),
      rentReturned: dec(e.rentReturned),
      timestamp: dec(e.timestamp),
    });
  },
};

/** Handlers of the risk-model events of issue 9 (findings 1-4). */
const riskHandlers: Pick<Handlers, "orderCancelled" | "insuranceFundChanged" | "bankruptcyResolved"> = {
  orderCancelled: (e, at, out) => {
    out.orderCancellations.push({
      ...keyOf(at),
      market: key(e.market),
      owner: key(e.owner),
      positionId: dec(e.positionId),
      orderId: dec(e.orderId),
      side: variant(e.side),
      price: dec(e.price),
      quantity: dec(e.quantity),
      reason: variant(e.reason),
      markPrice: dec(e.markPrice),
      timestamp: dec(e.timestamp),
    });
  },
  insuranceFundChanged: (e, at, out) => {
    out.insuranceFundChanges.push({
      ...keyOf(at),
      market: key(e.market),
      positionId: dec(e.positionId),
      delta: dec(e.delta),
      balance: dec(e.balance),
      reason: variant(e.reason),
      timestamp: dec(e.timestamp),
    });
  },
  bankruptcyResolved: (e, at, out) => {
    out.bankruptcies.push({
      ...keyOf(at),
      market: key(e.market),
      positionId: dec(e.positionId),
      owner: key(e.owner),
      deficit: dec(e.deficit),
      insurancePaid: dec(e.insurancePaid),
      socialized: dec(e.socialized),
      cumulativeLossPerLot: dec(e.cumulativeLossPerLot),
      spreadOverLots: dec(e.spreadOverLots),
      insuranceBalance: dec(e.insuranceBalance),
      timestamp: dec(e.timestamp),
    });
  },
};

export const handlers: Handlers = {
  ...adminHandlers,
  marketCreated: (e, at, out) => {
    out.markets.push({
      market: key(e.market),
      index: e.index,
      symbol: e.symbol,
      tickSize: dec(e.tickSize),
      baseLotSize: dec(e.baseLotSize),
      baseDecimals: e.baseDecimals,
      takerFeeBps: e.takerFeeBps,
      makerFeeBps: e.makerFeeBps,
      initialMarginBps: e.initialMarginBps,
      maintenanceMarginBps: e.maintenanceMarginBps,
      liquidationPenaltyBps: e.liquidationPenaltyBps,
      priceAuthority: key(e.priceAuthority),
      maxPriceAgeSecs: e.maxPriceAgeSecs,
      createdTimestamp: dec(e.timestamp),
      slot: at.slot,
      signature: at.signature,
    });
  },
  orderFilled: (e, at, out) => {
    out.trades.push({
      // Spelled out: an object spread here made every row a slow dictionary object (10x slower).
      signature: at.signature,
      instructionIndex: at.instructionIndex,
      eventIndex: at.eventIndex,
      slot: at.slot,
      txIndex: at.txIndex,
      market: key(e.market),
      seq: dec(e.seq),
      taker: key(e.taker),
      maker: key(e.maker),
      takerPositionId: dec(e.positionId),
      makerPositionId: dec(e.makerPositionId),
      takerOrderId: dec(e.orderId),
      makerOrderId: dec(e.makerOrderId),
      takerSide: variant(e.takerSide),
      price: dec(e.price),
      quantity: dec(e.quantity),
      takerFee: dec(e.takerFee),
      makerFee: dec(e.makerFee),
      timestamp: dec(e.timestamp),
    });
  },
  positionUpdated: (e, at, out) => {
    out.positions.push({
      // Spelled out: an object spread here made every row a slow dictionary object (10x slower).
      signature: at.signature,
      instructionIndex: at.instructionIndex,
      eventIndex: at.eventIndex,
      slot: at.slot,
      txIndex: at.txIndex,
      positionId: dec(e.positionId),
      owner: key(e.user),
      market: key(e.market),
      side: variant(e.side),
      size: dec(e.size),
      entryPrice: dec(e.entryPrice),
      collateral: dec(e.collateral),
      realizedPnl: dec(e.realizedPnl),
      unrealizedPnl: dec(e.unrealizedPnl),
      settledPnl: dec(e.settledPnl),
      markPrice: dec(e.markPrice),
      timestamp: dec(e.timestamp),
    });
  },
  liquidationExecuted: (e, at, out) => {
    out.liquidations.push({
      // Spelled out: an object spread here made every row a slow dictionary object (10x slower).
      signature: at.signature,
      instructionIndex: at.instructionIndex,
      eventIndex: at.eventIndex,
      slot: at.slot,
      txIndex: at.txIndex,
      positionId: dec(e.positionId),
      owner: key(e.user),
      market: key(e.market),
      liquidator: key(e.liquidator),
      liquidatedSize: dec(e.liquidatedSize),
      liquidationPrice: dec(e.liquidationPrice),
      penaltyFee: dec(e.penaltyFee),
      remainingSize: dec(e.remainingSize),
      liquidatorPositionId: dec(e.liquidatorPositionId),
      liquidatorFee: dec(e.liquidatorFee),
      exchangeFee: dec(e.exchangeFee),
      timestamp: dec(e.timestamp),
    });
  },
  ...riskHandlers,
};


/** Dispatches one event to its handler. */
export function project(event: PerpsEvent, at: EventPosition, out: ProjectedRows): void {
  dispatch(event.name, event.data, at, out);
}

function dispatch<K extends EventName>(name: K, data: EventData<K>, at: EventPosition, out: ProjectedRows): void {
  (handlers[name] as Handler<K>)(data, at, out);
}

/** Plain-JSON form of an event for `program_events.event_data` (BN → decimal string, key → base58). */
export function toJson(value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value !== "object") return typeof value === "bigint" ? value.toString() : value;
  if (Array.isArray(value)) return value.map(toJson);
  const v = value as { toBase58?: () => string; toString: (radix?: number) => string };
  if (typeof v.toBase58 === "function") return base58(value as PublicKey);
  if (BN.isBN(value)) return dec(value as BN);
  if (Buffer.isBuffer(value)) return value.toString("base64");
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(value)) out[k] = toJson(x);
  return out;
}
