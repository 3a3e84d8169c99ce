// Bad requests get the errors a validator returns, and the cluster keeps serving; plus the
// local cluster's test controls (localnet_warpSlot, localnet_setClock).
import {
  Connection,
  Keypair,
  LAMPORTS_PER_SOL,
  SendTransactionError,
  SignatureStatus,
  SystemProgram,
  SYSVAR_CLOCK_PUBKEY,
  Transaction,
} from "@solana/web3.js";
import { expect } from "chai";
import { readClock } from "./support/cluster";
import * as fs from "node:fs";
import {
  airdrop,
  getHarness,
  skipUnless,
  Harness,
  JsonRpcError,
  localnetBinary,
  LocalnetHandle,
  rpcRequest,
  rpcRequestRaw,
  startLocalnet,
} from "./support/harness";
import { rpcCall } from "./support/rpc";

const SYSTEM = SystemProgram.programId.toBase58();

async function expectRejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  expect.fail("the call succeeded; expected an error");
}

/** Polls getSignatureStatuses until the transaction is confirmed (web3.js's confirmTransaction
 *  throws the TransactionError instead of returning it when the status poll wins the race). */
async function waitForStatus(c: Connection, signature: string): Promise<SignatureStatus> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const status = (await c.getSignatureStatuses([signature])).value[0];
    if (status && status.confirmationStatus !== "processed") return status;
    if (Date.now() > deadline) throw new Error(`${signature} not confirmed within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stillServes(c: Connection): Promise<void> {
  const slot = await c.getSlot("processed");
  expect(slot).to.be.a("number").and.greaterThan(0);
}

describe("localnet negative paths: errors, then the next request is served", () => {
  let h: Harness;
  let c: Connection;

  before(async function () {
    h = await getHarness();
    skipUnless(this, h.server, "tests the cluster's JSON-RPC server");
    c = h.connection;
  });

  it("garbage bytes via sendRawTransaction (skipPreflight) get a JSON-RPC error", async () => {
    const garbage = Buffer.from("this is not a transaction at all, just bytes");
    const err = await expectRejection(c.sendRawTransaction(garbage, { skipPreflight: true }));
    expect(err).to.be.instanceOf(SendTransactionError);

    // The same request, raw: Agave answers -32602 (invalid params) for undecodable transactions.
    const raw = await rpcRequestRaw("sendTransaction", [
      garbage.toString("base64"),
      { encoding: "base64", skipPreflight: true },
    ]);
    expect(raw.result).to.equal(undefined);
    expect(raw.error?.code).to.equal(-32602);
    expect(raw.error?.message).to.match(/^failed to deserialize/);
    expect((err as SendTransactionError).transactionError.message).to.equal(raw.error?.message);
    await stillServes(c);
  });

  it("a transaction with an invalid signature is rejected without being executed", async () => {
    const from = Keypair.generate();
    await airdrop(c, from.publicKey, LAMPORTS_PER_SOL);
    const tx = new Transaction().add(
      SystemProgram.transfer({ fromPubkey: from.publicKey, toPubkey: Keypair.generate().publicKey, lamports: 1_000_000 }),
    );
    tx.feePayer = from.publicKey;
    tx.recentBlockhash = (await c.getLatestBlockhash()).blockhash;
    tx.sign(from);
    const bytes = tx.serialize();
    bytes[1] ^= 0xff; // corrupt the first signature
    const err = await expectRejection(c.sendRawTransaction(bytes, { skipPreflight: true }));
    expect(err).to.be.instanceOf(SendTransactionError);
    expect(await c.getBalance(from.publicKey)).to.equal(LAMPORTS_PER_SOL);
    await stillServes(c);
  });

  it("an unknown method gets JSON-RPC error -32601", async () => {
    const raw = await rpcRequestRaw("getNoSuchThing", []);
    expect(raw.jsonrpc).to.equal("2.0");
    expect(raw.result).to.equal(undefined);
    expect(raw.error?.code).to.equal(-32601);
    expect(raw.error?.message).to.equal("Method not found");
    const err = await expectRejection(rpcRequest("getNoSuchThing"));
    expect(err).to.be.instanceOf(JsonRpcError);
    expect((err as JsonRpcError).code).to.equal(-32601);
    await stillServes(c);
  });

  it("a body that is not JSON gets JSON-RPC error -32700", async () => {
    const res = await fetch(h.rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{ not json",
    });
    const body = (await res.json()) as { error?: { code: number; message: string }; id: unknown };
    expect(body.error?.code).to.equal(-32700);
    expect(body.id).to.equal(null);
    await stillServes(c);
  });

  it("a failing instruction returns the simulation error with its logs (preflight)", async () => {
    const poor = Keypair.generate();
    await airdrop(c, poor.publicKey, 10_000_000);
    const tx = new Transaction().add(
      SystemProgram.transfer({ fromPubkey: poor.publicKey, toPubkey: Keypair.generate().publicKey, lamports: LAMPORTS_PER_SOL }),
    );
    const err = await expectRejection(c.sendTransaction(tx, [poor]));
    expect(err).to.be.instanceOf(SendTransactionError);
    const sendErr = err as SendTransactionError;
    expect(sendErr.transactionError.message).to.match(/^Transaction simulation failed: Error processing Instruction 0: custom program error: 0x1/);
    const balanceAfterFee = 10_000_000 - 5_000;
    expect(sendErr.logs).to.deep.equal([
      `Program ${SYSTEM} invoke [1]`,
      `Transfer: insufficient lamports ${balanceAfterFee}, need ${LAMPORTS_PER_SOL}`,
      `Program ${SYSTEM} failed: custom program error: 0x1`,
    ]);
    // Preflight failed: nothing was executed, no fee charged.
    expect(await c.getBalance(poor.publicKey)).to.equal(10_000_000);

    // The raw error: -32002 with the TransactionError and logs in `data`.
    tx.recentBlockhash = (await c.getLatestBlockhash()).blockhash;
    tx.feePayer = poor.publicKey;
    tx.sign(poor);
    const raw = await rpcRequestRaw<string>("sendTransaction", [tx.serialize().toString("base64"), { encoding: "base64" }]);
    expect(raw.error?.code).to.equal(-32002);
    const data = raw.error?.data as { err: unknown; logs: string[] };
    expect(data.err).to.deep.equal({ InstructionError: [0, { Custom: 1 }] });
    expect(data.logs).to.deep.equal(sendErr.logs);
    await stillServes(c);
  });

  it("a failing instruction sent with skipPreflight lands as a failed transaction that paid its fee", async () => {
    const poor = Keypair.generate();
    await airdrop(c, poor.publicKey, 10_000_000);
    const tx = new Transaction().add(
      SystemProgram.transfer({ fromPubkey: poor.publicKey, toPubkey: Keypair.generate().publicKey, lamports: LAMPORTS_PER_SOL }),
    );
    const signature = await c.sendTransaction(tx, [poor], { skipPreflight: true });
    const status = await waitForStatus(c, signature);
    expect(status.err).to.deep.equal({ InstructionError: [0, { Custom: 1 }] });
    const got = await c.getTransaction(signature, { maxSupportedTransactionVersion: 0, commitment: "confirmed" });
    expect(got?.meta?.err).to.deep.equal({ InstructionError: [0, { Custom: 1 }] });
    expect(got?.meta?.fee).to.equal(5_000);
    expect(got?.meta?.logMessages?.[2]).to.equal(`Program ${SYSTEM} failed: custom program error: 0x1`);
    expect(await c.getBalance(poor.publicKey)).to.equal(10_000_000 - 5_000);
    await stillServes(c);
  });

  // The controls change cluster-wide state (slot, clock), so they get a cluster of their own.
  describe("test controls (on a dedicated perps-localnet)", () => {
    let own: LocalnetHandle;
    let c: Connection;
    const rpc = <T>(method: string, params: unknown[]) => rpcCall<T>(own.rpcUrl, method, params);

    before(async function () {
      if (!h.localnet && !fs.existsSync(localnetBinary())) this.skip(); // only perps-localnet has them
      own = await startLocalnet({ slotTimeMs: 50 });
      c = own.connection;
    });

    after(async () => {
      await own?.stop();
    });

    it("localnet_warpSlot moves getSlot and the Clock sysvar forward", async () => {
      // Warp mid-session, as a test would: once blocks past genesis are finalized.
      while ((await c.getSlot("finalized")) < 2) await new Promise((resolve) => setTimeout(resolve, 50));
      const before = await c.getSlot("processed");
      const target = before + 10_000;
      const result = await rpc<number>("localnet_warpSlot", [target]);
      expect(result).to.equal(target);
      expect(await c.getSlot("processed")).to.be.at.least(target);
      expect(await c.getSlot("confirmed")).to.be.at.least(target - 64);
      const clock = await readClock(c);
      expect(Number(clock.slot)).to.be.at.least(target - 64);
      // A client's next blockhash must be valid at the new height, at every commitment (web3.js
      // signs `sendTransaction(tx, signers)` with a `finalized` blockhash).
      for (const commitment of ["processed", "confirmed", "finalized"] as const) {
        const height = await c.getBlockHeight(commitment);
        const latest = await c.getLatestBlockhash(commitment);
        const what = `getLatestBlockhash('${commitment}') right after the warp (${latest.blockhash})`;
        expect(latest.lastValidBlockHeight, `${what}: lastValidBlockHeight vs getBlockHeight`).to.be.greaterThan(height);
        expect((await c.isBlockhashValid(latest.blockhash, { commitment: "processed" })).value, `${what}: isBlockhashValid`)
          .to.equal(true);
      }
      // Clients keep working: web3.js signs with its cached `finalized` blockhash.
      const to = Keypair.generate().publicKey;
      const tx = new Transaction().add(SystemProgram.transfer({ fromPubkey: own.wallet.publicKey, toPubkey: to, lamports: 1_000_000 }));
      const signature = await c.sendTransaction(tx, [own.wallet]);
      expect((await waitForStatus(c, signature)).err).to.equal(null);
      expect(await c.getBalance(to)).to.equal(1_000_000);
    });

    it("localnet_warpSlot to a slot that is not ahead gets a JSON-RPC error", async () => {
      const current = await c.getSlot("processed");
      const err = await expectRejection(rpc("localnet_warpSlot", [Math.max(current - 5, 0)]));
      expect(err).to.be.instanceOf(JsonRpcError);
      expect((err as JsonRpcError).code).to.be.a("number");
      await stillServes(c);
    });

    it("localnet_setClock changes the Clock sysvar's unix_timestamp (offset 32)", async () => {
      const unixTimestamp = 2_000_000_000;
      const result = await rpc<{ unixTimestamp: number }>("localnet_setClock", [{ unixTimestamp }]);
      expect(result.unixTimestamp).to.equal(unixTimestamp);
      const info = await c.getAccountInfo(SYSVAR_CLOCK_PUBKEY);
      expect(info?.data).to.have.length(40);
      const onChain = Number(info!.data.readBigInt64LE(32));
      expect(onChain).to.be.within(unixTimestamp, unixTimestamp + 60);
      await stillServes(c);
    });
  });
});
