/**
 * The indexer CLI as a real process (`node -r tests/support/ts-register-cached.js app/src/cli.ts`,
 * i.e. ts-node's transpile-only mode with a transpile cache):
 * help, configuration and flag validation (exit 2 before anything is connected), and `migrate`
 * on PostgreSQL, including a database that does not exist yet. No cluster needed.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { utils } from "@coral-xyz/anchor";
import { expect } from "chai";
import pg from "pg";
import { dropPostgresDatabase, ensurePostgresDatabase, openDatabase } from "../app/src/db/database";
import { listMigrations } from "../app/src/db/migrate";
import { PG_BASE_URL, testDatabaseUrl } from "./support/indexer-db";
import { TS_REGISTER } from "./support/indexer-run";

const REPO_ROOT = path.resolve(__dirname, "..");
/** Nothing listens here: a command that got as far as connecting fails with ECONNREFUSED. */
const UNREACHABLE_DB = "postgresql://postgres@127.0.0.1:1/perps_unreachable";
const UNREACHABLE_RPC = "http://127.0.0.1:1";
const CONFIG_ENV = ["RPC_URL", "WS_URL", "PROGRAM_ID", "DATABASE_URL", "PGLITE_DIR", "COMMITMENT", "BATCH_SIZE", "POLL_INTERVAL_MS", "LOG_LEVEL"];

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with `args` (the indexer's env variables cleared, then `env`); SIGKILLs it and
 *  fails if it has not exited within `ms`. */
function runCli(args: string[], env: Record<string, string> = {}, ms = 30_000): Promise<CliResult> {
  const base: NodeJS.ProcessEnv = { ...process.env, TS_NODE_PROJECT: path.join(REPO_ROOT, "app/tsconfig.json") };
  for (const k of CONFIG_ENV) delete base[k];
  const child = spawn(process.execPath, ["-r", TS_REGISTER, path.join(REPO_ROOT, "app/src/cli.ts"), ...args], {
    env: { ...base, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`cli ${args.join(" ")} did not exit within ${ms} ms; stderr: ${stderr}`));
    }, ms);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The JSON log lines on stderr. */
function logLines(stderr: string): Array<Record<string, unknown>> {
  return stderr
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

async function databaseExists(url: string): Promise<boolean> {
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: `${PG_BASE_URL}/postgres` });
  await admin.connect();
  try {
    return (await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount === 1;
  } finally {
    await admin.end();
  }
}

describe("indexer CLI", () => {
  describe("--help", () => {
    const cases: Array<[string[], string[]]> = [
      [["--help"], ["migrate", "run", "backfill"]],
      [["migrate", "--help"], ["--database-url", "--pglite-dir", "--rpc-url", "--program-id", "--commitment", "--batch-size"]],
      [["run", "--help"], ["--health-interval", "--reset-on-chain-change", "--rpc-url", "--ws-url", "--database-url", "--poll-interval", "--log-level"]],
      [["backfill", "--help"], ["--from-slot", "--to-slot", "--before", "--until", "--no-progress", "--rpc-url"]],
    ];
    for (const [args, flags] of cases) {
      it(`${args.join(" ")} exits 0 and lists ${flags.join(", ")}`, async () => {
        const r = await runCli(args);
        expect(r.code, r.stderr).to.equal(0);
        for (const f of flags) expect(r.stdout).to.include(f);
      });
    }
  });

  describe("invalid configuration exits 2 naming the field, before connecting", () => {
    const cases: Array<[string, string[], Record<string, string>, string]> = [
      ["a non-HTTP RPC URL", ["run", "--rpc-url", "ftp://127.0.0.1:8899"], {}, "rpcUrl (--rpc-url or RPC_URL)"],
      ["a program id that is not a public key", ["backfill", "--program-id", "not-a-key"], {}, "programId (--program-id or PROGRAM_ID)"],
      ["batch size 0 from the environment", ["migrate"], { BATCH_SIZE: "0" }, "batchSize (--batch-size or BATCH_SIZE)"],
      ["commitment processed", ["run", "--commitment", "processed"], {}, "commitment (--commitment or COMMITMENT)"],
    ];
    for (const [what, args, env, field] of cases) {
      it(what, async () => {
        const r = await runCli(args, { DATABASE_URL: UNREACHABLE_DB, ...env });
        expect(r.code, r.stderr).to.equal(2);
        const error = logLines(r.stderr).find((l) => l.level === "error");
        expect(error?.msg).to.be.a("string").that.includes("invalid configuration").and.includes(field);
        expect(error?.error).to.equal("ConfigError");
      });
    }
  });

  describe("usage errors exit 2 (unknown command or option, missing value, no command)", () => {
    const cases: Array<[string, string[], string]> = [
      ["an unknown command", ["frobnicate"], "unknown command 'frobnicate'"],
      ["an unknown option of run", ["run", "--frobnicate"], "unknown option '--frobnicate'"],
      ["an unknown option of backfill", ["backfill", "--from"], "unknown option '--from'"],
      ["a flag without its value", ["backfill", "--from-slot"], "argument missing"],
      ["no command at all", [], "Usage: indexer"],
    ];
    for (const [what, args, expected] of cases) {
      it(what, async () => {
        const r = await runCli(args, { DATABASE_URL: UNREACHABLE_DB, RPC_URL: UNREACHABLE_RPC });
        expect(r.code, r.stderr).to.equal(2);
        expect(r.stderr).to.include(expected);
      });
    }
  });

  describe("flag validation exits 2 naming the flag, before connecting", () => {
    const pubkey = utils.bytes.bs58.encode(Buffer.alloc(32, 7));
    const cases: Array<[string, string[], string]> = [
      ["--from-slot abc", ["backfill", "--from-slot", "abc"], "--from-slot"],
      ["--from-slot 1.5", ["backfill", "--from-slot", "1.5"], "--from-slot"],
      ["--to-slot -1", ["backfill", "--to-slot", "-1"], "--to-slot"],
      ["--from-slot above --to-slot", ["backfill", "--from-slot", "10", "--to-slot", "9"], "--from-slot (10) is greater than --to-slot (9)"],
      ["--before that is not base58", ["backfill", "--before", "0OIl"], "--before"],
      ["--until of 32 bytes (a public key)", ["backfill", "--until", pubkey], "--until"],
      ["--health-interval 99", ["run", "--health-interval", "99"], "--health-interval"],
      ["--health-interval abc", ["run", "--health-interval", "abc"], "--health-interval"],
    ];
    for (const [what, args, expected] of cases) {
      it(what, async () => {
        const r = await runCli(args, { DATABASE_URL: UNREACHABLE_DB, RPC_URL: UNREACHABLE_RPC });
        expect(r.code, r.stderr).to.equal(2);
        expect(r.stderr).to.include(expected);
      });
    }

    it("valid slots and signatures pass validation (the command gets as far as the database: DatabaseUnavailable, exit 1)", async () => {
      const signature = utils.bytes.bs58.encode(Buffer.alloc(64, 7));
      const r = await runCli(["backfill", "--from-slot", "0", "--to-slot", "0", "--before", signature, "--until", signature], {
        DATABASE_URL: UNREACHABLE_DB,
        RPC_URL: UNREACHABLE_RPC,
      });
      expect(r.code, r.stderr).to.equal(1);
      expect(r.stderr).to.include("ECONNREFUSED");
      expect(logLines(r.stderr).find((l) => l.level === "error")?.error).to.equal("DatabaseUnavailable");
    });
  });

  describe("migrate on PostgreSQL", () => {
    let url: string;
    beforeEach(async () => {
      url = testDatabaseUrl("cli");
      await dropPostgresDatabase(url);
    });
    afterEach(async () => {
      await dropPostgresDatabase(url);
    });

    const all = listMigrations().map((m) => m.name);

    async function migrateViaCli(): Promise<{ applied: string[]; skipped: string[] }> {
      const r = await runCli(["migrate", "--database-url", url]);
      expect(r.code, r.stderr).to.equal(0);
      const done = logLines(r.stderr).find((l) => l.msg === "migrate done");
      expect(done, r.stderr).to.not.equal(undefined);
      return done as unknown as { applied: string[]; skipped: string[] };
    }

    it("applies the migrations to an empty database, and none the second time", async () => {
      await ensurePostgresDatabase(url);
      expect(await migrateViaCli()).to.deep.include({ applied: all, skipped: [] });
      expect(await migrateViaCli()).to.deep.include({ applied: [], skipped: all });
      const db = await openDatabase({ databaseUrl: url, pgliteDir: "" });
      try {
        const rows = await db.query<{ n: string }>("SELECT count(*)::text AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL");
        expect(Number(rows[0].n)).to.equal(all.length);
      } finally {
        await db.close();
      }
    });

    it("creates the database when it does not exist yet", async () => {
      expect(await databaseExists(url)).to.equal(false);
      expect(await migrateViaCli()).to.deep.include({ applied: all, skipped: [] });
      expect(await databaseExists(url)).to.equal(true);
    });

    it("an existing database is used without connecting to the `postgres` maintenance database", async () => {
      await ensurePostgresDatabase(url);
      const connected: string[] = [];
      const proto = pg.Client.prototype as unknown as { connect: (this: pg.Client, ...args: unknown[]) => unknown };
      const connect = proto.connect;
      proto.connect = function (...args) {
        connected.push(this.database ?? "");
        return connect.apply(this, args);
      };
      try {
        await ensurePostgresDatabase(url);
      } finally {
        proto.connect = connect;
      }
      expect(connected).to.deep.equal([new URL(url).pathname.slice(1)]);
    });
  });
});
