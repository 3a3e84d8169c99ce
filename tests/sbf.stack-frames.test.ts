// The SBF build's stack-frame check: a program with a frame over 4,096 bytes must fail to
// build, and the error must name the function and its size (.ci/sbf/link.sh). The fixture is
// programs/sbf-stack-fixture (a 6,000-byte local array). Needs the SBF build's chroot (made by
// `npm run build:sbf`); skipped with a message without it.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";

const ROOT = path.resolve(__dirname, "..");
const SBF_CACHE = process.env.SBF_CACHE ?? path.join(os.homedir(), ".cache/perps-sbf");

describe("SBF build: stack frames over 4,096 bytes fail the build", function () {
  this.timeout(600_000);

  before(function () {
    if (!fs.existsSync(path.join(SBF_CACHE, "sid/.perps-packages"))) {
      console.log(`      skipped: no SBF build chroot in ${SBF_CACHE} (run \`npm run build:sbf\`)`);
      this.skip();
    }
  });

  it("names the function and its frame size", () => {
    const run = spawnSync("bash", [".ci/sbf/build.sh", "-p", "sbf-stack-fixture"], {
      cwd: ROOT,
      encoding: "utf8",
      maxBuffer: 64 << 20,
    });
    const output = `${run.stdout}${run.stderr}`;
    const named = output.match(/error: SBF stack frame over 4096 bytes: (\d+) bytes in (\S+)/);
    console.log(`      ${named?.[0] ?? output.split("\n").slice(-15).join("\n")}`);
    expect(run.status, "the build must fail").to.not.equal(0);
    expect(named, "the error names the function").to.not.equal(null);
    expect(named?.[2]).to.equal("sbf_stack_fixture::oversized_frame");
    expect(Number(named?.[1])).to.be.greaterThan(6000);
    expect(fs.existsSync(path.join(ROOT, "target/deploy/sbf_stack_fixture.so"))).to.equal(false);
  });
});
