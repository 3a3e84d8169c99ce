/**
 * The indexer CLI (`app/src/cli.ts`) as a real child process, for tests of what an operator sees:
 * its JSON log lines as they arrive, its stdout, its exit code, signals, and bounded waits.
 */
import { spawn, type ChildProcessByStdio } from "node:child_process";
import path from "node:path";
import type { Readable } from "node:stream";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
/** The indexer's own environment variables: cleared so the test's settings are the only ones. */
const CONFIG_ENV = ["RPC_URL", "WS_URL", "PROGRAM_ID", "DATABASE_URL", "PGLITE_DIR", "COMMITMENT", "BATCH_SIZE", "POLL_INTERVAL_MS", "LOG_LEVEL"];

export type LogLine = Record<string, unknown> & { level?: string; msg?: string; error?: string };

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class CliProcess {
  readonly lines: LogLine[] = [];
  stdout = "";
  stderr = "";
  /** Lines on stderr, JSON or not. */
  stderrLines = 0;
  readonly exited: Promise<Exit>;
  private readonly child: ChildProcessByStdio<null, Readable, Readable>;
  private waiters: Array<() => void> = [];

  /** `script`: the entry point, relative to the repository (default the indexer CLI). */
  constructor(args: string[], env: Record<string, string>, script = "app/src/cli.ts") {
    const base: NodeJS.ProcessEnv = { ...process.env, TS_NODE_PROJECT: path.join(REPO_ROOT, "app/tsconfig.json") };
    for (const k of CONFIG_ENV) delete base[k];
    this.child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(REPO_ROOT, script), ...args], {
      env: { ...base, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let partial = "";
    this.child.stderr.on("data", (d: Buffer) => {
      const text = d.toString();
      this.stderr += text;
      partial += text;
      const parts = partial.split("\n");
      partial = parts.pop() ?? "";
      for (const line of parts) {
        this.stderrLines += 1;
        if (line.startsWith("{")) {
          try {
            this.lines.push(JSON.parse(line) as LogLine);
          } catch {
            // not a log line
          }
        }
      }
      this.wakeWaiters();
    });
    this.child.stdout.on("data", (d: Buffer) => (this.stdout += d.toString()));
    this.exited = new Promise((resolve) => this.child.on("close", (code, signal) => resolve({ code, signal })));
    void this.exited.then(() => this.wakeWaiters());
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  kill(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  private wakeWaiters(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** The first log line matching `pred`, waiting up to `ms`; fails with the stderr tail. */
  async waitForLine(what: string, pred: (l: LogLine) => boolean, ms = 60_000): Promise<LogLine> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.lines.find(pred);
      if (found) return found;
      if (!this.running) throw new Error(`indexer exited before logging ${what}; stderr:\n${this.stderr.slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`indexer did not log ${what} within ${ms} ms; stderr:\n${this.stderr.slice(-3000)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 200);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** The exit, or SIGKILL and a failure after `ms`. */
  async exitWithin(ms: number): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), ms)));
    const r = await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    if (r === "timeout") {
      this.kill("SIGKILL");
      await this.exited;
      throw new Error(`indexer did not exit within ${ms} ms; stderr tail:\n${this.stderr.slice(-3000)}`);
    }
    return r;
  }

  /** The error line the CLI prints when it stops on an error. */
  errorLine(): LogLine | undefined {
    return this.lines.find((l) => l.level === "error" && typeof l.error === "string");
  }
}

/** Starts `cli.ts <args>` (or `script`) with the indexer's variables cleared, then `env`. */
export function startCli(args: string[], env: Record<string, string> = {}, script?: string): CliProcess {
  return new CliProcess(args, env, script);
}

/** Runs `cli.ts <args>` (or `script`) to its end (at most `ms`). */
export async function runCliToEnd(args: string[], env: Record<string, string> = {}, ms = 60_000, script?: string): Promise<CliProcess & { exit: Exit }> {
  const p = startCli(args, env, script);
  const exit = await p.exitWithin(ms);
  return Object.assign(p, { exit });
}
