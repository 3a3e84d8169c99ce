/** Reading a market's order book, and the maker positions an order would fill against. */
import { BN, type Program } from "@coral-xyz/anchor";
import type { PublicKey } from "@solana/web3.js";
import { orderBookPda, positionPda } from "./pdas";
import { isBid, type Perps, type PlaceOrderArgs, type RestingOrder } from "./program";

/** Fills one `place_order` may make (the program's limit). */
export const MAX_FILLS_PER_ORDER = 8;

/** The book's active orders per side, best first (at `confirmed`). */
export async function fetchBook(program: Program<Perps>, market: PublicKey): Promise<{ bids: RestingOrder[]; asks: RestingOrder[] }> {
  const book = await program.account.orderBook.fetch(orderBookPda(market), "confirmed");
  return {
    bids: book.bids.orders.slice(0, book.bids.count.toNumber()),
    asks: book.asks.orders.slice(0, book.asks.count.toNumber()),
  };
}

/** Maker positions an order would fill against, best first, distinct (what `place_order` needs). */
export async function makersFor(program: Program<Perps>, market: PublicKey, args: Pick<PlaceOrderArgs, "side" | "price" | "quantity">): Promise<PublicKey[]> {
  const book = await fetchBook(program, market);
  const opposite = isBid(args.side) ? book.asks : book.bids;
  const out: PublicKey[] = [];
  let remaining = args.quantity;
  let fills = 0;
  for (const o of opposite) {
    if (remaining.isZero() || fills >= MAX_FILLS_PER_ORDER) break;
    const crosses = isBid(args.side) ? o.price.lte(args.price) : o.price.gte(args.price);
    if (!crosses) break;
    const pda = positionPda(market, o.owner);
    if (!out.some((p) => p.equals(pda))) out.push(pda);
    remaining = BN.max(new BN(0), remaining.sub(o.quantity));
    fills += 1;
  }
  return out;
}
