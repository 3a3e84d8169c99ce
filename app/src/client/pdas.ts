/** The program's addresses (seeds as in programs/perps/src/accounts_ix). */
import { PublicKey } from "@solana/web3.js";
import { PROGRAM_ID } from "./program";

export const [EXCHANGE_PDA] = PublicKey.findProgramAddressSync([Buffer.from("exchange")], PROGRAM_ID);
export const [VAULT_PDA] = PublicKey.findProgramAddressSync([Buffer.from("vault"), EXCHANGE_PDA.toBuffer()], PROGRAM_ID);

/** PDA `["market", exchange, index as u16 LE]`. */
export function marketPda(index: number): PublicKey {
  const le = Buffer.alloc(2);
  le.writeUInt16LE(index);
  return PublicKey.findProgramAddressSync([Buffer.from("market"), EXCHANGE_PDA.toBuffer(), le], PROGRAM_ID)[0];
}

/** PDA `["book", market]`. */
export function orderBookPda(market: PublicKey): PublicKey {
  return PublicKey.findProgramAddressSync([Buffer.from("book"), market.toBuffer()], PROGRAM_ID)[0];
}

/** PDA `["position", market, owner]`. */
export function positionPda(market: PublicKey, owner: PublicKey): PublicKey {
  return PublicKey.findProgramAddressSync([Buffer.from("position"), market.toBuffer(), owner.toBuffer()], PROGRAM_ID)[0];
}
