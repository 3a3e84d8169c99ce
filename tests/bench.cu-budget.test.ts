// The compute-unit budget check (tests/bench/cu/budget.ts) that `npm run bench:cu -- --check`
// and CI run: growth over 5 % fails naming the case, a large shrink only hints at --update.
import { expect } from "chai";
import { checkBudget } from "./bench/cu/budget";

describe("bench:cu budget check", () => {
  const budget = { a: 10_000, b: 20_000 };

  it("passes within +5 % and fails above it, naming the case, old, new and the change", () => {
    expect(checkBudget(budget, { a: 10_500, b: 20_000 })).to.deep.equal({ failures: [], hints: [] });
    const { failures } = checkBudget(budget, { a: 10_501, b: 20_000 });
    expect(failures).to.have.length(1);
    expect(failures[0]).to.equal("a: 10000 -> 10501 CU (+5.0 %, over the 5 % tolerance)");
  });

  it("hints at --update when a case shrank more than 10 %, without failing", () => {
    const r = checkBudget(budget, { a: 8_000, b: 19_000 });
    expect(r.failures).to.deep.equal([]);
    expect(r.hints).to.have.length(1);
    expect(r.hints[0]).to.match(/^a: 10000 -> 8000 CU \(-20\.0 %\); lock the gain in with npm run bench:cu -- --update$/);
  });

  it("fails on a measured case without a budget and on a budgeted case not measured", () => {
    const { failures } = checkBudget(budget, { a: 10_000, c: 5 });
    expect(failures).to.deep.equal([
      "c: no budget (measured 5); run npm run bench:cu -- --update",
      "b: in the budget but not measured (removed case? run --update)",
    ]);
  });
});
