/**
 * IDL-driven decoder: raw transactions in, typed events (with their chain position) and dead
 * letters out. Swappable: the sink only depends on `DecodedBatch`.
 */
import { BorshCoder, type Idl } from "@coral-xyz/anchor";
import { PERPS_IDL_CAMEL, type EventName, type PerpsEvent } from "../idl";
import {
  emptyStats,
  type DeadLetter,
  type DecodedBatch,
  type DecodedEvent,
  type RawTransaction,
} from "../types";
import { parseLogs } from "./log-parser";

export interface Decoder {
  decode(transactions: readonly RawTransaction[]): DecodedBatch;
}

type PayloadResult =
  | { ok: true; event: PerpsEvent }
  | { ok: false; reason: "unknown_event" | "undecodable_event"; detail: string };

export class IdlEventDecoder implements Decoder {
  private readonly coder: BorshCoder;
  private readonly byDiscriminator = new Map<string, EventName>();

  constructor(
    private readonly programId: string,
    idl: Idl = PERPS_IDL_CAMEL,
  ) {
    this.coder = new BorshCoder(idl);
    for (const ev of idl.events ?? []) {
      this.byDiscriminator.set(Buffer.from(ev.discriminator).toString("hex"), ev.name as EventName);
    }
  }

  /** Decodes one `Program data:` payload. Never throws: failures are typed results. */
  decodePayload(payload: string): PayloadResult {
    const parts = payload.trim().split(/\s+/);
    if (parts.length !== 1 || parts[0] === "") {
      return { ok: false, reason: "undecodable_event", detail: `expected 1 base64 field, got ${parts.length}` };
    }
    const bytes = Buffer.from(parts[0], "base64");
    if (bytes.length < 8 || bytes.toString("base64").replace(/=+$/, "") !== parts[0].replace(/=+$/, "")) {
      return { ok: false, reason: "undecodable_event", detail: "not base64 or shorter than a discriminator" };
    }
    const name = this.byDiscriminator.get(bytes.subarray(0, 8).toString("hex"));
    if (name === undefined) {
      return { ok: false, reason: "unknown_event", detail: `discriminator ${bytes.subarray(0, 8).toString("hex")}` };
    }
    let decoded: { name: string; data: unknown } | null;
    try {
      decoded = this.coder.events.decode(parts[0]);
    } catch (err) {
      return { ok: false, reason: "undecodable_event", detail: `${name}: ${(err as Error).message}` };
    }
    if (decoded === null || decoded.name !== name) {
      return { ok: false, reason: "undecodable_event", detail: `${name}: layout did not decode` };
    }
    // The coder built the value from the IDL layout of `name`, which is what PerpsEvent describes.
    return { ok: true, event: decoded as PerpsEvent };
  }

  decode(transactions: readonly RawTransaction[]): DecodedBatch {
    const stats = emptyStats();
    const events: DecodedEvent[] = [];
    const deadLetters: DeadLetter[] = [];
    const sorted = [...transactions].sort((a, b) => a.slot - b.slot || a.txIndex - b.txIndex);

    for (const tx of sorted) {
      stats.transactions += 1;
      const parsed = parseLogs(tx.logs, tx.instructionProgramIds);
      const ours = parsed.dataLines.filter((l) => l.programId === this.programId);
      if (tx.err !== null && tx.err !== undefined) {
        stats.failedTransactions += 1;
        stats.ignoredFailedEvents += ours.length;
        continue;
      }
      if (parsed.truncated) {
        stats.truncatedTransactions += 1;
        deadLetters.push({
          signature: tx.signature,
          slot: tx.slot,
          programId: this.programId,
          reason: "truncated_logs",
          instructionIndex: -1,
          logIndex: -1,
          rawData: JSON.stringify(tx.logs),
          detail: `${ours.length} event line(s) before the truncation were decoded`,
        });
      }
      const perInstruction = new Map<number, number>();
      for (const line of ours) {
        const eventIndex = perInstruction.get(line.instructionIndex) ?? 0;
        perInstruction.set(line.instructionIndex, eventIndex + 1);
        const result = this.decodePayload(line.payload);
        if (!result.ok) {
          if (result.reason === "unknown_event") stats.unknownEvents += 1;
          else stats.undecodableEvents += 1;
          deadLetters.push({
            signature: tx.signature,
            slot: tx.slot,
            programId: this.programId,
            reason: result.reason,
            instructionIndex: line.instructionIndex,
            logIndex: line.logIndex,
            rawData: line.payload,
            detail: result.detail,
          });
          continue;
        }
        stats.events += 1;
        events.push({
          event: result.event,
          position: {
            signature: tx.signature,
            slot: tx.slot,
            txIndex: tx.txIndex,
            instructionIndex: line.instructionIndex,
            eventIndex,
            invokeDepth: line.depth,
            blockTime: tx.blockTime,
            programId: this.programId,
          },
        });
      }
    }

    return {
      events,
      deadLetters,
      transactions: sorted.map(({ signature, slot, txIndex, blockTime }) => ({ signature, slot, txIndex, blockTime })),
      stats,
    };
  }
}
