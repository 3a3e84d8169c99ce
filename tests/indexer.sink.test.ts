import { BN } from "@coral-xyz/anchor";
import { expect } from "chai";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { IdlEventDecoder } from "../app/src/decoder/event-decoder";
import { listMigrations, migrate } from "../app/src/db/migrate";
import { openDatabase } from "../app/src/db/database";
import { DatabaseUnavailableError } from "../app/src/db/errors";
import { withWriterLock } from "../app/src/db/writer-lock";
import { PipelinedWriter } from "../app/src/sink/pipelined-writer";
import { INDEXED_TABLES, PostgresSink } from "../app/src/sink/postgres-sink";
import { arrayLiteral } from "../app/src/sink/sql";
import {
  actors,
  adminEvents,
  bankruptcyResolved,
  dataLine,
  insuranceFundChanged,
  liquidationExecuted,
  orderCancelled,
  marketCreated,
  orderFilled,
  positionUpdated,
  programInstruction,
  PROGRAM_ID,
  tx,
} from "./support/indexer-fixtures";
import { freshPostgres, tableCounts, type TestDb } from "./support/indexer-db";
import { freshPgliteDir } from "./support/indexer-run";
import { TcpProxy } from "./support/tcp-proxy";

for (const via of ["raw driver", "Prisma"] as const)
describe(`indexer sink (PostgreSQL, ${via})`, () => {
  let t: TestDb;
  const decoder = new IdlEventDecoder(PROGRAM_ID);
  const a = actors();

  beforeEach(async () => {
    t = await freshPostgres("sink");
  });
  afterEach(async () => {
    await t.drop();
  });

  it("migrations are recorded like prisma migrate deploy and re-running is a no-op", async () => {
    const again = await migrate(t.db);
    expect(again.applied).to.deep.equal([]);
    expect(again.skipped).to.deep.equal(listMigrations().map((m) => m.name));
    const rows = await t.db.query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name`,
    );
    expect(rows.map((r) => [r.migration_name, r.checksum])).to.deep.equal(listMigrations().map((m) => [m.name, m.checksum]));
    expect(rows.every((r) => r.finished_at !== null && r.applied_steps_count === 1)).to.equal(true);
  });

  function scenario() {
    return [
      tx(programInstruction([dataLine(marketCreated(a))]), 100, 0),
      tx(
        programInstruction([
          dataLine(orderFilled(a, 1)),
          dataLine(positionUpdated(a, 1, a.maker, 10, "short")),
          dataLine(positionUpdated(a, 2, a.taker, 10, "long")),
        ]),
        101,
        0,
      ),
      tx(
        programInstruction([
          dataLine(orderFilled(a, 2, 26_000_000, 4)),
          dataLine(positionUpdated(a, 1, a.maker, 14, "short")),
          dataLine(positionUpdated(a, 2, a.taker, 14, "long")),
        ]),
        101,
        1,
      ),
      tx(programInstruction([dataLine(liquidationExecuted(a)), dataLine(positionUpdated(a, 2, a.taker, 5, "long"))]), 105, 0),
      tx(["Program data: AAAAAAAAAAAAAAAAAAAAAA=="], 106, 0), // not attributed to the program: ignored
      tx([`Program ${PROGRAM_ID} invoke [1]`, dataLine(orderFilled(a, 3)), "Log truncated"], 107, 0),
    ];
  }

  it("projects a batch into every table with exact values, in one transaction", async () => {
    const sink = new PostgresSink(via === "Prisma" ? t.db.prisma : t.db, { programId: PROGRAM_ID });
    const txs = scenario();
    const result = await sink.write(decoder.decode(txs));
    expect(result.inserted).to.equal(10);
    expect(result.duplicates).to.equal(0);
    expect(result.deadLetters).to.equal(1);
    expect(result.gaps).to.deep.equal([]);
    expect(await tableCounts(t.db)).to.deep.equal({
      program_events: 10,
      markets: 1,
      trades: 3,
      positions: 2,
      position_history: 5,
      liquidations: 1,
      admin_actions: 0,
      position_closures: 0,
      order_cancellations: 0,
      insurance_fund_changes: 0,
      bankruptcies: 0,
      // The three fills (timestamps 1_700_000_101 … 103) fall in one minute and one hour.
      candles_1m: 1,
      candles_1h: 1,
      dead_letters: 1,
      fill_seq_gaps: 0,
      indexer_cursors: 1,
      indexer_chains: 0,
      indexer_health: 0,
    });

    const trades = await t.db.prisma.trade.findMany({ orderBy: { seq: "asc" } });
    expect(trades.map((r) => [r.seq, r.price.toString(), r.quantity.toString(), r.takerFee.toString(), r.makerFee.toString(), r.takerSide])).to.deep.equal([
      [1n, "25000000", "10", "250000", "50000", "bid"],
      [2n, "26000000", "4", "104000", "20800", "bid"],
      [3n, "25000000", "10", "250000", "50000", "bid"],
    ]);
    expect(trades[0].taker).to.equal(a.taker.toBase58());
    expect(trades[0].maker).to.equal(a.maker.toBase58());
    expect(trades[0].signature).to.equal(txs[1].signature);
    expect(trades[0].slot).to.equal(101n);

    const positions = await t.db.prisma.position.findMany({ orderBy: { positionId: "asc" } });
    expect(positions.map((p) => [p.positionId, p.owner, p.side, p.size.toString(), p.entryPrice.toString(), p.realizedPnl, p.unrealizedPnl])).to.deep.equal([
      [1n, a.maker.toBase58(), "short", "14", "25000000", -5n, -1234n],
      [2n, a.taker.toBase58(), "long", "5", "25000000", -5n, -1234n],
    ]);
    const liq = await t.db.prisma.liquidation.findFirstOrThrow();
    expect([liq.positionId, liq.liquidator, liq.liquidatedSize.toString(), liq.liquidationPrice.toString(), liq.penaltyFee.toString(), liq.remainingSize.toString()]).to.deep.equal([
      2n,
      a.liquidator.toBase58(),
      "5",
      "20000000",
      "1000000",
      "5",
    ]);
    const market = await t.db.prisma.market.findUniqueOrThrow({ where: { market: a.market.toBase58() } });
    expect([market.symbol, market.tickSize.toString(), market.takerFeeBps, market.priceAuthority]).to.deep.equal(["SOL-PERP", "100", 10, a.authority.toBase58()]);

    const events = await t.db.prisma.programEvent.findMany({ orderBy: [{ slot: "asc" }, { txIndex: "asc" }, { instructionIndex: "asc" }, { eventIndex: "asc" }] });
    expect(events.every((e) => e.processed)).to.equal(true);
    expect(events.map((e) => e.eventType)).to.deep.equal([
      "MarketCreated",
      "OrderFilled",
      "PositionUpdated",
      "PositionUpdated",
      "OrderFilled",
      "PositionUpdated",
      "PositionUpdated",
      "LiquidationExecuted",
      "PositionUpdated",
      "OrderFilled",
    ]);
    expect((events[1].eventData as Record<string, unknown>).price).to.equal("25000000");

    const dl = await t.db.prisma.deadLetter.findFirstOrThrow();
    expect([dl.reason, dl.signature]).to.deep.equal(["truncated_logs", txs[5].signature]);

    const cursor = await sink.readCursor();
    expect(cursor).to.deep.include({ slot: 107, txIndex: 0, signature: txs[5].signature });
  });

  it("is idempotent: replaying batches (whole, split, overlapping) changes nothing", async () => {
    const sink = new PostgresSink(via === "Prisma" ? t.db.prisma : t.db, { programId: PROGRAM_ID });
    const txs = scenario();
    await sink.write(decoder.decode(txs));
    const before = await tableCounts(t.db);
    const snapshot = await t.db.query(`SELECT * FROM positions ORDER BY position_id`);

    const again = await sink.write(decoder.decode(txs));
    expect(again.inserted).to.equal(0);
    expect(again.duplicates).to.equal(10);
    await sink.write(decoder.decode(txs.slice(1, 3)));
    // An older position update replayed alone must not roll the current state back.
    await sink.write(decoder.decode([txs[1]]));
    expect(await tableCounts(t.db)).to.deep.equal(before);
    const after = await t.db.query(`SELECT * FROM positions ORDER BY position_id`);
    expect(after.map((r) => ({ ...r, updated_at: null }))).to.deep.equal(snapshot.map((r) => ({ ...r, updated_at: null })));
    // The cursor never moves backwards.
    expect((await sink.readCursor())?.slot).to.equal(107);
  });

  it("applies concurrent writers of the same batch exactly once", async () => {
    const sink = new PostgresSink(via === "Prisma" ? t.db.prisma : t.db, { programId: PROGRAM_ID });
    const batch = decoder.decode(scenario());
    const results = await Promise.all([sink.write(batch), sink.write(batch), sink.write(batch)]);
    expect(results.reduce((n, r) => n + r.inserted, 0)).to.equal(10);
    const counts = await tableCounts(t.db);
    expect([counts.program_events, counts.trades, counts.position_history]).to.deep.equal([10, 3, 5]);
  });

  it("detects and records a gap in a market's fill sequence", async () => {
    const sink = new PostgresSink(via === "Prisma" ? t.db.prisma : t.db, { programId: PROGRAM_ID });
    await sink.write(decoder.decode([tx(programInstruction([dataLine(orderFilled(a, 1)), dataLine(orderFilled(a, 2))]), 200)]));
    const res = await sink.write(decoder.decode([tx(programInstruction([dataLine(orderFilled(a, 5))]), 201)]));
    expect(res.gaps.map((g) => [g.market, g.expectedSeq, g.foundSeq])).to.deep.equal([[a.market.toBase58(), 3n, 5n]]);
    const gaps = await t.db.prisma.fillSeqGap.findMany();
    expect(gaps.map((g) => [g.expectedSeq, g.foundSeq])).to.deep.equal([[3n, 5n]]);
    // Filling the hole later is not a new gap.
    const fill = await sink.write(decoder.decode([tx(programInstruction([dataLine(orderFilled(a, 3)), dataLine(orderFilled(a, 4))]), 202)]));
    expect(fill.gaps).to.deep.equal([]);
  });

  it("stores unknown and undecodable events once, with the raw data", async () => {
    const sink = new PostgresSink(via === "Prisma" ? t.db.prisma : t.db, { programId: PROGRAM_ID });
    const unknown = Buffer.concat([Buffer.from([9, 9, 9, 9, 9, 9, 9, 9]), Buffer.alloc(4)]).toString("base64");
    const batch = decoder.decode([tx(programInstruction([`Program data: ${unknown}`, "Program data: %%%"]), 300)]);
    await sink.write(batch);
    await sink.write(batch);
    const rows = await t.db.prisma.deadLetter.findMany({ orderBy: { logIndex: "asc" } });
    expect(rows.map((r) => [r.reason, r.rawData, r.instructionIndex, r.logIndex])).to.deep.equal([
      ["unknown_event", unknown, 0, 2],
      ["undecodable_event", "%%%", 0, 3],
    ]);
  });

  it("projects admin events into admin_actions and PositionClosed into position_closures; a replay adds nothing", async () => {
    const sink = new PostgresSink(via === "Prisma" ? t.db.prisma : t.db, { programId: PROGRAM_ID });
    const events = adminEvents(a);
    const batch = decoder.decode([tx(programInstruction(events.slice(0, 4).map(dataLine)), 200, 0), tx(programInstruction(events.slice(4).map(dataLine)), 201, 3)]);
    expect((await sink.write(batch)).inserted).to.equal(8);
    const rows = await t.db.prisma.adminAction.findMany({ orderBy: [{ slot: "asc" }, { eventIndex: "asc" }] });
    const [admin, maker, taker, market] = [a.authority, a.maker, a.taker, a.market].map((k) => k.toBase58());
    expect(rows.map((r) => [r.action, r.actor, r.market, r.subject, r.amount?.toString() ?? null, r.timestamp, r.slot, r.txIndex, r.eventIndex])).to.deep.equal([
      ["ExchangeInitialized", admin, null, admin, null, 1_700_000_400n, 200n, 0, 0],
      ["AdminProposed", admin, null, maker, null, 1_700_000_401n, 200n, 0, 1],
      ["AdminChanged", maker, null, maker, null, 1_700_000_402n, 200n, 0, 2],
      ["PriceAuthorityChanged", admin, market, maker, null, 1_700_000_403n, 200n, 0, 3],
      ["MarketParamsUpdated", admin, market, null, null, 1_700_000_404n, 201n, 3, 0],
      ["FeesWithdrawn", admin, null, taker, "18446744073709551615", 1_700_000_405n, 201n, 3, 1],
      ["MarketDelisted", taker, market, null, "25000", 1_700_000_406n, 201n, 3, 2],
    ]);
    // `details` is the whole event, as program_events stores it.
    const raw = await t.db.prisma.programEvent.findMany({ where: { eventType: { in: rows.map((r) => r.action) } }, orderBy: [{ slot: "asc" }, { eventIndex: "asc" }] });
    expect(rows.map((r) => r.details)).to.deep.equal(raw.map((r) => r.eventData));
    expect((rows[4].details as { previous: { takerFeeBps: number }; params: { takerFeeBps: number } }).params.takerFeeBps).to.equal(20);
    const closures = await t.db.prisma.positionClosure.findMany();
    expect(closures.map((c) => [c.positionId, c.owner, c.market, c.rentReturned.toString(), c.timestamp])).to.deep.equal([[7n, taker, market, "2338560", 1_700_000_407n]]);

    const replay = await sink.write(batch);
    expect([replay.inserted, replay.duplicates]).to.deep.equal([0, 8]);
    expect([await t.db.prisma.adminAction.count(), await t.db.prisma.positionClosure.count()]).to.deep.equal([7, 1]);
  });

  it("projects OrderCancelled, InsuranceFundChanged and BankruptcyResolved into their tables, u64 extremes and negative deltas exact; a replay adds nothing", async () => {
    const sink = new PostgresSink(via === "Prisma" ? t.db.prisma : t.db, { programId: PROGRAM_ID });
    const max = "18446744073709551615";
    const cancelled = orderCancelled(a);
    const extreme = orderCancelled(a);
    Object.assign(extreme.data, { orderId: new BN(max), price: new BN(max), quantity: new BN(max), side: { bid: {} }, reason: { evicted: {} } });
    const penalty = insuranceFundChanged(a);
    Object.assign(penalty.data, { delta: new BN(125), balance: new BN(max), reason: { liquidationPenalty: {} } });
    const events = [cancelled, extreme, penalty, insuranceFundChanged(a), bankruptcyResolved(a)];
    const batch = decoder.decode([tx(programInstruction(events.map(dataLine)), 400, 2)]);
    expect((await sink.write(batch)).inserted).to.equal(5);

    const [maker, taker, market] = [a.maker, a.taker, a.market].map((k) => k.toBase58());
    const cancels = await t.db.prisma.orderCancellation.findMany({ orderBy: { eventIndex: "asc" } });
    expect(cancels.map((r) => [r.market, r.owner, r.positionId, r.orderId.toFixed(), r.side, r.price.toFixed(), r.quantity.toFixed(), r.reason, r.markPrice.toFixed(), r.timestamp, r.slot, r.txIndex, r.eventIndex])).to.deep.equal([
      [market, maker, 1n, "9", "ask", "27000000", "3", "outOfBand", "25000000", 1_700_000_310n, 400n, 2, 0],
      [market, maker, 1n, max, "bid", max, max, "evicted", "25000000", 1_700_000_310n, 400n, 2, 1],
    ]);
    const fund = await t.db.prisma.insuranceFundChange.findMany({ orderBy: { eventIndex: "asc" } });
    expect(fund.map((r) => [r.market, r.positionId, r.delta, r.balance.toFixed(), r.reason, r.timestamp])).to.deep.equal([
      [market, 2n, 125n, max, "liquidationPenalty", 1_700_000_320n],
      [market, 2n, -250_000n, "0", "bankruptcy", 1_700_000_320n],
    ]);
    const bankrupt = await t.db.prisma.bankruptcy.findMany();
    expect(
      bankrupt.map((r) => [r.market, r.positionId, r.owner, ...[r.deficit, r.insurancePaid, r.socialized, r.cumulativeLossPerLot, r.spreadOverLots, r.insuranceBalance].map((d) => d.toFixed()), r.eventIndex]),
    ).to.deep.equal([[market, 2n, taker, "400000", "250000", "150000", "7500000000", "20", "0", 4]]);

    const replay = await sink.write(batch);
    expect([replay.inserted, replay.duplicates]).to.deep.equal([0, 5]);
    const counts = await tableCounts(t.db);
    expect([counts.order_cancellations, counts.insurance_fund_changes, counts.bankruptcies, counts.program_events]).to.deep.equal([2, 2, 1, 5]);
  });

  it("a chain reset (--reset-on-chain-change) empties every table the indexer writes, the risk and admin tables included", async () => {
    const sink = new PostgresSink(via === "Prisma" ? t.db.prisma : t.db, { programId: PROGRAM_ID });
    const risk = [...adminEvents(a), orderCancelled(a), insuranceFundChanged(a), bankruptcyResolved(a)];
    await sink.write(decoder.decode([...scenario(), tx(programInstruction(risk.map(dataLine)), 300, 0)]));
    await sink.bindChain("GenesisBefore1111111111111111111111111111111");
    const before = await tableCounts(t.db);
    for (const table of ["trades", "admin_actions", "position_closures", "order_cancellations", "insurance_fund_changes", "bankruptcies"]) {
      expect(before[table], table).to.be.greaterThan(0);
    }
    // Every table of the schema but the migrations' own is the indexer's.
    const tables = await t.db.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY 1`,
    );
    expect([...INDEXED_TABLES].sort()).to.deep.equal(tables.map((r) => r.name));

    await sink.resetChain("GenesisAfter11111111111111111111111111111111");
    const after = await tableCounts(t.db);
    for (const { name } of tables) expect(after[name], name).to.equal(name === "indexer_chains" ? 1 : 0);
  });
});

