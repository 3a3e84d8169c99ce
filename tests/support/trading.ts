// Typed helpers over `Program<Perps>` for trading tests: a market with its price authority,
// traders (wallet + quote tokens + position + collateral), every trading instruction, account
// fetchers, and each transaction's decoded events.
//
// Every helper that sends a transaction returns a `TxResult`: the signature, its slot and block
// time, its logs and the events decoded from them (failing if any program data line does not
// decode). Transactions go through the harness's AnchorProvider at `confirmed`, so a failing
// instruction throws the `AnchorError` from preflight (see `expectAnchorError`).
import { AnchorError, BN } from "@coral-xyz/anchor";
import { Keypair, LAMPORTS_PER_SOL, PublicKey, Transaction } from "@solana/web3.js";
import { expect } from "chai";
import { fetchBook as fetchBookOf, makersFor as makersOf } from "../../app/src/client/book";
import { cancelOrderIx, collateralIx, liquidateIx, openPositionIx, placeOrderIx, setPriceIx, settlePnlIx } from "../../app/src/client/instructions";
import { EXCHANGE_PDA, orderBookPda, positionPda, VAULT_PDA } from "../../app/src/client/pdas";
import {
  LIMIT,
  type CreateMarketArgs,
  type ExchangeAccount,
  type MarketAccount,
  type OrderTypeArg,
  type PlaceOrderArgs,
  type PositionAccount,
  type RestingOrder,
  type SideArg,
} from "../../app/src/client/program";
import { createTokenAccount, getAccount, mintTokens } from "../../app/src/client/tokens";
import { createMarketMethod, defaultMarketArgs, ensureExchange, ExchangeInfo } from "./exchange";
import { airdrop, decodeEvents, Harness, IDL, PerpsEvent, PROGRAM_ID } from "./harness";

export type { CreateMarketArgs } from "./exchange";
export {
  ASK,
  BID,
  IOC,
  isBid,
  LIMIT,
  POST_ONLY,
  type ExchangeAccount,
  type MarketAccount,
  type OrderBookAccount,
  type OrderTypeArg,
  type PlaceOrderArgs,
  type PositionAccount,
  type RestingOrder,
  type SideArg,
} from "../../app/src/client/program";
export { orderBookPda, positionPda } from "../../app/src/client/pdas";

/** Event payload of one IDL event name. */
export type EventOf<N extends PerpsEvent["name"]> = Extract<PerpsEvent, { name: N }>["data"];

/** A confirmed transaction of the perps program and what it emitted. */
export interface TxResult {
  signature: string;
  slot: number;
  /** Block time (Unix seconds) reported by `getTransaction`. */
  blockTime: number | null;
  logs: string[];
  /** Events decoded from the logs, in emission order. */
  events: PerpsEvent[];
  /** `meta.computeUnitsConsumed` (null where the cluster does not report it). */
  computeUnits: number | null;
}

/** A market created for one test file (or one test). */
export interface TestMarket {
  h: Harness;
  ex: ExchangeInfo;
  market: PublicKey;
  orderBook: PublicKey;
  index: number;
  /** Signs `set_price`. Fees are paid by the harness wallet. */
  priceAuthority: Keypair;
  args: CreateMarketArgs;
  created: TxResult;
}

/** A wallet with quote tokens and a position in one market. */
export interface Trader {
  name: string;
  keypair: Keypair;
  owner: PublicKey;
  /** PDA `["position", market, owner]`. */
  position: PublicKey;
  /** Associated token account of the quote mint. */
  token: PublicKey;
  positionId: BN;
  /** `open_position`, then `deposit` (if any), in order. */
  setup: TxResult[];
}

/** `defaultMarketArgs` with tick 1 and lot 1 (prices and notionals in plain quote atoms) and
 *  symbol TEST-PERP; taker 10 bps, maker 2 bps, initial 10 %, maintenance 5 %, penalty 2.5 %,
 *  price age 60 s, band 10 %, minimum notional 100, 128 orders per position. */
