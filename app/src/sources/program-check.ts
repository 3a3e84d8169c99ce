/**
 * Is PROGRAM_ID the perps program? Checked before anything is written for it (chain binding,
 * cursor), so a typo or a wrong-but-valid id (e.g. the SPL Token program) is refused with a named
 * error instead of "succeeding" with an empty or foreign index.
 *
 * The rule, from what any RPC node serves:
 *  1. the account exists and is executable (a program);
 *  2. if the exchange PDA `["exchange"]` of that program exists, it is owned by the program and
 *     starts with the IDL's `Exchange` account discriminator;
 *  3. if it does not exist, the program has no successful transaction yet: every successful
 *     perps instruction needs the exchange (`initialize` creates it), so a program with history
 *     but no exchange is another program. A fresh deployment (no history) is accepted.
 * It catches mistakes, not impostors: another Anchor program with an `Exchange` account at
 * `["exchange"]` would pass, and its events would become dead letters.
 */
import { PublicKey, type Connection, type Finality } from "@solana/web3.js";
import { PERPS_IDL } from "../idl";
import { withRetry } from "./rpc";

/** PROGRAM_ID does not name the perps program on this cluster. */
export class ForeignProgramError extends Error {
  override readonly name = "ForeignProgram";
}

const EXCHANGE_DISCRIMINATOR = Buffer.from((PERPS_IDL.accounts ?? []).find((a) => a.name === "Exchange")?.discriminator ?? []);

export async function checkProgram(connection: Connection, programId: PublicKey, commitment: Finality): Promise<void> {
  const id = programId.toBase58();
  const account = await withRetry(() => connection.getAccountInfo(programId, commitment));
  if (!account) throw new ForeignProgramError(`program ${id} does not exist on this cluster (no account): check PROGRAM_ID and RPC_URL`);
  if (!account.executable) throw new ForeignProgramError(`${id} is not a program (its account is not executable): check PROGRAM_ID`);
  const [exchange] = PublicKey.findProgramAddressSync([Buffer.from("exchange")], programId);
  const ex = await withRetry(() => connection.getAccountInfo(exchange, commitment));
  if (ex) {
    if (!ex.owner.equals(programId) || !ex.data.subarray(0, 8).equals(EXCHANGE_DISCRIMINATOR)) {
      throw new ForeignProgramError(`program ${id} is not the perps program: its ["exchange"] account ${exchange.toBase58()} is not a perps Exchange`);
    }
    return;
  }
  const recent = await withRetry(() => connection.getSignaturesForAddress(programId, { limit: 100 }, commitment));
  if (recent.some((s) => s.err === null)) {
    throw new ForeignProgramError(
      `program ${id} is not the perps program: it has successful transactions but no perps exchange account (["exchange"] = ${exchange.toBase58()})`,
    );
  }
}
