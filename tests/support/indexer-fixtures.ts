/**
 * Builds real `Program data:` log lines with the IDL's Borsh coder, and transaction log messages
 * around them, exactly as the runtime prints them.
 */
import { BN, BorshCoder } from "@coral-xyz/anchor";
import { Keypair, PublicKey } from "@solana/web3.js";
import { PERPS_IDL_CAMEL, type EventData, type EventName, type PerpsEvent } from "../../app/src/idl";
import type { RawTransaction } from "../../app/src/types";
import { PROGRAM_ID as PERPS_PROGRAM_ID } from "../../app/src/client/program";

export const PROGRAM_ID = PERPS_PROGRAM_ID.toBase58();
export const TOKEN_PROGRAM = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA";
export const COMPUTE_BUDGET = "ComputeBudget111111111111111111111111111111";
const coder = new BorshCoder(PERPS_IDL_CAMEL);

export function encodeEvent<K extends EventName>(name: K, data: EventData<K>): string {
  const ev = (PERPS_IDL_CAMEL.events ?? []).find((e) => e.name === name);
  if (!ev) throw new Error(`no event ${name} in the IDL`);
  const body = coder.types.encode(name, data);
  return Buffer.concat([Buffer.from(ev.discriminator), body]).toString("base64");
}

export function dataLine(event: PerpsEvent): string {
  return `Program data: ${encodeEvent(event.name, event.data as never)}`;
}

/** One top-level instruction of the program emitting `lines` (already formatted log lines). */
export function programInstruction(lines: string[], programId = PROGRAM_ID, depth = 1): string[] {
  return [
    `Program ${programId} invoke [${depth}]`,
    "Program log: Instruction: Test",
    ...lines,
    `Program ${programId} consumed 12345 of 200000 compute units`,
    `Program ${programId} success`,
  ];
}

export function computeBudgetInstruction(): string[] {
  return [`Program ${COMPUTE_BUDGET} invoke [1]`, `Program ${COMPUTE_BUDGET} success`];
}

let sigCounter = 0;
/** A unique base58 string shaped like a signature (88 chars are not needed for the tests). */
export function fakeSignature(): string {
  sigCounter += 1;
  return `${Keypair.generate().publicKey.toBase58()}${sigCounter.toString().padStart(6, "0")}`;
}

export function tx(logs: string[], slot: number, txIndex = 0, extra: Partial<RawTransaction> = {}): RawTransaction {
  return { signature: fakeSignature(), slot, txIndex, blockTime: 1_700_000_000 + slot, err: null, logs, ...extra };
}

export const bn = (v: number | string | bigint): BN => new BN(v.toString());

export interface Actors {
  market: PublicKey;
  maker: PublicKey;
  taker: PublicKey;
  liquidator: PublicKey;
  authority: PublicKey;
}

export function actors(): Actors {
  const k = () => Keypair.generate().publicKey;
  return { market: k(), maker: k(), taker: k(), liquidator: k(), authority: k() };
}

export function marketCreated(a: Actors, index = 0): PerpsEvent {
  return {
    name: "marketCreated",
    data: {
      market: a.market,
      index,
      symbol: "SOL-PERP",
      tickSize: bn(100),
      baseLotSize: bn(1_000_000),
      baseDecimals: 9,
      takerFeeBps: 10,
      makerFeeBps: 2,
      initialMarginBps: 1000,
      maintenanceMarginBps: 500,
      liquidationPenaltyBps: 100,
      priceAuthority: a.authority,
      maxPriceAgeSecs: 60,
      timestamp: bn(1_700_000_000),
    },
  };
}

export function orderFilled(a: Actors, seq: number, price = 25_000_000, quantity = 10): PerpsEvent {
  return {
    name: "orderFilled",
    data: {
      market: a.market,
      positionId: bn(2),
      orderId: bn(1000 + seq),
      price: bn(price),
      quantity: bn(quantity),
      takerFee: bn(Math.floor((price * quantity * 10) / 10_000)),
      makerFee: bn(Math.floor((price * quantity * 2) / 10_000)),
      taker: a.taker,
      maker: a.maker,
      makerPositionId: bn(1),
      makerOrderId: bn(seq),
      takerSide: { bid: {} },
      seq: bn(seq),
      timestamp: bn(1_700_000_100 + seq),
    },
  };
}

