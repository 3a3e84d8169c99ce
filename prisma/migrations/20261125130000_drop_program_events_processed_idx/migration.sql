-- The sink inserts events already processed = true and nothing queries by `processed`: the index only cost writes.
DROP INDEX "program_events_processed_idx";