describe("indexer sink: pipelined writes and parameter encoding (PostgreSQL)", () => {
  let t: TestDb;
  const decoder = new IdlEventDecoder(PROGRAM_ID);
  const a = actors();

  beforeEach(async () => {
    t = await freshPostgres("pipe");
  });
  afterEach(async () => {
    await t.drop();
  });

  const fills = (slot: number, ...seqs: number[]) => tx(programInstruction(seqs.map((s) => dataLine(orderFilled(a, s)))), slot);

  it("writes batches in push order with one in flight, reporting each result once", async () => {
    const sink = new PostgresSink(t.db, { programId: PROGRAM_ID });
    const results: number[] = [];
    const writer = new PipelinedWriter(sink, (r) => results.push(r.cursor!.slot));
    for (let i = 0; i < 5; i++) await writer.push(decoder.decode([fills(500 + i, 2 * i + 1, 2 * i + 2)]));
    await writer.flush();
    expect(results).to.deep.equal([500, 501, 502, 503, 504]);
    const seqs = await t.db.query<{ seq: string }>(`SELECT seq::text AS seq FROM trades ORDER BY id`);
    expect(seqs.map((r) => Number(r.seq))).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect((await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM fill_seq_gaps`))[0].n).to.equal(0);
    expect((await sink.readCursor())?.slot).to.equal(504);
    // A hole inside one batch is found by the same statement (window over the batch's chain order).
    const res = await sink.write(decoder.decode([fills(505, 11, 12, 14), fills(506, 17)]));
    expect(res.gaps.map((g) => [g.expectedSeq, g.foundSeq, g.slot])).to.deep.equal([
      [13n, 14n, 505],
      [15n, 17n, 506],
    ]);
  });

  it("a failed batch stops the pipeline: no later batch is written and the cursor stays before it", async () => {
    const sink = new PostgresSink(t.db, { programId: PROGRAM_ID });
    // A real server-side failure for the second batch only: its fill carries seq 99.
    await t.db.exec(`ALTER TABLE trades ADD CONSTRAINT test_reject_seq_99 CHECK (seq <> 99)`);
    const writer = new PipelinedWriter(sink);
    let error: unknown = null;
    try {
      await writer.push(decoder.decode([fills(600, 1)]));
      await writer.push(decoder.decode([fills(601, 99)]));
      await writer.push(decoder.decode([fills(602, 2)]));
      await writer.flush();
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.match(/test_reject_seq_99/);
    // A failed statement is not an outage: it is not retried.
    expect(error).not.to.be.instanceOf(DatabaseUnavailableError);
    const rows = await t.db.query<{ slot: string }>(`SELECT slot::text AS slot FROM program_events ORDER BY slot`);
    expect(rows.map((r) => Number(r.slot))).to.deep.equal([600]);
    expect((await sink.readCursor())?.slot).to.equal(600);
  });

  it("a different fill with an existing (market, seq) fails its batch loudly instead of vanishing", async () => {
    const sink = new PostgresSink(t.db, { programId: PROGRAM_ID });
    await sink.write(decoder.decode([fills(800, 1)]));
    // Another transaction's fill claiming seq 1 of the same market (e.g. a database that indexed another chain).
    let error: unknown = null;
    await sink.write(decoder.decode([fills(801, 1)])).catch((e: unknown) => (error = e));
    expect(String(error)).to.match(/trades_market_seq_key/);
    expect(error).not.to.be.instanceOf(DatabaseUnavailableError);
    const rows = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM program_events`);
    expect(rows[0].n).to.equal(1);
    expect((await sink.readCursor())?.slot).to.equal(800);
  });

  it("a database outage is a named DatabaseUnavailable error; the retried batch lands exactly once", async () => {
    const proxy = await TcpProxy.start({ host: "127.0.0.1", port: Number(new URL(t.url).port || 5432) });
    const db = await openDatabase({ databaseUrl: proxy.rewrite(t.url), pgliteDir: "" });
    try {
      const sink = new PostgresSink(db, { programId: PROGRAM_ID });
      await sink.write(decoder.decode([fills(700, 1)]));
      await proxy.cut();
      const stmt = sink.prepare(decoder.decode([fills(701, 2, 3)]));
      const failures: unknown[] = [];
      await sink.execute(stmt).catch((e: unknown) => failures.push(e));
      await sink.readCursor().catch((e: unknown) => failures.push(e));
      expect(failures.map((e) => (e as Error).name)).to.deep.equal(["DatabaseUnavailable", "DatabaseUnavailable"]);
      expect((failures[0] as Error).message).to.match(/^database unavailable: /);
      await proxy.restore();
      const res = await sink.execute(stmt);
      expect([res.inserted, res.duplicates]).to.deep.equal([2, 0]);
      // Executing it again (a retry after an ambiguous commit) changes nothing.
      expect((await sink.execute(stmt)).inserted).to.equal(0);
      const seqs = await t.db.query<{ seq: string }>(`SELECT seq::text AS seq FROM trades ORDER BY seq`);
      expect(seqs.map((r) => Number(r.seq))).to.deep.equal([1, 2, 3]);
      expect((await sink.readCursor())?.slot).to.equal(701);
    } finally {
      await db.close();
      await proxy.stop();
    }
  });

  it("one writer per program and database: a second one is refused with IndexerLocked", async () => {
    let release: (() => void) | null = null;
    const held = withWriterLock(t.db, PROGRAM_ID, () => new Promise<void>((r) => (release = r)));
    while (release === null) await new Promise((r) => setTimeout(r, 10));
    let error: unknown = null;
    await withWriterLock(t.db, PROGRAM_ID, async () => undefined).catch((e: unknown) => (error = e));
    expect((error as Error | null)?.name).to.equal("IndexerLocked");
    // Another program's indexer is not blocked; the lock is free again once the holder ends.
    expect(await withWriterLock(t.db, "Other11111111111111111111111111111111111111", async () => "ran")).to.equal("ran");
    (release as () => void)();
    await held;
    expect(await withWriterLock(t.db, PROGRAM_ID, async () => "ran")).to.equal("ran");
  });

  it("array parameters round-trip quotes, backslashes, commas, braces, blanks and the word NULL", async () => {
    const values = [`a"b`, `c\\d`, `e,f`, `{g}`, ` h `, "NULL", "null", "", `\\"`, "ünï 🙂", null];
    const literal = arrayLiteral(values, { name: "v", type: "text", get: (v) => v });
    const rows = await t.db.query<{ v: string | null }>(`SELECT v FROM unnest($1::text[]) WITH ORDINALITY AS t(v, i) ORDER BY i`, [literal]);
    expect(rows.map((r) => r.v)).to.deep.equal(values);
    const json = [JSON.stringify({ s: `x"y\\z`, n: "1" }), JSON.stringify([])];
    const j = await t.db.query<{ v: string }>(`SELECT v::text AS v FROM unnest($1::jsonb[]) WITH ORDINALITY AS t(v, i) ORDER BY i`, [
      arrayLiteral(json, { name: "v", type: "jsonb", get: (v) => v }),
    ]);
    expect(j.map((r) => JSON.parse(r.v))).to.deep.equal(json.map((s) => JSON.parse(s)));
  });
});

describe("indexer database: embedded PGlite directory ownership", () => {
  it("a directory held by a live process is refused (IndexerLocked); a stale lock is taken over", async () => {
    const dir = await freshPgliteDir("perps-pglite-lock-");
    const holder = spawn("sleep", ["30"]);
    try {
      fs.writeFileSync(path.join(dir, ".perps-indexer.lock"), String(holder.pid));
      let error: unknown = null;
      await openDatabase({ pgliteDir: dir }).catch((e: unknown) => (error = e));
      expect((error as Error | null)?.name).to.equal("IndexerLocked");
      expect((error as Error).message).to.contain(String(holder.pid));
      holder.kill("SIGKILL");
      await new Promise((r) => holder.once("exit", r));
      // The holder is gone: its lock is stale and the directory opens; closing releases it.
      const db = await openDatabase({ pgliteDir: dir });
      expect(fs.readFileSync(path.join(dir, ".perps-indexer.lock"), "utf8")).to.equal(String(process.pid));
      await db.close();
      expect(fs.existsSync(path.join(dir, ".perps-indexer.lock"))).to.equal(false);
    } finally {
      holder.kill("SIGKILL");
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
