/**
 * What the API must answer, derived from the chain alone: each recorded transaction's events as
 * tests/support/events.ts decodes them from its logs, its slot, its index in the block (getBlock)
 * and the instruction/event position; API field names and units.
 */
import type { Connection } from "@solana/web3.js";
import type { AdminAction } from "../../app/src/api/queries/admin";
import type { Bankruptcy, InsuranceFundChange, OrderCancellation } from "../../app/src/api/queries/risk";
import type { Trade } from "../../app/src/api/queries/trades";
import type { RecordedTx } from "./indexer-trading";
import { plain } from "./trading";

/** A fill as the API serves it (`GET …/trades`), here derived from the chain's events. */
export type ExpectedFill = Trade;

export interface ExpectedCandle {
  time: number;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
  quoteVolume: string;
  trades: number;
  lastSeq: string;
}

export interface ChainExpectation {
  fills: ExpectedFill[];
  positionUpdates: Array<Record<string, string | number> & { positionId: string }>;
  liquidations: Array<Record<string, string | number> & { market: string; owner: string }>;
  candles(market: string, step: number): ExpectedCandle[];
  cancellations: OrderCancellation[];
  insuranceChanges: InsuranceFundChange[];
  bankruptcies: Bankruptcy[];
  adminActions: AdminAction[];
  /** The balance of the market's latest InsuranceFundChanged / BankruptcyResolved, or null. */
  insuranceFund(market: string): string | null;
  lastKey: string;
  eventCount: number;
}

const enumName = (v: object): string => Object.keys(v)[0];
const str = (v: { toString(): string }): string => v.toString();
/** An event's fields as the API serves them: keys and integers as text, enums (`{ evicted: {} }`)
 *  as their variant's name, `timestamp` as a number. */
function apiFields(data: Record<string, unknown>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(data)) {
    const isEnum = v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype;
    out[k] = k === "timestamp" ? Number(str(v as object)) : isEnum ? enumName(v as object) : str(v as object);
  }
  return out;
}

