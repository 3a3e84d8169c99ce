/**
 * npm run bench:indexer [-- --events 100000 --batch 1000 --naive-events 5000]
 *
 * Input: REAL program transactions. The bench spawns a local cluster (perps-localnet), runs a
 * short trading sequence on it (market, three funded traders, resting orders filled at several
 * prices, price moves, a liquidation — tests/support/indexer-trading.ts), fetches every one of
 * those transactions with getTransaction, and replicates their log messages verbatim with
 * synthetic unique signatures and slots until N events are reached. Only two things change in a
 * replica: `OrderFilled.seq` is renumbered (re-encoded with the IDL coder) so the per-market fill
 * sequence stays unique and gap-free, and `create_market` is not replicated (a market exists
 * once). Everything is decoded by the real decoder before timing starts.
 *
 * Writes the N events with three writers into the same migrated PostgreSQL schema (emptied
 * between runs) and prints events/s:
 *   sink  - the real sink as the indexer's backfill drives it: PipelinedWriter over PostgresSink
 *           (one statement per batch: unnest INSERT … ON CONFLICT into every table, gap check,
 *           cursor; the next batch is prepared while the current one runs); also reported one
 *           batch at a time (prepare, then execute, then the next);
 *   naive - Prisma, one `create` per raw event plus one per projected row (`upsert` for the
 *           current position), each event in its own transaction — measured on a smaller N and
 *           labelled as such (its rate does not depend on N);
 *   copy  - PostgreSQL `COPY … FROM` a server-side CSV file of exactly the rows the sink writes
 *           (client-side COPY FROM STDIN needs pg-copy-streams, not installed): reported with and
 *           without the JS serialisation of the rows; the bare statements are the ceiling.
 * Exits 1, after the figures, when a target is missed (sink/naive >= 10, sink / bare COPY
 * statements >= 0.3), and 2 on an invalid flag value.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BorshCoder } from "@coral-xyz/anchor";
import { IdlEventDecoder } from "../src/decoder/event-decoder";
import { dropPostgresDatabase, openDatabase, type Database } from "../src/db/database";
import { migrate } from "../src/db/migrate";
import { BN, EVENT_TYPE, PERPS_IDL_CAMEL, type EventData } from "../src/idl";
import { PipelinedWriter } from "../src/sink/pipelined-writer";
import { PostgresSink } from "../src/sink/postgres-sink";
import { eventJson } from "../src/sink/event-json";
import { emptyRows, project, toJson, type PositionRow, type ProjectedRows } from "../src/sink/projections";
import type { DecodedBatch, DecodedEvent, RawTransaction } from "../src/types";
import { encodeEvent, PROGRAM_ID } from "../../tests/support/indexer-fixtures";
import { startDedicatedCluster } from "../../tests/support/indexer-cluster";
import { runTrading } from "../../tests/support/indexer-trading";
import { positiveIntArg as arg } from "./args";


const N = arg("events", 100_000);
const BATCH_TX = arg("batch", 1000);
const NAIVE_N = arg("naive-events", 5_000);
/** The README's targets: the sink against naive Prisma, and against the bare COPY statements. */
const TARGET_SINK_VS_NAIVE = 10;
const TARGET_SINK_VS_COPY_STATEMENT_ONLY = 0.3;
const URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/perps_indexer_bench";
const TABLES = ["program_events", "markets", "trades", "positions", "position_history", "liquidations", "dead_letters", "fill_seq_gaps", "indexer_cursors", "indexer_chains"];

interface Captured {
  transactions: number;
  events: number;
  logs: string[][];
}

/**
 * Runs the trading sequence on a fresh local cluster and returns the real transactions' logs.
 * The cluster is stopped when the process exits (stopping it earlier makes web3.js's websocket
 * retry in a tight loop for the rest of the run).
 */