export function positionUpdated(a: Actors, positionId: number, owner: PublicKey, size: number, side: "long" | "short" | "flat"): PerpsEvent {
  const sideValue = side === "long" ? { long: {} } : side === "short" ? { short: {} } : { flat: {} };
  return {
    name: "positionUpdated",
    data: {
      positionId: bn(positionId),
      user: owner,
      market: a.market,
      size: bn(size),
      entryPrice: bn(25_000_000),
      unrealizedPnl: bn(-1234),
      side: sideValue,
      collateral: bn(1_000_000_000),
      realizedPnl: bn(-5),
      settledPnl: bn(0),
      markPrice: bn(24_000_000),
      slot: bn(42),
      timestamp: bn(1_700_000_200),
    },
  };
}

export function liquidationExecuted(a: Actors): PerpsEvent {
  return {
    name: "liquidationExecuted",
    data: {
      positionId: bn(2),
      user: a.taker,
      market: a.market,
      liquidatedSize: bn(5),
      liquidationPrice: bn(20_000_000),
      penaltyFee: bn(1_000_000),
      liquidator: a.liquidator,
      remainingSize: bn(5),
      liquidatorPositionId: bn(3),
      liquidatorFee: bn(500_000),
      exchangeFee: bn(500_000),
      timestamp: bn(1_700_000_300),
    },
  };
}

export function orderCancelled(a: Actors): PerpsEvent {
  return {
    name: "orderCancelled",
    data: {
      market: a.market,
      owner: a.maker,
      positionId: bn(1),
      orderId: bn(9),
      side: { ask: {} },
      price: bn(27_000_000),
      quantity: bn(3),
      reason: { outOfBand: {} },
      markPrice: bn(25_000_000),
      timestamp: bn(1_700_000_310),
    },
  };
}

export function insuranceFundChanged(a: Actors): PerpsEvent {
  return {
    name: "insuranceFundChanged",
    data: { market: a.market, positionId: bn(2), delta: bn(-250_000), balance: bn(0), reason: { bankruptcy: {} }, timestamp: bn(1_700_000_320) },
  };
}

export function bankruptcyResolved(a: Actors): PerpsEvent {
  return {
    name: "bankruptcyResolved",
    data: {
      market: a.market,
      positionId: bn(2),
      owner: a.taker,
      deficit: bn(400_000),
      insurancePaid: bn(250_000),
      socialized: bn(150_000),
      cumulativeLossPerLot: bn(7_500_000_000),
      spreadOverLots: bn(20),
      insuranceBalance: bn(0),
      timestamp: bn(1_700_000_320),
    },
  };
}

/** One of each admin / lifecycle event of issue 9 (findings 7-9), in a plausible order. */
export function adminEvents(a: Actors): PerpsEvent[] {
  const admin = a.authority;
  const t = (s: number) => bn(1_700_000_400 + s);
  const params = {
    takerFeeBps: 10,
    makerFeeBps: 2,
    initialMarginBps: 1000,
    maintenanceMarginBps: 500,
    liquidationPenaltyBps: 100,
    maxPriceAgeSecs: 60,
    priceBandBps: 1000,
    minOrderNotional: bn(100),
    maxOrdersPerPosition: 128,
  };
  return [
    { name: "exchangeInitialized", data: { exchange: a.liquidator, admin, quoteMint: a.maker, vault: a.taker, timestamp: t(0) } },
    { name: "adminProposed", data: { admin, pendingAdmin: a.maker, timestamp: t(1) } },
    { name: "adminChanged", data: { previousAdmin: admin, admin: a.maker, timestamp: t(2) } },
    { name: "priceAuthorityChanged", data: { market: a.market, admin, previousPriceAuthority: a.taker, priceAuthority: a.maker, timestamp: t(3) } },
    { name: "marketParamsUpdated", data: { market: a.market, admin, previous: params, params: { ...params, takerFeeBps: 20 }, timestamp: t(4) } },
    { name: "feesWithdrawn", data: { admin, treasury: a.taker, amount: bn("18446744073709551615"), feesRemaining: bn(0), timestamp: t(5) } },
    {
      name: "marketDelisted",
      data: { market: a.market, delistedBy: a.taker, byAdmin: false, settlementPrice: bn(25_000), priceUpdatedAt: bn(1_699_000_000), cancelledOrders: 3, timestamp: t(6) },
    },
    { name: "positionClosed", data: { positionId: bn(7), user: a.taker, market: a.market, rentReturned: bn(2_338_560), timestamp: t(7) } },
  ];
}
