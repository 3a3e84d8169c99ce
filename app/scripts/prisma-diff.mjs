// Offline `prisma migrate diff`: runs Prisma's schema engine (WebAssembly build) to print the SQL
// that takes the database from the committed migrations (or from empty) to prisma/schema.prisma.
//   node app/scripts/prisma-diff.mjs [--from-empty] [--check]
// --check exits 2 when prisma/migrations does not match the schema (used by the tests).
//   (without --check it always prints the from-empty script)
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

const require = createRequire(import.meta.url);
const pkgDir = path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
const bg = await import(path.join(pkgDir, "schema_engine_bg.js"));
const bytes = fs.readFileSync(path.join(pkgDir, "schema_engine_bg.wasm"));
const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg });
bg.__wbg_set_wasm(instance.exports);
instance.exports.__wbindgen_start();

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const schemaPath = path.join(root, "prisma/schema.prisma");
const content = fs.readFileSync(schemaPath, "utf8");
const migrationsDir = path.join(root, "prisma/migrations");
const args = new Set(process.argv.slice(2));

const migrations = fs.existsSync(migrationsDir)
  ? fs.readdirSync(migrationsDir).filter((d) => fs.existsSync(path.join(migrationsDir, d, "migration.sql"))).sort()
      .map((d) => ({ path: d, migrationFile: { path: "migration.sql", content: { tag: "ok", value: fs.readFileSync(path.join(migrationsDir, d, "migration.sql"), "utf8") } } }))
  : [];

// A shadow database is needed to replay migrations; the engine creates and drops it itself.
const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const factory = new PrismaPg({ connectionString: url });
const engine = await bg.SchemaEngine.new({ datamodels: [["schema.prisma", content]] }, () => {}, bindMigrationAwareSqlAdapterFactory(factory));
// The engine's "from migrations" mode needs a shadow database it cannot introspect through the
// pg adapter here, so the check compares the from-empty script with the committed migrations
// concatenated (valid while migrations only add; a later ALTER needs a real shadow-DB diff).
const result = await engine.diff({
  from: { tag: "empty" },
  to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content }] },
  script: true,
  shadowDatabaseUrl: null,
  exitCode: null,
  filters: { externalTables: [], externalEnums: [] },
});
const script = result.stdout ?? "";
if (args.has("--check")) {
  const committed = migrations.map((m) => m.migrationFile.content.value).join("\n");
  const norm = (s) => s.replace(/--[^\n]*\n/g, "").replace(/\s+/g, " ").trim();
  if (norm(committed) !== norm(script)) {
    process.stderr.write("prisma/migrations does not match prisma/schema.prisma; expected:\n" + script);
    process.exit(2);
  }
  process.stderr.write("prisma/migrations matches prisma/schema.prisma\n");
  process.exit(0);
}
process.stdout.write(script);
