// Mocha's Spec reporter plus a closing `N passed, N failed, N skipped` line, which CI reads, and
// before it the backend the suites ran on (PERPS_TEST_BACKEND) with the run's wall time.
"use strict";

const Mocha = require("mocha");

const { Spec } = Mocha.reporters;
const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Spec {
  constructor(runner, options) {
    super(runner, options);
    const started = Date.now();
    runner.once(EVENT_RUN_END, () => {
      const s = runner.stats ?? {};
      const backend = process.env.PERPS_TEST_BACKEND ?? "localnet";
      console.log(`backend ${backend}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
      console.log(`${s.passes ?? 0} passed, ${s.failures ?? 0} failed, ${s.pending ?? 0} skipped`);
    });
  }
}

module.exports = SummaryReporter;