async function captureRealTransactions(): Promise<Captured> {
  const cluster = await startDedicatedCluster();
  stopCluster = cluster.stop;
  {
    const scenario = await runTrading(cluster);
    const logs: string[][] = [];
    let events = 0;
    for (const sig of scenario.driver.signatures) {
      const t = await cluster.connection.getTransaction(sig, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
      if (!t?.meta?.logMessages) throw new Error(`transaction ${sig} not found`);
      if (t.meta.err !== null) throw new Error(`transaction ${sig} failed`);
      if (t.meta.logMessages.includes("Log truncated")) throw new Error(`transaction ${sig} has truncated logs`);
      logs.push(t.meta.logMessages);
      events += t.meta.logMessages.filter((l) => l.startsWith("Program data: ")).length;
    }
    return { transactions: logs.length, events, logs };
  }
}
let stopCluster: () => Promise<void> = async () => undefined;

const coder = new BorshCoder(PERPS_IDL_CAMEL);
const DATA = "Program data: ";

/**
 * Replicates the captured transactions (without create_market) until `events` events: each copy
 * gets a unique signature and its own slot (4 transactions a slot); OrderFilled lines are
 * re-encoded with the next `seq`.
 */
function replicate(captured: Captured, events: number): RawTransaction[] {
  const templates = captured.logs.filter((l) => !l.some((x) => x === "Program log: Instruction: CreateMarket"));
  const txs: RawTransaction[] = [];
  let n = 0;
  let seq = 0;
  let i = 0;
  while (n < events) {
    const logs = templates[i % templates.length].map((line) => {
      if (!line.startsWith(DATA)) return line;
      n += 1;
      const ev = coder.events.decode(line.slice(DATA.length));
      if (ev?.name !== "orderFilled") return line;
      seq += 1;
      const data = { ...(ev.data as EventData<"orderFilled">), seq: new BN(seq) };
      return DATA + encodeEvent("orderFilled", data as EventData<"orderFilled">);
    });
    const slot = 1_000 + Math.floor(i / 4);
    txs.push({ signature: `bench${i.toString().padStart(12, "0")}${"1".repeat(70)}`, slot, txIndex: i % 4, blockTime: 1_700_000_000 + slot, err: null, logs });
    i += 1;
  }
  return txs;
}

async function truncate(db: Database): Promise<void> {
  await db.exec(`TRUNCATE ${TABLES.map((t) => `"${t}"`).join(", ")} RESTART IDENTITY`);
}

/** The real sink. `pipelined`: through PipelinedWriter, as the indexer's backfill writes. */
async function benchSink(db: Database, batches: DecodedBatch[], pipelined: boolean): Promise<number> {
  const sink = new PostgresSink(db, { programId: PROGRAM_ID });
  let n = 0;
  const t0 = performance.now();
  if (pipelined) {
    const writer = new PipelinedWriter(sink, (r) => (n += r.inserted));
    for (const b of batches) await writer.push(b);
    await writer.flush();
  } else {
    for (const b of batches) n += (await sink.write(b)).inserted;
  }
  const secs = (performance.now() - t0) / 1000;
  if (n !== batches.reduce((k, b) => k + b.events.length, 0)) throw new Error(`sink stored ${n} events`);
  return n / secs;
}

async function benchNaive(db: Database, events: DecodedEvent[]): Promise<number> {
  const p = db.prisma;
  const t0 = performance.now();
  for (const e of events) {
    const rows = emptyRows();
    project(e.event, e.position, rows);
    const pos = e.position;
    await p.$transaction(async (tx) => {
      await tx.programEvent.create({
        data: {
          signature: pos.signature,
          instructionIndex: pos.instructionIndex,
          eventIndex: pos.eventIndex,
          slot: BigInt(pos.slot),
          txIndex: pos.txIndex,
          invokeDepth: pos.invokeDepth,
          programId: pos.programId,
          blockTime: pos.blockTime === null ? null : BigInt(pos.blockTime),
          eventType: EVENT_TYPE[e.event.name],
          eventData: toJson(e.event.data) as object,
          processed: true,
        },
      });
      for (const t of rows.trades) {
        await tx.trade.create({
          data: {
            ...t,
            slot: BigInt(t.slot),
            seq: BigInt(t.seq),
            takerPositionId: BigInt(t.takerPositionId),
            makerPositionId: BigInt(t.makerPositionId),
            timestamp: BigInt(t.timestamp),
          },
        });
      }
      for (const l of rows.liquidations) {
        await tx.liquidation.create({
          data: {
            ...l,
            slot: BigInt(l.slot),
            positionId: BigInt(l.positionId),
            liquidatorPositionId: BigInt(l.liquidatorPositionId),
            timestamp: BigInt(l.timestamp),
          },
        });
      }
      for (const r of rows.positions) {
        const h = positionData(r);
        await tx.positionHistory.create({ data: h });
        const { signature: _s, instructionIndex: _i, eventIndex: _e, ...current } = h;
        await tx.position.upsert({
          where: { positionId: h.positionId },
          create: { ...current, signature: r.signature, instructionIndex: r.instructionIndex, eventIndex: r.eventIndex },
          update: { ...current, signature: r.signature, instructionIndex: r.instructionIndex, eventIndex: r.eventIndex },
        });
      }
    });
  }
  const secs = (performance.now() - t0) / 1000;
  return events.length / secs;
}

function positionData(r: PositionRow) {
  return {
    signature: r.signature,
    instructionIndex: r.instructionIndex,
    eventIndex: r.eventIndex,
    slot: BigInt(r.slot),
    txIndex: r.txIndex,
    positionId: BigInt(r.positionId),
    owner: r.owner,
    market: r.market,
    side: r.side,
    size: r.size,
    entryPrice: r.entryPrice,
    collateral: r.collateral,
    realizedPnl: BigInt(r.realizedPnl),
    unrealizedPnl: BigInt(r.unrealizedPnl),
    settledPnl: BigInt(r.settledPnl),
    markPrice: r.markPrice,
    timestamp: BigInt(r.timestamp),
  };
}

const csv = (v: string | number | boolean | null): string => (v === null ? "" : `"${String(v).replace(/"/g, '""')}"`);

async function benchCopy(db: Database, events: DecodedEvent[]): Promise<{ rate: number; copyOnlyRate: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "perps-bench-"));
  fs.chmodSync(dir, 0o755);
  const t0 = performance.now();
  const rows: ProjectedRows = emptyRows();
  const ev: string[] = [];
  for (const e of events) {
    project(e.event, e.position, rows);
    const p = e.position;
    ev.push([p.signature, p.instructionIndex, p.eventIndex, p.slot, p.txIndex, p.invokeDepth, p.programId, p.blockTime, EVENT_TYPE[e.event.name], eventJson(e.event), true].map(csv).join(","));
  }
  const latest = new Map<string, PositionRow>();
  for (const r of rows.positions) latest.set(r.positionId, r);
  const key = (r: PositionRow) => [r.signature, r.instructionIndex, r.eventIndex, r.slot, r.txIndex];
  const pos = (r: PositionRow) => [r.positionId, r.owner, r.market, r.side, r.size, r.entryPrice, r.collateral, r.realizedPnl, r.unrealizedPnl, r.settledPnl, r.markPrice, r.timestamp];
  const files: Array<[string, string, string[]]> = [
    ["program_events", "signature, instruction_index, event_index, slot, tx_index, invoke_depth, program_id, block_time, event_type, event_data, processed", ev],
    [
      "trades",
      "signature, instruction_index, event_index, slot, tx_index, market, seq, taker, maker, taker_position_id, maker_position_id, taker_order_id, maker_order_id, taker_side, price, quantity, taker_fee, maker_fee, timestamp",
      rows.trades.map((t) =>
        [t.signature, t.instructionIndex, t.eventIndex, t.slot, t.txIndex, t.market, t.seq, t.taker, t.maker, t.takerPositionId, t.makerPositionId, t.takerOrderId, t.makerOrderId, t.takerSide, t.price, t.quantity, t.takerFee, t.makerFee, t.timestamp].map(csv).join(","),
      ),
    ],
    [
      "liquidations",
      "signature, instruction_index, event_index, slot, tx_index, position_id, owner, market, liquidator, liquidated_size, liquidation_price, penalty_fee, remaining_size, liquidator_position_id, liquidator_fee, exchange_fee, timestamp",
      rows.liquidations.map((l) =>
        [l.signature, l.instructionIndex, l.eventIndex, l.slot, l.txIndex, l.positionId, l.owner, l.market, l.liquidator, l.liquidatedSize, l.liquidationPrice, l.penaltyFee, l.remainingSize, l.liquidatorPositionId, l.liquidatorFee, l.exchangeFee, l.timestamp].map(csv).join(","),
      ),
    ],
    [
      "position_history",
      "signature, instruction_index, event_index, slot, tx_index, position_id, owner, market, side, size, entry_price, collateral, realized_pnl, unrealized_pnl, settled_pnl, mark_price, timestamp",
      rows.positions.map((r) => [...key(r), ...pos(r)].map(csv).join(",")),
    ],
    [
      "positions",
      "signature, instruction_index, event_index, slot, tx_index, position_id, owner, market, side, size, entry_price, collateral, realized_pnl, unrealized_pnl, settled_pnl, mark_price, timestamp",
      [...latest.values()].map((r) => [...key(r), ...pos(r)].map(csv).join(",")),
    ],
  ];
  const paths = files.map(([table, cols, lines]) => {
    const f = path.join(dir, `${table}.csv`);
    fs.writeFileSync(f, lines.join("\n") + "\n");
    fs.chmodSync(f, 0o644);
    return [table, cols, f] as const;
  });
  const t1 = performance.now();
  await db.session(async (q) => {
    await q.exec("BEGIN");
    for (const [table, cols, f] of paths) await q.exec(`COPY "${table}" (${cols}) FROM '${f}' WITH (FORMAT csv)`);
    await q.exec("COMMIT");
  });
  const t2 = performance.now();
  fs.rmSync(dir, { recursive: true, force: true });
  return { rate: events.length / ((t2 - t0) / 1000), copyOnlyRate: events.length / ((t2 - t1) / 1000) };
}

