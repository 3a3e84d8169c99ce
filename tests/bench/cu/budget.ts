// The committed compute-unit budget (programs/perps/cu-budget.json: case → CU) and the check of a
// run against it: a case fails when it grows more than TOLERANCE over its budget, when it has no
// budget, or when a budgeted case was not measured; a case that shrank a lot suggests --update.
import * as fs from "node:fs";
import * as path from "node:path";

export const BUDGET_FILE = path.resolve(__dirname, "..", "..", "..", "programs", "perps", "cu-budget.json");
/** Allowed growth over the budget. */
export const TOLERANCE = 0.05;
/** Shrinkage past which the check suggests `--update`. */
export const SHRINK_HINT = 0.1;
/** The default per-instruction limit, and the level this bench flags as too close to it. */
export const DEFAULT_LIMIT = 200_000;
export const WARN_LEVEL = 150_000;

export type Budget = Record<string, number>;

export function readBudget(file = BUDGET_FILE): Budget {
  if (!fs.existsSync(file)) return {};
  return JSON.parse(fs.readFileSync(file, "utf8")) as Budget;
}

export function writeBudget(measured: Budget, file = BUDGET_FILE): void {
  fs.writeFileSync(file, `${JSON.stringify(measured, null, 2)}\n`);
}

export interface CheckResult {
  failures: string[];
  hints: string[];
}

const pct = (budget: number, now: number) => `${(((now - budget) / budget) * 100).toFixed(1)} %`;

/** Compares a run with the budget. */
export function checkBudget(budget: Budget, measured: Budget): CheckResult {
  const failures: string[] = [];
  const hints: string[] = [];
  for (const [name, now] of Object.entries(measured)) {
    const old = budget[name];
    if (old === undefined) {
      failures.push(`${name}: no budget (measured ${now}); run npm run bench:cu -- --update`);
    } else if (now > old * (1 + TOLERANCE)) {
      failures.push(`${name}: ${old} -> ${now} CU (+${pct(old, now)}, over the ${TOLERANCE * 100} % tolerance)`);
    } else if (now < old * (1 - SHRINK_HINT)) {
      hints.push(`${name}: ${old} -> ${now} CU (${pct(old, now)}); lock the gain in with npm run bench:cu -- --update`);
    }
  }
  for (const name of Object.keys(budget)) {
    if (!(name in measured)) failures.push(`${name}: in the budget but not measured (removed case? run --update)`);
  }
  return { failures, hints };
}