/** Expectations for `signatures` (in the order they were sent: chain order for one sender). */
export async function expectedFromChain(connection: Connection, signatures: string[], recorded: Map<string, RecordedTx>): Promise<ChainExpectation> {
  const blocks = new Map<number, string[]>();
  const rows: Array<{ key: [number, number, number, number]; name: string; data: Record<string, unknown>; signature: string; slot: number }> = [];
  for (const sig of signatures) {
    const rec = recorded.get(sig);
    if (!rec || rec.events.length === 0) continue;
    const tx = await connection.getTransaction(sig, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
    if (!tx) throw new Error(`transaction ${sig} not found`);
    // Every transaction the driver sends is one top-level instruction of the program.
    if (tx.transaction.message.compiledInstructions.length !== 1) throw new Error(`${sig}: expected one instruction`);
    if (!blocks.has(rec.slot)) {
      // Raw JSON-RPC: web3.js's getBlock does not accept transactionDetails "signatures".
      const res = await fetch(connection.rpcEndpoint, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "getBlock", params: [rec.slot, { commitment: "confirmed", transactionDetails: "signatures", rewards: false, maxSupportedTransactionVersion: 0 }] }),
      });
      const body = (await res.json()) as { result?: { signatures?: string[] } };
      blocks.set(rec.slot, body.result?.signatures ?? []);
    }
    const txIndex = blocks.get(rec.slot)!.indexOf(sig);
    if (txIndex < 0) throw new Error(`${sig} is not in block ${rec.slot}`);
    rec.events.forEach((e, i) => rows.push({ key: [rec.slot, txIndex, 0, i], name: e.name, data: e.data as unknown as Record<string, unknown>, signature: sig, slot: rec.slot }));
  }
  rows.sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2] || a.key[3] - b.key[3]);
  const keyOf = (r: (typeof rows)[number]) => r.key.join(":");

  const fills: ExpectedFill[] = rows
    .filter((r) => r.name === "orderFilled")
    .map((r) => {
      const d = r.data as Record<string, { toString(): string }> & { takerSide: object };
      return {
        key: keyOf(r),
        signature: r.signature,
        slot: r.slot,
        market: str(d.market),
        seq: str(d.seq),
        taker: str(d.taker),
        maker: str(d.maker),
        takerPositionId: str(d.positionId),
        makerPositionId: str(d.makerPositionId),
        takerOrderId: str(d.orderId),
        makerOrderId: str(d.makerOrderId),
        takerSide: enumName(d.takerSide),
        price: str(d.price),
        quantity: str(d.quantity),
        takerFee: str(d.takerFee),
        makerFee: str(d.makerFee),
        timestamp: Number(str(d.timestamp)),
      };
    });
  const positionUpdates = rows
    .filter((r) => r.name === "positionUpdated")
    .map((r) => {
      const d = r.data as Record<string, { toString(): string }> & { side: object };
      return {
        key: keyOf(r),
        signature: r.signature,
        slot: r.slot,
        positionId: str(d.positionId),
        owner: str(d.user),
        market: str(d.market),
        side: enumName(d.side),
        size: str(d.size),
        entryPrice: str(d.entryPrice),
        collateral: str(d.collateral),
        realizedPnl: str(d.realizedPnl),
        unrealizedPnl: str(d.unrealizedPnl),
        settledPnl: str(d.settledPnl),
        markPrice: str(d.markPrice),
        timestamp: Number(str(d.timestamp)),
      };
    });
  const liquidations = rows
    .filter((r) => r.name === "liquidationExecuted")
    .map((r) => {
      const d = r.data as Record<string, { toString(): string }>;
      return {
        key: keyOf(r),
        signature: r.signature,
        slot: r.slot,
        positionId: str(d.positionId),
        owner: str(d.user),
        market: str(d.market),
        liquidator: str(d.liquidator),
        liquidatedSize: str(d.liquidatedSize),
        liquidationPrice: str(d.liquidationPrice),
        penaltyFee: str(d.penaltyFee),
        remainingSize: str(d.remainingSize),
        liquidatorPositionId: str(d.liquidatorPositionId),
        liquidatorFee: str(d.liquidatorFee),
        exchangeFee: str(d.exchangeFee),
        timestamp: Number(str(d.timestamp)),
      };
    });

  // These three are served with exactly their event's fields (plus the event key), so each row is
  // the event with every value in API form.
  const served = <T>(name: string): T[] =>
    rows.filter((r) => r.name === name).map((r) => ({ key: keyOf(r), signature: r.signature, slot: r.slot, ...apiFields(r.data as Record<string, unknown>) }) as T);
  const cancellations = served<OrderCancellation>("orderCancelled");
  const insuranceChanges = served<InsuranceFundChange>("insuranceFundChanged");
  const bankruptcies = served<Bankruptcy>("bankruptcyResolved");
  // Who / what of each admin event (see the AdminAction model): [actor, market, subject, amount].
  const ADMIN: Record<string, (d: Record<string, { toString(): string }>) => [unknown, unknown, unknown, unknown]> = {
    exchangeInitialized: (d) => [d.admin, null, d.admin, null],
    adminProposed: (d) => [d.admin, null, d.pendingAdmin, null],
    adminChanged: (d) => [d.admin, null, d.admin, null],
    priceAuthorityChanged: (d) => [d.admin, d.market, d.priceAuthority, null],
    marketParamsUpdated: (d) => [d.admin, d.market, null, null],
    feesWithdrawn: (d) => [d.admin, null, d.treasury, d.amount],
    marketDelisted: (d) => [d.delistedBy, d.market, null, d.settlementPrice],
  };
  const orNull = (v: unknown): string | null => (v === null ? null : str(v as { toString(): string }));
  const adminActions: AdminAction[] = rows
    .filter((r) => r.name in ADMIN)
    .map((r) => {
      const d = r.data as Record<string, { toString(): string }>;
      const [actor, market, subject, amount] = ADMIN[r.name](d);
      return {
        key: keyOf(r),
        signature: r.signature,
        slot: r.slot,
        action: r.name[0].toUpperCase() + r.name.slice(1),
        actor: str(actor as { toString(): string }),
        market: orNull(market),
        subject: orNull(subject),
        amount: orNull(amount),
        details: plain(r.data) as Record<string, unknown>,
        timestamp: Number(str(d.timestamp)),
      };
    });
  const insuranceFund = (market: string): string | null => {
    const reports = rows.filter((r) => (r.name === "insuranceFundChanged" || r.name === "bankruptcyResolved") && str(r.data.market as { toString(): string }) === market);
    const last = reports[reports.length - 1]?.data;
    return last ? str((last.balance ?? last.insuranceBalance) as { toString(): string }) : null;
  };

  const candles = (market: string, step: number): ExpectedCandle[] => {
    const out = new Map<number, ExpectedCandle>();
    for (const f of fills.filter((x) => x.market === market)) {
      const time = Math.floor(f.timestamp / step) * step;
      const p = BigInt(f.price);
      const q = BigInt(f.quantity);
      const c = out.get(time);
      if (!c) {
        out.set(time, { time, open: f.price, high: f.price, low: f.price, close: f.price, volume: f.quantity, quoteVolume: (p * q).toString(), trades: 1, lastSeq: f.seq });
        continue;
      }
      if (p > BigInt(c.high)) c.high = f.price;
      if (p < BigInt(c.low)) c.low = f.price;
      c.close = f.price;
      c.volume = (BigInt(c.volume) + q).toString();
      c.quoteVolume = (BigInt(c.quoteVolume) + p * q).toString();
      c.trades += 1;
      c.lastSeq = f.seq;
    }
    return [...out.values()].sort((a, b) => a.time - b.time);
  };

  return { fills, positionUpdates, liquidations, candles, cancellations, insuranceChanges, bankruptcies, adminActions, insuranceFund, lastKey: keyOf(rows[rows.length - 1]), eventCount: rows.length };
}
