// One end-to-end trading scenario on a new market, reusable by any test that needs real chain
// history (the perps scenario test, the indexer end-to-end test).
//
// API (keep stable):
//   runTradingScenario(ctx: ScenarioContext): Promise<TradingScenario>
//
// Steps, each one confirmed transaction (labels in `transactions[i].label`):
//   create_market                     tick 1, lot 1, taker 10 bps, maker 2 bps, initial 10 %,
//                                     maintenance 5 %, penalty 2.5 %, price age 60 s
//   set_price 1000
//   open_position + deposit           maker 1 000 000, taker 2 000, liquidator 100 000 atoms
//   place_order ×3 (maker)            post-only asks 5 lots at 1000, 1010, 1020 (rest, no event)
//   place_order (taker)               IOC bid 12 lots at 1020: fills 5@1000, 5@1010, 2@1020
//                                     (seq 1..3; 3 × OrderFilled, PositionUpdated ×2)
//   set_price 880                     the taker (long 12, cost 12 090) falls below maintenance
//   liquidate (liquidator, taker, 100) 8 of 12 lots at 880 (the close factor: what restores
//                                     7.5 %), penalty 176 = 88 + 88 (44 of it to the insurance
//                                     fund) (LiquidationExecuted, PositionUpdated ×2,
//                                     InsuranceFundChanged)
//   settle_pnl (maker ← taker)        1 530 atoms (PositionUpdated ×2)
// Before `set_price 880` it checks (without a transaction) that liquidating the healthy taker
// fails with NotLiquidatable. Amounts are exact (see the Rust controller scenario test).
import { BN } from "@coral-xyz/anchor";
import { PublicKey } from "@solana/web3.js";
import { ensureExchange } from "./exchange";
import type { Harness, PerpsEvent } from "./harness";
import {
  ASK,
  BID,
  Conservation,
  conservation,
  createTestMarket,
  expectAnchorError,
  fetchPosition,
  IOC,
  liquidate,
  newTrader,
  placeOrder,
  POST_ONLY,
  PositionAccount,
  setPrice,
  settlePnl,
  TestMarket,
  Trader,
  TxResult,
} from "./trading";

export interface ScenarioContext {
  h: Harness;
  /** Receives one line per step (optional). */
  log?: (line: string) => void;
  /** Market symbol (default `SCEN-PERP`). */
  symbol?: string;
}

export interface ScenarioTrader {
  owner: PublicKey;
  /** PDA `["position", market, owner]`. */
  position: PublicKey;
  positionId: BN;
  /** Quote-mint token account. */
  token: PublicKey;
}

export interface ScenarioTx {
  label: string;
  signature: string;
  slot: number;
  blockTime: number | null;
  /** Decoded events of this transaction, in emission order. */
  events: PerpsEvent[];
}

export interface TradingScenario {
  market: PublicKey;
  orderBook: PublicKey;
  marketIndex: number;
  priceAuthority: PublicKey;
  maker: ScenarioTrader;
  taker: ScenarioTrader;
  liquidator: ScenarioTrader;
  /** The three position accounts: maker, taker, liquidator. */
  positions: PublicKey[];
  /** Every transaction of the scenario, in execution order (create_market first). */
  transactions: ScenarioTx[];
  /** `transactions.map(t => t.signature)`. */
  signatures: string[];
  /** Decoded events per signature (same as `transactions[i].events`). */
  eventsBySignature: Map<string, PerpsEvent[]>;
  /** All events in order, with their transaction and position in its logs. */
  events: { signature: string; index: number; event: PerpsEvent }[];
  /** Sum of the three deposits. Unit: quote atoms. */
  deposits: bigint;
  /** Exchange-wide figures before the first and after the last transaction. */
  before: Conservation;
  after: Conservation;
  /** The three positions after the last transaction. */
  finalPositions: { maker: PositionAccount; taker: PositionAccount; liquidator: PositionAccount };
  /** The market handle, for further transactions. */
  handle: TestMarket;
}

export const SCENARIO_DEPOSITS = { maker: 1_000_000n, taker: 2_000n, liquidator: 100_000n } as const;

function traderOut(t: Trader): ScenarioTrader {
  return { owner: t.owner, position: t.position, positionId: t.positionId, token: t.token };
}

export async function runTradingScenario(ctx: ScenarioContext): Promise<TradingScenario> {
  const { h } = ctx;
  const log = ctx.log ?? (() => undefined);
  const transactions: ScenarioTx[] = [];
  const record = (label: string, r: TxResult) => {
    transactions.push({ label, signature: r.signature, slot: r.slot, blockTime: r.blockTime, events: r.events });
    log(`${label}: ${r.signature} (${r.events.length} events)`);
  };

  await ensureExchange(h);
  const before = await conservation(h);
  const m = await createTestMarket(h, { symbol: ctx.symbol ?? "SCEN-PERP" });
  record("create_market", m.created);
  record("set_price 1000", await setPrice(m, 1_000));

  const maker = await newTrader(m, { name: "maker", deposit: SCENARIO_DEPOSITS.maker });
  const taker = await newTrader(m, { name: "taker", deposit: SCENARIO_DEPOSITS.taker });
  const liquidator = await newTrader(m, { name: "liquidator", deposit: SCENARIO_DEPOSITS.liquidator });
  for (const t of [maker, taker, liquidator]) {
    record(`open_position ${t.name}`, t.setup[0]);
    record(`deposit ${t.name}`, t.setup[1]);
  }

  for (const price of [1_000, 1_010, 1_020]) {
    record(`maker ask 5@${price}`, await placeOrder(m, maker, { side: ASK, price, quantity: 5, orderType: POST_ONLY }));
  }
  record("taker IOC bid 12@1020", await placeOrder(m, taker, { side: BID, price: 1_020, quantity: 12, orderType: IOC }));

  await expectAnchorError(() => liquidate(m, liquidator, taker.position, 100), "NotLiquidatable");
  log("liquidate at 1000: NotLiquidatable (as expected)");

  record("set_price 880", await setPrice(m, 880));
  record("liquidate taker", await liquidate(m, liquidator, taker.position, 100));
  record("settle_pnl maker<-taker", await settlePnl(m, maker.position, taker.position));

  const after = await conservation(h);
  const [pm, pt, pl] = await Promise.all([fetchPosition(m, maker), fetchPosition(m, taker), fetchPosition(m, liquidator)]);
  return {
    market: m.market,
    orderBook: m.orderBook,
    marketIndex: m.index,
    priceAuthority: m.priceAuthority.publicKey,
    maker: traderOut(maker),
    taker: traderOut(taker),
    liquidator: traderOut(liquidator),
    positions: [maker.position, taker.position, liquidator.position],
    transactions,
    signatures: transactions.map((t) => t.signature),
    eventsBySignature: new Map(transactions.map((t) => [t.signature, t.events])),
    events: transactions.flatMap((t) => t.events.map((event, index) => ({ signature: t.signature, index, event }))),
    deposits: SCENARIO_DEPOSITS.maker + SCENARIO_DEPOSITS.taker + SCENARIO_DEPOSITS.liquidator,
    before,
    after,
    finalPositions: { maker: pm, taker: pt, liquidator: pl },
    handle: m,
  };
}
