-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "program_events" (
    "id" BIGSERIAL NOT NULL,
    "signature" TEXT NOT NULL,
    "instruction_index" INTEGER NOT NULL,
    "event_index" INTEGER NOT NULL,
    "slot" BIGINT NOT NULL,
    "tx_index" INTEGER NOT NULL,
    "invoke_depth" INTEGER NOT NULL,
    "program_id" TEXT NOT NULL,
    "block_time" BIGINT,
    "event_type" TEXT NOT NULL,
    "event_data" JSONB NOT NULL,
    "processed" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "program_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "markets" (
    "market" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "symbol" TEXT NOT NULL,
    "tick_size" DECIMAL(20,0) NOT NULL,
    "base_lot_size" DECIMAL(20,0) NOT NULL,
    "base_decimals" INTEGER NOT NULL,
    "taker_fee_bps" INTEGER NOT NULL,
    "maker_fee_bps" INTEGER NOT NULL,
    "initial_margin_bps" INTEGER NOT NULL,
    "maintenance_margin_bps" INTEGER NOT NULL,
    "liquidation_penalty_bps" INTEGER NOT NULL,
    "price_authority" TEXT NOT NULL,
    "max_price_age_secs" BIGINT NOT NULL,
    "created_timestamp" BIGINT NOT NULL,
    "slot" BIGINT NOT NULL,
    "signature" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "markets_pkey" PRIMARY KEY ("market")
);

-- CreateTable
CREATE TABLE "trades" (
    "id" BIGSERIAL NOT NULL,
    "signature" TEXT NOT NULL,
    "instruction_index" INTEGER NOT NULL,
    "event_index" INTEGER NOT NULL,
    "slot" BIGINT NOT NULL,
    "tx_index" INTEGER NOT NULL,
    "market" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,
    "taker" TEXT NOT NULL,
    "maker" TEXT NOT NULL,
    "taker_position_id" BIGINT NOT NULL,
    "maker_position_id" BIGINT NOT NULL,
    "taker_order_id" DECIMAL(20,0) NOT NULL,
    "maker_order_id" DECIMAL(20,0) NOT NULL,
    "taker_side" TEXT NOT NULL,
    "price" DECIMAL(20,0) NOT NULL,
    "quantity" DECIMAL(20,0) NOT NULL,
    "taker_fee" DECIMAL(20,0) NOT NULL,
    "maker_fee" DECIMAL(20,0) NOT NULL,
    "timestamp" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "trades_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "positions" (
    "position_id" BIGINT NOT NULL,
    "owner" TEXT NOT NULL,
    "market" TEXT NOT NULL,
    "side" TEXT NOT NULL,
    "size" DECIMAL(20,0) NOT NULL,
    "entry_price" DECIMAL(20,0) NOT NULL,
    "collateral" DECIMAL(20,0) NOT NULL,
    "realized_pnl" BIGINT NOT NULL,
    "unrealized_pnl" BIGINT NOT NULL,
    "settled_pnl" BIGINT NOT NULL,
    "mark_price" DECIMAL(20,0) NOT NULL,
    "slot" BIGINT NOT NULL,
    "tx_index" INTEGER NOT NULL,
    "instruction_index" INTEGER NOT NULL,
    "event_index" INTEGER NOT NULL,
    "signature" TEXT NOT NULL,
    "timestamp" BIGINT NOT NULL,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "positions_pkey" PRIMARY KEY ("position_id")
);

