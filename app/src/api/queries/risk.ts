/**
 * The risk model's events (issue 9), in key pages: order cancellations (`OrderCancelled`) per
 * market or per owner, optionally of one reason; a market's insurance fund changes
 * (`InsuranceFundChanged`) and bankruptcies (`BankruptcyResolved`). Each page is JSON text built
 * by PostgreSQL, like the other list routes.
 */
import { PERPS_IDL_CAMEL } from "../../idl";
import { KEY_TEXT } from "../keys";
import type { ReadDb } from "../read-db";
import { equalities, keyPageJson, type PageRequest } from "./page";

/** Variant names of an enum of the IDL (camelCase, as the sink stores them, e.g. `outOfBand`). */
function variants(type: string): string[] {
  const t = PERPS_IDL_CAMEL.types?.find((d) => d.name === type);
  if (!t || t.type.kind !== "enum") throw new Error(`the IDL has no enum ${type}`);
  return t.type.variants.map((v) => v.name);
}

/** `owner`, `outOfBand`, `makerUnhealthy`, `evicted` (the program's `CancelReason`). */
export const CANCEL_REASONS = variants("cancelReason");
/** `liquidationPenalty`, `bankruptcy` (the program's `InsuranceReason`). */
export const INSURANCE_REASONS = variants("insuranceReason");

export interface OrderCancellation {
  key: string;
  signature: string;
  slot: number;
  market: string;
  owner: string;
  positionId: string;
  orderId: string;
  /** The side the order rested on: `bid` or `ask`. */
  side: string;
  /** Limit price. Quote atoms per base lot. */
  price: string;
  /** Quantity still resting. Base lots. */
  quantity: string;
  /** One of `CANCEL_REASONS`. */
  reason: string;
  /** Quote atoms per base lot. */
  markPrice: string;
  timestamp: number;
}

export interface InsuranceFundChange {
  key: string;
  signature: string;
  slot: number;
  market: string;
  positionId: string;
  /** Signed: positive = paid in. Quote atoms. */
  delta: string;
  /** The fund after the change (fee shares accrued before it included). Quote atoms. */
  balance: string;
  /** One of `INSURANCE_REASONS`. */
  reason: string;
  timestamp: number;
}

export interface Bankruptcy {
  key: string;
  signature: string;
  slot: number;
  market: string;
  positionId: string;
  owner: string;
  /** Quote atoms (deficit, insurancePaid, socialized, insuranceBalance). */
  deficit: string;
  insurancePaid: string;
  socialized: string;
  /** Quote atoms per base lot × 1e6. */
  cumulativeLossPerLot: string;
  /** Base lots. */
  spreadOverLots: string;
  insuranceBalance: string;
  timestamp: number;
}

/** An `OrderCancellation` built by PostgreSQL. */
const CANCELLATION_JSON = `json_build_object('key', ${KEY_TEXT}, 'signature', signature, 'slot', slot, 'market', market, 'owner', owner,
  'positionId', position_id::text, 'orderId', order_id::text, 'side', side, 'price', price::text, 'quantity', quantity::text,
  'reason', reason, 'markPrice', mark_price::text, 'timestamp', timestamp)`;

/** An `InsuranceFundChange` built by PostgreSQL. */
const INSURANCE_JSON = `json_build_object('key', ${KEY_TEXT}, 'signature', signature, 'slot', slot, 'market', market,
  'positionId', position_id::text, 'delta', delta::text, 'balance', balance::text, 'reason', reason, 'timestamp', timestamp)`;

/** A `Bankruptcy` built by PostgreSQL. */
const BANKRUPTCY_JSON = `json_build_object('key', ${KEY_TEXT}, 'signature', signature, 'slot', slot, 'market', market,
  'positionId', position_id::text, 'owner', owner, 'deficit', deficit::text, 'insurancePaid', insurance_paid::text,
  'socialized', socialized::text, 'cumulativeLossPerLot', cumulative_loss_per_lot::text, 'spreadOverLots', spread_over_lots::text,
  'insuranceBalance', insurance_balance::text, 'timestamp', timestamp)`;

export interface CancellationFilter {
  market?: string;
  owner?: string;
  reason?: string;
}

/** Order cancellations of a market and/or an owner, optionally of one reason. */
export function cancellationsJson(db: ReadDb, f: CancellationFilter, page: PageRequest): Promise<string> {
  const { filter, params } = equalities({ market: f.market, owner: f.owner, reason: f.reason });
  return keyPageJson(db, { item: CANCELLATION_JSON, from: "order_cancellations", filter, params }, page);
}

/** A market's insurance fund changes, optionally of one reason. */
export function insuranceFundChangesJson(db: ReadDb, market: string, reason: string | undefined, page: PageRequest): Promise<string> {
  const { filter, params } = equalities({ market, reason });
  return keyPageJson(db, { item: INSURANCE_JSON, from: "insurance_fund_changes", filter, params }, page);
}

/** A market's bankruptcies. */
export function bankruptciesJson(db: ReadDb, market: string, page: PageRequest): Promise<string> {
  return keyPageJson(db, { item: BANKRUPTCY_JSON, from: "bankruptcies", filter: "market = $1", params: [market] }, page);
}
