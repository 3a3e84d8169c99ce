/**
 * The dashboard in a real browser: Debian's Chromium driven by playwright-core, the page served by
 * `indexer run --serve-api` (what `npm start` runs: indexer and API in one process on an embedded
 * PGlite directory) following a dedicated perps-localnet. The page must show the markets, and a
 * trade sent on the cluster must appear in the tape within TAPE_DEADLINE_MS, pushed by the live
 * feed (the page makes no request while nothing happens). Screenshots go to artifacts/.
 */
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { startDedicatedCluster, type DedicatedCluster } from "./support/indexer-cluster";
import { startCli, type CliProcess } from "./support/indexer-cli";
import { runTrading, type Trader, type TradingScenario } from "./support/indexer-trading";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARTIFACTS = path.resolve(__dirname, "..", "artifacts");
/** A confirmed trade must be in the tape within this time (confirmation → indexer → NOTIFY → feed → DOM). */
const TAPE_DEADLINE_MS = 10_000;

describe("dashboard (headless Chromium, indexer + API in one process on PGlite)", function () {
  this.timeout(300_000);
  let cluster: DedicatedCluster;
  let cli: CliProcess;
  let dir: string;
  let url: string;
  let run: TradingScenario;
  let buyer: Trader;
  let context: BrowserContext;
  let page: Page;
  let browser: Browser | null = null;
  const apiRequests: string[] = [];

  before(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run .ci/setup (apt-get install chromium)`);
    cluster = await startDedicatedCluster();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "perps-dashboard-"));
    cli = startCli(["run", "--serve-api", "0", "--health-interval", "1000"], {
      RPC_URL: cluster.rpcUrl,
      WS_URL: cluster.wsUrl,
      PROGRAM_ID: cluster.program.programId.toBase58(),
      PGLITE_DIR: dir,
      POLL_INTERVAL_MS: "5000",
    });
    url = String((await cli.waitForLine("api listening", (l) => l.msg === "api listening", 120_000)).url);
    run = await runTrading(cluster);
    // The scenario's taker was liquidated: a new, funded buyer sends the live trade.
    buyer = await run.driver.trader(run.market, 1_000_000_000);
    context = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), "perps-chromium-")), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1440, height: 900 },
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
    });
    browser = context.browser();
    page = context.pages()[0] ?? (await context.newPage());
    page.on("request", (r) => {
      if (new URL(r.url()).pathname.startsWith("/v1/") && r.resourceType() !== "websocket") apiRequests.push(new URL(r.url()).pathname);
    });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    cli?.kill("SIGTERM");
    await cli?.exitWithin(15_000).catch(() => undefined);
    await cluster?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("shows the markets, the candles and the trades the cluster made", async () => {
    const market = run.market.market.toBase58();
    await page.goto(url);
    const row = page.locator(`#markets tbody tr[data-market="${market}"]`);
    await row.waitFor({ timeout: 30_000 });
    const account = await run.driver.c.program.account.market.fetch(run.market.market, "confirmed");
    const symbol = String.fromCharCode(...(account.symbol as number[]).filter((c) => c !== 0));
    expect(await row.locator("td").first().textContent()).to.equal(symbol);
    await page.locator("#tape tbody tr[data-key]").first().waitFor({ timeout: 30_000 });
    // The first market is selected: its six fills are in the tape, its bars in the chart.
    await page.waitForFunction(`document.querySelectorAll("#tape tbody tr[data-key]").length >= 6`, undefined, { timeout: 30_000 });
    expect(await page.locator("#chart canvas").count()).to.be.greaterThan(0);
    expect(await page.locator("#status").textContent()).to.match(/^indexer: slot \d+/);
    const shot = path.join(ARTIFACTS, "dashboard-loaded.png");
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`      screenshot: ${shot}`);
  });

  it(`a trade sent on the cluster appears in the tape within ${TAPE_DEADLINE_MS / 1000} s, pushed by the live feed`, async () => {
    // Nothing happens on the cluster: the page must not poll.
    await page.waitForTimeout(3_000);
    apiRequests.length = 0;
    await page.waitForTimeout(3_000);
    expect(apiRequests, "requests while idle").to.deep.equal([]);

    const before = await page.locator("#tape tbody tr[data-key]").count();
    // The mark moves to the trade's price first: orders must be inside the price band around it.
    await run.driver.setPrice(run.market, 1_234_000);
    await run.driver.order(run.market, run.maker, { side: "ask", price: 1_234_000, quantity: 3 });
    const sig = await run.driver.order(run.market, buyer, { side: "bid", price: 1_234_000, quantity: 3 });
    const confirmedAt = Date.now();
    const tx = await cluster.connection.getTransaction(sig, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
    const fresh = page.locator(`#tape tbody tr.fresh`).filter({ hasText: "1,234,000" });
    await fresh.first().waitFor({ timeout: TAPE_DEADLINE_MS });
    const latency = Date.now() - confirmedAt;
    console.log(`      confirmed trade → tape row: ${latency} ms (slot ${tx?.slot})`);
    expect(await fresh.first().getAttribute("data-key")).to.match(new RegExp(`^${tx?.slot}:\\d+:0:\\d+$`));
    expect(await page.locator("#tape tbody tr[data-key]").count()).to.be.greaterThan(before);
    await page.waitForTimeout(800);
    const shot = path.join(ARTIFACTS, "dashboard-live-trade.png");
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`      screenshot: ${shot}`);
  });
});
