/**
 * The API tests' risk-model scenario (issue 9) on a cluster handle, with the trading helpers of
 * tests/support/trading.ts (the same sequence tests/indexer.risk.test.ts uses for its liquidation
 * and bankruptcy): one market where an order is cancelled by its owner and one pruned outside the
 * price band, a liquidation pays the insurance fund its penalty share, and a price gap leaves a
 * position bankrupt (the fund pays, the rest is socialised); then admin actions on the market
 * (parameters, price authority) and on the exchange (an admin proposal).
 */
import { Keypair } from "@solana/web3.js";
import { marketParamsOf, proposeAdmin, setPriceAuthority, updateMarketParams } from "./admin";
import type { LocalnetHandle } from "./harness";
import {
  ASK,
  BID,
  cancelOrder,
  createTestMarket,
  fetchMarket,
  IOC,
  liquidate,
  newTrader,
  placeOrder,
  POST_ONLY,
  pruneOrders,
  setPrice,
  type TestMarket,
  type Trader,
  type TxResult,
} from "./trading";

export interface RiskScenario {
  market: TestMarket;
  /** Rests the asks; one cancelled by itself, one pruned. */
  seller: Trader;
  /** The position that went bankrupt. */
  bankrupt: Trader;
  /** Every program transaction of the scenario, in the order sent (each confirmed before the next). */
  signatures: string[];
}

export async function runRiskScenario(h: LocalnetHandle): Promise<RiskScenario> {
  const txs: TxResult[] = [];
  const rec = async <T extends TxResult>(p: Promise<T>): Promise<T> => {
    const r = await p;
    txs.push(r);
    return r;
  };
  const trader = async (m: TestMarket, name: string, deposit: number): Promise<Trader> => {
    const t = await newTrader(m, { name, deposit });
    txs.push(...t.setup);
    return t;
  };

  const m = await createTestMarket(h, { symbol: "RISK-PERP" });
  txs.push(m.created);
  await rec(setPrice(m, 1_000));
  const longs = await trader(m, "L", 2_000);
  const poor = await trader(m, "P", 991);
  const seller = await trader(m, "S", 1_000_000);
  const keeper = await trader(m, "K", 1_000_000);

  // Cancelled by its owner.
  const own = await rec(placeOrder(m, seller, { side: ASK, price: 1_050, quantity: 2, orderType: POST_ONLY }));
  await rec(cancelOrder(m, seller, ASK, own.orderId));
  // 12 of 15 lots fill; the 3 left at 1,020 fall outside the band when the mark drops to 880 and are pruned.
  for (const price of [1_000, 1_010, 1_020]) await rec(placeOrder(m, seller, { side: ASK, price, quantity: 5, orderType: POST_ONLY }));
  await rec(placeOrder(m, longs, { side: BID, price: 1_020, quantity: 12, orderType: IOC }));
  await rec(setPrice(m, 880));
  await rec(pruneOrders(m, [seller.owner]));
  // A liquidation with a penalty (the insurance fund's share), then a gap that leaves `poor` bankrupt.
  await rec(liquidate(m, keeper, longs.position, 100));
  await rec(setPrice(m, 1_000));
  await rec(placeOrder(m, seller, { side: ASK, price: 1_000, quantity: 9, orderType: POST_ONLY }));
  await rec(placeOrder(m, poor, { side: BID, price: 1_000, quantity: 9, orderType: IOC }));
  await rec(setPrice(m, 800));
  await rec(liquidate(m, keeper, poor.position, 100));

  // Admin actions: two on the market, one exchange-wide (a proposal nobody accepts).
  const admin = h.wallet;
  await rec(updateMarketParams(m, admin, { ...marketParamsOf(await fetchMarket(m)), takerFeeBps: 12 }));
  await rec(setPriceAuthority(m, admin, Keypair.generate().publicKey));
  await rec(proposeAdmin(h, admin, Keypair.generate().publicKey));

  return { market: m, seller, bankrupt: poor, signatures: txs.map((t) => t.signature) };
}
