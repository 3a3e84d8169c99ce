import { expect } from "chai";
import { IdlEventDecoder } from "../app/src/decoder/event-decoder";
import { parseLogs } from "../app/src/decoder/log-parser";
import { EVENT_NAMES } from "../app/src/idl";
import { eventJson } from "../app/src/sink/event-json";
import { handlers, toJson } from "../app/src/sink/projections";
import {
  actors,
  bankruptcyResolved,
  adminEvents,
  COMPUTE_BUDGET,
  computeBudgetInstruction,
  dataLine,
  insuranceFundChanged,
  liquidationExecuted,
  orderCancelled,
  marketCreated,
  orderFilled,
  positionUpdated,
  programInstruction,
  PROGRAM_ID,
  TOKEN_PROGRAM,
  tx,
} from "./support/indexer-fixtures";

describe("indexer decoder", () => {
  const decoder = new IdlEventDecoder(PROGRAM_ID);
  const a = actors();

  it("has a handler for every IDL event", () => {
    expect(Object.keys(handlers).sort()).to.deep.equal([...EVENT_NAMES].sort());
  });

  it("decodes every event type with its values and chain position", () => {
    const logs = [
      ...computeBudgetInstruction(),
      ...programInstruction([dataLine(marketCreated(a))]),
      ...programInstruction([
        dataLine(orderFilled(a, 1)),
        dataLine(positionUpdated(a, 1, a.maker, 10, "short")),
        dataLine(positionUpdated(a, 2, a.taker, 10, "long")),
      ]),
      ...programInstruction([dataLine(liquidationExecuted(a))]),
    ];
    const batch = decoder.decode([tx(logs, 10, 3)]);
    expect(batch.deadLetters).to.deep.equal([]);
    expect(batch.stats.events).to.equal(5);
    expect(batch.events.map((e) => e.event.name)).to.deep.equal([
      "marketCreated",
      "orderFilled",
      "positionUpdated",
      "positionUpdated",
      "liquidationExecuted",
    ]);
    // instruction 0 is the compute-budget instruction.
    expect(batch.events.map((e) => [e.position.instructionIndex, e.position.eventIndex])).to.deep.equal([
      [1, 0],
      [2, 0],
      [2, 1],
      [2, 2],
      [3, 0],
    ]);
    expect(batch.events.every((e) => e.position.slot === 10 && e.position.txIndex === 3 && e.position.invokeDepth === 1)).to.equal(true);

    const fill = batch.events[1].event;
    if (fill.name !== "orderFilled") throw new Error("expected orderFilled");
    expect(fill.data.seq.toString()).to.equal("1");
    expect(fill.data.price.toString()).to.equal("25000000");
    expect(fill.data.taker.toBase58()).to.equal(a.taker.toBase58());
    expect(fill.data.takerSide).to.deep.equal({ bid: {} });
    const created = batch.events[0].event;
    if (created.name !== "marketCreated") throw new Error("expected marketCreated");
    expect(created.data.symbol).to.equal("SOL-PERP");
    expect(created.data.maxPriceAgeSecs).to.equal(60);
  });

  it("attributes data lines through nested invokes to the emitting program", () => {
    const logs = [
      `Program ${PROGRAM_ID} invoke [1]`,
      dataLine(orderFilled(a, 1)),
      `Program ${TOKEN_PROGRAM} invoke [2]`,
      // Another program's data at depth 2 is not ours, whatever it contains.
      dataLine(orderFilled(a, 99)),
      `Program ${TOKEN_PROGRAM} success`,
      dataLine(orderFilled(a, 2)),
      `Program ${PROGRAM_ID} success`,
      // An outer program CPIs into ours: attributed to us, at depth 2, in instruction 1.
      `Program ${TOKEN_PROGRAM} invoke [1]`,
      dataLine(orderFilled(a, 98)),
      `Program ${PROGRAM_ID} invoke [2]`,
      dataLine(orderFilled(a, 3)),
      `Program ${PROGRAM_ID} failed: custom program error: 0x1`,
      `Program ${TOKEN_PROGRAM} success`,
    ];
    const parsed = parseLogs(logs);
    expect(parsed.dataLines.map((l) => [l.programId === PROGRAM_ID, l.instructionIndex, l.depth])).to.deep.equal([
      [true, 0, 1],
      [false, 0, 2],
      [true, 0, 1],
      [false, 1, 1],
      [true, 1, 2],
    ]);
    const batch = decoder.decode([tx(logs, 5)]);
    const seqs = batch.events.map((e) => (e.event.name === "orderFilled" ? e.event.data.seq.toNumber() : -1));
    expect(seqs).to.deep.equal([1, 2, 3]);
    expect(batch.events.map((e) => [e.position.instructionIndex, e.position.eventIndex, e.position.invokeDepth])).to.deep.equal([
      [0, 0, 1],
      [0, 1, 1],
      [1, 0, 2],
    ]);
  });

  it("ignores and counts the events of failed transactions", () => {
    const logs = programInstruction([dataLine(orderFilled(a, 1)), dataLine(orderFilled(a, 2))]);
    const batch = decoder.decode([tx(logs, 7, 0, { err: { InstructionError: [0, { Custom: 6001 }] } })]);
    expect(batch.events).to.deep.equal([]);
    expect(batch.deadLetters).to.deep.equal([]);
    expect(batch.stats.failedTransactions).to.equal(1);
    expect(batch.stats.ignoredFailedEvents).to.equal(2);
    expect(batch.transactions).to.have.length(1);
  });

  it("dead-letters truncated logs and keeps the events before the truncation", () => {
    const logs = [`Program ${PROGRAM_ID} invoke [1]`, dataLine(orderFilled(a, 1)), dataLine(orderFilled(a, 2)), "Log truncated"];
    const t = tx(logs, 8);
    const batch = decoder.decode([t]);
    expect(batch.stats.truncatedTransactions).to.equal(1);
    expect(batch.events).to.have.length(2);
    expect(batch.deadLetters).to.have.length(1);
    const dl = batch.deadLetters[0];
    expect(dl.reason).to.equal("truncated_logs");
    expect(dl.signature).to.equal(t.signature);
    expect(JSON.parse(dl.rawData)).to.deep.equal(logs);
    expect(parseLogs(logs).unbalanced).to.equal(true);
  });

  it("dead-letters unknown events and undecodable payloads with the raw data", () => {
    const unknown = Buffer.concat([Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]), Buffer.alloc(16)]).toString("base64");
    const good = dataLine(orderFilled(a, 1)).slice("Program data: ".length);
    const cut = Buffer.from(good, "base64").subarray(0, 20).toString("base64");
    const logs = programInstruction([
      `Program data: ${unknown}`,
      `Program data: ${cut}`,
      "Program data: !!!not-base64!!!",
      `Program data: ${good}`,
    ]);
    const batch = decoder.decode([tx(logs, 9)]);
    expect(batch.stats.unknownEvents).to.equal(1);
    expect(batch.stats.undecodableEvents).to.equal(2);
    expect(batch.deadLetters.map((d) => [d.reason, d.rawData, d.logIndex])).to.deep.equal([
      ["unknown_event", unknown, 2],
      ["undecodable_event", cut, 3],
      ["undecodable_event", "!!!not-base64!!!", 4],
    ]);
    expect(batch.deadLetters[1].detail).to.match(/^orderFilled: /);
    // The good event keeps its position: it is the 4th data line of the instruction.
    expect(batch.events).to.have.length(1);
    expect(batch.events[0].position.eventIndex).to.equal(3);
  });

  it("orders a batch by slot and transaction index", () => {
    const t1 = tx(programInstruction([dataLine(orderFilled(a, 2))]), 20, 1);
    const t0 = tx(programInstruction([dataLine(orderFilled(a, 1))]), 20, 0);
    const tEarly = tx(programInstruction([dataLine(marketCreated(a))]), 19, 5);
    const batch = decoder.decode([t1, t0, tEarly]);
    expect(batch.transactions.map((t) => t.signature)).to.deep.equal([tEarly.signature, t0.signature, t1.signature]);
  });
});

