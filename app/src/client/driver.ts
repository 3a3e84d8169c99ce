/**
 * The trading driver: markets, funded traders with positions, orders, cancels, price moves and
 * liquidations against any cluster client (the test harness, a dedicated cluster, the demo). It
 * records every signature it sent, in order. Built on ./instructions.ts.
 */
import { BN } from "@coral-xyz/anchor";
import { Keypair, LAMPORTS_PER_SOL, PublicKey } from "@solana/web3.js";
import { fetchBook, makersFor, MAX_FILLS_PER_ORDER } from "./book";
import { createMarketMethod, defaultMarketArgs, ensureExchange } from "./exchange";
import { cancelOrderIx, collateralIx, liquidateIx, openPositionIx, placeOrderIx, setPriceIx } from "./instructions";
import { orderBookPda, positionPda } from "./pdas";
import { LIMIT, type ClusterClient, type CreateMarketArgs, type OrderTypeArg, type RestingOrder } from "./program";
import { airdrop, createTokenAccount, mintTokens } from "./tokens";

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

export interface OrderSpec {
  side: "bid" | "ask";
  price: number | bigint;
  quantity: number | bigint;
  orderType?: OrderTypeArg;
  /** Maker positions to name; default: read from the book (the resting orders it would reach). */
  makers?: PublicKey[];
}

let symbolCounter = 0;

export class TradingDriver {
  /** Every successful signature sent by this driver, in order. */
  readonly signatures: string[] = [];

  private constructor(
    readonly c: ClusterClient,
    readonly quoteMint: PublicKey,
  ) {}

  /** A driver on `c`; initializes the exchange when it does not exist. */
  static async create(c: ClusterClient): Promise<TradingDriver> {
    return new TradingDriver(c, (await ensureExchange(c)).quoteMint);
  }

  private record(sig: string): string {
    this.signatures.push(sig);
    return sig;
  }

  /** A market with the client's wallet as price authority (default symbol `TRD-<pid>-<n>`, price age 1 h). */
  async createMarket(overrides: Partial<CreateMarketArgs> = {}): Promise<MarketHandle> {
    symbolCounter += 1;
    const symbol = `TRD-${process.pid % 1000}-${symbolCounter}`.slice(0, 16);
    const args = defaultMarketArgs(this.c.wallet.publicKey, { symbol, maxPriceAgeSecs: 3_600, ...overrides });
    const { index, market, builder } = await createMarketMethod(this.c, args);
    return { market, book: orderBookPda(market), index, signature: this.record(await builder.rpc()) };
  }

  async setPrice(m: MarketHandle, price: number | bigint): Promise<string> {
    return this.record(await setPriceIx(this.c.program, price, { priceAuthority: this.c.wallet.publicKey, market: m.market }).rpc());
  }

  /** A new wallet with SOL, quote tokens (twice `collateral`), an open position in `m` and `collateral` deposited. */
  async trader(m: MarketHandle, collateral: number | bigint): Promise<Trader> {
    const kp = Keypair.generate();
    await airdrop(this.c.connection, kp.publicKey, 2 * LAMPORTS_PER_SOL);
    const token = await createTokenAccount(this.c.connection, this.c.wallet, this.quoteMint, kp.publicKey);
    // Twice the deposit: the rest stays in the wallet for later deposits.
    await mintTokens(this.c.connection, this.c.wallet, this.quoteMint, token, 2n * BigInt(collateral));
    this.record(await openPositionIx(this.c.program, { owner: kp.publicKey, market: m.market }).signers([kp]).rpc());
    const t = { kp, token, position: positionPda(m.market, kp.publicKey) };
    await this.deposit(m, t, collateral);
    return t;
  }

  async deposit(m: MarketHandle, t: Trader, amount: number | bigint): Promise<string> {
    return this.record(await collateralIx(this.c.program, "deposit", amount, { owner: t.kp.publicKey, market: m.market, userToken: t.token }).signers([t.kp]).rpc());
  }

  /** A limit order naming `makers` (none by default). */
  placeOrder(m: MarketHandle, t: Trader, side: "bid" | "ask", price: number, quantity: number, makers: Trader[] = []): Promise<string> {
    return this.order(m, t, { side, price, quantity, makers: makers.map((mk) => mk.position) });
  }

  /** Any order; the maker positions default to those of the resting orders it would reach. */
  async order(m: MarketHandle, t: Trader, o: OrderSpec): Promise<string> {
    const args = { side: o.side === "bid" ? { bid: {} } : { ask: {} }, price: new BN(o.price.toString()), quantity: new BN(o.quantity.toString()), orderType: o.orderType ?? LIMIT, maxFills: MAX_FILLS_PER_ORDER };
    const makers = o.makers ?? (await makersFor(this.c.program, m.market, args));
    return this.record(await placeOrderIx(this.c.program, args, { owner: t.kp.publicKey, market: m.market, makers }).signers([t.kp]).rpc());
  }

  async cancelOrder(m: MarketHandle, t: Trader, side: "bid" | "ask", orderId: BN | number): Promise<string> {
    const s = side === "bid" ? { bid: {} } : { ask: {} };
    return this.record(await cancelOrderIx(this.c.program, s, orderId, { owner: t.kp.publicKey, market: m.market }).signers([t.kp]).rpc());
  }

  async liquidate(m: MarketHandle, liquidator: Trader, target: Trader | PublicKey, maxQuantity: number | bigint): Promise<string> {
    const position = target instanceof PublicKey ? target : target.position;
    return this.record(await liquidateIx(this.c.program, maxQuantity, { liquidator: liquidator.kp.publicKey, market: m.market, position }).signers([liquidator.kp]).rpc());
  }

  /** The book's resting orders per side, best first. */
  book(m: MarketHandle): Promise<{ bids: RestingOrder[]; asks: RestingOrder[] }> {
    return fetchBook(this.c.program, m.market);
  }
}