export function marketArgs(priceAuthority: PublicKey, overrides: Partial<CreateMarketArgs> = {}): CreateMarketArgs {
  return defaultMarketArgs(priceAuthority, { symbol: "TEST-PERP", tickSize: new BN(1), baseLotSize: new BN(1), ...overrides });
}

/** Sends through `.rpc()` (preflight at `confirmed`), then reads the confirmed transaction and
 *  decodes its events. Fails the test if a program data line does not decode or logs are cut. */
export async function execute(h: Harness, builder: { rpc(): Promise<string> }): Promise<TxResult> {
  const signature = await builder.rpc();
  return readTx(h, signature);
}

export async function readTx(h: Harness, signature: string): Promise<TxResult> {
  const tx = await h.connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
  if (!tx) throw new Error(`transaction ${signature} not found at confirmed`);
  if (tx.meta?.err) throw new Error(`transaction ${signature} failed: ${JSON.stringify(tx.meta.err)}`);
  const logs = tx.meta?.logMessages ?? [];
  const decoded = decodeEvents(logs);
  expect(decoded.undecoded, `undecoded program data in ${signature}`).to.deep.equal([]);
  expect(decoded.truncated, `logs of ${signature} truncated`).to.equal(false);
  const computeUnits = tx.meta?.computeUnitsConsumed ?? null;
  return { signature, slot: tx.slot, blockTime: tx.blockTime ?? null, logs, events: decoded.events, computeUnits };
}

// Markets are PDAs of their index, which must be the exchange's market count: create them one at a time.
let marketQueue: Promise<unknown> = Promise.resolve();

/** Ensures the exchange, then lists a market (admin = the harness wallet) with `marketArgs`. */
export function createTestMarket(h: Harness, overrides: Partial<CreateMarketArgs> = {}): Promise<TestMarket> {
  const next = marketQueue.then(async () => {
    const ex = await ensureExchange(h);
    const priceAuthority = Keypair.generate();
    const args = marketArgs(priceAuthority.publicKey, overrides);
    const { index, market, builder } = await createMarketMethod(h, args);
    const created = await execute(h, builder);
    return { h, ex, market, orderBook: orderBookPda(market), index, priceAuthority, args, created };
  });
  marketQueue = next.catch(() => undefined);
  return next;
}

/** A new wallet with SOL, `mint` quote atoms in its token account, a position in `m` and
 *  `deposit` atoms of collateral (no deposit when 0). */
export async function newTrader(
  m: TestMarket,
  opts: { name?: string; mint?: bigint | number; deposit?: bigint | number; keypair?: Keypair } = {},
): Promise<Trader> {
  const { h } = m;
  // A fixed keypair gives a fixed position PDA (and so a fixed bump search), e.g. for benchmarks.
  const keypair = opts.keypair ?? Keypair.generate();
  const owner = keypair.publicKey;
  const deposit = BigInt(opts.deposit ?? 0);
  const mint = BigInt(opts.mint ?? deposit);
  // The airdrop and the token account (paid by the harness wallet) do not depend on each other.
  const fundToken = async () => {
    const token = await createTokenAccount(h.connection, h.wallet, m.ex.quoteMint, owner);
    if (mint > 0n) await mintTokens(h.connection, h.wallet, m.ex.quoteMint, token, mint);
    return token;
  };
  const [token] = await Promise.all([fundToken(), airdrop(h.connection, owner, LAMPORTS_PER_SOL)]);
  const position = positionPda(m.market, owner);
  const trader: Trader = { name: opts.name ?? owner.toBase58().slice(0, 6), keypair, owner, position, token, positionId: new BN(0), setup: [] };
  trader.setup.push(await openPosition(m, trader));
  trader.positionId = (await fetchPosition(m, trader)).positionId;
  if (deposit > 0n) trader.setup.push(await depositCollateral(m, trader, deposit));
  return trader;
}

export function openPosition(m: TestMarket, t: { keypair: Keypair }): Promise<TxResult> {
  return execute(m.h, openPositionIx(m.h.program, { owner: t.keypair.publicKey, market: m.market }).signers([t.keypair]));
}

