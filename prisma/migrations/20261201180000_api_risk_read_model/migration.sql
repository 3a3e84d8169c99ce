-- The query API over the risk-model and admin events (issue 9): key-ordered indexes for cursor
-- pagination of order cancellations (per market, per market and reason, per owner), insurance
-- fund changes and bankruptcies (per market), and admin actions (all, per market, per action).
-- They replace the (…, slot) / (…, timestamp) indexes they extend.

-- DropIndex (replaced by key-ordered indexes)
DROP INDEX "order_cancellations_market_slot_idx";
DROP INDEX "order_cancellations_owner_time_idx";
DROP INDEX "insurance_fund_changes_market_slot_idx";
DROP INDEX "bankruptcies_market_slot_idx";
DROP INDEX "admin_actions_market_time_idx";
DROP INDEX "admin_actions_action_slot_idx";

-- CreateIndex
CREATE INDEX "order_cancellations_market_key_idx" ON "order_cancellations"("market", "slot", "tx_index", "instruction_index", "event_index");
CREATE INDEX "order_cancellations_market_reason_key_idx" ON "order_cancellations"("market", "reason", "slot", "tx_index", "instruction_index", "event_index");
CREATE INDEX "order_cancellations_owner_key_idx" ON "order_cancellations"("owner", "slot", "tx_index", "instruction_index", "event_index");
CREATE INDEX "insurance_fund_changes_market_key_idx" ON "insurance_fund_changes"("market", "slot", "tx_index", "instruction_index", "event_index");
CREATE INDEX "bankruptcies_market_key_idx" ON "bankruptcies"("market", "slot", "tx_index", "instruction_index", "event_index");
CREATE INDEX "admin_actions_key_idx" ON "admin_actions"("slot", "tx_index", "instruction_index", "event_index");
CREATE INDEX "admin_actions_market_key_idx" ON "admin_actions"("market", "slot", "tx_index", "instruction_index", "event_index");
CREATE INDEX "admin_actions_action_key_idx" ON "admin_actions"("action", "slot", "tx_index", "instruction_index", "event_index");

-- The API's read-only role already reads these tables through the default privileges of
-- 20261201160000_api_read_model, which cover tables created later by the same role; granted
-- explicitly too, in case the risk tables were created by another role.
GRANT SELECT ON "order_cancellations", "insurance_fund_changes", "bankruptcies", "admin_actions" TO "perps_readonly";
