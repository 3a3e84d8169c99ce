/**
 * `npm start` (.ci/start) as a newcomer runs it, without setup: it refuses to start without the
 * cluster binary (exit 1, naming it); with it, it prints the dashboard URL, the demo's markets and
 * fills reach the API through the indexer (one process, embedded PGlite), and SIGTERM to the script
 * alone stops everything it started (Ctrl-C signals the whole group, the easier case).
 */
import { expect } from "chai";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function portsFree(...ports: number[]): Promise<boolean> {
  for (const p of ports) {
    const free = await new Promise<boolean>((resolve) => {
      const s = net.createServer();
      s.once("error", () => resolve(false));
      s.listen(p, "127.0.0.1", () => s.close(() => resolve(true)));
    });
    if (!free) return false;
  }
  return true;
}

interface Started {
  proc: ChildProcess;
  out: () => string;
  err: () => string;
  exit: Promise<number | null>;
}

function start(args: string[], env: Record<string, string>): Started {
  let out = "";
  let err = "";
  const proc = spawn("bash", [path.join(ROOT, ".ci/start"), ...args], { cwd: ROOT, env: { ...process.env, SKIP_SETUP: "1", ...env }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  proc.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  proc.stderr?.on("data", (d: Buffer) => (err = (err + d.toString()).slice(-20_000)));
  const exit = new Promise<number | null>((resolve) => proc.once("exit", (code, signal) => resolve(code ?? (signal ? 128 : null))));
  return { proc, out: () => out, err: () => err, exit };
}

/** Whether any process of process group `pgid` is still running (zombies do not count). */
function groupAlive(pgid: number): boolean {
  const out = execFileSync("ps", ["-eo", "pgid=,stat="], { encoding: "utf8" });
  return out.split("\n").some((line) => {
    const [g, stat] = line.trim().split(/\s+/);
    return Number(g) === pgid && stat !== undefined && !stat.startsWith("Z");
  });
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe("npm start (.ci/start)", function () {
  this.timeout(300_000);
  const running: Started[] = [];
  after(() => {
    // Whatever happened, nothing this suite started outlives it.
    for (const s of running) {
      try {
        if (s.proc.pid) process.kill(-s.proc.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  });

  it("exits 1 naming the cluster binary when it is missing", async () => {
    const s = start(["--no-demo"], { CARGO_TARGET_DIR: path.join(os.tmpdir(), "perps-no-such-target") });
    running.push(s);
    expect(await s.exit).to.equal(1);
    expect(s.err()).to.match(/perps-localnet is missing/);
    expect(s.out()).not.to.match(/dashboard/);
  });

  it("prints the dashboard URL, serves the demo's markets and fills, and SIGTERM stops everything", async () => {
    const rpc = await until("two free ports", async () => {
      const p = await freePort();
      return (await portsFree(p + 1)) ? p : undefined;
    }, 10_000);
    const api = await freePort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "perps-start-"));
    const s = start([], { RPC_PORT: String(rpc), API_PORT: String(api), PGLITE_DIR: dir, DEMO_ARGS: "--rate 6 --liquidation-every 0", LOG_LEVEL: "warn" });
    running.push(s);
    const url = await until(
      "the dashboard URL",
      async () => {
        const m = /dashboard\s+(http:\/\/127\.0\.0\.1:\d+\/)/.exec(s.out());
        if (!m && s.proc.exitCode !== null) throw new Error(`npm start exited ${s.proc.exitCode}: ${s.err()}`);
        return m?.[1];
      },
      180_000,
    ).catch((e: Error) => {
      throw new Error(`${e.message}\nstdout:\n${s.out()}\nstderr:\n${s.err()}`);
    });
    expect(url).to.equal(`http://127.0.0.1:${api}/`);
    expect((await fetch(url)).status).to.equal(200);
    // The demo creates markets and trades; the indexer in the API's process stores them.
    const markets = await until(
      "demo fills in /v1/markets",
      async () => {
        const body = (await (await fetch(`${url}v1/markets`)).json()) as { markets: Array<{ symbol: string; stats: { totalTrades: string } }> };
        return body.markets.some((m) => Number(m.stats.totalTrades) > 0) ? body.markets : undefined;
      },
      120_000,
    ).catch((e: Error) => {
      throw new Error(`${e.message}\nstderr:\n${s.err().slice(-4000)}`);
    });
    expect(markets.map((m) => m.symbol)).to.include("SOL-PERP");
    const status = (await (await fetch(`${url}v1/status`)).json()) as { cursor: { slot: number } | null; chain: unknown };
    expect(status.cursor?.slot).to.be.greaterThan(0);

    // SIGTERM to the script alone (as `timeout` or a supervisor sends it; Ctrl-C signals the whole
    // group): it stops everything it started, so the process group empties.
    process.kill(s.proc.pid!, "SIGTERM");
    const code = await Promise.race([s.exit, new Promise<"hung">((r) => setTimeout(() => r("hung"), 30_000))]);
    expect(code).to.not.equal("hung");
    await until("every process npm start started to exit", async () => (groupAlive(s.proc.pid!) ? undefined : true), 15_000);
    await until("the ports to be released", async () => ((await portsFree(rpc, rpc + 1, api)) ? true : undefined), 15_000);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
