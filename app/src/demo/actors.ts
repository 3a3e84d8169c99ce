/**
 * What each demo participant does in one step, on the program client's driver. Every step sends
 * at most a few transactions and returns how many; failures are thrown (the loop counts them).
 */
import type { MarketHandle, Trader, TradingDriver } from "../client/driver";
import { IOC, POST_ONLY, type RestingOrder } from "../client/program";
import type { PriceWalk } from "./price-walk";
import type { Random } from "./random";

export interface DemoMarket {
  symbol: string;
  handle: MarketHandle;
  walk: PriceWalk;
  maker: Trader;
  takers: Trader[];
  liquidator: Trader;
}

/** Resting orders a market maker keeps per side at most. */
export const MAKER_LEVELS = 6;

/** The feed: one step of the walk, sent as `set_price`. */
export async function feedStep(d: TradingDriver, m: DemoMarket): Promise<number> {
  await d.setPrice(m.handle, m.walk.step());
  return 1;
}

const mine = (orders: RestingOrder[], t: Trader): RestingOrder[] => orders.filter((o) => o.owner.equals(t.kp.publicKey));

/**
 * The market maker: tops a side up to MAKER_LEVELS post-only quotes 1–5 ticks from the mark
 * (never crossing the other side), or, with both sides full, cancels its quote farthest from
 * the mark so the book follows the price.
 */
export async function makerStep(d: TradingDriver, m: DemoMarket, rng: Random): Promise<number> {
  const book = await d.book(m.handle);
  const mark = m.walk.current;
  const tick = m.walk.params.tick;
  const bids = mine(book.bids, m.maker);
  const asks = mine(book.asks, m.maker);
  const side: "bid" | "ask" = bids.length < asks.length ? "bid" : asks.length < bids.length ? "ask" : rng.chance(0.5) ? "bid" : "ask";
  const own = side === "bid" ? bids : asks;
  if (own.length >= MAKER_LEVELS) {
    const farthest = own.reduce((a, b) => (Math.abs(b.price.toNumber() - mark) > Math.abs(a.price.toNumber() - mark) ? b : a));
    await d.cancelOrder(m.handle, m.maker, side, farthest.orderId);
    return 1;
  }
  const offset = rng.int(1, 5) * tick;
  let price = side === "bid" ? mark - offset : mark + offset;
  // Post-only must not cross: stay a tick inside the other side's best.
  const bestAsk = book.asks[0]?.price.toNumber();
  const bestBid = book.bids[0]?.price.toNumber();
  if (side === "bid" && bestAsk !== undefined) price = Math.min(price, bestAsk - tick);
  if (side === "ask" && bestBid !== undefined) price = Math.max(price, bestBid + tick);
  if (price < tick) return 0;
  await d.order(m.handle, m.maker, { side, price, quantity: rng.int(1, 6), orderType: POST_ONLY, makers: [] });
  return 1;
}

/** A taker: an immediate-or-cancel order of 1–5 lots through the best level of a random side. */
export async function takerStep(d: TradingDriver, m: DemoMarket, taker: Trader, rng: Random): Promise<number> {
  const book = await d.book(m.handle);
  const side: "bid" | "ask" = rng.chance(0.5) ? "bid" : "ask";
  const best = side === "bid" ? book.asks[0] : book.bids[0];
  if (!best || best.owner.equals(taker.kp.publicKey)) return 0;
  const tick = m.walk.params.tick;
  const slip = rng.int(0, 2) * tick;
  const price = side === "bid" ? best.price.toNumber() + slip : Math.max(tick, best.price.toNumber() - slip);
  await d.order(m.handle, taker, { side, price, quantity: rng.int(1, 5), orderType: IOC });
  return 1;
}

/**
 * An occasional liquidation: a new trader deposits about 12 % of the notional it then buys
 * (≈ 8× leverage, just above the 10 % initial margin), the mark drops to just below where its
 * equity falls under maintenance, and the market's liquidator takes the position over.
 * Returns the transactions sent (0 when the book had nothing to buy).
 */
export async function liquidationStep(d: TradingDriver, m: DemoMarket, rng: Random): Promise<{ sent: number; liquidated: boolean }> {
  const book = await d.book(m.handle);
  const asks = book.asks.filter((o) => !o.owner.equals(m.liquidator.kp.publicKey));
  if (asks.length === 0) return { sent: 0, liquidated: false };
  const quantity = Math.max(1, Math.min(10, asks.reduce((n, o) => n + o.quantity.toNumber(), 0)));
  const limit = asks[Math.min(asks.length, 8) - 1].price.toNumber();
  const collateral = Math.ceil((quantity * limit * 12) / 100);
  const gambler = await d.trader(m.handle, collateral);
  let sent = 5; // airdrop, token account, mint, open_position, deposit
  await d.order(m.handle, gambler, { side: "bid", price: limit, quantity, orderType: IOC });
  sent += 1;
  const p = await d.c.program.account.position.fetch(gambler.position, "confirmed");
  const size = p.size.toNumber();
  if (size <= 0) return { sent, liquidated: false };
  // equity(P) = collateral + realized + size·P − cost; maintenance = mm·size·P: below it when
  // P < (cost − collateral − realized) / (size·(1 − mm)). Aim 2 % under that bound.
  const market = await d.c.program.account.market.fetch(m.handle.market, "confirmed");
  const mm = market.maintenanceMarginBps / 10_000;
  const equityBase = p.collateral.toNumber() + p.realizedPnl.toNumber() - p.costBasis.toNumber();
  const bound = -equityBase / (size * (1 - mm));
  const crash = m.walk.jump(Math.min(m.walk.current * (1 - 0.01 * rng.int(1, 3)), bound * 0.98));
  await d.setPrice(m.handle, crash);
  sent += 1;
  await d.liquidate(m.handle, m.liquidator, gambler, size);
  sent += 1;
  return { sent, liquidated: true };
}
