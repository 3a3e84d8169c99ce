/**
 * The indexer tests' and the benchmark's trading scenario on the program client's driver
 * (app/src/client/driver.ts), against any cluster handle (the shared harness or a dedicated
 * cluster), and each recorded transaction's events decoded with tests/support/events.ts (anchor's
 * EventParser), independently of the indexer's own decoder.
 */
import { TradingDriver, type MarketHandle, type Trader } from "../../app/src/client/driver";
import type { Connection } from "@solana/web3.js";
import type { ClusterClient } from "../../app/src/client/program";
import { decodeEvents, type PerpsEvent } from "./events";

export { TradingDriver, type MarketHandle, type Trader } from "../../app/src/client/driver";

export interface RecordedTx {
  slot: number;
  logs: string[];
  events: PerpsEvent[];
  truncated: boolean;
}

/** Logs and independently decoded events of each signature `driver` recorded, in order. */
export function eventsBySignature(driver: TradingDriver): Promise<Map<string, RecordedTx>> {
  return eventsOfSignatures(driver.c.connection, driver.signatures);
}

/** Each of `signatures`' slot, logs and decoded events (at `confirmed`). */
export async function eventsOfSignatures(connection: Connection, signatures: string[]): Promise<Map<string, RecordedTx>> {
  const out = new Map<string, RecordedTx>();
  for (const sig of signatures) {
    const tx = await connection.getTransaction(sig, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
    if (!tx) throw new Error(`transaction ${sig} not found`);
    const logs = tx.meta?.logMessages ?? [];
    const d = decodeEvents(logs);
    out.set(sig, { slot: tx.slot, logs, events: d.events, truncated: d.truncated });
  }
  return out;
}

export interface TradingScenario {
  driver: TradingDriver;
  market: MarketHandle;
  maker: Trader;
  taker: Trader;
  liquidator: Trader;
  /** Signatures of the place_order calls that filled and of the liquidation. */
  fillSignatures: string[];
  liquidationSignature: string;
}

export const BASE_PRICE = 1_000_000;

/**
 * Maker rests asks at several prices, the taker lifts them (several fills per order), the mark
 * moves up then down, the taker's long becomes liquidatable and a third account liquidates it.
 * `between` runs after each step (e.g. to kill the indexer mid-stream).
 */
export async function runTrading(h: ClusterClient, opts: { between?: (step: number, market: MarketHandle) => Promise<void>; driver?: TradingDriver } = {}): Promise<TradingScenario> {
  const driver = opts.driver ?? (await TradingDriver.create(h));
  const between = opts.between ?? (async () => undefined);
  const market = await driver.createMarket();
  await driver.setPrice(market, BASE_PRICE);
  const maker = await driver.trader(market, 1_000_000_000);
  const taker = await driver.trader(market, 8_000_000);
  const liquidator = await driver.trader(market, 1_000_000_000);
  await between(0, market);
  const fillSignatures: string[] = [];
  // Round 1: three asks, one bid crossing all of them (3 fills).
  await driver.placeOrder(market, maker, "ask", BASE_PRICE, 10);
  await driver.placeOrder(market, maker, "ask", BASE_PRICE + 1_000, 10);
  await driver.placeOrder(market, maker, "ask", BASE_PRICE + 2_000, 10);
  fillSignatures.push(await driver.placeOrder(market, taker, "bid", BASE_PRICE + 2_000, 25, [maker]));
  await between(1, market);
  // Price moves up; round 2 at a higher price (the remaining 5 lots at +2000 and two new asks).
  await driver.setPrice(market, BASE_PRICE + 5_000);
  await driver.placeOrder(market, maker, "ask", BASE_PRICE + 5_000, 10);
  fillSignatures.push(await driver.placeOrder(market, taker, "bid", BASE_PRICE + 5_000, 15, [maker]));
  await between(2, market);
  // The taker sells a little back into a maker bid (fill with the taker on the ask side).
  await driver.placeOrder(market, maker, "bid", BASE_PRICE + 3_000, 5);
  fillSignatures.push(await driver.placeOrder(market, taker, "ask", BASE_PRICE + 3_000, 5, [maker]));
  await between(3, market);
  // The mark falls: the taker's 35-lot long (~35 M notional, 8 M collateral) goes under maintenance.
  await driver.setPrice(market, BASE_PRICE - 200_000);
  const liquidationSignature = await driver.liquidate(market, liquidator, taker, 1_000);
  await between(4, market);
  return { driver, market, maker, taker, liquidator, fillSignatures, liquidationSignature };
}
