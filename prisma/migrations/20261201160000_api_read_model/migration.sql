-- The query API's read model: key-ordered indexes for cursor pagination and the live feeds, one-
-- minute and one-hour candles maintained by the sink, the indexer's health snapshot, and the read-only role the
-- API uses on PostgreSQL.

-- DropIndex (replaced by key-ordered indexes)
DROP INDEX "trades_taker_time_idx";
DROP INDEX "trades_maker_time_idx";
DROP INDEX "trades_slot_idx";
DROP INDEX "position_history_owner_time_idx";
DROP INDEX "position_history_market_time_idx";
DROP INDEX "liquidations_market_time_idx";
DROP INDEX "liquidations_owner_time_idx";

-- CreateTable
CREATE TABLE "candles_1m" (
    "market" TEXT NOT NULL,
    "bucket" BIGINT NOT NULL,
    "open" DECIMAL(20,0) NOT NULL,
    "high" DECIMAL(20,0) NOT NULL,
    "low" DECIMAL(20,0) NOT NULL,
    "close" DECIMAL(20,0) NOT NULL,
    "volume" DECIMAL(38,0) NOT NULL,
    "quote_volume" DECIMAL(38,0) NOT NULL,
    "trades" INTEGER NOT NULL,
    "first_seq" BIGINT NOT NULL,
    "last_seq" BIGINT NOT NULL,

    CONSTRAINT "candles_1m_pkey" PRIMARY KEY ("market","bucket")
);

-- CreateTable
CREATE TABLE "candles_1h" (
    "market" TEXT NOT NULL,
    "bucket" BIGINT NOT NULL,
    "open" DECIMAL(20,0) NOT NULL,
    "high" DECIMAL(20,0) NOT NULL,
    "low" DECIMAL(20,0) NOT NULL,
    "close" DECIMAL(20,0) NOT NULL,
    "volume" DECIMAL(38,0) NOT NULL,
    "quote_volume" DECIMAL(38,0) NOT NULL,
    "trades" INTEGER NOT NULL,
    "first_seq" BIGINT NOT NULL,
    "last_seq" BIGINT NOT NULL,

    CONSTRAINT "candles_1h_pkey" PRIMARY KEY ("market","bucket")
);

-- CreateTable
CREATE TABLE "indexer_health" (
    "program_id" TEXT NOT NULL,
    "health" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "indexer_health_pkey" PRIMARY KEY ("program_id")
);

-- CreateIndex
CREATE INDEX "trades_market_key_idx" ON "trades"("market", "slot", "tx_index", "instruction_index", "event_index");
CREATE INDEX "trades_taker_key_idx" ON "trades"("taker", "slot", "tx_index", "instruction_index", "event_index");
CREATE INDEX "trades_maker_key_idx" ON "trades"("maker", "slot", "tx_index", "instruction_index", "event_index");
CREATE INDEX "trades_key_idx" ON "trades"("slot", "tx_index", "instruction_index", "event_index");
CREATE INDEX "position_history_owner_key_idx" ON "position_history"("owner", "slot", "tx_index", "instruction_index", "event_index");
CREATE INDEX "position_history_market_key_idx" ON "position_history"("market", "slot", "tx_index", "instruction_index", "event_index");
CREATE INDEX "position_history_key_idx" ON "position_history"("slot", "tx_index", "instruction_index", "event_index");
CREATE INDEX "liquidations_market_key_idx" ON "liquidations"("market", "slot", "tx_index", "instruction_index", "event_index");
CREATE INDEX "liquidations_owner_key_idx" ON "liquidations"("owner", "slot", "tx_index", "instruction_index", "event_index");
CREATE INDEX "liquidations_key_idx" ON "liquidations"("slot", "tx_index", "instruction_index", "event_index");

-- Candles of the fills already stored (same rule as the sink: bucket = timestamp rounded down to
-- the minute / hour, open/close = the fills with the lowest/highest seq).
INSERT INTO "candles_1m" ("market", "bucket", "open", "high", "low", "close", "volume", "quote_volume", "trades", "first_seq", "last_seq")
SELECT "market", ("timestamp" / 60) * 60,
       (array_agg("price" ORDER BY "seq"))[1], max("price"), min("price"), (array_agg("price" ORDER BY "seq" DESC))[1],
       sum("quantity"), sum("price" * "quantity"), count(*), min("seq"), max("seq")
FROM "trades" GROUP BY "market", ("timestamp" / 60) * 60;
INSERT INTO "candles_1h" ("market", "bucket", "open", "high", "low", "close", "volume", "quote_volume", "trades", "first_seq", "last_seq")
SELECT "market", ("timestamp" / 3600) * 3600,
       (array_agg("price" ORDER BY "seq"))[1], max("price"), min("price"), (array_agg("price" ORDER BY "seq" DESC))[1],
       sum("quantity"), sum("price" * "quantity"), count(*), min("seq"), max("seq")
FROM "trades" GROUP BY "market", ("timestamp" / 3600) * 3600;

-- The API's read-only role (NOLOGIN: the API runs `SET ROLE perps_readonly` on each of its
-- connections; an operator may instead create a LOGIN role that is a member of it). Roles are
-- cluster-wide: another database's migration may have created it already.
DO $$
BEGIN
  CREATE ROLE "perps_readonly" NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
GRANT USAGE ON SCHEMA public TO "perps_readonly";
GRANT SELECT ON ALL TABLES IN SCHEMA public TO "perps_readonly";
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO "perps_readonly";
