/**
 * Walks a transaction's log messages and attributes every `Program data:` line to the program and
 * top-level instruction that emitted it, by following `invoke [n]` / `success` / `failed` depth.
 */

const INVOKE = /^Program (\S+) invoke \[(\d+)\]$/;
const SUCCESS = /^Program (\S+) success$/;
const FAILED = /^Program (\S+) failed: /;
const DATA_PREFIX = "Program data: ";
export const LOG_TRUNCATED = "Log truncated";

export interface DataLine {
  /** Program on top of the invoke stack when the line was logged. */
  programId: string;
  /** Top-level instruction index (0-based), -1 if no instruction was open. */
  instructionIndex: number;
  /** Invoke depth (1 = top level). */
  depth: number;
  /** Index of the line in the transaction's log messages. */
  logIndex: number;
  /** The base64 payload(s) after `Program data: `. */
  payload: string;
}

export interface ParsedLogs {
  dataLines: DataLine[];
  truncated: boolean;
  /** Invokes that were never closed (only expected for truncated logs or failed transactions). */
  unbalanced: boolean;
}

/**
 * `topLevelProgramIds` (the program of each top-level instruction in the message, when known)
 * keeps `instructionIndex` equal to the message's instruction index even when an instruction
 * logs no `invoke [1]` line (precompiles such as Ed25519SigVerify may not): each top-level invoke
 * is matched to the next instruction of the same program. Without it, top-level invokes are
 * counted.
 */
export function parseLogs(logs: readonly string[], topLevelProgramIds?: readonly string[]): ParsedLogs {
  const stack: string[] = [];
  const dataLines: DataLine[] = [];
  let instructionIndex = -1;
  let truncated = false;

  logs.forEach((line, logIndex) => {
    if (line === LOG_TRUNCATED) {
      truncated = true;
      return;
    }
    if (line.startsWith(DATA_PREFIX)) {
      dataLines.push({
        programId: stack[stack.length - 1] ?? "",
        instructionIndex,
        depth: stack.length,
        logIndex,
        payload: line.slice(DATA_PREFIX.length),
      });
      return;
    }
    const invoke = INVOKE.exec(line);
    if (invoke) {
      const depth = Number(invoke[2]);
      if (depth === 1) instructionIndex = nextInstruction(instructionIndex, invoke[1], topLevelProgramIds);
      // Trust the depth the runtime prints over our own bookkeeping.
      stack.length = Math.max(0, depth - 1);
      stack.push(invoke[1]);
      return;
    }
    if (SUCCESS.test(line) || FAILED.test(line)) stack.pop();
  });

  return { dataLines, truncated, unbalanced: stack.length > 0 };
}

function nextInstruction(current: number, programId: string, programIds: readonly string[] | undefined): number {
  if (programIds) {
    for (let i = current + 1; i < programIds.length; i++) if (programIds[i] === programId) return i;
  }
  return current + 1;
}
