// Every RPC method and subscription the local cluster implements, called through web3.js's
// `Connection` (never raw JSON): web3.js validates each response with superstruct, so a passing
// call proves the response shape, and each test also asserts the values.
import { createMint, getOrCreateAssociatedTokenAccount, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import {
  AccountInfo,
  Connection,
  Keypair,
  LAMPORTS_PER_SOL,
  Logs,
  ParsedAccountData,
  PublicKey,
  SlotInfo,
  SystemProgram,
  Transaction,
  TransactionMessage,
  VersionedTransaction,
} from "@solana/web3.js";
import { utils } from "@coral-xyz/anchor";
import { expect } from "chai";
import { subscriptionReady, sleep } from "./support/cluster";
import { airdrop, getHarness, Harness, skipUnless } from "./support/harness";

const SYSTEM = SystemProgram.programId.toBase58();
const FEE = 5_000; // lamports per signature
const signatureOf = (tx: Transaction): string => utils.bytes.bs58.encode(tx.signature!);

async function confirm(connection: Connection, signature: string): Promise<void> {
  const latest = await connection.getLatestBlockhash("confirmed");
  const { value } = await connection.confirmTransaction({ signature, ...latest }, "confirmed");
  expect(value.err, `transaction ${signature} failed`).to.equal(null);
}

async function signedTransfer(
  connection: Connection,
  from: Keypair,
  to: PublicKey,
  lamports: number,
): Promise<Transaction> {
  const tx = new Transaction().add(SystemProgram.transfer({ fromPubkey: from.publicKey, toPubkey: to, lamports }));
  tx.feePayer = from.publicKey;
  tx.recentBlockhash = (await connection.getLatestBlockhash("confirmed")).blockhash;
  tx.sign(from);
  return tx;
}

async function transfer(connection: Connection, from: Keypair, to: PublicKey, lamports: number): Promise<string> {
  const tx = await signedTransfer(connection, from, to, lamports);
  const signature = await connection.sendRawTransaction(tx.serialize());
  await confirm(connection, signature);
  return signature;
}

/** Resolves with the first value `subscribe`'s callback accepts, or rejects after `ms`. */
function nextNotification<T>(
  ms: number,
  what: string,
  subscribe: (accept: (value: T) => void) => number,
): { id: number; value: Promise<T> } {
  let id = -1;
  const value = new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${what} notification within ${ms} ms`)), ms);
    id = subscribe((v) => {
      clearTimeout(timer);
      resolve(v);
    });
  });
  return { id, value };
}

describe("localnet conformance: JSON-RPC through web3.js Connection", () => {
  let h: Harness;
  let c: Connection;
  let payer: Keypair;

  before(async function () {
    h = await getHarness();
    skipUnless(this, h.server, "tests the cluster's JSON-RPC and PubSub server");
    c = h.connection;
    payer = h.wallet;
  });

  describe("cluster state", () => {
    it("getVersion", async () => {
      const version = await c.getVersion();
      expect(version["solana-core"]).to.match(/^\d+\.\d+\.\d+/);
      expect(version["feature-set"]).to.be.a("number");
    });

    it("getGenesisHash is a stable 32-byte base58 hash", async () => {
      const hash = await c.getGenesisHash();
      expect(new PublicKey(hash).toBytes()).to.have.length(32);
      expect(await c.getGenesisHash()).to.equal(hash);
    });

    it("getSlot advances on its own and orders processed >= confirmed >= finalized", async () => {
      const first = await c.getSlot("processed");
      await sleep(3 * h.slotTimeMs);
      const processed = await c.getSlot("processed");
      const confirmed = await c.getSlot("confirmed");
      const finalized = await c.getSlot("finalized");
      expect(processed).to.be.greaterThan(first);
      expect(processed).to.be.at.least(confirmed);
      expect(confirmed).to.be.at.least(finalized);
    });

    it("getBlockHeight is at most the slot and grows", async () => {
      const height = await c.getBlockHeight("confirmed");
      const slot = await c.getSlot("confirmed");
      expect(height).to.be.at.most(slot);
      await sleep(3 * h.slotTimeMs);
      expect(await c.getBlockHeight("confirmed")).to.be.greaterThan(height);
    });

    it("getEpochInfo agrees with getSlot and getBlockHeight", async () => {
      const before = await c.getSlot("confirmed");
      const info = await c.getEpochInfo("confirmed");
      const after = await c.getSlot("confirmed");
      expect(info.absoluteSlot).to.be.within(before, after);
      expect(info.slotIndex).to.be.lessThan(info.slotsInEpoch);
      expect(info.absoluteSlot - info.slotIndex).to.be.at.least(0);
      expect(info.epoch).to.be.at.least(0);
      expect(info.blockHeight).to.be.a("number").and.at.most(info.absoluteSlot);
      expect(info.transactionCount ?? 0).to.be.at.least(0);
    });

    it("getLatestBlockhash and isBlockhashValid", async () => {
      const latest = await c.getLatestBlockhash("confirmed");
      expect(new PublicKey(latest.blockhash).toBytes()).to.have.length(32);
      expect(latest.lastValidBlockHeight).to.be.greaterThan(await c.getBlockHeight("confirmed"));
      const valid = await c.isBlockhashValid(latest.blockhash, { commitment: "confirmed" });
      expect(valid.value).to.equal(true);
      expect(valid.context.slot).to.be.greaterThan(0);
      const unknown = await c.isBlockhashValid(Keypair.generate().publicKey.toBase58(), { commitment: "confirmed" });
      expect(unknown.value).to.equal(false);
    });

    it("getFeeForMessage charges 5000 lamports per signature", async () => {
      const other = Keypair.generate();
      const { blockhash } = await c.getLatestBlockhash();
      const one = new TransactionMessage({
        payerKey: payer.publicKey,
        recentBlockhash: blockhash,
        instructions: [SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: other.publicKey, lamports: 1 })],
      }).compileToV0Message();
      expect((await c.getFeeForMessage(one)).value).to.equal(FEE);
      const two = new TransactionMessage({
        payerKey: payer.publicKey,
        recentBlockhash: blockhash,
        instructions: [SystemProgram.transfer({ fromPubkey: other.publicKey, toPubkey: payer.publicKey, lamports: 1 })],
      }).compileToV0Message();
      expect((await c.getFeeForMessage(two)).value).to.equal(2 * FEE);
    });

    it("getMinimumBalanceForRentExemption uses the default rent", async () => {
      expect(await c.getMinimumBalanceForRentExemption(0)).to.equal(890_880);
      expect(await c.getMinimumBalanceForRentExemption(165)).to.equal(2_039_280);
    });
  });

  describe("accounts and transactions", () => {
    it("requestAirdrop credits the exact amount (getBalance, getAccountInfo)", async () => {
      const who = Keypair.generate();
      expect(await c.getBalance(who.publicKey)).to.equal(0);
      expect(await c.getAccountInfo(who.publicKey)).to.equal(null);
      const signature = await c.requestAirdrop(who.publicKey, 2 * LAMPORTS_PER_SOL);
      await confirm(c, signature);
      expect(await c.getBalance(who.publicKey)).to.equal(2 * LAMPORTS_PER_SOL);
      const info = await c.getAccountInfo(who.publicKey);
      expect(info?.lamports).to.equal(2 * LAMPORTS_PER_SOL);
      expect(info?.owner.toBase58()).to.equal(SYSTEM);
      expect(info?.executable).to.equal(false);
      expect(info?.data).to.have.length(0);
    });

    it("sendTransaction / sendRawTransaction move lamports and charge the fee", async () => {
      const a = Keypair.generate();
      const b = Keypair.generate();
      await airdrop(c, a.publicKey, LAMPORTS_PER_SOL);

      const tx = new Transaction().add(
        SystemProgram.transfer({ fromPubkey: a.publicKey, toPubkey: b.publicKey, lamports: 1_000_000 }),
      );
      const sig1 = await c.sendTransaction(tx, [a]);
      await confirm(c, sig1);
      expect(await c.getBalance(b.publicKey)).to.equal(1_000_000);
      expect(await c.getBalance(a.publicKey)).to.equal(LAMPORTS_PER_SOL - 1_000_000 - FEE);

      const raw = await signedTransfer(c, a, b.publicKey, 250_000);
      const sig2 = await c.sendRawTransaction(raw.serialize());
      expect(sig2).to.equal(signatureOf(raw));
      await confirm(c, sig2);
      expect(await c.getBalance(b.publicKey)).to.equal(1_250_000);
      expect(await c.getBalance(a.publicKey)).to.equal(LAMPORTS_PER_SOL - 1_250_000 - 2 * FEE);
    });

    it("sendTransaction accepts a v0 VersionedTransaction; getTransaction reports version 0", async () => {
      const b = Keypair.generate();
      const { blockhash } = await c.getLatestBlockhash();
      const message = new TransactionMessage({
        payerKey: payer.publicKey,
        recentBlockhash: blockhash,
        instructions: [SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: b.publicKey, lamports: 3_000_000 })],
      }).compileToV0Message();
      const vtx = new VersionedTransaction(message);
      vtx.sign([payer]);
      const signature = await c.sendTransaction(vtx);
      await confirm(c, signature);
      expect(await c.getBalance(b.publicKey)).to.equal(3_000_000);
      const got = await c.getTransaction(signature, { maxSupportedTransactionVersion: 0, commitment: "confirmed" });
      expect(got?.version).to.equal(0);
      expect(got?.meta?.fee).to.equal(FEE);
    });

    it("simulateTransaction returns logs, no error, and the post-state of requested accounts", async () => {
      const b = Keypair.generate();
      const { blockhash } = await c.getLatestBlockhash();
      const message = new TransactionMessage({
        payerKey: payer.publicKey,
        recentBlockhash: blockhash,
        instructions: [SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: b.publicKey, lamports: 7_000_000 })],
      }).compileToV0Message();
      const vtx = new VersionedTransaction(message);
      vtx.sign([payer]);
      const sim = await c.simulateTransaction(vtx, {
        sigVerify: true,
        commitment: "confirmed",
        accounts: { encoding: "base64", addresses: [b.publicKey.toBase58()] },
      });
      expect(sim.value.err).to.equal(null);
      expect(sim.value.logs).to.deep.equal([`Program ${SYSTEM} invoke [1]`, `Program ${SYSTEM} success`]);
      expect(sim.value.accounts).to.have.length(1);
      expect(sim.value.accounts?.[0]?.lamports).to.equal(7_000_000);
      expect(sim.value.accounts?.[0]?.owner).to.equal(SYSTEM);
      // Simulation changes nothing.
      expect(await c.getBalance(b.publicKey)).to.equal(0);
    });

    it("getSignatureStatuses, getTransaction (json) and getParsedTransaction describe a transfer", async () => {
      const a = Keypair.generate();
      const b = Keypair.generate();
      await airdrop(c, a.publicKey, LAMPORTS_PER_SOL);
      const signature = await transfer(c, a, b.publicKey, 5_000_000);

      const neverSent = signatureOf(await signedTransfer(c, a, b.publicKey, 1));
      const statuses = await c.getSignatureStatuses([signature, neverSent], { searchTransactionHistory: true });
      const status = statuses.value[0];
      expect(status?.err).to.equal(null);
      expect(status?.slot).to.be.greaterThan(0);
      expect(status?.confirmationStatus).to.be.oneOf(["confirmed", "finalized"]);
      expect(statuses.value[1]).to.equal(null);

      const tx = await c.getTransaction(signature, { maxSupportedTransactionVersion: 0, commitment: "confirmed" });
      expect(tx).to.not.equal(null);
      expect(tx!.slot).to.equal(status!.slot);
      expect(tx!.transaction.signatures[0]).to.equal(signature);
      const keys = tx!.transaction.message.staticAccountKeys.map((k) => k.toBase58());
      expect(keys).to.deep.equal([a.publicKey.toBase58(), b.publicKey.toBase58(), SYSTEM]);
      expect(tx!.meta!.err).to.equal(null);
      expect(tx!.meta!.fee).to.equal(FEE);
      expect(tx!.meta!.preBalances.slice(0, 2)).to.deep.equal([LAMPORTS_PER_SOL, 0]);
      expect(tx!.meta!.postBalances.slice(0, 2)).to.deep.equal([LAMPORTS_PER_SOL - 5_000_000 - FEE, 5_000_000]);
      expect(tx!.meta!.logMessages).to.deep.equal([`Program ${SYSTEM} invoke [1]`, `Program ${SYSTEM} success`]);
      expect(tx!.meta!.innerInstructions).to.deep.equal([]);

      const parsed = await c.getParsedTransaction(signature, { maxSupportedTransactionVersion: 0, commitment: "confirmed" });
      const ix = parsed!.transaction.message.instructions[0];
      expect(ix.programId.toBase58()).to.equal(SYSTEM);
      expect("parsed" in ix && ix.parsed).to.deep.equal({
        type: "transfer",
        info: { source: a.publicKey.toBase58(), destination: b.publicKey.toBase58(), lamports: 5_000_000 },
      });
      const signer = parsed!.transaction.message.accountKeys[0];
      expect(signer.pubkey.toBase58()).to.equal(a.publicKey.toBase58());
      expect(signer.signer).to.equal(true);
      expect(signer.writable).to.equal(true);
    });

    it("getSignaturesForAddress pages with limit, before and until (newest first)", async () => {
      const target = Keypair.generate().publicKey;
      const sent: string[] = [];
      for (let i = 0; i < 5; i++) {
        sent.push(await transfer(c, payer, target, 1_000_000 + i));
      }
      const newestFirst = [...sent].reverse();
      const all = await c.getSignaturesForAddress(target, {}, "confirmed");
      expect(all.map((s) => s.signature)).to.deep.equal(newestFirst);
      for (const entry of all) {
        expect(entry.err).to.equal(null);
        expect(entry.memo).to.equal(null);
        expect(entry.slot).to.be.greaterThan(0);
        expect(entry.confirmationStatus).to.be.oneOf(["confirmed", "finalized"]);
      }
      const slots = all.map((s) => s.slot);
      expect(slots).to.deep.equal([...slots].sort((x, y) => y - x));

      const sigs = async (opts: { limit?: number; before?: string; until?: string }) =>
        (await c.getSignaturesForAddress(target, opts, "confirmed")).map((s) => s.signature);
      expect(await sigs({ limit: 2 })).to.deep.equal(newestFirst.slice(0, 2));
      expect(await sigs({ before: newestFirst[1], limit: 2 })).to.deep.equal(newestFirst.slice(2, 4));
      expect(await sigs({ before: newestFirst[1] })).to.deep.equal(newestFirst.slice(2));
      expect(await sigs({ until: newestFirst[3] })).to.deep.equal(newestFirst.slice(0, 3));
      expect(await sigs({ before: newestFirst[0], until: newestFirst[3] })).to.deep.equal(newestFirst.slice(1, 3));
      expect(await sigs({ before: newestFirst[4] })).to.deep.equal([]);
    });

    it("getMultipleAccountsInfo returns accounts in order, null for missing ones", async () => {
      const a = Keypair.generate();
      const missing = Keypair.generate().publicKey;
      await airdrop(c, a.publicKey, 123_456_789);
      const infos = await c.getMultipleAccountsInfo([a.publicKey, missing, SystemProgram.programId]);
      expect(infos).to.have.length(3);
      expect(infos[0]?.lamports).to.equal(123_456_789);
      expect(infos[0]?.owner.toBase58()).to.equal(SYSTEM);
      expect(infos[1]).to.equal(null);
      expect(infos[2]?.executable).to.equal(true);
    });

    it("getAccountInfo (base64) and getParsedAccountInfo (jsonParsed) of a mint and a token account", async () => {
      const mint = await createMint(c, payer, payer.publicKey, null, 6, undefined, { commitment: "confirmed" });
      const raw = await c.getAccountInfo(mint);
      expect(raw?.owner.toBase58()).to.equal(TOKEN_PROGRAM_ID.toBase58());
      expect(raw?.data).to.have.length(82);
      expect(raw?.lamports).to.equal(await c.getMinimumBalanceForRentExemption(82));
      expect(raw?.data[44]).to.equal(6); // decimals

      const parsed = await c.getParsedAccountInfo(mint);
      const data = parsed.value?.data as ParsedAccountData;
      expect(data.program).to.equal("spl-token");
      expect(data.space).to.equal(82);
      expect(data.parsed).to.deep.equal({
        type: "mint",
        info: {
          decimals: 6,
          freezeAuthority: null,
          isInitialized: true,
          mintAuthority: payer.publicKey.toBase58(),
          supply: "0",
        },
      });

      const ata = await getOrCreateAssociatedTokenAccount(c, payer, mint, payer.publicKey, false, "confirmed");
      const parsedAta = (await c.getParsedAccountInfo(ata.address)).value?.data as ParsedAccountData;
      expect(parsedAta.parsed.type).to.equal("account");
      expect(parsedAta.parsed.info.mint).to.equal(mint.toBase58());
      expect(parsedAta.parsed.info.owner).to.equal(payer.publicKey.toBase58());
      expect(parsedAta.parsed.info.tokenAmount).to.deep.include({ amount: "0", decimals: 6 });
    });

    it("getProgramAccounts with dataSize and memcmp filters", async () => {
      const mint = await createMint(c, payer, payer.publicKey, null, 6, undefined, { commitment: "confirmed" });
      const x = Keypair.generate().publicKey;
      const y = Keypair.generate().publicKey;
      const ataX = await getOrCreateAssociatedTokenAccount(c, payer, mint, x, false, "confirmed");
      const ataY = await getOrCreateAssociatedTokenAccount(c, payer, mint, y, false, "confirmed");

      const byMint = await c.getProgramAccounts(TOKEN_PROGRAM_ID, {
        commitment: "confirmed",
        filters: [{ dataSize: 165 }, { memcmp: { offset: 0, bytes: mint.toBase58() } }],
      });
      expect(byMint.map((a) => a.pubkey.toBase58()).sort()).to.deep.equal(
        [ataX.address.toBase58(), ataY.address.toBase58()].sort(),
      );
      for (const { account } of byMint) {
        expect(account.data).to.have.length(165);
        expect(account.owner.toBase58()).to.equal(TOKEN_PROGRAM_ID.toBase58());
      }

      const byMintAndOwner = await c.getProgramAccounts(TOKEN_PROGRAM_ID, {
        commitment: "confirmed",
        filters: [
          { dataSize: 165 },
          { memcmp: { offset: 0, bytes: mint.toBase58() } },
          { memcmp: { offset: 32, bytes: x.toBase58() } },
        ],
      });
      expect(byMintAndOwner.map((a) => a.pubkey.toBase58())).to.deep.equal([ataX.address.toBase58()]);

      const mintOnly = await c.getProgramAccounts(TOKEN_PROGRAM_ID, {
        filters: [{ dataSize: 82 }, { memcmp: { offset: 4, bytes: payer.publicKey.toBase58() } }],
      });
      expect(mintOnly.map((a) => a.pubkey.toBase58())).to.include(mint.toBase58());
      expect(mintOnly.every((a) => a.account.data.length === 82)).to.equal(true);

      const none = await c.getProgramAccounts(TOKEN_PROGRAM_ID, { filters: [{ dataSize: 7 }] });
      expect(none).to.deep.equal([]);
    });
  });

  describe("subscriptions", () => {
    it("onLogs('all') delivers a transaction's logs", async () => {
      const b = Keypair.generate().publicKey;
      const tx = await signedTransfer(c, payer, b, 1_000_000);
      const signature = signatureOf(tx);
      const sub = nextNotification<Logs>(5_000, "logs(all)", (accept) =>
        c.onLogs("all", (logs) => logs.signature === signature && accept(logs), "confirmed"),
      );
      await subscriptionReady(c, sub.id);
      await c.sendRawTransaction(tx.serialize());
      const logs = await sub.value.finally(() => c.removeOnLogsListener(sub.id));
      expect(logs.err).to.equal(null);
      expect(logs.logs).to.deep.equal([`Program ${SYSTEM} invoke [1]`, `Program ${SYSTEM} success`]);
    });

    it("onLogs(mentions) delivers only transactions that mention the key", async () => {
      const watched = Keypair.generate().publicKey;
      const other = Keypair.generate().publicKey;
      const seen: string[] = [];
      const sub = nextNotification<Logs>(5_000, "logs(mentions)", (accept) =>
        c.onLogs(
          watched,
          (logs) => {
            seen.push(logs.signature);
            accept(logs);
          },
          "confirmed",
        ),
      );
      await subscriptionReady(c, sub.id);
      const unrelated = await transfer(c, payer, other, 1_000_000);
      const related = await transfer(c, payer, watched, 1_000_000);
      const logs = await sub.value;
      await sleep(2 * h.slotTimeMs);
      await c.removeOnLogsListener(sub.id);
      expect(logs.signature).to.equal(related);
      expect(seen).to.deep.equal([related]);
      expect(seen).to.not.include(unrelated);
    });

    it("onSignature fires once the transaction is confirmed", async () => {
      const b = Keypair.generate().publicKey;
      const tx = await signedTransfer(c, payer, b, 1_000_000);
      const signature = signatureOf(tx);
      const sub = nextNotification<{ err: unknown; slot: number }>(5_000, "signature", (accept) =>
        c.onSignature(signature, (result, context) => accept({ err: result.err, slot: context.slot }), "confirmed"),
      );
      await subscriptionReady(c, sub.id);
      await c.sendRawTransaction(tx.serialize());
      const result = await sub.value;
      expect(result.err).to.equal(null);
      const status = (await c.getSignatureStatuses([signature])).value[0];
      expect(result.slot).to.equal(status?.slot);
      expect(await c.getBalance(b)).to.equal(1_000_000);
    });

    it("onSlotChange reports consecutive slots with parent and root", async () => {
      const slots: SlotInfo[] = [];
      const sub = nextNotification<void>(10 * h.slotTimeMs + 2_000, "5 slots", (accept) =>
        c.onSlotChange((info) => {
          slots.push(info);
          if (slots.length === 5) accept();
        }),
      );
      await sub.value.finally(() => c.removeSlotChangeListener(sub.id));
      for (let i = 1; i < slots.length; i++) {
        expect(slots[i].slot).to.be.greaterThan(slots[i - 1].slot);
      }
      for (const info of slots) {
        expect(info.parent).to.be.lessThan(info.slot);
        expect(info.root).to.be.at.most(info.slot);
      }
    });

    it("onAccountChange carries the account's new lamports", async () => {
      const watched = Keypair.generate();
      await airdrop(c, watched.publicKey, 1_000_000_000);
      const sub = nextNotification<{ info: AccountInfo<Buffer>; slot: number }>(5_000, "account", (accept) =>
        c.onAccountChange(watched.publicKey, (info, context) => accept({ info, slot: context.slot }), {
          commitment: "confirmed",
        }),
      );
      await subscriptionReady(c, sub.id);
      const signature = await transfer(c, payer, watched.publicKey, 42_000);
      const { info, slot } = await sub.value.finally(() => c.removeAccountChangeListener(sub.id));
      expect(info.lamports).to.equal(1_000_042_000);
      expect(info.owner.toBase58()).to.equal(SYSTEM);
      expect(info.data).to.have.length(0);
      const status = (await c.getSignatureStatuses([signature])).value[0];
      expect(slot).to.equal(status?.slot);
    });
  });
});
