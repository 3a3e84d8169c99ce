// An in-process chain: npm `litesvm` (Agave's runtime with the SBF VM and real compute metering)
// running the program's `.so`, plus what a validator keeps around its bank that LiteSVM leaves to
// its caller: one slot per transaction, recent blockhashes valid for 60 s, preflight, a record of
// every landed transaction (for getTransaction / getSignatureStatuses), a faucet, and a clock that
// moves only when a test moves it.
import { address, getTransactionDecoder, lamports, type Signature } from "@solana/kit";
import { utils } from "@coral-xyz/anchor";
import { Keypair, LAMPORTS_PER_SOL, PublicKey, SystemProgram, Transaction, VersionedTransaction } from "@solana/web3.js";
import * as fs from "node:fs";
import { FailedTransactionMetadata, LiteSVM, type TransactionMetadata } from "litesvm";
import { deployUpgradeable } from "./deploy";
import { transactionErrorJson, type TransactionErrorJson } from "./errors";

/** Slots a blockhash is nominally valid for (Agave's blockhash queue): `lastValidBlockHeight`. */
export const MAX_PROCESSING_AGE = 150;
/** How long a blockhash is accepted. Slots advance with each transaction here, so a count of slots
 *  would expire blockhashes within a second; a validator's 150 slots of 400 ms are 60 s, which is
 *  what clients (web3.js caches a blockhash for 30 s) are built around. perps-localnet keeps the
 *  same 60 s when its slots are short. */
export const BLOCKHASH_VALIDITY_MS = 60_000;
/** LiteSVM's fee per signature (its default `FeeStructure`). */
const LAMPORTS_PER_SIGNATURE = 5_000;
const FAUCET_LAMPORTS = 100_000n * BigInt(LAMPORTS_PER_SOL);

export interface InnerInstructionsJson {
  index: number;
  instructions: { programIdIndex: number; accounts: number[]; data: string; stackHeight: number }[];
}

/** A transaction that landed: what `getTransaction` and `getSignatureStatuses` report. */
export interface TxRecord {
  signature: string;
  slot: number;
  /** The clock's Unix time when it executed. */
  blockTime: number;
  transaction: VersionedTransaction;
  err: TransactionErrorJson | null;
  logs: string[];
  computeUnitsConsumed: number;
  innerInstructions: InnerInstructionsJson[];
  fee: number;
  preBalances: number[];
  postBalances: number[];
}

/** Why preflight refused a transaction (nothing was committed). */
export interface PreflightFailure {
  err: TransactionErrorJson;
  logs: string[];
  unitsConsumed: number;
}

export type SendOutcome = { signature: string; preflight?: undefined } | { signature: string; preflight: PreflightFailure };

export interface ChainOptions {
  programId: PublicKey;
  /** Path of the program's ELF (`target/deploy/perps.so`). */
  programSo: string;
  /** Upgrade authority of the deployed program (ProgramData), as `--upgrade-authority` on the cluster. */
  upgradeAuthority: PublicKey | null;
}

const decoder = getTransactionDecoder();
const bs58 = utils.bytes.bs58;

export class LiteSvmChain {
  readonly svm: LiteSVM;
  private readonly blockhashes: { hash: string; slot: number; issuedAt: number }[] = [];
  private readonly records = new Map<string, TxRecord>();
  private readonly faucet = Keypair.generate();

  constructor(options: ChainOptions) {
    if (!fs.existsSync(options.programSo)) {
      throw new Error(`program ELF not found at ${options.programSo}: build it with \`npm run build:sbf\` (or set PERPS_PROGRAM_SO)`);
    }
    // The blockhash window is checked here (LiteSVM only knows its latest blockhash).
    this.svm = new LiteSVM().withBlockhashCheck(false);
    deployUpgradeable(this.svm, options.programId, fs.readFileSync(options.programSo), options.upgradeAuthority);
    // A wall-clock start, so timestamps look like a cluster's (LiteSVM starts at Unix time 0).
    const clock = this.svm.getClock();
    clock.unixTimestamp = BigInt(Math.floor(Date.now() / 1000));
    this.svm.setClock(clock);
    const funded = this.svm.airdrop(address(this.faucet.publicKey.toBase58()), lamports(FAUCET_LAMPORTS));
    if (!funded || funded instanceof FailedTransactionMetadata) throw new Error(`could not fund the faucet: ${String(funded)}`);
    this.blockhashes.push({ hash: this.svm.latestBlockhash(), slot: this.slot, issuedAt: Date.now() });
  }

  get slot(): number {
    return Number(this.svm.getClock().slot);
  }

  get unixTimestamp(): number {
    return Number(this.svm.getClock().unixTimestamp);
  }

  latestBlockhash(): { blockhash: string; lastValidBlockHeight: number } {
    const newest = this.blockhashes[this.blockhashes.length - 1];
    return { blockhash: newest.hash, lastValidBlockHeight: newest.slot + MAX_PROCESSING_AGE };
  }

  isBlockhashValid(hash: string): boolean {
    const oldest = Date.now() - BLOCKHASH_VALIDITY_MS;
    return this.blockhashes.some((b) => b.hash === hash && b.issuedAt >= oldest);
  }

  record(signature: string): TxRecord | undefined {
    return this.records.get(signature);
  }