export function depositCollateral(
  m: TestMarket,
  t: Trader,
  amount: bigint | number | BN,
  overrides: { userToken?: PublicKey; vault?: PublicKey; position?: PublicKey } = {},
): Promise<TxResult> {
  return moveCollateral("deposit", m, t, amount, overrides);
}

export function withdrawCollateral(
  m: TestMarket,
  t: Trader,
  amount: bigint | number | BN,
  overrides: { userToken?: PublicKey; position?: PublicKey } = {},
): Promise<TxResult> {
  return moveCollateral("withdraw", m, t, amount, overrides);
}

/** `deposit` or `withdraw` (same accounts), signed by the trader; `overrides` replace accounts. */
function moveCollateral(
  instruction: "deposit" | "withdraw",
  m: TestMarket,
  t: Trader,
  amount: bigint | number | BN,
  overrides: { userToken?: PublicKey; vault?: PublicKey; position?: PublicKey },
): Promise<TxResult> {
  const accounts = {
    owner: t.owner,
    market: m.market,
    position: overrides.position ?? t.position,
    userToken: overrides.userToken ?? t.token,
    vault: overrides.vault ?? VAULT_PDA,
  };
  return execute(m.h, collateralIx(m.h.program, instruction, amount, accounts).signers([t.keypair]));
}

export function setPrice(m: TestMarket, price: bigint | number | BN, signer: Keypair = m.priceAuthority): Promise<TxResult> {
  return execute(m.h, setPriceIx(m.h.program, price, { priceAuthority: signer.publicKey, market: m.market }).signers([signer]));
}

export interface PlaceOrderResult extends TxResult {
  /** The id the order got (`market.next_order_id` before the transaction). */
  orderId: BN;
  /** The maker positions passed in `remaining_accounts`. */
  makers: PublicKey[];
}

/** Most fills one `place_order` may make (`MAX_FILLS_PER_ORDER`), the default fill limit. */
export const MAX_FILLS = 8;

/**
 * Places an order for `t`. `makers` (maker Position accounts, writable) defaults to the positions
 * of the owners of the resting opposite orders the order would reach (at most `maxFills` fills),
 * plus the owner of the worst order of the order's own side when that side is full (so a better
 * order can evict it), read from the book just before sending; pass `[]` to name none.
 */
export async function placeOrder(
  m: TestMarket,
  t: Trader,
  order: { side: SideArg; price: bigint | number | BN; quantity: bigint | number | BN; orderType?: OrderTypeArg; maxFills?: number },
  makers?: PublicKey[],
): Promise<PlaceOrderResult> {
  const args = orderArgs(order);
  const { nextOrderId } = await fetchMarket(m);
  const names = makers ?? (await makersFor(m, args));
  const accounts = { owner: t.owner, market: m.market, orderBook: m.orderBook, position: t.position, makers: names };
  const result = await execute(m.h, placeOrderIx(m.h.program, args, accounts).signers([t.keypair]));
  return { ...result, orderId: nextOrderId, makers: names };
}

/** `place_order` arguments (a LIMIT order unless `orderType` says otherwise). */
export function orderArgs(order: { side: SideArg; price: bigint | number | BN; quantity: bigint | number | BN; orderType?: OrderTypeArg; maxFills?: number }): PlaceOrderArgs {
  return {
    side: order.side,
    price: new BN(order.price.toString()),
    quantity: new BN(order.quantity.toString()),
    orderType: order.orderType ?? LIMIT,
    maxFills: order.maxFills ?? MAX_FILLS,
  };
}

export { BOOK_SIDE_CAPACITY } from "../../app/src/client/book";

/** Maker positions an order would reach (the client's `makersFor`: crossing makers up to
 *  `maxFills`, plus the worst order's owner of a full own side that the order would evict). */
export function makersFor(m: TestMarket, args: Pick<PlaceOrderArgs, "side" | "price" | "quantity"> & { maxFills?: number }): Promise<PublicKey[]> {
  return makersOf(m.h.program, m.market, args);
}

