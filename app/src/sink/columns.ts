/**
 * Column lists of the sink's tables: for each table, the SQL column, its type and how a projected
 * row (or raw event, or dead letter) provides the value.
 */
import { EVENT_TYPE } from "../idl";
import type { DeadLetter, DecodedEvent } from "../types";
import type {
  AdminActionRow,
  BankruptcyRow,
  InsuranceFundChangeRow,
  LiquidationRow,
  MarketRow,
  OrderCancellationRow,
  PositionClosureRow,
  PositionRow,
  TradeRow,
} from "./projections";
import { eventJson } from "./event-json";
import type { Column } from "./sql";

const KEY_COLS = [
  { name: "signature", type: "text" },
  { name: "instruction_index", type: "int" },
  { name: "event_index", type: "int" },
  { name: "slot", type: "bigint" },
  { name: "tx_index", type: "int" },
] as const;

function keyColumns<R extends { signature: string; instructionIndex: number; eventIndex: number; slot: number; txIndex: number }>(): Array<Column<R>> {
  const getters: Array<(r: R) => string | number> = [
    (r) => r.signature,
    (r) => r.instructionIndex,
    (r) => r.eventIndex,
    (r) => r.slot,
    (r) => r.txIndex,
  ];
  return KEY_COLS.map((c, i) => ({ name: c.name, type: c.type, get: getters[i] }));
}

export const EVENT_COLUMNS: Array<Column<DecodedEvent>> = [
  { name: "signature", type: "text", get: (e) => e.position.signature },
  { name: "instruction_index", type: "int", get: (e) => e.position.instructionIndex },
  { name: "event_index", type: "int", get: (e) => e.position.eventIndex },
  { name: "slot", type: "bigint", get: (e) => e.position.slot },
  { name: "tx_index", type: "int", get: (e) => e.position.txIndex },
  { name: "invoke_depth", type: "int", get: (e) => e.position.invokeDepth },
  { name: "program_id", type: "text", get: (e) => e.position.programId },
  { name: "block_time", type: "bigint", get: (e) => e.position.blockTime },
  { name: "event_type", type: "text", get: (e) => EVENT_TYPE[e.event.name] },
  { name: "event_data", type: "jsonb", get: (e) => eventJson(e.event) },
  // Projected in this same transaction (the sink is the only writer), so stored as processed:
  // no second write of every row.
  { name: "processed", type: "boolean", get: () => true },
];

export const MARKET_COLUMNS: Array<Column<MarketRow>> = [
  { name: "market", type: "text", get: (r) => r.market },
  { name: "index", type: "int", get: (r) => r.index },
  { name: "symbol", type: "text", get: (r) => r.symbol },
  { name: "tick_size", type: "numeric", get: (r) => r.tickSize },
  { name: "base_lot_size", type: "numeric", get: (r) => r.baseLotSize },
  { name: "base_decimals", type: "int", get: (r) => r.baseDecimals },
  { name: "taker_fee_bps", type: "int", get: (r) => r.takerFeeBps },
  { name: "maker_fee_bps", type: "int", get: (r) => r.makerFeeBps },
  { name: "initial_margin_bps", type: "int", get: (r) => r.initialMarginBps },
  { name: "maintenance_margin_bps", type: "int", get: (r) => r.maintenanceMarginBps },
  { name: "liquidation_penalty_bps", type: "int", get: (r) => r.liquidationPenaltyBps },
  { name: "price_authority", type: "text", get: (r) => r.priceAuthority },
  { name: "max_price_age_secs", type: "bigint", get: (r) => r.maxPriceAgeSecs },
  { name: "created_timestamp", type: "bigint", get: (r) => r.createdTimestamp },
  { name: "slot", type: "bigint", get: (r) => r.slot },
  { name: "signature", type: "text", get: (r) => r.signature },
];

export const TRADE_COLUMNS: Array<Column<TradeRow>> = [
  ...keyColumns<TradeRow>(),
  { name: "market", type: "text", get: (r) => r.market },
  { name: "seq", type: "bigint", get: (r) => r.seq },
  { name: "taker", type: "text", get: (r) => r.taker },
  { name: "maker", type: "text", get: (r) => r.maker },
  { name: "taker_position_id", type: "bigint", get: (r) => r.takerPositionId },
  { name: "maker_position_id", type: "bigint", get: (r) => r.makerPositionId },
  { name: "taker_order_id", type: "numeric", get: (r) => r.takerOrderId },
  { name: "maker_order_id", type: "numeric", get: (r) => r.makerOrderId },
  { name: "taker_side", type: "text", get: (r) => r.takerSide },
  { name: "price", type: "numeric", get: (r) => r.price },
  { name: "quantity", type: "numeric", get: (r) => r.quantity },
  { name: "taker_fee", type: "numeric", get: (r) => r.takerFee },
  { name: "maker_fee", type: "numeric", get: (r) => r.makerFee },
  { name: "timestamp", type: "bigint", get: (r) => r.timestamp },
];

const POSITION_FIELDS: Array<Column<PositionRow>> = [
  { name: "position_id", type: "bigint", get: (r) => r.positionId },
  { name: "owner", type: "text", get: (r) => r.owner },
  { name: "market", type: "text", get: (r) => r.market },
  { name: "side", type: "text", get: (r) => r.side },
  { name: "size", type: "numeric", get: (r) => r.size },
  { name: "entry_price", type: "numeric", get: (r) => r.entryPrice },
  { name: "collateral", type: "numeric", get: (r) => r.collateral },
  { name: "realized_pnl", type: "bigint", get: (r) => r.realizedPnl },
  { name: "unrealized_pnl", type: "bigint", get: (r) => r.unrealizedPnl },
  { name: "settled_pnl", type: "bigint", get: (r) => r.settledPnl },
  { name: "mark_price", type: "numeric", get: (r) => r.markPrice },
  { name: "timestamp", type: "bigint", get: (r) => r.timestamp },
];
export const POSITION_HISTORY_COLUMNS: Array<Column<PositionRow>> = [...keyColumns<PositionRow>(), ...POSITION_FIELDS];
export const POSITION_COLUMNS = POSITION_HISTORY_COLUMNS;

