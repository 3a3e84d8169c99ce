/**
 * A small trading driver for the indexer tests and the benchmark: markets, funded traders with
 * positions, orders that cross at several prices, price moves and a liquidation, against any
 * cluster handle (the shared harness or a dedicated cluster). Events are decoded with
 * tests/support/events.ts (anchor's EventParser), independently of the indexer's own decoder.
 */
import { BN } from "@coral-xyz/anchor";
import { Keypair, LAMPORTS_PER_SOL, PublicKey } from "@solana/web3.js";
import { decodeEvents, type PerpsEvent } from "./events";
import { EXCHANGE_PDA, VAULT_PDA, createMarketMethod, defaultMarketArgs } from "./exchange";
import type { Harness } from "./harness";
import { airdrop, createQuoteMint, createTokenAccount, mintTokens } from "./tokens";
import { PROGRAM_ID } from "./indexer-fixtures";

const PROGRAM = new PublicKey(PROGRAM_ID);

export interface Trader {
  kp: Keypair;
  token: PublicKey;
  position: PublicKey;
}

export interface MarketHandle {
  market: PublicKey;
  book: PublicKey;
  index: number;
  signature: string;
}

export const positionPda = (market: PublicKey, owner: PublicKey): PublicKey =>
  PublicKey.findProgramAddressSync([Buffer.from("position"), market.toBuffer(), owner.toBuffer()], PROGRAM)[0];
export const bookPda = (market: PublicKey): PublicKey =>
  PublicKey.findProgramAddressSync([Buffer.from("book"), market.toBuffer()], PROGRAM)[0];

const quoteMints = new Map<string, Promise<PublicKey>>();

/** The exchange's quote mint on this cluster; initializes the exchange when it does not exist. */
export function exchangeQuoteMint(h: Harness): Promise<PublicKey> {
  let p = quoteMints.get(h.rpcUrl);
  if (!p) {
    p = (async () => {
      const existing = await h.program.account.exchange.fetchNullable(EXCHANGE_PDA);
      if (existing) return existing.quoteMint;
      const quoteMint = await createQuoteMint(h.connection, h.wallet, 6);
      await h.program.methods.initialize().accounts({ payer: h.wallet.publicKey, admin: h.wallet.publicKey, quoteMint }).rpc();
      return quoteMint;
    })();
    p.catch(() => quoteMints.delete(h.rpcUrl));
    quoteMints.set(h.rpcUrl, p);
  }
  return p;
}

let symbolCounter = 0;

export class TradingDriver {
  /** Every successful signature sent by this driver, in order. */
  readonly signatures: string[] = [];

  private constructor(
    readonly h: Harness,
    readonly quoteMint: PublicKey,
  ) {}

  static async create(h: Harness): Promise<TradingDriver> {
    return new TradingDriver(h, await exchangeQuoteMint(h));
  }

  private record(sig: string): string {
    this.signatures.push(sig);
    return sig;
  }

  async createMarket(): Promise<MarketHandle> {
    symbolCounter += 1;
    const symbol = `TRD-${process.pid % 1000}-${symbolCounter}`.slice(0, 16);
    const { index, market, builder } = await createMarketMethod(this.h, defaultMarketArgs(this.h.wallet.publicKey, { symbol, maxPriceAgeSecs: 3_600 }));
    return { market, book: bookPda(market), index, signature: this.record(await builder.rpc()) };
  }

  async setPrice(m: MarketHandle, price: number): Promise<string> {
    const sig = await this.h.program.methods
      .setPrice({ price: new BN(price) })
      .accountsPartial({ priceAuthority: this.h.wallet.publicKey, market: m.market })
      .rpc();
    return this.record(sig);
  }

  /** A new wallet with SOL, quote tokens, an open position in `m` and `collateral` deposited. */
  async trader(m: MarketHandle, collateral: number): Promise<Trader> {
    const kp = Keypair.generate();
    await airdrop(this.h.connection, kp.publicKey, 2 * LAMPORTS_PER_SOL);
    const token = await createTokenAccount(this.h.connection, this.h.wallet, this.quoteMint, kp.publicKey);
    // Twice the deposit: the rest stays in the wallet for later deposits.
    await mintTokens(this.h.connection, this.h.wallet, this.quoteMint, token, 2n * BigInt(collateral));
    const position = positionPda(m.market, kp.publicKey);
    this.record(
      await this.h.program.methods
        .openPosition()
        .accountsPartial({ owner: kp.publicKey, exchange: EXCHANGE_PDA, market: m.market, position })
        .signers([kp])
        .rpc(),
    );
    const t = { kp, token, position };
    await this.deposit(m, t, collateral);
    return t;
  }

  async deposit(m: MarketHandle, t: Trader, amount: number): Promise<string> {
    const sig = await this.h.program.methods
      .deposit({ amount: new BN(amount) })
      .accountsPartial({ owner: t.kp.publicKey, exchange: EXCHANGE_PDA, market: m.market, position: t.position, userToken: t.token, vault: VAULT_PDA })
      .signers([t.kp])
      .rpc();
    return this.record(sig);
  }

  async placeOrder(m: MarketHandle, t: Trader, side: "bid" | "ask", price: number, quantity: number, makers: Trader[] = []): Promise<string> {
    const sig = await this.h.program.methods
      .placeOrder({
        side: side === "bid" ? { bid: {} } : { ask: {} },
        price: new BN(price),
        quantity: new BN(quantity),
        orderType: { limit: {} },
        maxFills: 8,
      })
      .accountsPartial({ owner: t.kp.publicKey, exchange: EXCHANGE_PDA, market: m.market, orderBook: m.book, position: t.position })
      .remainingAccounts(makers.map((mk) => ({ pubkey: mk.position, isSigner: false, isWritable: true })))
      .signers([t.kp])
      .rpc();
    return this.record(sig);
  }

  async liquidate(m: MarketHandle, liquidator: Trader, target: Trader, maxQuantity: number): Promise<string> {
    const sig = await this.h.program.methods
      .liquidate({ maxQuantity: new BN(maxQuantity) })
      .accountsPartial({
        liquidator: liquidator.kp.publicKey,
        exchange: EXCHANGE_PDA,
        market: m.market,
        orderBook: m.book,
        position: target.position,
        liquidatorPosition: liquidator.position,
      })
      .signers([liquidator.kp])
      .rpc();
    return this.record(sig);
  }

  /** Logs and independently decoded events of each recorded signature. */
  async eventsBySignature(): Promise<Map<string, { slot: number; logs: string[]; events: PerpsEvent[]; truncated: boolean }>> {
    const out = new Map<string, { slot: number; logs: string[]; events: PerpsEvent[]; truncated: boolean }>();
    for (const sig of this.signatures) {
      const tx = await this.h.connection.getTransaction(sig, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
      if (!tx) throw new Error(`transaction ${sig} not found`);
      const logs = tx.meta?.logMessages ?? [];
      const d = decodeEvents(logs);
      out.set(sig, { slot: tx.slot, logs, events: d.events, truncated: d.truncated });
    }
    return out;
  }
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
export async function runTrading(h: Harness, opts: { between?: (step: number, market: MarketHandle) => Promise<void>; driver?: TradingDriver } = {}): Promise<TradingScenario> {
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
