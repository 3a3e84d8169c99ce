// Decodes the perps program's `Program data:` log lines with the IDL, and — unlike anchor's
// EventParser, which silently skips what it cannot decode — reports every line it could not.
import { BorshCoder, EventParser, IdlEvents } from "@coral-xyz/anchor";
import { convertIdlToCamelCase } from "@coral-xyz/anchor/dist/cjs/idl";
import { PROGRAM_ID } from "../../app/src/client/program";
import idlJson from "../../app/src/idl/perps.json";
import type { Perps } from "../../app/src/idl/perps";

type Events = IdlEvents<Perps>;
/** A decoded event: a union discriminated by the (camelCase) IDL event name. */
export type PerpsEvent = { [K in keyof Events]: { name: K; data: Events[K] } }[keyof Events];

export interface UndecodedLine {
  /** Index in the log array (-1 when the problem concerns the logs as a whole). */
  index: number;
  line: string;
  reason: string;
}

export interface DecodedLogs {
  events: PerpsEvent[];
  /** `Program data:` lines of the program that match no IDL event, and parser failures. */
  undecoded: UndecodedLine[];
  /** The cluster cut the logs at its byte limit (`Log truncated`): events may be missing. */
  truncated: boolean;
}

// The same camelCase IDL `Program<Perps>` uses, so names match `IdlEvents<Perps>`.
const coder = new BorshCoder(convertIdlToCamelCase(idlJson as Perps));
const parser = new EventParser(PROGRAM_ID, coder);

const INVOKE = /^Program (\S+) invoke \[(\d+)\]$/;
const EXIT = /^Program (\S+) (success|failed: .*)$/;
const DATA = "Program data: ";

export function decodeEvents(logs: readonly string[]): DecodedLogs {
  const undecoded: UndecodedLine[] = [];
  let events: PerpsEvent[] = [];
  try {
    events = [...parser.parseLogs([...logs])] as PerpsEvent[];
  } catch (err) {
    undecoded.push({ index: -1, line: logs[0] ?? "", reason: `EventParser failed: ${String(err)}` });
  }

  // Walk the invocation stack ourselves to find the program's data lines that did not decode.
  const stack: string[] = [];
  let decodable = 0;
  let truncated = false;
  logs.forEach((line, index) => {
    if (line === "Log truncated") truncated = true;
    const invoke = INVOKE.exec(line);
    if (invoke) {
      stack.push(invoke[1]);
      return;
    }
    const exit = EXIT.exec(line);
    if (exit && stack[stack.length - 1] === exit[1]) {
      stack.pop();
      return;
    }
    if (!line.startsWith(DATA) || stack[stack.length - 1] !== PROGRAM_ID.toBase58()) return;
    const payload = line.slice(DATA.length);
    let decoded: ReturnType<typeof coder.events.decode> = null;
    let reason = "no IDL event matches its discriminator";
    try {
      decoded = coder.events.decode(payload);
    } catch (err) {
      reason = `borsh decode failed: ${String(err)}`;
    }
    if (decoded) decodable += 1;
    else undecoded.push({ index, line, reason });
  });
  if (decodable !== events.length && undecoded.every((u) => u.index !== -1)) {
    undecoded.push({
      index: -1,
      line: "",
      reason: `EventParser returned ${events.length} events but ${decodable} data lines decode`,
    });
  }
  return { events, undecoded, truncated };
}