/** `prune_orders` (permissionless, paid by the harness wallet) naming `owners`' positions. */
export function pruneOrders(m: TestMarket, owners: PublicKey[]): Promise<TxResult> {
  return execute(
    m.h,
    m.h.program.methods
      .pruneOrders()
      .accountsPartial({ market: m.market, orderBook: m.orderBook })
      .remainingAccounts(owners.map((owner) => ({ pubkey: positionPda(m.market, owner), isWritable: true, isSigner: false }))),
  );
}

export function cancelOrder(m: TestMarket, t: Trader, side: SideArg, orderId: BN | number): Promise<TxResult> {
  const accounts = { owner: t.owner, market: m.market, orderBook: m.orderBook, position: t.position };
  return execute(m.h, cancelOrderIx(m.h.program, side, orderId, accounts).signers([t.keypair]));
}

export function liquidate(
  m: TestMarket,
  liquidator: Trader,
  position: PublicKey,
  maxQuantity: bigint | number | BN,
): Promise<TxResult> {
  const accounts = { liquidator: liquidator.owner, market: m.market, orderBook: m.orderBook, position, liquidatorPosition: liquidator.position };
  return execute(m.h, liquidateIx(m.h.program, maxQuantity, accounts).signers([liquidator.keypair]));
}

export function settlePnl(m: TestMarket, profitPosition: PublicKey, lossPosition: PublicKey, market: PublicKey = m.market): Promise<TxResult> {
  return execute(m.h, settlePnlIx(m.h.program, { market, profitPosition, lossPosition }));
}

/** Rests `orders` of `t` (none may cross), `perTx` place_order instructions per transaction. */
export async function placeOrders(
  m: TestMarket,
  t: Trader,
  orders: { side: SideArg; price: bigint | number | BN; quantity: bigint | number | BN }[],
  perTx = 16,
): Promise<TxResult[]> {
  const out: TxResult[] = [];
  for (let i = 0; i < orders.length; i += perTx) {
    const tx = new Transaction();
    for (const o of orders.slice(i, i + perTx)) {
      const args = orderArgs(o);
      tx.add(
        await m.h.program.methods
          .placeOrder(args)
          .accountsPartial({ owner: t.owner, exchange: EXCHANGE_PDA, market: m.market, orderBook: m.orderBook, position: t.position })
          .instruction(),
      );
    }
    out.push(await readTx(m.h, await m.h.provider.sendAndConfirm(tx, [t.keypair])));
  }
  return out;
}

// ---- account reads (all at `confirmed`) ----

export function fetchPosition(m: TestMarket, t: Trader | PublicKey): Promise<PositionAccount> {
  return m.h.program.account.position.fetch(t instanceof PublicKey ? t : t.position, "confirmed");
}

export function fetchMarket(m: TestMarket): Promise<MarketAccount> {
  return m.h.program.account.market.fetch(m.market, "confirmed");
}

export function fetchExchange(h: Harness): Promise<ExchangeAccount> {
  return h.program.account.exchange.fetch(EXCHANGE_PDA, "confirmed");
}

/** The book's active orders per side, best first. */
export function fetchBook(m: TestMarket): Promise<{ bids: RestingOrder[]; asks: RestingOrder[] }> {
  return fetchBookOf(m.h.program, m.market);
}

export async function vaultBalance(h: Harness): Promise<bigint> {
  return (await getAccount(h.connection, VAULT_PDA, "confirmed")).amount;
}

export async function tokenBalance(h: Harness, token: PublicKey): Promise<bigint> {
  return (await getAccount(h.connection, token, "confirmed")).amount;
}

/** Exchange-wide figures; to the atom, `vault == totalCollateral + feesCollected + insuranceFund`. */
export interface Conservation {
  vault: bigint;
  totalCollateral: bigint;
  feesCollected: bigint;
  /** Sum of the markets' insurance funds. */
  insuranceFund: bigint;
}

