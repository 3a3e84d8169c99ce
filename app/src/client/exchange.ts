// The exchange is a singleton (PDA `["exchange"]`): the first client that needs it creates it.
import { BN } from "@coral-xyz/anchor";
import { Keypair, PublicKey } from "@solana/web3.js";
import { EXCHANGE_PDA, marketPda, VAULT_PDA } from "./pdas";
import type { ClusterClient, CreateMarketArgs } from "./program";
import { createQuoteMint } from "./tokens";

export interface ExchangeInfo {
  exchange: PublicKey;
  vault: PublicKey;
  quoteMint: PublicKey;
  admin: PublicKey;
  /** Signature of `initialize`, if this call created the exchange. */
  initializeSignature?: string;
}

/** `create_market` arguments every caller starts from: SOL-PERP, tick 1000, lot 10^7 (9 base
 *  decimals), taker 10 bps, maker 2 bps, initial 10 %, maintenance 5 %, penalty 2.5 %, price age
 *  60 s, price band 10 %, minimum order notional 100 atoms, 128 resting orders per position,
 *  `priceAuthority` as given; `overrides` replace any field. */
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
    priceBandBps: 1_000,
    minOrderNotional: new BN(100),
    maxOrdersPerPosition: 128,
    ...overrides,
  };
}

/** The exchange's market count at `confirmed`: the index the next `create_market` must pass. */
export async function nextMarketIndex(c: ClusterClient): Promise<number> {
  return (await c.program.account.exchange.fetch(EXCHANGE_PDA, "confirmed")).marketCount;
}

/**
 * A `create_market` builder for market `index` (default: the next one). By default the client's
 * wallet pays and the exchange's admin signs; with `admin`, that keypair is payer, admin and
 * signer (e.g. an intruder). The default names only the payer: Anchor resolves `admin` (the
 * exchange's, through `has_one`), `exchange`, `market` (from the `index` argument, as the IDL's
 * seeds say), `order_book` and `system_program` itself. `market` is `marketPda(index)`, derived
 * here independently.
 */
export async function createMarketMethod(c: ClusterClient, args: CreateMarketArgs, opts: { index?: number; admin?: Keypair } = {}) {
  const index = opts.index ?? (await nextMarketIndex(c));
  const methods = c.program.methods.createMarket(index, args);
  // Another admin than the exchange's must be named: resolution would read the exchange's.
  const builder = opts.admin
    ? methods.accountsPartial({ payer: opts.admin.publicKey, admin: opts.admin.publicKey }).signers([opts.admin])
    : methods.accounts({ payer: c.wallet.publicKey });
  return { index, market: marketPda(index), builder };
}

const pending = new Map<string, Promise<ExchangeInfo>>();

/** Initializes the exchange with the client's wallet as admin and a new 6-decimal quote mint,
 *  unless it already exists (then returns what is on chain). Once per cluster and process. */
export function ensureExchange(c: ClusterClient): Promise<ExchangeInfo> {
  let p = pending.get(c.rpcUrl);
  if (!p) {
    p = (async () => {
      const existing = await c.program.account.exchange.fetchNullable(EXCHANGE_PDA);
      if (existing) {
        return { exchange: EXCHANGE_PDA, vault: existing.vault, quoteMint: existing.quoteMint, admin: existing.admin };
      }
      const quoteMint = await createQuoteMint(c.connection, c.wallet, 6);
      const initializeSignature = await c.program.methods.initialize().accounts({ payer: c.wallet.publicKey, admin: c.wallet.publicKey, quoteMint }).rpc();
      return { exchange: EXCHANGE_PDA, vault: VAULT_PDA, quoteMint, admin: c.wallet.publicKey, initializeSignature };
    })();
    p.catch(() => pending.delete(c.rpcUrl));
    pending.set(c.rpcUrl, p);
  }
  return p;
}
