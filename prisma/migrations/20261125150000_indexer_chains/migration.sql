-- CreateTable
CREATE TABLE "indexer_chains" (
    "program_id" TEXT NOT NULL,
    "genesis_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "indexer_chains_pkey" PRIMARY KEY ("program_id")
);
