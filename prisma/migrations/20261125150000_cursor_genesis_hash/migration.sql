-- AlterTable
ALTER TABLE "indexer_cursors" ADD COLUMN     "genesis_hash" TEXT;
