/**
 * The indexer on the admin and lifecycle events of issue 9 (findings 7-9), end to end: a cluster
 * of its own (admin rotation, delisting and the clock jump must not disturb other files), every
 * admin action performed for real, then the indexer backfills into a fresh PostgreSQL database.
 * Each event becomes one `admin_actions` row (who, what, when; the whole event in `details`) or
 * one `position_closures` row, equal to the decoded event; `program_events` keeps every event
 * raw; a second backfill adds nothing.
 */
import { Keypair, LAMPORTS_PER_SOL } from "@solana/web3.js";
import { expect } from "chai";
import * as fs from "node:fs";
import { toJson } from "../app/src/sink/projections";
import { acceptAdmin, closePosition, delistMarket, flattenPosition, marketParamsOf, proposeAdmin, setPriceAuthority, updateMarketParams, withdrawFees } from "./support/admin";
import { ensureExchange } from "./support/exchange";
import { airdrop, createTokenAccount, getHarness, localnetBinary, LocalnetHandle, PerpsEvent, startLocalnet } from "./support/harness";
import { freshPostgres, type TestDb } from "./support/indexer-db";
import { indexerFor } from "./support/indexer-run";
import {
  advanceClock,
  ASK,
  BID,
  createTestMarket,
  fetchMarket,
  fetchPosition,
  IOC,
  newTrader,
  placeOrder,
  POST_ONLY,
  readTx,
  setPrice,
  settlePnl,
  TxResult,
  withdrawCollateral,
} from "./support/trading";

const ADMIN_EVENTS: Record<string, string> = {
  exchangeInitialized: "ExchangeInitialized",
  adminProposed: "AdminProposed",
  adminChanged: "AdminChanged",
  priceAuthorityChanged: "PriceAuthorityChanged",
  marketParamsUpdated: "MarketParamsUpdated",
  feesWithdrawn: "FeesWithdrawn",
  marketDelisted: "MarketDelisted",
};

/** The `admin_actions` row the indexer should write for `e` (null for other events). */
function expectedAdminRow(signature: string, e: PerpsEvent): Record<string, unknown> | null {
  const action = ADMIN_EVENTS[e.name];
  if (!action) return null;
  const d = toJson(e.data) as Record<string, string>;
  const [actor, market, subject, amount] = ((): [string, string | null, string | null, string | null] => {
    switch (e.name) {
      case "exchangeInitialized":
        return [d.admin, null, d.admin, null];
      case "adminProposed":
        return [d.admin, null, d.pendingAdmin, null];
      case "adminChanged":
        return [d.admin, null, d.admin, null];
      case "priceAuthorityChanged":
        return [d.admin, d.market, d.priceAuthority, null];
      case "marketParamsUpdated":
        return [d.admin, d.market, null, null];
      case "feesWithdrawn":
        return [d.admin, null, d.treasury, d.amount];
      default:
        return [d.delistedBy, d.market, null, d.settlementPrice];
    }
  })();
  return { signature, action, actor, market, subject, amount, details: d, timestamp: d.timestamp };
}

