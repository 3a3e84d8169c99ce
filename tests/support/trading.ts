// Typed helpers over `Program<Perps>` for trading tests: a market with its price authority,
// traders (wallet + quote tokens + position + collateral), every trading instruction, account
// fetchers, and each transaction's decoded events.
//
// Every helper that sends a transaction returns a `TxResult`: the signature, its slot and block
// time, its logs and the events decoded from them (failing if any program data line does not
// decode). Transactions go through the harness's AnchorProvider at `confirmed`, so a failing
// instruction throws the `AnchorError` from preflight (see `expectAnchorError`).
import { AnchorError, BN, IdlAccounts, IdlTypes } from "@coral-xyz/anchor";
import { Keypair, LAMPORTS_PER_SOL, PublicKey } from "@solana/web3.js";
import { expect } from "chai";
import type { Perps } from "../../app/src/idl/perps";
import { createMarketMethod, CreateMarketArgs, defaultMarketArgs, ensureExchange, EXCHANGE_PDA, ExchangeInfo, VAULT_PDA } from "./exchange";
import { airdrop, decodeEvents, Harness, IDL, PerpsEvent, PROGRAM_ID } from "./harness";
import { rpcCall } from "./rpc";
import { createTokenAccount, getAccount, mintTokens } from "./tokens";
import { readClock } from "./cluster";

export type { CreateMarketArgs } from "./exchange";
export type PlaceOrderArgs = IdlTypes<Perps>["placeOrderArgs"];
export type SideArg = IdlTypes<Perps>["side"];
export type OrderTypeArg = IdlTypes<Perps>["orderType"];
export type PositionAccount = IdlAccounts<Perps>["position"];
export type MarketAccount = IdlAccounts<Perps>["market"];
export type ExchangeAccount = IdlAccounts<Perps>["exchange"];
export type OrderBookAccount = IdlAccounts<Perps>["orderBook"];
export type RestingOrder = OrderBookAccount["bids"]["orders"][number];

export const BID: SideArg = { bid: {} };
export const ASK: SideArg = { ask: {} };
export const LIMIT: OrderTypeArg = { limit: {} };
export const POST_ONLY: OrderTypeArg = { postOnly: {} };
export const IOC: OrderTypeArg = { immediateOrCancel: {} };

export const isBid = (side: SideArg): boolean => "bid" in side;

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
 *  price age 60 s. */
export function marketArgs(priceAuthority: PublicKey, overrides: Partial<CreateMarketArgs> = {}): CreateMarketArgs {
  return defaultMarketArgs(priceAuthority, { symbol: "TEST-PERP", tickSize: new BN(1), baseLotSize: new BN(1), ...overrides });
}

export function orderBookPda(market: PublicKey): PublicKey {
  return PublicKey.findProgramAddressSync([Buffer.from("book"), market.toBuffer()], PROGRAM_ID)[0];
}

export function positionPda(market: PublicKey, owner: PublicKey): PublicKey {
  return PublicKey.findProgramAddressSync([Buffer.from("position"), market.toBuffer(), owner.toBuffer()], PROGRAM_ID)[0];
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
  return { signature, slot: tx.slot, blockTime: tx.blockTime ?? null, logs, events: decoded.events };
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
  opts: { name?: string; mint?: bigint | number; deposit?: bigint | number } = {},
): Promise<Trader> {
  const { h } = m;
  const keypair = Keypair.generate();
  const owner = keypair.publicKey;
  const deposit = BigInt(opts.deposit ?? 0);
  const mint = BigInt(opts.mint ?? deposit);
  await airdrop(h.connection, owner, LAMPORTS_PER_SOL);
  const token = await createTokenAccount(h.connection, h.wallet, m.ex.quoteMint, owner);
  if (mint > 0n) await mintTokens(h.connection, h.wallet, m.ex.quoteMint, token, mint);
  const position = positionPda(m.market, owner);
  const trader: Trader = { name: opts.name ?? owner.toBase58().slice(0, 6), keypair, owner, position, token, positionId: new BN(0), setup: [] };
  trader.setup.push(await openPosition(m, trader));
  trader.positionId = (await fetchPosition(m, trader)).positionId;
  if (deposit > 0n) trader.setup.push(await depositCollateral(m, trader, deposit));
  return trader;
}

export function openPosition(m: TestMarket, t: { keypair: Keypair }): Promise<TxResult> {
  return execute(
    m.h,
    m.h.program.methods
      .openPosition()
      .accountsPartial({ owner: t.keypair.publicKey, exchange: EXCHANGE_PDA, market: m.market, position: positionPda(m.market, t.keypair.publicKey) })
      .signers([t.keypair]),
  );
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
  const args = { amount: new BN(amount.toString()) };
  const methods = m.h.program.methods;
  const builder = instruction === "deposit" ? methods.deposit(args) : methods.withdraw(args);
  return execute(
    m.h,
    builder
      .accountsPartial({
        owner: t.owner,
        exchange: EXCHANGE_PDA,
        market: m.market,
        position: overrides.position ?? t.position,
        userToken: overrides.userToken ?? t.token,
        vault: overrides.vault ?? VAULT_PDA,
      })
      .signers([t.keypair]),
  );
}

export function setPrice(m: TestMarket, price: bigint | number | BN, signer: Keypair = m.priceAuthority): Promise<TxResult> {
  return execute(
    m.h,
    m.h.program.methods
      .setPrice({ price: new BN(price.toString()) })
      .accountsPartial({ priceAuthority: signer.publicKey, market: m.market })
      .signers([signer]),
  );
}

export interface PlaceOrderResult extends TxResult {
  /** The id the order got (`market.next_order_id` before the transaction). */
  orderId: BN;
  /** The maker positions passed in `remaining_accounts`. */
  makers: PublicKey[];
}

