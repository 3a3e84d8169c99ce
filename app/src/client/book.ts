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

/** Book side capacity (`BOOK_SIDE_CAPACITY` in the program). */
export const BOOK_SIDE_CAPACITY = 64;

/** Maker positions an order would reach, best first, distinct (what `place_order` needs): the
 *  owners of the crossing opposite orders (up to `maxFills` fills, default the program's limit),
 *  and the owner of the worst order of the order's own side when that side is full and the order
 *  is better (it evicts that order). */
export async function makersFor(
  program: Program<Perps>,
  market: PublicKey,
  args: Pick<PlaceOrderArgs, "side" | "price" | "quantity"> & { maxFills?: number },
): Promise<PublicKey[]> {
  const book = await fetchBook(program, market);
  const bid = isBid(args.side);
  const opposite = bid ? book.asks : book.bids;
  const maxFills = args.maxFills ?? MAX_FILLS_PER_ORDER;
  const out: PublicKey[] = [];
  const add = (owner: PublicKey) => {
    const pda = positionPda(market, owner);
    if (!out.some((p) => p.equals(pda))) out.push(pda);
  };
  let remaining = args.quantity;
  let fills = 0;
  for (const o of opposite) {
    if (remaining.isZero() || fills >= maxFills) break;
    const crosses = bid ? o.price.lte(args.price) : o.price.gte(args.price);
    if (!crosses) break;
    add(o.owner);
    remaining = BN.max(new BN(0), remaining.sub(o.quantity));
    fills += 1;
  }
  const own = bid ? book.bids : book.asks;
  const worst = own[own.length - 1];
  if (own.length >= BOOK_SIDE_CAPACITY && worst && (bid ? args.price.gt(worst.price) : args.price.lt(worst.price))) add(worst.owner);
  return out;
}
