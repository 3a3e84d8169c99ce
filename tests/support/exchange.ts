// The exchange is a singleton (PDA `["exchange"]`): the first test file that needs it creates it.
import { BN, type IdlTypes } from "@coral-xyz/anchor";
import { Keypair, PublicKey } from "@solana/web3.js";
import type { Perps } from "../../app/src/idl/perps";
import { Harness, PROGRAM_ID } from "./harness";
import { createQuoteMint } from "./tokens";

export interface ExchangeInfo {
  exchange: PublicKey;
  vault: PublicKey;
  quoteMint: PublicKey;
  admin: PublicKey;
  /** Signature of `initialize`, if this call created the exchange. */
  initializeSignature?: string;
}

export const [EXCHANGE_PDA] = PublicKey.findProgramAddressSync([Buffer.from("exchange")], PROGRAM_ID);
export const [VAULT_PDA] = PublicKey.findProgramAddressSync(
  [Buffer.from("vault"), EXCHANGE_PDA.toBuffer()],
  PROGRAM_ID,
);

/** PDA `["market", exchange, index as u16 LE]`. */
export function marketPda(index: number): PublicKey {
  const le = Buffer.alloc(2);
  le.writeUInt16LE(index);
  return PublicKey.findProgramAddressSync([Buffer.from("market"), EXCHANGE_PDA.toBuffer(), le], PROGRAM_ID)[0];
}

export type CreateMarketArgs = IdlTypes<Perps>["createMarketArgs"];

/** `create_market` arguments every test starts from: SOL-PERP, tick 1000, lot 10^7 (9 base
 *  decimals), taker 10 bps, maker 2 bps, initial 10 %, maintenance 5 %, penalty 2.5 %, price age
 *  60 s, `priceAuthority` as given; `overrides` replace any field. */
export function defaultMarketArgs(priceAuthority: PublicKey, overrides: Partial<CreateMarketArgs> = {}): CreateMarketArgs {
  return {
    symbol: "SOL-PERP",
    tickSize: new BN(1_000),
    baseLotSize: new BN(10_000_000),
    baseDecimals: 9,
    takerFeeBps: 10,
    makerFeeBps: 2,
    initialMarginBps: 1_000,
    maintenanceMarginBps: 500,
    liquidationPenaltyBps: 250,
    priceAuthority,
    maxPriceAgeSecs: 60,
    ...overrides,
  };
}

/** The exchange's market count at `confirmed`: the index the next `create_market` must pass. */
export async function nextMarketIndex(h: Harness): Promise<number> {
  return (await h.program.account.exchange.fetch(EXCHANGE_PDA, "confirmed")).marketCount;
}

/**
 * A `create_market` builder for market `index` (default: the next one). By default the harness
 * wallet pays and the exchange's admin signs; with `admin`, that keypair is payer, admin and
 * signer (e.g. an intruder). The default names only the payer:
 * Anchor resolves `admin` (the exchange's, through `has_one`), `exchange`, `market` (from the
 * `index` argument, as the IDL's seeds say), `order_book` and `system_program` itself.
 * `market` is `marketPda(index)`, derived here independently.
 */
export async function createMarketMethod(h: Harness, args: CreateMarketArgs, opts: { index?: number; admin?: Keypair } = {}) {
  const index = opts.index ?? (await nextMarketIndex(h));
  const methods = h.program.methods.createMarket(index, args);
  // Another admin than the exchange's must be named: resolution would read the exchange's.
  const builder = opts.admin
    ? methods.accountsPartial({ payer: opts.admin.publicKey, admin: opts.admin.publicKey }).signers([opts.admin])
    : methods.accounts({ payer: h.wallet.publicKey });
  return { index, market: marketPda(index), builder };
}

/** One exchange per cluster: keyed by harness (a spawned cluster of its own has its own). */
const pendingByHarness = new WeakMap<Harness, Promise<ExchangeInfo>>();

/** Initializes the exchange with the harness wallet as admin (on a spawned cluster it is the
 *  program's upgrade authority, which `initialize` requires) and a new 6-decimal quote mint,
 *  unless it already exists (then returns what is on chain). */
export function ensureExchange(h: Harness): Promise<ExchangeInfo> {
  const cached = pendingByHarness.get(h);
  if (cached) return cached;
  const pending = (async () => {
    const existing = await h.program.account.exchange.fetchNullable(EXCHANGE_PDA);
    if (existing) {
      return { exchange: EXCHANGE_PDA, vault: existing.vault, quoteMint: existing.quoteMint, admin: existing.admin };
    }
    const quoteMint = await createQuoteMint(h.connection, h.wallet, 6);
    const initializeSignature = await h.program.methods
      .initialize()
      .accounts({ payer: h.wallet.publicKey, admin: h.wallet.publicKey, quoteMint })
      .rpc();
    return { exchange: EXCHANGE_PDA, vault: VAULT_PDA, quoteMint, admin: h.wallet.publicKey, initializeSignature };
  })();
  pendingByHarness.set(h, pending);
  pending.catch(() => pendingByHarness.delete(h));
  return pending;
}
