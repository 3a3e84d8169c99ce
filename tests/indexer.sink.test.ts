import { expect } from "chai";
import { IdlEventDecoder } from "../app/src/decoder/event-decoder";
import { listMigrations, migrate } from "../app/src/db/migrate";
import { PostgresSink } from "../app/src/sink/postgres-sink";
import {
  actors,
  dataLine,
  liquidationExecuted,
  marketCreated,
  orderFilled,
  positionUpdated,
  programInstruction,
  PROGRAM_ID,
  tx,
} from "./support/indexer-fixtures";
import { freshPostgres, tableCounts, type TestDb } from "./support/indexer-db";

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
      dead_letters: 1,
      fill_seq_gaps: 0,
      indexer_cursors: 1,
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
});
