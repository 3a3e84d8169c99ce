/**
 * `tx_index` is the transaction's index in its block, whether the indexer saw it live or backfills
 * it much later: a live index and a backfill of the same chain agree row for row, also when other
 * (non-program) transactions share the slots and the blocks are older than the blockhash queue
 * (the cluster keeps every block for the life of the process, as `getFirstAvailableBlock` = 0
 * promises). A dedicated cluster: the test ages its blocks with hundreds of warps.
 */
import { expect } from "chai";
import { Keypair, SystemProgram, Transaction } from "@solana/web3.js";
import { TradingDriver } from "../app/src/client/driver";
import { startDedicatedCluster, type DedicatedCluster } from "./support/indexer-cluster";
import { freshPostgres, type TestDb } from "./support/indexer-db";
import { indexerFor, waitFor } from "./support/indexer-run";
import { rpcCall } from "./support/rpc";

type Row = { signature: string; slot: string; tx_index: number };

async function txRows(t: TestDb): Promise<Row[]> {
  return t.db.query<Row>(`SELECT DISTINCT signature, slot::text AS slot, tx_index FROM program_events ORDER BY slot, tx_index`);
}

/** Each signature's index in its block, from `getBlock` (signatures only). */
async function blockIndexes(c: DedicatedCluster, slots: number[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const slot of new Set(slots)) {
    const block = await rpcCall<{ signatures: string[] }>(c.rpcUrl, "getBlock", [slot, { commitment: "confirmed", transactionDetails: "signatures", rewards: false, maxSupportedTransactionVersion: 0 }]);
    block.signatures.forEach((s, i) => out.set(s, i));
  }
  return out;
}

describe("tx_index: live ≡ backfill, with other transactions in the slots and old blocks (dedicated cluster)", function () {
  this.timeout(240_000);
  let c: DedicatedCluster;
  let driver: TradingDriver;
  let live: TestDb;
  let back: TestDb;

  before(async () => {
    c = await startDedicatedCluster();
    driver = await TradingDriver.create(c);
    live = await freshPostgres("txindex_live");
    back = await freshPostgres("txindex_back");
  });
  after(async () => {
    await live?.drop();
    await back?.drop();
    await c?.stop();
  });

  /** SOL transfers sent without waiting (so they share slots with what follows); their signatures. */
  async function otherTransactions(n: number): Promise<string[]> {
    const { blockhash } = await c.connection.getLatestBlockhash("confirmed");
    return Promise.all(
      Array.from({ length: n }, () => {
        const tx = new Transaction({ feePayer: c.wallet.publicKey, recentBlockhash: blockhash }).add(
          SystemProgram.transfer({ fromPubkey: c.wallet.publicKey, toPubkey: Keypair.generate().publicKey, lamports: 1_000_000 }),
        );
        tx.sign(c.wallet);
        return c.connection.sendRawTransaction(tx.serialize(), { skipPreflight: true });
      }),
    );
  }

  it("indexes live while program and other transactions share slots; a backfill after 400 blocks gives the same tx_index", async () => {
    const ix = indexerFor(c, live.db, { batchSize: 5 });
    const running = ix.run();
    const programSigs: string[] = [];
    let interleaved = false;
    try {
      for (let round = 0; round < 10 && !interleaved; round++) {
        // Transfers first, then a create_market (MarketCreated) while they are in flight.
        const others = otherTransactions(4);
        const ours = driver.createMarket().then((m) => m.signature);
        await others;
        programSigs.push(await ours);
        // Some program transaction must sit behind another transaction of its block.
        const statuses = await Promise.all(programSigs.map((s) => c.connection.getTransaction(s, { commitment: "confirmed", maxSupportedTransactionVersion: 0 })));
        const idx = await blockIndexes(c, statuses.map((t) => t!.slot));
        const rankInSlot = new Map<number, number>();
        for (const [i, t] of statuses.entries()) {
          const rank = rankInSlot.get(t!.slot) ?? 0;
          rankInSlot.set(t!.slot, rank + 1);
          if ((idx.get(programSigs[i]) ?? 0) > rank) interleaved = true;
        }
      }
      expect(interleaved, "a program transaction behind a non-program one in its block").to.equal(true);
      await waitFor("every program transaction indexed live", async () => {
        const sigs = new Set((await txRows(live)).map((r) => r.signature));
        return programSigs.every((s) => sigs.has(s));
      }, 60_000);
    } finally {
      ix.stop();
      await running;
    }

    // Age the blocks past the cluster's blockhash queue (300 blocks): one block per warp.
    let slot = 0;
    for (let warps = 0; warps < 400; ) {
      const current = await c.connection.getSlot("processed");
      // The cluster's own timer may have moved on meanwhile: then this warp is refused, try again.
      const warped = await rpcCall<number>(c.rpcUrl, "localnet_warpSlot", [current + 1]).catch(() => null);
      if (warped !== null) {
        slot = warped;
        warps += 1;
      }
    }
    await waitFor("the warps confirmed", async () => (await c.connection.getSlot("confirmed")) > slot - 5, 30_000);

    const report = await indexerFor(c, back.db, { batchSize: 5 }).backfill({});
    expect(report.transactions).to.be.greaterThan(0);
    const liveRows = await txRows(live);
    const backRows = await txRows(back);
    expect(backRows).to.deep.equal(liveRows);
    // And both are the block's own order.
    const idx = await blockIndexes(c, liveRows.map((r) => Number(r.slot)));
    for (const r of liveRows) expect(r.tx_index, r.signature).to.equal(idx.get(r.signature));
  });
});
