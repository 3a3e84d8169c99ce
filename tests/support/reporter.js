// Mocha's Spec reporter plus, at the end, the slowest test files (wall time from a file's first
// suite starting to its last suite ending, hooks included), the backend the suites ran on
// (PERPS_TEST_BACKEND) with the run's wall time, and a closing `N passed, N failed, N skipped`
// line, which CI reads.
"use strict";

const path = require("node:path");
const Mocha = require("mocha");

const { Spec } = Mocha.reporters;
const { EVENT_RUN_END, EVENT_SUITE_BEGIN, EVENT_SUITE_END } = Mocha.Runner.constants;
const SLOWEST = 8;

class SummaryReporter extends Spec {
  constructor(runner, options) {
    super(runner, options);
    const started = Date.now();
    /** file → [first begin, last end] in ms */
    const files = new Map();
    runner.on(EVENT_SUITE_BEGIN, (suite) => {
      if (!suite.file || files.has(suite.file)) return;
      files.set(suite.file, [Date.now(), Date.now()]);
    });
    runner.on(EVENT_SUITE_END, (suite) => {
      const span = suite.file && files.get(suite.file);
      if (span) span[1] = Date.now();
    });
    runner.once(EVENT_RUN_END, () => {
      const s = runner.stats ?? {};
      const backend = process.env.PERPS_TEST_BACKEND ?? "localnet";
      const slowest = [...files.entries()].map(([f, [a, b]]) => [path.relative(process.cwd(), f), b - a]).sort((x, y) => y[1] - x[1]);
      if (slowest.length > 1) {
        console.log(`slowest files (of ${slowest.length}):`);
        for (const [f, ms] of slowest.slice(0, SLOWEST)) console.log(`  ${(ms / 1000).toFixed(1).padStart(6)} s  ${f}`);
      }
      console.log(`backend ${backend}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
      console.log(`${s.passes ?? 0} passed, ${s.failures ?? 0} failed, ${s.pending ?? 0} skipped`);
    });
  }
}

module.exports = SummaryReporter;
