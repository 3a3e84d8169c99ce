#!/usr/bin/env node
// Keeps package-lock.json installable with `npm ci` when the registry this machine reaches lacks
// some platform builds of a package's optionalDependencies (here: litesvm 1.5.0 publishes
// litesvm-<os>-<cpu>[-<libc>] packages, and only linux-x64-gnu is reachable). `npm install` then
// leaves those entries out of the lock, and `npm ci` refuses the lock ("Missing: … from lock
// file"). This adds an entry per missing platform package (os/cpu/libc from its name, resolved to
// the public registry, optional), which npm skips on other platforms without fetching it.
// Idempotent; run after `npm install` changes the lock:  node .ci/lock-optional.mjs [--check]
import { readFileSync, writeFileSync } from "node:fs";

const LOCK = new URL("../package-lock.json", import.meta.url);
const check = process.argv.includes("--check");
const lock = JSON.parse(readFileSync(LOCK, "utf8"));
const pkgs = lock.packages;
const platform = /^(?<os>darwin|linux|win32)-(?<cpu>x64|arm64|ia32)(?:-(?<libc>gnu|musl|msvc))?$/;
const added = [];

for (const [key, entry] of Object.entries(pkgs)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const name = key.replace(/^.*node_modules\//, "");
    const m = dep.startsWith(`${name}-`) ? platform.exec(dep.slice(name.length + 1)) : null;
    if (!m || pkgs[`node_modules/${dep}`]) continue;
    const { os, cpu, libc } = m.groups;
    pkgs[`node_modules/${dep}`] = {
      version,
      resolved: `https://registry.npmjs.org/${dep}/-/${dep}-${version}.tgz`,
      cpu: [cpu],
      ...(entry.dev ? { dev: true } : {}),
      ...(libc === "gnu" ? { libc: ["glibc"] } : libc === "musl" ? { libc: ["musl"] } : {}),
      optional: true,
      os: [os],
    };
    added.push(`${dep}@${version}`);
  }
}
if (check) {
  if (added.length) {
    console.error(`package-lock.json lacks ${added.join(", ")}: run node .ci/lock-optional.mjs`);
    process.exit(1);
  }
  process.exit(0);
}
lock.packages = Object.fromEntries(Object.entries(pkgs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
writeFileSync(LOCK, `${JSON.stringify(lock, null, 2)}\n`);
console.log(added.length ? `added lock entries: ${added.join(", ")}` : "package-lock.json: nothing to add");