export async function conservation(h: Harness): Promise<Conservation> {
  const [vault, exchange] = await Promise.all([vaultBalance(h), fetchExchange(h)]);
  return {
    vault,
    totalCollateral: BigInt(exchange.totalCollateral.toString()),
    feesCollected: BigInt(exchange.feesCollected.toString()),
    insuranceFund: BigInt(exchange.insuranceFund.toString()),
  };
}

/** Whether `c.vault == c.totalCollateral + c.feesCollected + c.insuranceFund`. */
export const conserved = (c: Conservation): boolean => c.vault === c.totalCollateral + c.feesCollected + c.insuranceFund;

// ---- cluster clock ----

/** Moves the cluster clock forward by `secs` (the local cluster's `localnet_setClock`, LiteSVM's
 *  clock sysvar in process) and returns the new Unix time once transactions see it. Never moves it
 *  back, so other markets' prices only age. Gate a test on `h.advanceClock` to skip it where the
 *  cluster offers no clock control (an external cluster). */
export async function advanceClock(h: Harness, secs: number): Promise<number> {
  if (!h.advanceClock) throw new Error("advanceClock: this cluster offers no clock control (external cluster)");
  return h.advanceClock(secs);
}

// ---- assertions ----

/** BN → decimal string, PublicKey → base58, recursively: values chai compares exactly. */
export function plain(value: unknown): unknown {
  if (BN.isBN(value)) return (value as BN).toString();
  if (value instanceof PublicKey) return value.toBase58();
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

export function errorNumber(name: string): number {
  const entry = IDL.errors.find((e) => e.name === name);
  if (!entry) throw new Error(`error ${name} is not in the IDL`);
  return entry.code;
}

/** Runs `send`, expects an AnchorError of this program named `name` (an IDL error, or an anchor
 *  framework error when `number` is given), returns it. */
export async function expectAnchorError(send: () => Promise<unknown>, name: string, number?: number): Promise<AnchorError> {
  try {
    await send();
  } catch (err) {
    expect(err, `expected AnchorError ${name}, got ${String(err)}`).to.be.instanceOf(AnchorError);
    const e = err as AnchorError;
    expect(e.error.errorCode.code).to.equal(name);
    expect(e.error.errorCode.number).to.equal(number ?? errorNumber(name));
    expect(e.program.toBase58()).to.equal(PROGRAM_ID.toBase58());
    return e;
  }
  expect.fail(`the transaction succeeded; expected error ${name}`);
}

/** The events of `r` with their names, as plain values: `[name, fields]`. */
export function plainEvents(r: { events: PerpsEvent[] }): [string, Record<string, unknown>][] {
  return r.events.map((e) => [e.name, plain(e.data) as Record<string, unknown>]);
}

/** Expected `positionUpdated` fields from a position account (and the cluster's slot/time). */
export function expectedPositionUpdated(
  p: PositionAccount,
  mark: bigint | number,
  at: { slot: number; timestamp: number | string },
): Record<string, unknown> {
  const size = BigInt(p.size.toString());
  const abs = size < 0n ? -size : size;
  const cost = BigInt(p.costBasis.toString());
  const value = abs * BigInt(mark);
  const unrealized = size >= 0n ? value - cost : cost - value;
  return {
    positionId: p.positionId.toString(),
    user: p.owner.toBase58(),
    market: p.market.toBase58(),
    size: abs.toString(),
    entryPrice: (abs === 0n ? 0n : cost / abs).toString(),
    unrealizedPnl: unrealized.toString(),
    side: size === 0n ? { flat: {} } : size > 0n ? { long: {} } : { short: {} },
    collateral: p.collateral.toString(),
    realizedPnl: p.realizedPnl.toString(),
    settledPnl: p.settledPnl.toString(),
    markPrice: BigInt(mark).toString(),
    slot: String(at.slot),
    timestamp: String(at.timestamp),
  };
}

/** `ceil(price × qty × bps / 10000)`, the program's fee rounding. */
export function feeCeil(price: bigint, qty: bigint, bps: bigint): bigint {
  const n = price * qty * bps;
  return (n + 9_999n) / 10_000n;
}
