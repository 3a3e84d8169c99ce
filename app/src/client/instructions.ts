/**
 * One builder per trading instruction: the accounts each one needs, derived from the IDL's PDAs,
 * with overrides for callers that pass other accounts on purpose (the attack tests). Each returns
 * anchor's MethodsBuilder: the caller adds signers and sends (`.rpc()`), or takes `.instruction()`.
 */
import { BN, type Program } from "@coral-xyz/anchor";
import type { PublicKey } from "@solana/web3.js";
import { EXCHANGE_PDA, orderBookPda, positionPda, VAULT_PDA } from "./pdas";
import type { Perps, PlaceOrderArgs, SideArg } from "./program";

type Amount = bigint | number | BN;
const bn = (v: Amount): BN => (BN.isBN(v) ? (v as BN) : new BN(v.toString()));

export function openPositionIx(program: Program<Perps>, a: { owner: PublicKey; market: PublicKey; position?: PublicKey }) {
  return program.methods
    .openPosition()
    .accountsPartial({ owner: a.owner, exchange: EXCHANGE_PDA, market: a.market, position: a.position ?? positionPda(a.market, a.owner) });
}

export interface CollateralAccounts {
  owner: PublicKey;
  market: PublicKey;
  /** The owner's quote token account. */
  userToken: PublicKey;
  position?: PublicKey;
  vault?: PublicKey;
}

/** `deposit` or `withdraw` (same accounts). */
export function collateralIx(program: Program<Perps>, instruction: "deposit" | "withdraw", amount: Amount, a: CollateralAccounts) {
  const args = { amount: bn(amount) };
  const builder = instruction === "deposit" ? program.methods.deposit(args) : program.methods.withdraw(args);
  return builder.accountsPartial({
    owner: a.owner,
    exchange: EXCHANGE_PDA,
    market: a.market,
    position: a.position ?? positionPda(a.market, a.owner),
    userToken: a.userToken,
    vault: a.vault ?? VAULT_PDA,
  });
}

export function setPriceIx(program: Program<Perps>, price: Amount, a: { priceAuthority: PublicKey; market: PublicKey }) {
  return program.methods.setPrice({ price: bn(price) }).accountsPartial({ priceAuthority: a.priceAuthority, market: a.market });
}

/** `place_order`; `makers` are the maker Position accounts the order may fill against (writable). */
export function placeOrderIx(
  program: Program<Perps>,
  args: PlaceOrderArgs,
  a: { owner: PublicKey; market: PublicKey; makers: PublicKey[]; position?: PublicKey; orderBook?: PublicKey },
) {
  return program.methods
    .placeOrder(args)
    .accountsPartial({
      owner: a.owner,
      exchange: EXCHANGE_PDA,
      market: a.market,
      orderBook: a.orderBook ?? orderBookPda(a.market),
      position: a.position ?? positionPda(a.market, a.owner),
    })
    .remainingAccounts(a.makers.map((pubkey) => ({ pubkey, isWritable: true, isSigner: false })));
}

export function cancelOrderIx(
  program: Program<Perps>,
  side: SideArg,
  orderId: Amount,
  a: { owner: PublicKey; market: PublicKey; position?: PublicKey; orderBook?: PublicKey },
) {
  return program.methods.cancelOrder({ side, orderId: bn(orderId) }).accountsPartial({
    owner: a.owner,
    market: a.market,
    orderBook: a.orderBook ?? orderBookPda(a.market),
    position: a.position ?? positionPda(a.market, a.owner),
  });
}

export function liquidateIx(
  program: Program<Perps>,
  maxQuantity: Amount,
  a: { liquidator: PublicKey; market: PublicKey; position: PublicKey; liquidatorPosition?: PublicKey; orderBook?: PublicKey },
) {
  return program.methods.liquidate({ maxQuantity: bn(maxQuantity) }).accountsPartial({
    liquidator: a.liquidator,
    exchange: EXCHANGE_PDA,
    market: a.market,
    orderBook: a.orderBook ?? orderBookPda(a.market),
    position: a.position,
    liquidatorPosition: a.liquidatorPosition ?? positionPda(a.market, a.liquidator),
  });
}

export function settlePnlIx(program: Program<Perps>, a: { market: PublicKey; profitPosition: PublicKey; lossPosition: PublicKey }) {
  return program.methods.settlePnl().accountsPartial(a);
}
