-- CreateTable
CREATE TABLE "order_cancellations" (
    "id" BIGSERIAL NOT NULL,
    "signature" TEXT NOT NULL,
    "instruction_index" INTEGER NOT NULL,
    "event_index" INTEGER NOT NULL,
    "slot" BIGINT NOT NULL,
    "tx_index" INTEGER NOT NULL,
    "market" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "position_id" BIGINT NOT NULL,
    "order_id" DECIMAL(20,0) NOT NULL,
    "side" TEXT NOT NULL,
    "price" DECIMAL(20,0) NOT NULL,
    "quantity" DECIMAL(20,0) NOT NULL,
    "reason" TEXT NOT NULL,
    "mark_price" DECIMAL(20,0) NOT NULL,
    "timestamp" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "order_cancellations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "insurance_fund_changes" (
    "id" BIGSERIAL NOT NULL,
    "signature" TEXT NOT NULL,
    "instruction_index" INTEGER NOT NULL,
    "event_index" INTEGER NOT NULL,
    "slot" BIGINT NOT NULL,
    "tx_index" INTEGER NOT NULL,
    "market" TEXT NOT NULL,
    "position_id" BIGINT NOT NULL,
    "delta" BIGINT NOT NULL,
    "balance" DECIMAL(20,0) NOT NULL,
    "reason" TEXT NOT NULL,
    "timestamp" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "insurance_fund_changes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bankruptcies" (
    "id" BIGSERIAL NOT NULL,
    "signature" TEXT NOT NULL,
    "instruction_index" INTEGER NOT NULL,
    "event_index" INTEGER NOT NULL,
    "slot" BIGINT NOT NULL,
    "tx_index" INTEGER NOT NULL,
    "market" TEXT NOT NULL,
    "position_id" BIGINT NOT NULL,
    "owner" TEXT NOT NULL,
    "deficit" DECIMAL(20,0) NOT NULL,
    "insurance_paid" DECIMAL(20,0) NOT NULL,
    "socialized" DECIMAL(20,0) NOT NULL,
    "cumulative_loss_per_lot" DECIMAL(20,0) NOT NULL,
    "spread_over_lots" DECIMAL(20,0) NOT NULL,
    "insurance_balance" DECIMAL(20,0) NOT NULL,
    "timestamp" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bankruptcies_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "order_cancellations_market_slot_idx" ON "order_cancellations"("market", "slot");

-- CreateIndex
CREATE INDEX "order_cancellations_owner_time_idx" ON "order_cancellations"("owner", "timestamp");

-- CreateIndex
CREATE UNIQUE INDEX "order_cancellations_natural_key" ON "order_cancellations"("signature", "instruction_index", "event_index");

-- CreateIndex
CREATE INDEX "insurance_fund_changes_market_slot_idx" ON "insurance_fund_changes"("market", "slot");

-- CreateIndex
CREATE UNIQUE INDEX "insurance_fund_changes_natural_key" ON "insurance_fund_changes"("signature", "instruction_index", "event_index");

-- CreateIndex
CREATE INDEX "bankruptcies_market_slot_idx" ON "bankruptcies"("market", "slot");

-- CreateIndex
CREATE INDEX "bankruptcies_owner_time_idx" ON "bankruptcies"("owner", "timestamp");

-- CreateIndex
CREATE UNIQUE INDEX "bankruptcies_natural_key" ON "bankruptcies"("signature", "instruction_index", "event_index");
