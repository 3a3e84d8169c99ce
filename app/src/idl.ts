/**
 * The program's IDL and the event types derived from it. Everything the indexer knows about event
 * shapes comes from here: decoded events are a discriminated union built from the IDL's TS type, so
 * a new event in the program without a handler in `sink/projections.ts` fails to compile.
 *
 * Source of truth: the committed IDL (app/src/idl/perps.json + perps.ts, `npm run idl`). That copy
 * does not carry the trading events yet, so `idl-provisional/` holds the output of
 * `anchor idl build -p perps` for the current program; switch these two imports back to `./idl/`
 * once the committed copy is regenerated.
 */
import { BN, type Idl, type IdlEvents } from "@coral-xyz/anchor";
// Not re-exported from the package root in 0.32.1.
import { convertIdlToCamelCase } from "@coral-xyz/anchor/dist/cjs/idl";
import idlJson from "./idl-provisional/perps.json";
import type { Perps } from "./idl-provisional/perps";

export type PerpsIdl = Perps;
/** The IDL as emitted by `anchor idl build` (snake_case field names). */
export const PERPS_IDL = idlJson as unknown as Idl;
/** Same IDL with camelCase field names, matching the TS type and `Program.coder`. */
export const PERPS_IDL_CAMEL = convertIdlToCamelCase(PERPS_IDL);

type EventMap = IdlEvents<Perps>;
export type EventName = keyof EventMap & string;
export type EventData<K extends EventName> = EventMap[K];

/** A decoded event: `{ name, data }`, discriminated on `name`. */
export type PerpsEvent = { [K in EventName]: { name: K; data: EventData<K> } }[EventName];

/** Event names as the TS type spells them (camelCase, e.g. `orderFilled`). */
export const EVENT_NAMES = (PERPS_IDL_CAMEL.events ?? []).map((e) => e.name) as EventName[];

/** The program's own spelling of each event (`orderFilled` → `OrderFilled`), used in the database. */
export const EVENT_TYPE: Record<EventName, string> = Object.fromEntries(
  (PERPS_IDL.events ?? []).map((e, i) => [EVENT_NAMES[i], e.name]),
) as Record<EventName, string>;

export { BN };
