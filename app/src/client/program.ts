/**
 * The perps program as a client sees it: the committed IDL, its id and types, and a typed
 * `Program<Perps>` on a cluster with a wallet. Everything in app/src/client (PDAs, instruction
 * builders, the trading driver) and the tests, the demo and the benchmarks go through this module.
 */
import { AnchorProvider, Program, Wallet, type IdlAccounts, type IdlTypes } from "@coral-xyz/anchor";
import { Connection, Keypair, PublicKey, type Commitment } from "@solana/web3.js";
import idlJson from "../idl/perps.json";
import type { Perps } from "../idl/perps";

export type { Perps };
/** The generated IDL as committed (Rust names: snake_case fields, PascalCase types and errors). */
export const IDL_JSON = idlJson;
/** The same IDL typed as anchor expects it (`Program` camel-cases names itself). */
export const IDL = idlJson as Perps;
export const PROGRAM_ID = new PublicKey(idlJson.address);
export const COMMITMENT: Commitment = "confirmed";

export type CreateMarketArgs = IdlTypes<Perps>["createMarketArgs"];
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

/**
 * A cluster, a fee payer and the typed program on it. The test harness's `Harness` is one (plus
 * test-only fields); `connectClient` makes one for the demo and scripts.
 */
export interface ClusterClient {
  connection: Connection;
  provider: AnchorProvider;
  program: Program<Perps>;
  /** Funded fee payer; also the provider's wallet. */
  wallet: Keypair;
  rpcUrl: string;
}

/** A `ClusterClient` on `rpcUrl` (PubSub at `wsUrl` when given) paying with `wallet`, at `confirmed`. */
export function connectClient(rpcUrl: string, wallet: Keypair, wsUrl?: string): ClusterClient {
  const connection = new Connection(rpcUrl, { commitment: COMMITMENT, wsEndpoint: wsUrl });
  const provider = new AnchorProvider(connection, new Wallet(wallet), { commitment: COMMITMENT, preflightCommitment: COMMITMENT });
  return { connection, provider, program: new Program<Perps>(IDL, provider), wallet, rpcUrl };
}