export const LIQUIDATION_COLUMNS: Array<Column<LiquidationRow>> = [
  ...keyColumns<LiquidationRow>(),
  { name: "position_id", type: "bigint", get: (r) => r.positionId },
  { name: "owner", type: "text", get: (r) => r.owner },
  { name: "market", type: "text", get: (r) => r.market },
  { name: "liquidator", type: "text", get: (r) => r.liquidator },
  { name: "liquidated_size", type: "numeric", get: (r) => r.liquidatedSize },
  { name: "liquidation_price", type: "numeric", get: (r) => r.liquidationPrice },
  { name: "penalty_fee", type: "numeric", get: (r) => r.penaltyFee },
  { name: "remaining_size", type: "numeric", get: (r) => r.remainingSize },
  { name: "liquidator_position_id", type: "bigint", get: (r) => r.liquidatorPositionId },
  { name: "liquidator_fee", type: "numeric", get: (r) => r.liquidatorFee },
  { name: "exchange_fee", type: "numeric", get: (r) => r.exchangeFee },
  { name: "timestamp", type: "bigint", get: (r) => r.timestamp },
];

export const ADMIN_ACTION_COLUMNS: Array<Column<AdminActionRow>> = [
  ...keyColumns<AdminActionRow>(),
  { name: "action", type: "text", get: (r) => r.action },
  { name: "actor", type: "text", get: (r) => r.actor },
  { name: "market", type: "text", get: (r) => r.market },
  { name: "subject", type: "text", get: (r) => r.subject },
  { name: "amount", type: "numeric", get: (r) => r.amount },
  { name: "details", type: "jsonb", get: (r) => r.details },
  { name: "timestamp", type: "bigint", get: (r) => r.timestamp },
];

export const POSITION_CLOSURE_COLUMNS: Array<Column<PositionClosureRow>> = [
  ...keyColumns<PositionClosureRow>(),
  { name: "position_id", type: "bigint", get: (r) => r.positionId },
  { name: "owner", type: "text", get: (r) => r.owner },
  { name: "market", type: "text", get: (r) => r.market },
  { name: "rent_returned", type: "numeric", get: (r) => r.rentReturned },
  { name: "timestamp", type: "bigint", get: (r) => r.timestamp },
];

export const ORDER_CANCELLATION_COLUMNS: Array<Column<OrderCancellationRow>> = [
  ...keyColumns<OrderCancellationRow>(),
  { name: "market", type: "text", get: (r) => r.market },
  { name: "owner", type: "text", get: (r) => r.owner },
  { name: "position_id", type: "bigint", get: (r) => r.positionId },
  { name: "order_id", type: "numeric", get: (r) => r.orderId },
  { name: "side", type: "text", get: (r) => r.side },
  { name: "price", type: "numeric", get: (r) => r.price },
  { name: "quantity", type: "numeric", get: (r) => r.quantity },
  { name: "reason", type: "text", get: (r) => r.reason },
  { name: "mark_price", type: "numeric", get: (r) => r.markPrice },
  { name: "timestamp", type: "bigint", get: (r) => r.timestamp },
];

export const INSURANCE_FUND_CHANGE_COLUMNS: Array<Column<InsuranceFundChangeRow>> = [
  ...keyColumns<InsuranceFundChangeRow>(),
  { name: "market", type: "text", get: (r) => r.market },
  { name: "position_id", type: "bigint", get: (r) => r.positionId },
  { name: "delta", type: "bigint", get: (r) => r.delta },
  { name: "balance", type: "numeric", get: (r) => r.balance },
  { name: "reason", type: "text", get: (r) => r.reason },
  { name: "timestamp", type: "bigint", get: (r) => r.timestamp },
];

export const BANKRUPTCY_COLUMNS: Array<Column<BankruptcyRow>> = [
  ...keyColumns<BankruptcyRow>(),
  { name: "market", type: "text", get: (r) => r.market },
  { name: "position_id", type: "bigint", get: (r) => r.positionId },
  { name: "owner", type: "text", get: (r) => r.owner },
  { name: "deficit", type: "numeric", get: (r) => r.deficit },
  { name: "insurance_paid", type: "numeric", get: (r) => r.insurancePaid },
  { name: "socialized", type: "numeric", get: (r) => r.socialized },
  { name: "cumulative_loss_per_lot", type: "numeric", get: (r) => r.cumulativeLossPerLot },
  { name: "spread_over_lots", type: "numeric", get: (r) => r.spreadOverLots },
  { name: "insurance_balance", type: "numeric", get: (r) => r.insuranceBalance },
  { name: "timestamp", type: "bigint", get: (r) => r.timestamp },
];

export const DEAD_LETTER_COLUMNS: Array<Column<DeadLetter>> = [
  { name: "signature", type: "text", get: (r) => r.signature },
  { name: "slot", type: "bigint", get: (r) => r.slot },
  { name: "program_id", type: "text", get: (r) => r.programId },
  { name: "reason", type: "text", get: (r) => r.reason },
  { name: "instruction_index", type: "int", get: (r) => r.instructionIndex },
  { name: "log_index", type: "int", get: (r) => r.logIndex },
  { name: "raw_data", type: "text", get: (r) => r.rawData },
  { name: "detail", type: "text", get: (r) => r.detail },
];