/** Runs the bench and prints the figures; returns the targets it missed (one line each). */
async function main(): Promise<string[]> {
  const t0 = performance.now();
  const captured = await captureRealTransactions();
  const txs = replicate(captured, N);
  const decoder = new IdlEventDecoder(PROGRAM_ID);
  const tDec = performance.now();
  const batches: DecodedBatch[] = [];
  for (let i = 0; i < txs.length; i += BATCH_TX) batches.push(decoder.decode(txs.slice(i, i + BATCH_TX)));
  const decodeSecs = (performance.now() - tDec) / 1000;
  const events = batches.flatMap((b) => b.events);
  if (batches.some((b) => b.deadLetters.length > 0)) throw new Error("the replicated transactions produced dead letters");
  console.log(
    JSON.stringify({
      realTransactions: captured.transactions,
      realEvents: captured.events,
      events: events.length,
      transactions: txs.length,
      batchTransactions: BATCH_TX,
      captureAndBuildSecs: +((tDec - t0) / 1000).toFixed(2),
      decodeEventsPerSec: Math.round(events.length / decodeSecs),
    }),
  );

  await dropPostgresDatabase(URL);
  const db = await openDatabase({ databaseUrl: URL, pgliteDir: "", createIfMissing: true });
  try {
    await migrate(db);
    const serial = await benchSink(db, batches, false);
    await truncate(db);
    const sink = await benchSink(db, batches, true);
    await truncate(db);
    const copy = await benchCopy(db, events);
    await truncate(db);
    const naiveEvents = events.slice(0, Math.min(NAIVE_N, events.length));
    const naive = await benchNaive(db, naiveEvents);
    const result = {
      sinkEventsPerSec: Math.round(sink),
      sinkOneBatchAtATimeEventsPerSec: Math.round(serial),
      naivePrismaEventsPerSec: Math.round(naive),
      naiveMeasuredOnEvents: naiveEvents.length,
      copyEventsPerSec: Math.round(copy.rate),
      copyStatementOnlyEventsPerSec: Math.round(copy.copyOnlyRate),
      sinkVsNaive: +(sink / naive).toFixed(2),
      sinkVsCopy: +(sink / copy.rate).toFixed(3),
      sinkVsCopyStatementOnly: +(sink / copy.copyOnlyRate).toFixed(3),
      targets: { sinkVsNaive: `>= ${TARGET_SINK_VS_NAIVE}`, sinkVsCopyStatementOnly: `>= ${TARGET_SINK_VS_COPY_STATEMENT_ONLY}` },
    };
    console.log(JSON.stringify(result, null, 2));
    console.log(
      `sink ${result.sinkEventsPerSec} ev/s | naive Prisma ${result.naivePrismaEventsPerSec} ev/s (measured on ${naiveEvents.length} events) | COPY ${result.copyEventsPerSec} ev/s (statements alone ${result.copyStatementOnlyEventsPerSec}) | sink/naive ${result.sinkVsNaive}x | sink/COPY ${result.sinkVsCopy}x (vs statements alone ${result.sinkVsCopyStatementOnly}x)`,
    );
    const missed: string[] = [];
    if (sink / naive < TARGET_SINK_VS_NAIVE) missed.push(`sink/naive ${result.sinkVsNaive}x is below the target ${TARGET_SINK_VS_NAIVE}x`);
    if (sink / copy.copyOnlyRate < TARGET_SINK_VS_COPY_STATEMENT_ONLY) {
      missed.push(`sink/COPY statements alone ${result.sinkVsCopyStatementOnly}x is below the target ${TARGET_SINK_VS_COPY_STATEMENT_ONLY}x`);
    }
    return missed;
  } finally {
    await db.close();
    await dropPostgresDatabase(URL);
  }
}

main().then(
  async (missed) => {
    for (const m of missed) console.error(`target missed: ${m}`);
    await stopCluster();
    process.exit(missed.length > 0 ? 1 : 0);
  },
  async (err: unknown) => {
    console.error(err);
    await stopCluster();
    process.exit(1);
  },
);
