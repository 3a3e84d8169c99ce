/** Shapes passed between source → decoder → sink. Each stage only sees these. */
import type { PerpsEvent } from "./idl";

/** A transaction as a source delivers it: enough to decode and order its events. */
export interface RawTransaction {
  signature: string;
  slot: number;
  /**
   * Index of the transaction in its block (chain order inside a slot); the position among the
   * program's transactions in the slot when the cluster cannot serve the block.
   */
  txIndex: number;
  /** Unix seconds, when the cluster reports it. */
  blockTime: number | null;
  /** Non-null when the transaction failed (its events are ignored). */
  err: unknown;
  logs: string[];
  /** Program id of each top-level instruction of the message, when the source has the message. */
  instructionProgramIds?: string[];
}

/** Where an event sits in the chain: the natural key is (signature, instructionIndex, eventIndex). */
export interface EventPosition {
  signature: string;
  slot: number;
  txIndex: number;
  /** Index of the top-level instruction whose execution emitted the event. */
  instructionIndex: number;
  /** Index of the event among the program's events inside that instruction. */
  eventIndex: number;
  /** Invoke depth at emission (1 = top-level instruction, >1 = CPI into the program). */
  invokeDepth: number;
  blockTime: number | null;
  programId: string;
}

export interface DecodedEvent {
  position: EventPosition;
  event: PerpsEvent;
}

export type DeadLetterReason = "truncated_logs" | "unknown_event" | "undecodable_event";

export interface DeadLetter {
  signature: string;
  slot: number;
  programId: string;
  reason: DeadLetterReason;
  /** -1 when the whole transaction is concerned. */
  instructionIndex: number;
  /** Index of the line in the log messages, -1 for the whole transaction. */
  logIndex: number;
  rawData: string;
  detail: string | null;
}

export interface DecodeStats {
  transactions: number;
  failedTransactions: number;
  /** Events found in failed transactions and ignored. */
  ignoredFailedEvents: number;
  events: number;
  unknownEvents: number;
  undecodableEvents: number;
  truncatedTransactions: number;
}

/** The decoder's output for a batch of transactions, handed to the sink as one unit. */
export interface DecodedBatch {
  events: DecodedEvent[];
  deadLetters: DeadLetter[];
  /** Every transaction of the batch (also failed/empty ones), in chain order: the cursor moves to the last. */
  transactions: Array<Pick<RawTransaction, "signature" | "slot" | "txIndex" | "blockTime">>;
  stats: DecodeStats;
}

export function emptyStats(): DecodeStats {
  return {
    transactions: 0,
    failedTransactions: 0,
    ignoredFailedEvents: 0,
    events: 0,
    unknownEvents: 0,
    undecodableEvents: 0,
    truncatedTransactions: 0,
  };
}

export function addStats(into: DecodeStats, from: DecodeStats): DecodeStats {
  for (const k of Object.keys(into) as Array<keyof DecodeStats>) into[k] += from[k];
  return into;
}

/** Chain order: slot, then transaction position, then instruction, then event. */
export function compareChainOrder(a: EventPosition, b: EventPosition): number {
  return (
    a.slot - b.slot ||
    a.txIndex - b.txIndex ||
    a.instructionIndex - b.instructionIndex ||
    a.eventIndex - b.eventIndex
  );
}
