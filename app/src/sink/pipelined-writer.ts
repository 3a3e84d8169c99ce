/**
 * Keeps one batch in the database while the next one is prepared: `push` projects and serialises
 * its batch (CPU) while the previous batch's statement runs on the server, then waits for that
 * statement and starts its own. On a machine with few cores this overlaps the Node.js work with
 * PostgreSQL's instead of alternating them.
 *
 * Order and safety: batches execute strictly one after another, in push order. A batch starts
 * only after the previous one committed, so a failed batch never lets a later one advance the
 * cursor past it: the failure is thrown from the next `push` or from `flush`, and nothing after
 * it is written.
 */
import type { DecodedBatch } from "../types";
import type { BatchOptions, Sink, SinkResult } from "./postgres-sink";

export type PreparingSink = Pick<Sink, "prepare" | "execute">;

export class PipelinedWriter {
  private inFlight: { batch: DecodedBatch; result: Promise<SinkResult> } | null = null;

  constructor(
    private readonly sink: PreparingSink,
    /** Called with each batch's result, in push order, once it committed. */
    private readonly onResult: (result: SinkResult, batch: DecodedBatch) => void = () => undefined,
    private readonly options: BatchOptions = {},
  ) {}

  /** Prepares `batch`, waits for the batch in flight, then starts this one. */
  async push(batch: DecodedBatch): Promise<void> {
    const stmt = this.sink.prepare(batch, this.options);
    await this.settle();
    const result = this.sink.execute(stmt);
    // A rejection is handled by the next push/flush; avoid an unhandled-rejection report meanwhile.
    result.catch(() => undefined);
    this.inFlight = { batch, result };
  }

  /** Waits for the batch in flight (rethrowing its error). */
  async flush(): Promise<void> {
    await this.settle();
  }

  private async settle(): Promise<void> {
    const p = this.inFlight;
    if (p === null) return;
    this.inFlight = null;
    this.onResult(await p.result, p.batch);
  }
}