describe("indexer: admin actions and position closures (issue 9)", function () {
  this.timeout(240_000);
  let own: LocalnetHandle;
  let pg: TestDb;
  const txs: TxResult[] = [];

  before(async function () {
    const h = await getHarness();
    if (!h.localnet && !fs.existsSync(localnetBinary())) this.skip();
    own = await startLocalnet();
    const admin = own.wallet;
    const ex = await ensureExchange(own);
    txs.push(await readTx(own, ex.initializeSignature!));

    const next = Keypair.generate();
    await airdrop(own.connection, next.publicKey, LAMPORTS_PER_SOL);
    txs.push(await proposeAdmin(own, admin, next.publicKey));
    txs.push(await acceptAdmin(own, next));
    txs.push(await proposeAdmin(own, next, admin.publicKey));
    txs.push(await acceptAdmin(own, admin));

    const m = await createTestMarket(own, { symbol: "IDXA-PERP" });
    const oracle = Keypair.generate();
    await airdrop(own.connection, oracle.publicKey, LAMPORTS_PER_SOL);
    txs.push(await setPriceAuthority(m, admin, oracle.publicKey));
    const params = marketParamsOf(await fetchMarket(m));
    txs.push(await updateMarketParams(m, admin, { ...params, takerFeeBps: 20 }));
    await setPrice(m, 1_000, oracle);
    const maker = await newTrader(m, { deposit: 100_000 });
    const taker = await newTrader(m, { deposit: 100_000 });
    await placeOrder(m, maker, { side: ASK, price: 1_000, quantity: 10, orderType: POST_ONLY });
    await placeOrder(m, taker, { side: BID, price: 1_000, quantity: 10, orderType: IOC });
    const treasury = await createTokenAccount(own.connection, admin, ex.quoteMint, Keypair.generate().publicKey);
    txs.push(await withdrawFees(own, admin, treasury, 5));

    await setPrice(m, 1_020, oracle);
    await advanceClock(own, (await fetchMarket(m)).maxPriceAgeSecs + 3 * 24 * 3600 + 1);
    txs.push(await delistMarket(m, taker.keypair));
    await flattenPosition(m, taker.position);
    await flattenPosition(m, maker.position);
    await settlePnl(m, taker.position, maker.position);
    await withdrawCollateral(m, taker, (await fetchPosition(m, taker)).collateral);
    txs.push(await closePosition(m, taker));
    pg = await freshPostgres("admin_actions");
  });

  after(async () => {
    await pg?.drop();
    await own?.stop();
  });

  it("writes one admin_actions row per admin event and one position_closures row, equal to the events; a second backfill adds nothing", async () => {
    const first = await indexerFor(own, pg.db, { batchSize: 50 }).backfill({});
    expect(first.inserted).to.be.greaterThan(0);

    const expected = txs.flatMap((t) => t.events.map((e) => expectedAdminRow(t.signature, e)).filter((r) => r !== null));
    expect(expected.map((r) => r!.action)).to.deep.equal([
      "ExchangeInitialized",
      "AdminProposed",
      "AdminChanged",
      "AdminProposed",
      "AdminChanged",
      "PriceAuthorityChanged",
      "MarketParamsUpdated",
      "FeesWithdrawn",
      "MarketDelisted",
    ]);
    const rows = await pg.db.query(
      `SELECT signature, action, actor, market, subject, amount::text AS amount, details, timestamp::text AS timestamp
         FROM admin_actions ORDER BY slot, tx_index, instruction_index, event_index`,
    );
    expect(rows).to.deep.equal(expected);

    // Who changed what: the parameter update keeps the old and the new values.
    const update = rows.find((r) => (r as { action: string }).action === "MarketParamsUpdated") as { details: { previous: { takerFeeBps: number }; params: { takerFeeBps: number } } };
    expect([update.details.previous.takerFeeBps, update.details.params.takerFeeBps]).to.deep.equal([10, 20]);

    const closed = txs[txs.length - 1].events.find((e) => e.name === "positionClosed");
    const closures = await pg.db.query(
      `SELECT signature, position_id::text AS "positionId", owner, market, rent_returned::text AS "rentReturned", timestamp::text AS timestamp FROM position_closures`,
    );
    const c = toJson(closed!.data) as Record<string, string>;
    expect(closures).to.deep.equal([
      { signature: txs[txs.length - 1].signature, positionId: c.positionId, owner: c.user, market: c.market, rentReturned: c.rentReturned, timestamp: c.timestamp },
    ]);

    // program_events keeps each of them raw, with the same JSON.
    const raw = await pg.db.query<{ event_type: string; event_data: unknown }>(
      `SELECT event_type, event_data FROM program_events WHERE event_type = ANY($1) ORDER BY slot, tx_index, instruction_index, event_index`,
      [[...Object.values(ADMIN_EVENTS), "PositionClosed"]],
    );
    expect(raw.map((r) => r.event_type)).to.deep.equal([...expected.map((r) => r!.action), "PositionClosed"]);
    expect(raw.slice(0, -1).map((r) => r.event_data)).to.deep.equal(expected.map((r) => r!.details));

    const second = await indexerFor(own, pg.db, { batchSize: 50 }).backfill({});
    expect(second.inserted).to.equal(0);
    expect((await pg.db.query(`SELECT count(*)::int AS n FROM admin_actions`))[0]).to.deep.equal({ n: expected.length });
  });
});
