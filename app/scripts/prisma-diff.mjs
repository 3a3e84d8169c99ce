// Offline `prisma migrate diff`: runs Prisma's schema engine (WebAssembly build) to print the SQL
// that takes the database from the committed migrations (or from empty) to prisma/schema.prisma.
//   node app/scripts/prisma-diff.mjs [--from-empty] [--check]
// --check exits 2 when prisma/migrations does not match the schema: it applies the migrations and
// the from-empty script to two scratch databases on the server and compares their pg_dump schemas.
//   (without --check it always prints the from-empty script)
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import pg from "pg";
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

const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const factory = new PrismaPg({ connectionString: url });
const engine = await bg.SchemaEngine.new({ datamodels: [["schema.prisma", content]] }, () => {}, bindMigrationAwareSqlAdapterFactory(factory));
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
  // The engine's "from migrations" mode needs a shadow database it cannot introspect through the
  // pg adapter here, so the check replays both sides on the server instead: the committed
  // migrations (in order) into one scratch database, the from-empty script into another, and
  // compares their `pg_dump --schema-only` outputs. Works for any migration (ALTER, DROP, ...).
  const dumps = await withScratchDatabases(url, async ([migrated, expected]) => {
    await applyScripts(migrated, migrations.map((m) => m.migrationFile.content.value));
    await applyScripts(expected, [script]);
    return [normaliseDump(pgDump(migrated)), normaliseDump(pgDump(expected))];
  });
  if (dumps[0] !== dumps[1]) {
    process.stderr.write("prisma/migrations does not match prisma/schema.prisma; expected:\n" + script);
    process.stderr.write("\nschema difference (- migrations, + schema):\n" + lineDiff(dumps[0], dumps[1]) + "\n");
    process.exit(2);
  }
  process.stderr.write("prisma/migrations matches prisma/schema.prisma\n");
  process.exit(0);
}
process.stdout.write(script);

/** Creates two empty databases next to `baseUrl`'s, passes their URLs to `fn`, drops them after. */
async function withScratchDatabases(baseUrl, fn) {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  const tag = `${process.pid}_${Date.now()}`;
  const names = [`prisma_check_migrations_${tag}`, `prisma_check_schema_${tag}`];
  try {
    for (const n of names) await admin.query(`CREATE DATABASE "${n}"`);
    return await fn(names.map((n) => { const u = new URL(baseUrl); u.pathname = "/" + n; return u.toString(); }));
  } finally {
    for (const n of names) await admin.query(`DROP DATABASE IF EXISTS "${n}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

async function applyScripts(dbUrl, scripts) {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  try {
    for (const sql of scripts) await c.query(sql);
  } finally {
    await c.end();
  }
}

function pgDump(dbUrl) {
  return execFileSync("pg_dump", ["--schema-only", "--no-owner", "--no-privileges", dbUrl], { encoding: "utf8", maxBuffer: 64 << 20 });
}

/** Statements of a dump without comments, SET/set_config lines and psql meta-commands
 * (`\restrict` carries a random key), whitespace-collapsed and sorted. */
function normaliseDump(dump) {
  const body = dump.split("\n")
    .filter((l) => !/^\s*--/.test(l) && !/^SET /.test(l) && !/^SELECT pg_catalog\.set_config/.test(l) && !/^\\/.test(l))
    .join("\n");
  return body.split(/;\s*\n/).map((s) => s.replace(/\s+/g, " ").trim()).filter(Boolean).sort().join(";\n");
}

function lineDiff(a, b) {
  const A = new Set(a.split("\n")), B = new Set(b.split("\n"));
  return [...[...A].filter((l) => !B.has(l)).map((l) => "- " + l), ...[...B].filter((l) => !A.has(l)).map((l) => "+ " + l)].join("\n");
}
