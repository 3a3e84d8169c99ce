/** The demo's markets: created when absent (found by symbol otherwise), with realistic units. */
import { BN } from "@coral-xyz/anchor";
import type { TradingDriver, MarketHandle } from "../client/driver";
import { EXCHANGE_PDA, marketPda, orderBookPda } from "../client/pdas";

export interface DemoMarketSpec {
  symbol: string;
  /** Quote atoms (6 decimals) per base lot. */
  basePrice: number;
  tickSize: number;
  baseLotSize: number;
  baseDecimals: number;
}

/** SOL at $150 (lot 0.01 SOL), BTC at $60,000 (lot 0.0001 BTC), ETH at $3,000 (lot 0.001 ETH). */
export const DEMO_MARKETS: readonly DemoMarketSpec[] = [
  { symbol: "SOL-PERP", basePrice: 1_500_000, tickSize: 1_000, baseLotSize: 10_000_000, baseDecimals: 9 },
  { symbol: "BTC-PERP", basePrice: 6_000_000, tickSize: 10_000, baseLotSize: 10_000, baseDecimals: 8 },
  { symbol: "ETH-PERP", basePrice: 3_000_000, tickSize: 1_000, baseLotSize: 1_000_000, baseDecimals: 9 },
];

const symbolOf = (bytes: number[]): string => Buffer.from(bytes).toString("utf8").replace(/\0+$/, "");

/** The market with `spec.symbol` whose price authority is the driver's wallet, created if there is none. */
export async function ensureMarket(driver: TradingDriver, spec: DemoMarketSpec): Promise<{ handle: MarketHandle; created: boolean; mark: number }> {
  const { program, wallet } = driver.c;
  const exchange = await program.account.exchange.fetch(EXCHANGE_PDA, "confirmed");
  for (let index = 0; index < exchange.marketCount; index++) {
    const market = marketPda(index);
    const m = await program.account.market.fetch(market, "confirmed");
    if (symbolOf(m.symbol) === spec.symbol && m.priceAuthority.equals(wallet.publicKey)) {
      return { handle: { market, book: orderBookPda(market), index, signature: "" }, created: false, mark: m.markPrice.toNumber() };
    }
  }
  const handle = await driver.createMarket({
    symbol: spec.symbol,
    tickSize: new BN(spec.tickSize),
    baseLotSize: new BN(spec.baseLotSize),
    baseDecimals: spec.baseDecimals,
  });
  return { handle, created: true, mark: 0 };
}