/**
 * Places an order for `t`. `makers` (maker Position accounts, writable) defaults to the positions
 * of the owners of the resting opposite orders the order would reach (at most 8 fills), read from
 * the book just before sending; pass `[]` to name none.
 */
export async function placeOrder(
  m: TestMarket,
  t: Trader,
  order: { side: SideArg; price: bigint | number | BN; quantity: bigint | number | BN; orderType?: OrderTypeArg },
  makers?: PublicKey[],
): Promise<PlaceOrderResult> {
  const args: PlaceOrderArgs = {
    side: order.side,
    price: new BN(order.price.toString()),
    quantity: new BN(order.quantity.toString()),
    orderType: order.orderType ?? LIMIT,
  };
  const { nextOrderId } = await fetchMarket(m);
  const names = makers ?? (await makersFor(m, args));
  const result = await execute(
    m.h,
    m.h.program.methods
      .placeOrder(args)
      .accountsPartial({ owner: t.owner, exchange: EXCHANGE_PDA, market: m.market, orderBook: m.orderBook, position: t.position })
      .remainingAccounts(names.map((pubkey) => ({ pubkey, isWritable: true, isSigner: false })))
      .signers([t.keypair]),
  );
  return { ...result, orderId: nextOrderId, makers: names };
}

/** Maker positions an order would fill against, best first, distinct (what `place_order` needs). */
export async function makersFor(m: TestMarket, args: Pick<PlaceOrderArgs, "side" | "price" | "quantity">): Promise<PublicKey[]> {
  const book = await fetchBook(m);
  const opposite = isBid(args.side) ? book.asks : book.bids;
  const out: PublicKey[] = [];
  let remaining = args.quantity;
  let fills = 0;
  for (const o of opposite) {
    if (remaining.isZero() || fills >= 8) break;
    const crosses = isBid(args.side) ? o.price.lte(args.price) : o.price.gte(args.price);
    if (!crosses) break;
    const pda = positionPda(m.market, o.owner);
    if (!out.some((p) => p.equals(pda))) out.push(pda);
    remaining = BN.max(new BN(0), remaining.sub(o.quantity));
    fills += 1;
  }
  return out;
}

export function cancelOrder(m: TestMarket, t: Trader, side: SideArg, orderId: BN | number): Promise<TxResult> {
  return execute(
    m.h,
    m.h.program.methods
      .cancelOrder({ side, orderId: new BN(orderId.toString()) })
      .accountsPartial({ owner: t.owner, market: m.market, orderBook: m.orderBook, position: t.position })
      .signers([t.keypair]),
  );
}

export function liquidate(
  m: TestMarket,
  liquidator: Trader,
  position: PublicKey,
  maxQuantity: bigint | number | BN,
): Promise<TxResult> {
  return execute(
    m.h,
    m.h.program.methods
      .liquidate({ maxQuantity: new BN(maxQuantity.toString()) })
      .accountsPartial({
        liquidator: liquidator.owner,
        exchange: EXCHANGE_PDA,
        market: m.market,
        orderBook: m.orderBook,
        position,
        liquidatorPosition: liquidator.position,
      })
      .signers([liquidator.keypair]),
  );
}

export function settlePnl(m: TestMarket, profitPosition: PublicKey, lossPosition: PublicKey, market: PublicKey = m.market): Promise<TxResult> {
  return execute(m.h, m.h.program.methods.settlePnl().accountsPartial({ market, profitPosition, lossPosition }));
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
export async function fetchBook(m: TestMarket): Promise<{ bids: RestingOrder[]; asks: RestingOrder[] }> {
  const book = await m.h.program.account.orderBook.fetch(m.orderBook, "confirmed");
  return {
    bids: book.bids.orders.slice(0, book.bids.count.toNumber()),
    asks: book.asks.orders.slice(0, book.asks.count.toNumber()),
  };
}

export async function vaultBalance(h: Harness): Promise<bigint> {
  return (await getAccount(h.connection, VAULT_PDA, "confirmed")).amount;
}

export async function tokenBalance(h: Harness, token: PublicKey): Promise<bigint> {
  return (await getAccount(h.connection, token, "confirmed")).amount;
}

/** Exchange-wide, to the atom: `vault.amount == total_collateral + fees_collected`. */
export async function conservation(h: Harness): Promise<{ vault: bigint; totalCollateral: bigint; feesCollected: bigint }> {
  const [vault, exchange] = await Promise.all([vaultBalance(h), fetchExchange(h)]);
  return { vault, totalCollateral: BigInt(exchange.totalCollateral.toString()), feesCollected: BigInt(exchange.feesCollected.toString()) };
}

// ---- cluster clock ----

/** Moves the cluster clock forward by `secs` (local cluster only: `localnet_setClock`). Returns
 *  the new Unix time. Never moves it back, so other markets' prices only age. */
export async function advanceClock(h: Harness, secs: number): Promise<number> {
  if (!h.localnet) throw new Error("advanceClock needs the local cluster's localnet_setClock");
  const now = Number((await readClock(h.connection)).unixTimestamp);
  // On `h`'s own cluster (a spawned one is not the shared harness's).
  const res = await rpcCall<{ unixTimestamp: number }>(h.rpcUrl, "localnet_setClock", [{ unixTimestamp: now + secs }]);
  // Wait until a confirmed slot carries the new time, so the next preflight sees it.
  const deadline = Date.now() + 10_000;
  while (Number((await readClock(h.connection)).unixTimestamp) < now + secs) {
    if (Date.now() > deadline) throw new Error("the cluster clock did not reach the new time at confirmed");
    await new Promise((r) => setTimeout(r, 20));
  }
  return res.unixTimestamp;
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
