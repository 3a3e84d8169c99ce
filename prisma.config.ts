import { defineConfig } from "prisma/config";

// Prisma 7 keeps the connection URL out of schema.prisma. `.env` is not auto-loaded.
// Offline, `prisma generate` needs PRISMA_SCHEMA_ENGINE_BINARY set to any existing file (see
// `npm run prisma:generate`); migrations are applied by `npm run db:migrate` (app/src/db/migrate.ts).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: {
    url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/perps_indexer",
  },
});
