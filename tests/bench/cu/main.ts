// `npm run bench:cu [-- --check | --update] [--markdown]`: runs every case of ./cases.ts against
// a fresh perps-localnet (the `.so` through the upgradeable loader, real metering) and prints the CU of
// each, read from `meta.computeUnitsConsumed` and cross-checked against the program's
// `consumed N of M compute units` log line. `--check` compares with programs/perps/cu-budget.json
// and exits 1 on a regression; `--update` rewrites it; `--markdown` also prints the table as
// Markdown rows for programs/perps/README.md.
import { PROGRAM_ID, startLocalnet } from "../../support/harness";
import type { TxResult } from "../../support/trading";
import { Budget, BUDGET_FILE, checkBudget, DEFAULT_LIMIT, readBudget, WARN_LEVEL, writeBudget } from "./budget";
import { CASES } from "./cases";

/** The top-level `consumed N of M` line of the perps program (the last one: CPIs log first). */
export function consumedLine(logs: string[]): { consumed: number; limit: number } | undefined {
  const re = new RegExp(`^Program ${PROGRAM_ID.toBase58()} consumed (\\d+) of (\\d+) compute units$`);
  const hits = logs.map((l) => re.exec(l)).filter((m): m is RegExpExecArray => m !== null);
  const last = hits[hits.length - 1];
  return last ? { consumed: Number(last[1]), limit: Number(last[2]) } : undefined;
}

function unitsOf(name: string, r: TxResult): number {
  const line = consumedLine(r.logs);
  if (r.computeUnits === null) throw new Error(`${name}: the cluster reported no computeUnitsConsumed`);
  if (!line) throw new Error(`${name}: no "consumed N of M compute units" line for the program`);
  if (line.consumed !== r.computeUnits) {
    throw new Error(`${name}: meta says ${r.computeUnits} CU, the log line says ${line.consumed}`);
  }
  return r.computeUnits;
}

async function main(): Promise<number> {
  const mode = process.argv.includes("--update") ? "update" : process.argv.includes("--check") ? "check" : "print";
  const h = await startLocalnet();
  const measured: Budget = {};
  const errors: string[] = [];
  const rows: string[] = [];
  try {
    for (const c of CASES) {
      try {
        const units = unitsOf(c.name, await c.run(h));
        measured[c.name] = units;
        const flag = units > WARN_LEVEL ? `  !! > ${WARN_LEVEL.toLocaleString("en")} (${((units / DEFAULT_LIMIT) * 100).toFixed(0)} % of the default limit)` : "";
        rows.push(`${c.name.padEnd(50)} ${units.toLocaleString("en").padStart(9)}  ${c.note ?? ""}${flag}`);
      } catch (err) {
        errors.push(`${c.name}: ${err instanceof Error ? err.message : String(err)}`);
        rows.push(`${c.name.padEnd(50)} ${"FAILED".padStart(9)}`);
      }
    }
  } finally {
    await h.stop();
  }
  console.log(`${"case".padEnd(50)} ${"CU".padStart(9)}  CPIs inside`);
  for (const row of rows) console.log(row);
  if (process.argv.includes("--markdown")) {
    // The rows of the table in programs/perps/README.md ("Compute units").
    console.log("\n| case | CU | inside |\n| --- | ---: | --- |");
    for (const c of CASES) {
      const units = measured[c.name];
      if (units !== undefined) console.log(`| ${c.name} | ${units.toLocaleString("en")} | ${c.note ?? ""} |`);
    }
  }
  for (const [name, units] of Object.entries(measured)) {
    if (units > WARN_LEVEL) {
      // A client sending this case should not rely on the default limit: measured + 10 %.
      const ask = Math.ceil((units * 1.1) / 1_000) * 1_000;
      console.log(`!! ${name}: request ComputeBudgetProgram.setComputeUnitLimit({ units: ${ask} }) (measured + 10 %)`);
    }
  }
  for (const e of errors) console.error(`error: ${e}`);
  if (mode === "update") {
    if (errors.length) {
      console.error("not updating the budget: some cases failed");
      return 1;
    }
    writeBudget(measured);
    console.log(`wrote ${BUDGET_FILE}`);
    return 0;
  }
  if (mode === "check") {
    const { failures, hints } = checkBudget(readBudget(), measured);
    for (const hint of hints) console.log(`hint: ${hint}`);
    for (const f of failures) console.error(`FAIL: ${f}`);
    const failed = failures.length + errors.length;
    console.log(`\ncu: ${CASES.length - failed} passed, ${failed} failed`);
    return failed ? 1 : 0;
  }
  return errors.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
