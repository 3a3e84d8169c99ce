-- CreateTable
CREATE TABLE "admin_actions" (
    "id" BIGSERIAL NOT NULL,
    "signature" TEXT NOT NULL,
    "instruction_index" INTEGER NOT NULL,
    "event_index" INTEGER NOT NULL,
    "slot" BIGINT NOT NULL,
    "tx_index" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "market" TEXT,
    "subject" TEXT,
    "amount" DECIMAL(20,0),
    "details" JSONB NOT NULL,
    "timestamp" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "admin_actions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "position_closures" (
    "id" BIGSERIAL NOT NULL,
    "signature" TEXT NOT NULL,
    "instruction_index" INTEGER NOT NULL,
    "event_index" INTEGER NOT NULL,
    "slot" BIGINT NOT NULL,
    "tx_index" INTEGER NOT NULL,
    "position_id" BIGINT NOT NULL,
    "owner" TEXT NOT NULL,
    "market" TEXT NOT NULL,
    "rent_returned" DECIMAL(20,0) NOT NULL,
    "timestamp" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "position_closures_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "admin_actions_actor_time_idx" ON "admin_actions"("actor", "timestamp");

-- CreateIndex
CREATE INDEX "admin_actions_market_time_idx" ON "admin_actions"("market", "timestamp");

-- CreateIndex
CREATE INDEX "admin_actions_action_slot_idx" ON "admin_actions"("action", "slot");

-- CreateIndex
CREATE UNIQUE INDEX "admin_actions_natural_key" ON "admin_actions"("signature", "instruction_index", "event_index");

-- CreateIndex
CREATE INDEX "position_closures_owner_time_idx" ON "position_closures"("owner", "timestamp");

-- CreateIndex
CREATE INDEX "position_closures_market_time_idx" ON "position_closures"("market", "timestamp");

-- CreateIndex
CREATE UNIQUE INDEX "position_closures_natural_key" ON "position_closures"("signature", "instruction_index", "event_index");

-- CreateIndex
CREATE UNIQUE INDEX "position_closures_position_key" ON "position_closures"("position_id");
