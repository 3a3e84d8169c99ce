// `node -r ./tests/support/ts-register-cached.js app/src/cli.ts`: runs TypeScript the way
// `ts-node/register/transpile-only` does (TypeScript's transpileModule, no type check, CommonJS),
// but keeps each transpiled file in a cache keyed by its content, the compiler's version and the
// options. The suites start the indexer CLI as a child process a few dozen times; with ts-node
// each start transpiled the whole app again (seconds of CPU each), with the cache only the first.
// TS_NODE_PROJECT names the tsconfig whose compilerOptions apply (as for ts-node).
"use strict";

const crypto = require("node:crypto");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const Module = require("node:module");

const CACHE_DIR = process.env.PERPS_TS_CACHE_DIR || path.join(os.tmpdir(), "perps-ts-transpile-cache");
const PROJECT = process.env.TS_NODE_PROJECT || path.join(process.cwd(), "tsconfig.json");

let ts; // loaded on the first cache miss only: most starts never need the compiler
let options;
function compiler() {
  if (!ts) {
    ts = require("typescript");
    const parsed = ts.getParsedCommandLineOfConfigFile(PROJECT, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    } });
    options = { ...parsed.options, module: ts.ModuleKind.CommonJS, noEmit: false, inlineSourceMap: true, sourceMap: false, declaration: false };
  }
  return { ts, options };
}

const salt = (() => {
  const tsVersion = require("typescript/package.json").version;
  return `${tsVersion}\0${fs.readFileSync(PROJECT, "utf8")}\0`;
})();

Module._extensions[".ts"] = function (module, filename) {
  const source = fs.readFileSync(filename, "utf8");
  const key = crypto.createHash("sha256").update(salt).update(filename).update("\0").update(source).digest("hex");
  const cached = path.join(CACHE_DIR, `${key}.js`);
  let output;
  try {
    output = fs.readFileSync(cached, "utf8");
  } catch {
    const c = compiler();
    output = c.ts.transpileModule(source, { compilerOptions: c.options, fileName: filename }).outputText;
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const tmp = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, output);
    fs.renameSync(tmp, cached); // atomic: concurrent starts never read half a file
  }
  module._compile(output, filename);
};
