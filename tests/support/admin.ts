// Typed helpers for the admin and lifecycle instructions of issue 9 (findings 7-9): initialize
// by the upgrade authority, admin and price-authority rotation, parameter updates, fee
// withdrawal, delisting, flattening and closing positions. Each sends through the harness's
// AnchorProvider and returns the `TxResult` of trading.ts (events decoded), so a failing
// instruction throws its AnchorError (see `expectAnchorError`).
import { BN, type IdlTypes } from "@coral-xyz/anchor";
import { Keypair, PublicKey } from "@solana/web3.js";
import type { Perps } from "../../app/src/idl/perps";
import { EXCHANGE_PDA, VAULT_PDA } from "./exchange";
import { Harness, PROGRAM_ID } from "./harness";
import { execute, MarketAccount, positionPda, TestMarket, Trader, TxResult } from "./trading";

export type MarketParams = IdlTypes<Perps>["marketParams"];

/** The BPF upgradeable loader; the program's ProgramData account is its PDA of the program id. */
export const BPF_LOADER_UPGRADEABLE = new PublicKey("BPFLoaderUpgradeab1e11111111111111111111111");
export const [PROGRAM_DATA_PDA] = PublicKey.findProgramAddressSync([PROGRAM_ID.toBuffer()], BPF_LOADER_UPGRADEABLE);

/** `initialize` with `admin` signing (it must be the program's upgrade authority) and the
 *  harness wallet paying. The IDL's seeds resolve `program_data` to `PROGRAM_DATA_PDA`. */
export function initializeExchange(h: Harness, admin: Keypair, quoteMint: PublicKey): Promise<TxResult> {
  return execute(h, h.program.methods.initialize().accounts({ payer: h.wallet.publicKey, admin: admin.publicKey, quoteMint }).signers([admin]));
}

export function proposeAdmin(h: Harness, admin: Keypair, newAdmin: PublicKey): Promise<TxResult> {
  return execute(h, h.program.methods.proposeAdmin({ newAdmin }).accountsPartial({ admin: admin.publicKey, exchange: EXCHANGE_PDA }).signers([admin]));
}

export function acceptAdmin(h: Harness, newAdmin: Keypair): Promise<TxResult> {
  return execute(h, h.program.methods.acceptAdmin().accountsPartial({ newAdmin: newAdmin.publicKey, exchange: EXCHANGE_PDA }).signers([newAdmin]));
}

export function setPriceAuthority(m: TestMarket, admin: Keypair, priceAuthority: PublicKey): Promise<TxResult> {
  return execute(
    m.h,
    m.h.program.methods.setPriceAuthority({ priceAuthority }).accountsPartial({ admin: admin.publicKey, exchange: EXCHANGE_PDA, market: m.market }).signers([admin]),
  );
}

export function updateMarketParams(m: TestMarket, admin: Keypair, params: MarketParams): Promise<TxResult> {
  return execute(
    m.h,
    m.h.program.methods.updateMarketParams(params).accountsPartial({ admin: admin.publicKey, exchange: EXCHANGE_PDA, market: m.market }).signers([admin]),
  );
}

/** `withdraw_fees` of `amount` quote atoms to `treasury`; `vault` may be replaced (an attack). */
export function withdrawFees(h: Harness, admin: Keypair, treasury: PublicKey, amount: bigint | number, vault: PublicKey = VAULT_PDA): Promise<TxResult> {
  return execute(
    h,
    h.program.methods
      .withdrawFees({ amount: new BN(amount.toString()) })
      .accountsPartial({ admin: admin.publicKey, exchange: EXCHANGE_PDA, vault, treasury })
      .signers([admin]),
  );
}

export function delistMarket(m: TestMarket, signer: Keypair): Promise<TxResult> {
  return execute(
    m.h,
    m.h.program.methods.delistMarket().accountsPartial({ caller: signer.publicKey, exchange: EXCHANGE_PDA, market: m.market, orderBook: m.orderBook }).signers([signer]),
  );
}

/** Permissionless: the harness wallet pays. */
export function flattenPosition(m: TestMarket, position: PublicKey, market: PublicKey = m.market): Promise<TxResult> {
  return execute(m.h, m.h.program.methods.flattenPosition().accountsPartial({ market, position }));
}

/** `close_position` of `position` (default: the trader's own) signed by `t`. */
export function closePosition(m: TestMarket, t: Trader, position: PublicKey = positionPda(m.market, t.owner)): Promise<TxResult> {
  return execute(m.h, m.h.program.methods.closePosition().accountsPartial({ owner: t.owner, market: m.market, position }).signers([t.keypair]));
}

/** The parameters `update_market_params` changes, as the market account has them. */
export function marketParamsOf(a: MarketAccount): MarketParams {
  return {
    takerFeeBps: a.takerFeeBps,
    makerFeeBps: a.makerFeeBps,
    initialMarginBps: a.initialMarginBps,
    maintenanceMarginBps: a.maintenanceMarginBps,
    liquidationPenaltyBps: a.liquidationPenaltyBps,
    maxPriceAgeSecs: a.maxPriceAgeSecs,
    priceBandBps: a.priceBandBps,
    minOrderNotional: a.minOrderNotional,
    maxOrdersPerPosition: a.maxOrdersPerPosition,
  };
}