describe("indexer event JSON", () => {
  const decoder = new IdlEventDecoder(PROGRAM_ID);
  const a = actors();

  it("the IDL-compiled encoder writes exactly JSON.stringify(toJson(data)) for every event type", () => {
    const batch = decoder.decode([
      tx(
        programInstruction([
          dataLine(marketCreated(a)),
          dataLine(orderFilled(a, 7, 26_000_000, 4)),
          dataLine(positionUpdated(a, 1, a.maker, 10, "short")),
          dataLine(positionUpdated(a, 2, a.taker, 0, "flat")),
          dataLine(liquidationExecuted(a)),
          dataLine(orderCancelled(a)),
          dataLine(insuranceFundChanged(a)),
          dataLine(bankruptcyResolved(a)),
          ...adminEvents(a).map(dataLine),
        ]),
        10,
      ),
    ]);
    expect(new Set(batch.events.map((e) => e.event.name))).to.deep.equal(new Set(EVENT_NAMES));
    for (const e of batch.events) {
      const json = eventJson(e.event);
      expect(json).to.equal(JSON.stringify(toJson(e.event.data)));
      expect(JSON.parse(json)).to.be.an("object");
    }
  });
});

describe("indexer decoder: instruction index from the message", () => {
  const decoder = new IdlEventDecoder(PROGRAM_ID);
  const a = actors();
  const ED25519 = "Ed25519SigVerify111111111111111111111111111";

  it("an instruction that logs no invoke line (a precompile) still counts, given the message's programs", () => {
    const logs = [...computeBudgetInstruction(), ...programInstruction([dataLine(orderFilled(a, 1))])];
    const withIds = decoder.decode([tx(logs, 5, 0, { instructionProgramIds: [ED25519, COMPUTE_BUDGET, PROGRAM_ID] })]);
    expect(withIds.events.map((e) => e.position.instructionIndex)).to.deep.equal([2]);
    // Without the message, top-level invokes are counted (the precompile is invisible).
    const counted = decoder.decode([tx(logs, 5, 0)]);
    expect(counted.events.map((e) => e.position.instructionIndex)).to.deep.equal([1]);
  });
});