  /** Runs the transaction without committing anything (the RPC's simulateTransaction; with
   *  `sigVerify: false`, as there, signatures are not checked). */
  simulate(wire: Uint8Array, { sigVerify = true }: { sigVerify?: boolean } = {}): Omit<PreflightFailure, "err"> & { err: TransactionErrorJson | null } {
    if (!sigVerify) this.svm.withSigverify(false);
    let result: ReturnType<LiteSVM["simulateTransaction"]>;
    try {
      result = this.svm.simulateTransaction(decoder.decode(wire));
    } finally {
      if (!sigVerify) this.svm.withSigverify(true);
    }
    if (result instanceof FailedTransactionMetadata) return failure(result);
    const meta = result.meta();
    return { err: null, logs: meta.logs(), unitsConsumed: Number(meta.computeUnitsConsumed()) };
  }

  /**
   * Sends a wire transaction as a validator's `sendTransaction` does: with preflight, a failing
   * transaction is refused and nothing lands; without, it is executed and lands with its error
   * (fee charged), unless it fails before execution (unknown blockhash, bad signature,
   * duplicate), when it is dropped. A landed transaction closes its slot: the next one starts
   * with a new blockhash.
   */
  send(wire: Uint8Array, { skipPreflight }: { skipPreflight: boolean }): SendOutcome {
    const tx = VersionedTransaction.deserialize(wire);
    const signature = bs58.encode(tx.signatures[0]);
    if (!this.isBlockhashValid(tx.message.recentBlockhash)) {
      return skipPreflight ? { signature } : { signature, preflight: { err: "BlockhashNotFound", logs: [], unitsConsumed: 0 } };
    }
    if (!skipPreflight) {
      const simulated = this.simulate(wire);
      if (simulated.err !== null) return { signature, preflight: { ...simulated, err: simulated.err } };
    }
    const keys = tx.message.staticAccountKeys;
    const preBalances = keys.map((k) => this.balance(k));
    const slot = this.slot;
    const blockTime = this.unixTimestamp;
    const result = this.svm.sendTransaction(decoder.decode(wire));
    if (this.svm.getTransaction(signature as Signature) === null) {
      // Not executed: a validator drops it (with preflight, simulation would have refused it).
      return skipPreflight || !(result instanceof FailedTransactionMetadata) ? { signature } : { signature, preflight: failure(result) };
    }
    const meta: TransactionMetadata = result instanceof FailedTransactionMetadata ? result.meta() : result;
    this.records.set(signature, {
      signature,
      slot,
      blockTime,
      transaction: tx,
      err: result instanceof FailedTransactionMetadata ? transactionErrorJson(result.err()) : null,
      logs: meta.logs(),
      computeUnitsConsumed: Number(meta.computeUnitsConsumed()),
      innerInstructions: innerInstructions(meta),
      fee: LAMPORTS_PER_SIGNATURE * tx.signatures.length,
      preBalances,
      postBalances: keys.map((k) => this.balance(k)),
    });
    this.nextSlot();
    return { signature };
  }

  /** A transfer from the faucet, sent like any transaction (the test validator's faucet). */
  airdrop(to: PublicKey, lamports: number): SendOutcome {
    const tx = new Transaction({ feePayer: this.faucet.publicKey, recentBlockhash: this.latestBlockhash().blockhash }).add(
      SystemProgram.transfer({ fromPubkey: this.faucet.publicKey, toPubkey: to, lamports }),
    );
    tx.sign(this.faucet);
    return this.send(tx.serialize(), { skipPreflight: false });
  }

  /** Moves the clock's Unix time forward by `secs`; returns the new time. */
  advanceClock(secs: number): number {
    if (!Number.isInteger(secs) || secs < 0) throw new Error(`the clock only moves forward by whole seconds, not ${secs}`);
    const clock = this.svm.getClock();
    clock.unixTimestamp += BigInt(secs);
    this.svm.setClock(clock);
    return Number(clock.unixTimestamp);
  }

  balance(key: PublicKey): number {
    return Number(this.svm.getBalance(address(key.toBase58())) ?? 0n);
  }

  private nextSlot(): void {
    this.svm.warpToSlot(BigInt(this.slot + 1));
    this.svm.expireBlockhash();
    const now = Date.now();
    this.blockhashes.push({ hash: this.svm.latestBlockhash(), slot: this.slot, issuedAt: now });
    while (this.blockhashes[0].issuedAt < now - BLOCKHASH_VALIDITY_MS) this.blockhashes.shift();
  }
}

function failure(result: FailedTransactionMetadata): PreflightFailure {
  const meta = result.meta();
  return { err: transactionErrorJson(result.err()), logs: meta.logs(), unitsConsumed: Number(meta.computeUnitsConsumed()) };
}

function innerInstructions(meta: TransactionMetadata): InnerInstructionsJson[] {
  return meta
    .innerInstructions()
    .map((list, index) => ({
      index,
      instructions: list.map((inner) => {
        const ix = inner.instruction();
        return { programIdIndex: ix.programIdIndex(), accounts: [...ix.accounts()], data: bs58.encode(ix.data()), stackHeight: inner.stackHeight() };
      }),
    }))
    .filter((entry) => entry.instructions.length > 0);
}
