// Lamports and SPL Token helpers: airdrops, the quote mint, token accounts, minting.
import {
  createMint,
  getAccount,
  getOrCreateAssociatedTokenAccount,
  mintTo,
  TOKEN_PROGRAM_ID,
} from "@solana/spl-token";
import { Connection, Keypair, PublicKey, TransactionSignature } from "@solana/web3.js";

export { getAccount, getMint, TOKEN_PROGRAM_ID } from "@solana/spl-token";

/** Airdrops `lamports` to `to` and waits until the airdrop is confirmed. */
export async function airdrop(
  connection: Connection,
  to: PublicKey,
  lamports: number,
): Promise<TransactionSignature> {
  const signature = await connection.requestAirdrop(to, lamports);
  const latest = await connection.getLatestBlockhash("confirmed");
  const { value } = await connection.confirmTransaction({ signature, ...latest }, "confirmed");
  if (value.err) throw new Error(`airdrop ${signature} failed: ${JSON.stringify(value.err)}`);
  return signature;
}

/** A new SPL Token mint (default: 6 decimals, `payer` as mint authority, no freeze authority). */
export function createQuoteMint(
  connection: Connection,
  payer: Keypair,
  decimals = 6,
  authority: PublicKey = payer.publicKey,
): Promise<PublicKey> {
  return createMint(connection, payer, authority, null, decimals, undefined, { commitment: "confirmed" }, TOKEN_PROGRAM_ID);
}

/** The owner's associated token account for `mint`, created if missing. */
export async function createTokenAccount(
  connection: Connection,
  payer: Keypair,
  mint: PublicKey,
  owner: PublicKey,
): Promise<PublicKey> {
  const account = await getOrCreateAssociatedTokenAccount(connection, payer, mint, owner, false, "confirmed");
  return account.address;
}

/** Mints `amount` atoms of `mint` to `destination`; returns the new token balance. */
export async function mintTokens(
  connection: Connection,
  payer: Keypair,
  mint: PublicKey,
  destination: PublicKey,
  amount: bigint,
  authority: Keypair = payer,
): Promise<bigint> {
  await mintTo(connection, payer, mint, destination, authority, amount, [], { commitment: "confirmed" });
  return (await getAccount(connection, destination, "confirmed")).amount;
}
