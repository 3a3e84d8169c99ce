// Compute units of the perps program's heaviest instructions on SBF (target/deploy/perps.so,
// `npm run build:sbf`), in-process on npm litesvm: `place_order` taking 8 fills from 8 makers
// on a full side, and `liquidate` of an owner with 68 resting orders on a book of 125. Prints
// each figure and its ratio to the 200,000-CU default budget of an instruction.
import { AnchorProvider, BN, Program, Wallet } from "@coral-xyz/anchor";
import {
  createInitializeAccount3Instruction,
  createInitializeMint2Instruction,
  createMintToInstruction,
  TOKEN_PROGRAM_ID,
} from "@solana/spl-token";
import { Connection, Keypair, PublicKey, SystemProgram, TransactionInstruction, TransactionMessage, VersionedTransaction } from "@solana/web3.js";
import { FailedTransactionMetadata, LiteSVM } from "litesvm";
import * as path from "node:path";
import type { Perps } from "../src/idl/perps";
import idl from "../src/idl/perps.json";

type KitTransaction = Parameters<LiteSVM["sendTransaction"]>[0];
type KitAddress = Parameters<LiteSVM["addProgramFromFile"]>[0];
type KitLamports = Parameters<LiteSVM["airdrop"]>[1];

const SO = process.env.PERPS_SO ?? path.resolve(__dirname, "../../target/deploy/perps.so");
const BUDGET = 200_000;

const svm = new LiteSVM();
const program = new Program<Perps>(idl as Perps, new AnchorProvider(new Connection("http://127.0.0.1:1"), new Wallet(Keypair.generate()), {}));
const PID = program.programId;
svm.addProgramFromFile(PID.toBase58() as KitAddress, SO);
const admin = Keypair.generate();
svm.airdrop(admin.publicKey.toBase58() as KitAddress, 1_000_000_000_000n as KitLamports);

function send(ixs: TransactionInstruction[], signers: Keypair[] = []): number {
  const msg = new TransactionMessage({ payerKey: admin.publicKey, recentBlockhash: svm.latestBlockhash(), instructions: ixs }).compileToLegacyMessage();
  const tx = new VersionedTransaction(msg);
  tx.sign([admin, ...signers]);
  const sigs: Record<string, Uint8Array> = {};
  tx.message.staticAccountKeys.slice(0, tx.message.header.numRequiredSignatures).forEach((k, i) => (sigs[k.toBase58()] = tx.signatures[i]));
  const r = svm.sendTransaction({ messageBytes: tx.message.serialize(), signatures: sigs } as unknown as KitTransaction);
  if (r instanceof FailedTransactionMetadata) throw new Error(`${r.toString()}\n${r.meta().logs().join("\n")}`);
  svm.expireBlockhash();
  return Number(r.computeUnitsConsumed());
}

const pda = (...seeds: Buffer[]) => PublicKey.findProgramAddressSync(seeds, PID)[0];
const exchange = pda(Buffer.from("exchange"));
const vault = pda(Buffer.from("vault"), exchange.toBuffer());
const market = pda(Buffer.from("market"), exchange.toBuffer(), Buffer.from([0, 0]));
const book = pda(Buffer.from("book"), market.toBuffer());
const mint = Keypair.generate();