-- CreateTable
CREATE TABLE "position_history" (
    "id" BIGSERIAL NOT NULL,
    "signature" TEXT NOT NULL,
    "instruction_index" INTEGER NOT NULL,
    "event_index" INTEGER NOT NULL,
    "slot" BIGINT NOT NULL,
    "tx_index" INTEGER NOT NULL,
    "position_id" BIGINT NOT NULL,
    "owner" TEXT NOT NULL,
    "market" TEXT NOT NULL,
    "side" TEXT NOT NULL,
    "size" DECIMAL(20,0) NOT NULL,
    "entry_price" DECIMAL(20,0) NOT NULL,
    "collateral" DECIMAL(20,0) NOT NULL,
    "realized_pnl" BIGINT NOT NULL,
    "unrealized_pnl" BIGINT NOT NULL,
    "settled_pnl" BIGINT NOT NULL,
    "mark_price" DECIMAL(20,0) NOT NULL,
    "timestamp" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "position_history_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "liquidations" (
    "id" BIGSERIAL NOT NULL,
    "signature" TEXT NOT NULL,
    "instruction_index" INTEGER NOT NULL,
    "event_index" INTEGER NOT NULL,
    "slot" BIGINT NOT NULL,
    "tx_index" INTEGER NOT NULL,
    "position_id" BIGINT NOT NULL,
    "owner" TEXT NOT NULL,
    "market" TEXT NOT NULL,
    "liquidator" TEXT NOT NULL,
    "liquidated_size" DECIMAL(20,0) NOT NULL,
    "liquidation_price" DECIMAL(20,0) NOT NULL,
    "penalty_fee" DECIMAL(20,0) NOT NULL,
    "remaining_size" DECIMAL(20,0) NOT NULL,
    "liquidator_position_id" BIGINT NOT NULL,
    "liquidator_fee" DECIMAL(20,0) NOT NULL,
    "exchange_fee" DECIMAL(20,0) NOT NULL,
    "timestamp" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "liquidations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fill_seq_gaps" (
    "id" BIGSERIAL NOT NULL,
    "market" TEXT NOT NULL,
    "expected_seq" BIGINT NOT NULL,
    "found_seq" BIGINT NOT NULL,
    "signature" TEXT NOT NULL,
    "slot" BIGINT NOT NULL,
    "detected_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fill_seq_gaps_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "indexer_cursors" (
    "program_id" TEXT NOT NULL,
    "last_slot" BIGINT NOT NULL,
    "last_tx_index" INTEGER NOT NULL,
    "last_signature" TEXT NOT NULL,
    "last_block_time" BIGINT,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "indexer_cursors_pkey" PRIMARY KEY ("program_id")
);

-- CreateTable
CREATE TABLE "dead_letters" (
    "id" BIGSERIAL NOT NULL,
    "signature" TEXT NOT NULL,
    "slot" BIGINT NOT NULL,
    "program_id" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "instruction_index" INTEGER NOT NULL,
    "log_index" INTEGER NOT NULL,
    "raw_data" TEXT NOT NULL,
    "detail" TEXT,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dead_letters_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "program_events_chain_order_idx" ON "program_events"("slot", "tx_index", "instruction_index", "event_index");

-- CreateIndex
CREATE INDEX "program_events_type_slot_idx" ON "program_events"("event_type", "slot");

-- CreateIndex
CREATE INDEX "program_events_processed_idx" ON "program_events"("processed", "slot");

-- CreateIndex
CREATE UNIQUE INDEX "program_events_natural_key" ON "program_events"("signature", "instruction_index", "event_index");

-- CreateIndex
CREATE INDEX "markets_symbol_idx" ON "markets"("symbol");

-- CreateIndex
CREATE INDEX "trades_market_time_idx" ON "trades"("market", "timestamp");

-- CreateIndex
CREATE INDEX "trades_taker_time_idx" ON "trades"("taker", "timestamp");

-- CreateIndex
CREATE INDEX "trades_maker_time_idx" ON "trades"("maker", "timestamp");

-- CreateIndex
CREATE INDEX "trades_taker_position_idx" ON "trades"("taker_position_id");

-- CreateIndex
CREATE INDEX "trades_maker_position_idx" ON "trades"("maker_position_id");

-- CreateIndex
CREATE INDEX "trades_slot_idx" ON "trades"("slot", "tx_index");

-- CreateIndex
CREATE UNIQUE INDEX "trades_natural_key" ON "trades"("signature", "instruction_index", "event_index");

-- CreateIndex
CREATE UNIQUE INDEX "trades_market_seq_key" ON "trades"("market", "seq");

-- CreateIndex
CREATE INDEX "positions_owner_market_idx" ON "positions"("owner", "market");

-- CreateIndex
CREATE INDEX "positions_market_idx" ON "positions"("market");

-- CreateIndex
CREATE INDEX "position_history_position_idx" ON "position_history"("position_id", "slot", "tx_index", "instruction_index", "event_index");

-- CreateIndex
CREATE INDEX "position_history_owner_time_idx" ON "position_history"("owner", "timestamp");

-- CreateIndex
CREATE INDEX "position_history_market_time_idx" ON "position_history"("market", "timestamp");

-- CreateIndex
CREATE UNIQUE INDEX "position_history_natural_key" ON "position_history"("signature", "instruction_index", "event_index");

-- CreateIndex
CREATE INDEX "liquidations_market_time_idx" ON "liquidations"("market", "timestamp");

-- CreateIndex
CREATE INDEX "liquidations_owner_time_idx" ON "liquidations"("owner", "timestamp");

-- CreateIndex
CREATE INDEX "liquidations_liquidator_time_idx" ON "liquidations"("liquidator", "timestamp");

-- CreateIndex
CREATE INDEX "liquidations_position_idx" ON "liquidations"("position_id");

-- CreateIndex
CREATE INDEX "liquidations_liquidator_position_idx" ON "liquidations"("liquidator_position_id");

-- CreateIndex
CREATE UNIQUE INDEX "liquidations_natural_key" ON "liquidations"("signature", "instruction_index", "event_index");

-- CreateIndex
CREATE UNIQUE INDEX "fill_seq_gaps_key" ON "fill_seq_gaps"("market", "expected_seq", "found_seq");

-- CreateIndex
CREATE INDEX "dead_letters_reason_idx" ON "dead_letters"("reason", "created_at");

-- CreateIndex
CREATE INDEX "dead_letters_slot_idx" ON "dead_letters"("slot");

-- CreateIndex
CREATE UNIQUE INDEX "dead_letters_key" ON "dead_letters"("signature", "log_index", "reason");
