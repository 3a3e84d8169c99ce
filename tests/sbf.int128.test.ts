// The SBF build's 128-bit integer helpers (.ci/sbf/int128.c) against native Rust: the
// sbf-selftest program runs each operation on SBF (npm litesvm) and the answers must equal
// what the same Rust function (sbf_selftest::apply) computes natively, printed by the
// `sbf-selftest-vectors` binary. Edge cases and seeded random values (SBF_SELFTEST_SEED).
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  Keypair,
  PublicKey,
  TransactionInstruction,
  TransactionMessage,
  VersionedTransaction,
} from "@solana/web3.js";
import { expect } from "chai";
import { FailedTransactionMetadata, LiteSVM } from "litesvm";

const ROOT = path.resolve(__dirname, "..");
const SO = path.join(ROOT, "target/deploy/sbf_selftest.so");
const OP_NAMES = [
  "MulU", "DivU", "RemU", "MulI", "DivI", "RemI", "WrappingMulU", "WideningMul64", "Shl", "Shr",
  "Sar", "MulDivU",
];
/** Records per transaction: 33 bytes each, so the transaction stays under 1,232 bytes. */
const BATCH = 30;
const RECORD_LEN = 33;
const RESULT_LEN = 17;

// litesvm takes @solana/kit types; these are the same bytes web3.js produces.
type KitTransaction = Parameters<LiteSVM["sendTransaction"]>[0];
type KitAddress = Parameters<LiteSVM["addProgramFromFile"]>[0];
type KitLamports = Parameters<LiteSVM["airdrop"]>[1];

interface Case {
  op: number;
  a: bigint;
  b: bigint;
  value: bigint;
  flag: boolean;
}

function nativeCases(seed: string): Case[] {
  const json = execFileSync(
    "cargo",
    ["run", "--quiet", "-p", "sbf-selftest", "--bin", "sbf-selftest-vectors", "--", seed],
    { cwd: ROOT, encoding: "utf8", maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "inherit"] },
  );
  const parsed = JSON.parse(json) as { cases: [number, string, string, string, boolean][] };
  return parsed.cases.map(([op, a, b, value, flag]) => ({
    op,
    a: BigInt(`0x${a}`),
    b: BigInt(`0x${b}`),
    value: BigInt(`0x${value}`),
    flag,
  }));
}

function u128le(value: bigint): Buffer {
  const out = Buffer.alloc(16);
  out.writeBigUInt64LE(value & 0xffff_ffff_ffff_ffffn, 0);
  out.writeBigUInt64LE(value >> 64n, 8);
  return out;
}

function hex(value: bigint): string {
  return `0x${value.toString(16)}`;
}

class SelftestProgram {
  readonly svm = new LiteSVM();
  readonly programId = Keypair.generate().publicKey;
  readonly payer = Keypair.generate();

  constructor(so: string) {
    this.svm.addProgramFromFile(this.programId.toBase58() as KitAddress, so);
    this.svm.airdrop(this.payer.publicKey.toBase58() as KitAddress, 10_000_000_000n as KitLamports);
  }

  /** Runs the records on SBF; returns [value, flag] per record and the compute units. */
  run(cases: Case[]): { results: [bigint, boolean][]; computeUnits: bigint } {
    const data = Buffer.concat(cases.map((c) => Buffer.concat([Buffer.from([c.op]), u128le(c.a), u128le(c.b)])));
    expect(data.length).to.equal(cases.length * RECORD_LEN);
    const ix = new TransactionInstruction({ programId: this.programId, keys: [], data });
    const message = new TransactionMessage({
      payerKey: this.payer.publicKey,
      recentBlockhash: this.svm.latestBlockhash(),
      instructions: [ix],
    }).compileToLegacyMessage();
    const tx = new VersionedTransaction(message);
    tx.sign([this.payer]);
    const kitTx = {
      messageBytes: tx.message.serialize(),
      signatures: { [this.payer.publicKey.toBase58()]: tx.signatures[0] },
    } as unknown as KitTransaction;
    const result = this.svm.sendTransaction(kitTx);
    if (result instanceof FailedTransactionMetadata) {
      throw new Error(`selftest transaction failed: ${result.toString()}`);
    }
    const returned = Buffer.from(result.returnData().data());
    expect(new PublicKey(result.returnData().programId()).equals(this.programId)).to.equal(true);
    expect(returned.length).to.equal(cases.length * RESULT_LEN);
    const results: [bigint, boolean][] = [];
    for (let i = 0; i < cases.length; i++) {
      const r = returned.subarray(i * RESULT_LEN, (i + 1) * RESULT_LEN);
      const value = r.readBigUInt64LE(0) | (r.readBigUInt64LE(8) << 64n);
      results.push([value, r[16] === 1]);
    }
    return { results, computeUnits: result.computeUnitsConsumed() };
  }
}

describe("SBF 128-bit helpers (sbf-selftest on litesvm vs native Rust)", function () {
  this.timeout(300_000);
  const seed = process.env.SBF_SELFTEST_SEED ?? "2026";
  let program: SelftestProgram;
  let cases: Case[];

  before(function () {
    if (!fs.existsSync(SO)) {
      console.log(`      skipped: ${path.relative(ROOT, SO)} is absent (build it with \`npm run build:sbf\`)`);
      this.skip();
    }
    program = new SelftestProgram(SO);
    cases = nativeCases(seed);
  });

  it("native vectors cover every operation, edge cases first", () => {
    const ops = new Set(cases.map((c) => c.op));
    expect([...ops].sort((x, y) => x - y)).to.deep.equal(OP_NAMES.map((_, i) => i));
    // MIN / -1 wraps to MIN with the overflow flag set.
    const min = 1n << 127n;
    const minusOne = (1n << 128n) - 1n;
    const minByMinusOne = cases.find((c) => c.op === 4 && c.a === min && c.b === minusOne);
    expect(minByMinusOne?.value).to.equal(min);
    expect(minByMinusOne?.flag).to.equal(true);
  });

  it("every operation on SBF equals the native result", () => {
    const mismatches: string[] = [];
    const perOp = OP_NAMES.map(() => 0);
    let maxUnits = 0n;
    for (let start = 0; start < cases.length; start += BATCH) {
      const batch = cases.slice(start, start + BATCH);
      const { results, computeUnits } = program.run(batch);
      if (computeUnits > maxUnits) maxUnits = computeUnits;
      batch.forEach((c, i) => {
        const [value, flag] = results[i];
        perOp[c.op] += 1;
        if (value !== c.value || flag !== c.flag) {
          mismatches.push(
            `${OP_NAMES[c.op]}(${hex(c.a)}, ${hex(c.b)}): SBF ${hex(value)}/${flag}, native ${hex(c.value)}/${c.flag}`,
          );
        }
      });
    }
    const summary = OP_NAMES.map((name, i) => `${name} ${perOp[i]}`).join(", ");
    console.log(`      seed ${seed}: ${cases.length} cases (${summary}); at most ${maxUnits} CU per ${BATCH}`);
    expect(mismatches.slice(0, 20), `${mismatches.length} mismatches`).to.deep.equal([]);
  });

  it("a malformed batch is refused with the program's error, not a wrong answer", () => {
    const bad = { op: 99, a: 1n, b: 1n, value: 0n, flag: false };
    expect(() => program.run([bad])).to.throw(/custom program error: 0x3|Custom\(3\)/);
  });
});