async function main(): Promise<void> {
  const rentMint = Number(svm.minimumBalanceForRentExemption(82n));
  send(
    [
      SystemProgram.createAccount({ fromPubkey: admin.publicKey, newAccountPubkey: mint.publicKey, lamports: rentMint, space: 82, programId: TOKEN_PROGRAM_ID }),
      createInitializeMint2Instruction(mint.publicKey, 6, admin.publicKey, null),
    ],
    [mint],
  );
  send([await program.methods.initialize().accountsStrict({ payer: admin.publicKey, admin: admin.publicKey, exchange, quoteMint: mint.publicKey, vault, tokenProgram: TOKEN_PROGRAM_ID, systemProgram: SystemProgram.programId }).instruction()]);
  const args = {
    symbol: "CU-PERP", tickSize: new BN(1), baseLotSize: new BN(1), baseDecimals: 9, takerFeeBps: 10, makerFeeBps: 2, initialMarginBps: 1_000,
    maintenanceMarginBps: 500, liquidationPenaltyBps: 250, priceAuthority: admin.publicKey, maxPriceAgeSecs: 3_600, priceBandBps: 1_000,
    minOrderNotional: new BN(100), maxOrdersPerPosition: 128,
  };
  send([await program.methods.createMarket(0, args).accountsStrict({ payer: admin.publicKey, admin: admin.publicKey, exchange, market, orderBook: book, systemProgram: SystemProgram.programId }).instruction()]);
  send([await program.methods.setPrice({ price: new BN(1_000) }).accountsStrict({ priceAuthority: admin.publicKey, market }).instruction()]);

  const rentToken = Number(svm.minimumBalanceForRentExemption(165n));
  async function trader(deposit: number): Promise<{ kp: Keypair; position: PublicKey }> {
    const kp = Keypair.generate();
    svm.airdrop(kp.publicKey.toBase58() as KitAddress, 10_000_000_000n as KitLamports);
    const token = Keypair.generate();
    const position = pda(Buffer.from("position"), market.toBuffer(), kp.publicKey.toBuffer());
    send(
      [
        SystemProgram.createAccount({ fromPubkey: admin.publicKey, newAccountPubkey: token.publicKey, lamports: rentToken, space: 165, programId: TOKEN_PROGRAM_ID }),
        createInitializeAccount3Instruction(token.publicKey, mint.publicKey, kp.publicKey),
        createMintToInstruction(mint.publicKey, token.publicKey, admin.publicKey, deposit),
        await program.methods.openPosition().accountsStrict({ owner: kp.publicKey, exchange, market, position, systemProgram: SystemProgram.programId }).instruction(),
        await program.methods
          .deposit({ amount: new BN(deposit) })
          .accountsStrict({ owner: kp.publicKey, exchange, market, position, userToken: token.publicKey, vault, tokenProgram: TOKEN_PROGRAM_ID })
          .instruction(),
      ],
      [token, kp],
    );
    return { kp, position };
  }
  const order = async (t: { kp: Keypair; position: PublicKey }, side: "bid" | "ask", price: number, quantity: number, ioc: boolean, makers: PublicKey[] = []) =>
    send(
      [
        await program.methods
          .placeOrder({ side: side === "bid" ? { bid: {} } : { ask: {} }, price: new BN(price), quantity: new BN(quantity), orderType: ioc ? { immediateOrCancel: {} } : { limit: {} }, maxFills: 8 })
          .accountsStrict({ owner: t.kp.publicKey, exchange, market, orderBook: book, position: t.position })
          .remainingAccounts(makers.map((pubkey) => ({ pubkey, isWritable: true, isSigner: false })))
          .instruction(),
      ],
      [t.kp],
    );

  // place_order: 8 fills against 8 makers on a 64-order side.
  const makers = [];
  for (let i = 0; i < 8; i++) makers.push(await trader(10_000_000));
  const filler = await trader(10_000_000);
  for (let i = 0; i < 56; i++) await order(filler, "ask", 1_050 + (i % 40), 1, false);
  for (const [i, m] of makers.entries()) await order(m, "ask", 1_000 + i, 2, false);
  const taker = await trader(10_000_000);
  const fills8 = await order(taker, "bid", 1_010, 16, true, makers.map((m) => m.position));
  const rest = await order(taker, "bid", 990, 1, false);

  // liquidate: the victim has 68 resting orders (60 bids, 8 asks) on a book of 125; all are
  // removed (one pass per side) before 15 lots are transferred.
  const victim = await trader(6_000);
  const liq = await trader(100_000_000);
  const counter = await trader(10_000_000);
  await order(counter, "bid", 1_000, 15, false);
  await order(victim, "ask", 1_000, 15, true, [counter.position]);
  for (let i = 0; i < 60; i++) await order(victim, "bid", 950 + (i % 30), 1, false);
  for (let i = 0; i < 8; i++) await order(victim, "ask", 1_090 + i, 1, false);
  send([await program.methods.setPrice({ price: new BN(1_350) }).accountsStrict({ priceAuthority: admin.publicKey, market }).instruction()]);
  const liquidation = send(
    [
      await program.methods
        .liquidate({ maxQuantity: new BN(1_000) })
        .accountsStrict({ liquidator: liq.kp.publicKey, exchange, market, orderBook: book, position: victim.position, liquidatorPosition: liq.position })
        .instruction(),
    ],
    [liq.kp],
  );
  for (const [what, cu] of [
    ["place_order, 8 fills from 8 makers (IOC)", fills8],
    ["place_order, one resting bid", rest],
    ["liquidate, 68 of the owner's 125 orders", liquidation],
  ] as const) {
    console.log(`${what.padEnd(44)} ${String(cu).padStart(7)} CU  ${(cu / BUDGET).toFixed(3)} of ${BUDGET}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
