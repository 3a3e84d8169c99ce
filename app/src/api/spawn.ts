/**
 * `npm run api` (app/src/api/main.ts) as a child process (ts-node), for the benchmark and the
 * tests: resolves with its URL from the line it prints; `stop()` sends SIGTERM.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");

export interface ApiProcess {
  proc: ChildProcess;
  url: string;
  ws: string;
  stop(): Promise<void>;
}

export function spawnApi(databaseUrl: string, programId: string, extraArgs: string[] = []): Promise<ApiProcess> {
  const proc = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(REPO_ROOT, "app/src/api/main.ts"), "--port", "0", "--rate-limit", "0", ...extraArgs], {
    env: { ...process.env, TS_NODE_PROJECT: path.join(REPO_ROOT, "app/tsconfig.json"), API_DATABASE_URL: databaseUrl, PROGRAM_ID: programId, LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  proc.stderr?.on("data", (c: Buffer) => (stderr = (stderr + c.toString()).slice(-8_000)));
  const stop = async (): Promise<void> => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once("exit", r));
    proc.kill("SIGTERM");
    const t = setTimeout(() => proc.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(t);
  };
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the API process printed no URL within 60 s: ${stderr}`));
    }, 60_000);
    proc.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the API process exited (${code}): ${stderr}`));
    });
    proc.stdout?.on("data", (c: Buffer) => {
      out += c.toString();
      const m = /API and dashboard: (http:\/\/\S+?)\/?\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: m[1], ws: m[1].replace(/^http/, "ws"), stop });
      }
    });
  });
}
