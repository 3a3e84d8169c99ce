/** Admin actions (`admin_actions`, issue 9): every one, or of one market and/or one action, in key pages. */
import { EVENT_TYPE, type EventName } from "../../idl";
import { KEY_TEXT } from "../keys";
import type { ReadDb } from "../read-db";
import { equalities, keyPageJson, type PageRequest } from "./page";

/** The events the indexer records as admin actions, as the program spells them (`action`). */
export const ADMIN_ACTIONS = (
  ["exchangeInitialized", "adminProposed", "adminChanged", "priceAuthorityChanged", "marketParamsUpdated", "feesWithdrawn", "marketDelisted"] satisfies EventName[]
).map((n) => EVENT_TYPE[n]);

export interface AdminAction {
  key: string;
  signature: string;
  slot: number;
  /** One of `ADMIN_ACTIONS`, e.g. `MarketParamsUpdated`. */
  action: string;
  /** The signer (see the `AdminAction` model). */
  actor: string;
  /** Null for exchange-wide actions. */
  market: string | null;
  /** The key the action installs (admin, pending admin, price authority, treasury), else null. */
  subject: string | null;
  /** Quote atoms withdrawn (`FeesWithdrawn`) or the settlement price (`MarketDelisted`), else null. */
  amount: string | null;
  /** The whole event (u64/i64 as decimal strings, keys base58, enums as `{ variant: {} }`). */
  details: Record<string, unknown>;
  timestamp: number;
}

const ADMIN_JSON = `json_build_object('key', ${KEY_TEXT}, 'signature', signature, 'slot', slot, 'action', action, 'actor', actor,
  'market', market, 'subject', subject, 'amount', amount::text, 'details', details, 'timestamp', timestamp)`;

export interface AdminActionFilter {
  market?: string;
  action?: string;
}

export function adminActionsJson(db: ReadDb, f: AdminActionFilter, page: PageRequest): Promise<string> {
  const { filter, params } = equalities({ market: f.market, action: f.action });
  return keyPageJson(db, { item: ADMIN_JSON, from: "admin_actions", filter, params }, page);
}
