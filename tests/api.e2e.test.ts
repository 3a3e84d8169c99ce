/**
 * The query API against real PostgreSQL, filled by the real indexer from real transactions on a
 * dedicated perps-localnet. Expected values come from the chain: the transactions' events decoded
 * independently (tests/support/events.ts), their block positions (getBlock) and the program's
 * accounts — never from the database the API reads.
 */
import { expect } from "chai";
import { Validator } from "@seriousme/openapi-schema-validator";
import { Keypair } from "@solana/web3.js";
import type { IndexerStatus } from "../app/src/api/queries/status";
import { startApiStack, type ApiStack } from "./support/api-stack";
import { positionPda } from "../app/src/client/pdas";
import { ensureExchange } from "../app/src/client/exchange";
import { eventsBySignature, eventsOfSignatures, runTrading, type TradingScenario } from "./support/indexer-trading";
import { expectedFromChain, type ChainExpectation, type ExpectedFill } from "./support/api-expect";
import { runRiskScenario, type RiskScenario } from "./support/api-risk";

describe("query API (PostgreSQL, real indexer on the local cluster)", function () {
  this.timeout(300_000);
  let s: ApiStack;
  let runs: TradingScenario[];
  let risk: RiskScenario;
  let x: ChainExpectation;

  const get = async <T = Record<string, unknown>>(path: string, status = 200): Promise<T> => {
    const res = await fetch(s.server.url + path);
    const body = (await res.json()) as T;
    expect(res.status, `${path}: ${JSON.stringify(body)}`).to.equal(status);
    return body;
  };
  type Page<T> = { items: T[]; nextCursor: string | null };
  /** Every page of `path` (a list route with its filters) in `order`, `limit` rows at a time. */
  const walk = async <T>(path: string, order: "asc" | "desc", limit: number): Promise<T[]> => {
    const seen: T[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const sep = path.includes("?") ? "&" : "?";
      const page: Page<T> = await get(`${path}${sep}order=${order}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.items.length).to.be.at.most(limit);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 200);
    return seen;
  };

  before(async () => {
    s = await startApiStack("api");
    // Two markets, each: three traders, six fills at several prices, price moves, a liquidation.
    runs = [await runTrading(s.cluster), await runTrading(s.cluster)];
    // A third market with the risk model's events: cancellations (owner, outOfBand), a liquidation
    // paying the insurance fund, a bankruptcy; then admin actions on it and on the exchange.
    risk = await runRiskScenario(s.cluster);
    // The exchange's `initialize` (by the first driver, on this fresh cluster) emits
    // ExchangeInitialized, which the indexer ingests like every other event.
    const { initializeSignature } = await ensureExchange(s.cluster);
    const initialize = initializeSignature ? [initializeSignature] : [];
    const signatures = [...initialize, ...runs.flatMap((r) => r.driver.signatures), ...risk.signatures];
    await s.indexed(signatures[signatures.length - 1]);
    const recorded = new Map([
      ...(await eventsOfSignatures(s.cluster.connection, initialize)),
      ...(await eventsBySignature(runs[0].driver)),
      ...(await eventsBySignature(runs[1].driver)),
      ...(await eventsOfSignatures(s.cluster.connection, risk.signatures)),
    ]);
    x = await expectedFromChain(s.cluster.connection, signatures, recorded);
    expect(x.fills.length).to.be.greaterThan(10);
  });
  after(async () => {
    await s?.stop();
  });

  const fillsOf = (market: string) => x.fills.filter((f) => f.market === market);

  it("trades per market equal the chain's OrderFilled events, with their event keys", async () => {
    for (const r of runs) {
      const m = r.market.market.toBase58();
      const page = await get<Page<ExpectedFill>>(`/v1/markets/${m}/trades?order=asc&limit=1000`);
      expect(page.items).to.deep.equal(fillsOf(m));
      expect(page.nextCursor).to.equal(null);
      const newest = await get<Page<ExpectedFill>>(`/v1/markets/${m}/trades`);
      expect(newest.items).to.deep.equal([...fillsOf(m)].reverse());
    }
  });

  it("pagination walks the whole history in both orders without gap or repeat", async () => {
    const m = runs[0].market.market.toBase58();
    const all = fillsOf(m).map((f) => f.key);
    for (const order of ["asc", "desc"] as const) {
      for (const limit of [1, 2, 4]) {
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page: Page<ExpectedFill> = await get(`/v1/markets/${m}/trades?order=${order}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
          expect(page.items.length).to.be.at.most(limit);
          seen.push(...page.items.map((t) => t.key));
          cursor = page.nextCursor;
          pages += 1;
        } while (cursor !== null && pages < 100);
        expect(seen, `${order} limit ${limit}`).to.deep.equal(order === "asc" ? all : [...all].reverse());
        expect(new Set(seen).size).to.equal(seen.length);
      }
    }
  });

  it("trades per owner are the fills where the owner is taker or maker", async () => {
    for (const owner of [runs[0].taker.kp.publicKey, runs[0].maker.kp.publicKey, runs[1].liquidator.kp.publicKey].map((k) => k.toBase58())) {
      const expected = x.fills.filter((f) => f.taker === owner || f.maker === owner).reverse();
      const seen: ExpectedFill[] = [];
      let cursor: string | null = null;
      do {
        const page: Page<ExpectedFill> = await get(`/v1/owners/${owner}/trades?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
        seen.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor !== null);
      expect(seen).to.deep.equal(expected);
    }
  });

  it("positions by owner and by market equal the program's position accounts; history equals every PositionUpdated", async () => {
    for (const r of runs) {
      const m = r.market.market;
      const byMarket = await get<Page<{ positionId: string; owner: string; side: string }>>(`/v1/markets/${m.toBase58()}/positions?limit=1000`);
      const open = await get<Page<{ positionId: string; side: string }>>(`/v1/markets/${m.toBase58()}/positions?open=true`);
      expect(open.items.every((p) => p.side !== "flat")).to.equal(true);
      for (const t of [r.maker, r.taker, r.liquidator]) {
        const owner = t.kp.publicKey.toBase58();
        const account = await r.driver.c.program.account.position.fetch(positionPda(m, t.kp.publicKey), "confirmed");
        const { positions } = await get<{ positions: Array<Record<string, string | number>> }>(`/v1/owners/${owner}/positions`);
        expect(positions).to.have.length(1);
        const p = positions[0];
        const size = BigInt(account.size.toString());
        expect(p.positionId).to.equal(account.positionId.toString());
        expect(p.market).to.equal(m.toBase58());
        expect(p.side).to.equal(size > 0n ? "long" : size < 0n ? "short" : "flat");
        expect(p.size).to.equal((size < 0n ? -size : size).toString());
        expect(p.collateral).to.equal(account.collateral.toString());
        expect(p.realizedPnl).to.equal(account.realizedPnl.toString());
        expect(p.settledPnl).to.equal(account.settledPnl.toString());
        expect(byMarket.items.map((i) => i.positionId)).to.include(p.positionId);
        const history = x.positionUpdates.filter((u) => u.positionId === p.positionId);
        expect(p).to.deep.equal(history[history.length - 1]);
        const page = await get<Page<Record<string, unknown>>>(`/v1/positions/${p.positionId}/history?order=asc`);
        expect(page.items).to.deep.equal(history);
        expect(await get(`/v1/positions/${p.positionId}`)).to.deep.equal(p);
      }
    }
  });

  it("candles (1m … 1d) are the OHLCV of the chain's fills", async () => {
    for (const r of runs) {
      const m = r.market.market.toBase58();
      const fills = fillsOf(m);
      const from = fills[0].timestamp - 86_400;
      const to = fills[fills.length - 1].timestamp + 1;
      for (const [interval, step] of [["1m", 60], ["5m", 300], ["15m", 900], ["1h", 3_600], ["4h", 14_400], ["1d", 86_400]] as const) {
        const { candles } = await get<{ candles: unknown[] }>(`/v1/markets/${m}/candles?interval=${interval}&from=${from}&to=${to}`);
        expect(candles, interval).to.deep.equal(x.candles(m, step));
      }
    }
  });

  it("market statistics equal the chain: last price, mark, 24 h volume and count, price change, open interest", async () => {
    const { markets } = await get<{ markets: Array<Record<string, unknown> & { market: string; stats: Record<string, unknown> }> }>("/v1/markets");
    expect(markets.map((m) => m.market)).to.include.members(runs.map((r) => r.market.market.toBase58()));
    for (const r of runs) {
      const m = r.market.market;
      const account = await r.driver.c.program.account.market.fetch(m, "confirmed");
      const fills = fillsOf(m.toBase58());
      const stats = markets.find((k) => k.market === m.toBase58())!.stats;
      let oi = 0n;
      for (const t of [r.maker, r.taker, r.liquidator]) {
        const size = BigInt((await r.driver.c.program.account.position.fetch(positionPda(m, t.kp.publicKey), "confirmed")).size.toString());
        if (size > 0n) oi += size;
      }
      // Each run's liquidation paid the insurance fund its penalty share (InsuranceFundChanged).
      expect(x.insuranceFund(m.toBase58())).to.be.a("string");
      const first = BigInt(fills[0].price);
      const last = BigInt(fills[fills.length - 1].price);
      expect(stats).to.deep.equal({
        lastPrice: last.toString(),
        lastTradeTime: fills[fills.length - 1].timestamp,
        markPrice: account.markPrice.toString(),
        volume24h: fills.reduce((a, f) => a + BigInt(f.quantity), 0n).toString(),
        quoteVolume24h: fills.reduce((a, f) => a + BigInt(f.quantity) * BigInt(f.price), 0n).toString(),
        trades24h: fills.length,
        referencePrice24h: first.toString(),
        priceChange24h: (last - first).toString(),
        priceChange24hBps: (((last - first) * 10_000n) / first).toString(),
        openInterest: oi.toString(),
        totalTrades: account.fillSeq.toString(),
        insuranceFund: x.insuranceFund(m.toBase58()),
      });
      const one = await get<Record<string, unknown>>(`/v1/markets/${m.toBase58()}`);
      expect(one.symbol).to.equal(String.fromCharCode(...(account.symbol as number[]).filter((c) => c !== 0)));
      expect(one.tickSize).to.equal(account.tickSize.toString());
      expect(one.index).to.equal(account.index);
    }
  });

  it("liquidations equal the chain's LiquidationExecuted events, by market and by owner", async () => {
    const all = await get<Page<unknown>>(`/v1/liquidations?order=asc`);
    expect(all.items).to.deep.equal(x.liquidations);
    const r = runs[1];
    const byMarket = await get<Page<unknown>>(`/v1/liquidations?order=asc&market=${r.market.market.toBase58()}`);
    expect(byMarket.items).to.deep.equal(x.liquidations.filter((l) => l.market === r.market.market.toBase58()));
    const byOwner = await get<Page<unknown>>(`/v1/liquidations?owner=${r.taker.kp.publicKey.toBase58()}`);
    expect(byOwner.items).to.deep.equal(x.liquidations.filter((l) => l.owner === r.taker.kp.publicKey.toBase58()).reverse());
  });

  it("order cancellations per market and per owner equal the chain's OrderCancelled events, filterable by reason", async () => {
    const m = risk.market.market.toBase58();
    const ofMarket = x.cancellations.filter((c) => c.market === m);
    expect([...new Set(ofMarket.map((c) => c.reason))].sort()).to.deep.equal(["outOfBand", "owner"]);
    expect((await get<Page<unknown>>(`/v1/markets/${m}/cancellations?order=asc`)).items).to.deep.equal(ofMarket);
    expect((await get<Page<unknown>>(`/v1/markets/${m}/cancellations`)).items).to.deep.equal([...ofMarket].reverse());
    for (const reason of ["owner", "outOfBand", "evicted"]) {
      const page = await get<Page<unknown>>(`/v1/markets/${m}/cancellations?order=asc&reason=${reason}`);
      expect(page.items, reason).to.deep.equal(ofMarket.filter((c) => c.reason === reason));
    }
    const owner = risk.seller.owner.toBase58();
    const ofOwner = x.cancellations.filter((c) => c.owner === owner);
    expect(ofOwner.length).to.be.at.least(2);
    expect((await get<Page<unknown>>(`/v1/owners/${owner}/cancellations?order=asc`)).items).to.deep.equal(ofOwner);
    expect((await get<Page<unknown>>(`/v1/owners/${owner}/cancellations?order=asc&reason=owner&market=${m}`)).items).to.deep.equal(
      ofOwner.filter((c) => c.reason === "owner"),
    );
    const elsewhere = runs[0].market.market.toBase58();
    expect(await get(`/v1/owners/${owner}/cancellations?market=${elsewhere}`)).to.deep.equal({ items: [], nextCursor: null });
  });

  it("a market's insurance fund changes and bankruptcies equal the chain's events; statistics show the latest balance", async () => {
    const m = risk.market.market;
    const changes = x.insuranceChanges.filter((c) => c.market === m.toBase58());
    expect(changes.map((c) => c.reason)).to.deep.equal(["liquidationPenalty", "bankruptcy"]);
    expect((await get<Page<unknown>>(`/v1/markets/${m.toBase58()}/insurance-fund?order=asc`)).items).to.deep.equal(changes);
    expect((await get<Page<unknown>>(`/v1/markets/${m.toBase58()}/insurance-fund?reason=bankruptcy`)).items).to.deep.equal(
      changes.filter((c) => c.reason === "bankruptcy"),
    );
    const bankruptcies = x.bankruptcies.filter((b) => b.market === m.toBase58());
    expect(bankruptcies).to.have.length(1);
    expect(bankruptcies[0].owner).to.equal(risk.bankrupt.owner.toBase58());
    expect((await get<Page<unknown>>(`/v1/markets/${m.toBase58()}/bankruptcies`)).items).to.deep.equal(bankruptcies);
    const other = runs[0].market.market.toBase58();
    expect(await get(`/v1/markets/${other}/bankruptcies`)).to.deep.equal({ items: [], nextCursor: null });

    // The latest reported balance; the account's fund may be higher by fee shares accrued since (no event).
    const stats = (await get<{ stats: { insuranceFund: string | null } }>(`/v1/markets/${m.toBase58()}`)).stats;
    expect(stats.insuranceFund).to.equal(bankruptcies[0].insuranceBalance);
    const account = await s.cluster.program.account.market.fetch(m, "confirmed");
    expect(BigInt(account.insuranceFund.toString()) >= BigInt(stats.insuranceFund!)).to.equal(true);
  });

  it("admin actions, exchange-wide and per market, equal the chain's admin events", async () => {
    expect(x.adminActions.map((a) => a.action)).to.deep.equal(["ExchangeInitialized", "MarketParamsUpdated", "PriceAuthorityChanged", "AdminProposed"]);
    expect((await get<Page<unknown>>(`/v1/admin-actions?order=asc`)).items).to.deep.equal(x.adminActions);
    const m = risk.market.market.toBase58();
    const ofMarket = x.adminActions.filter((a) => a.market === m);
    expect(ofMarket).to.have.length(2);
    expect((await get<Page<unknown>>(`/v1/markets/${m}/admin-actions`)).items).to.deep.equal([...ofMarket].reverse());
    expect((await get<Page<unknown>>(`/v1/admin-actions?market=${m}&order=asc`)).items).to.deep.equal(ofMarket);
    expect((await get<Page<unknown>>(`/v1/admin-actions?action=AdminProposed`)).items).to.deep.equal(x.adminActions.filter((a) => a.action === "AdminProposed"));
    expect((await get<Page<unknown>>(`/v1/markets/${m}/admin-actions?action=AdminProposed`)).items).to.deep.equal([]);
  });

  it("risk and admin lists page without gap or repeat in both orders", async () => {
    const m = risk.market.market.toBase58();
    const lists: Array<[string, Array<{ key: string }>]> = [
      [`/v1/markets/${m}/cancellations`, x.cancellations.filter((c) => c.market === m)],
      [`/v1/owners/${risk.seller.owner.toBase58()}/cancellations`, x.cancellations.filter((c) => c.owner === risk.seller.owner.toBase58())],
      [`/v1/markets/${m}/insurance-fund`, x.insuranceChanges.filter((c) => c.market === m)],
      [`/v1/admin-actions`, x.adminActions],
    ];
    for (const [path, expected] of lists) {
      const keys = expected.map((e) => e.key);
      for (const order of ["asc", "desc"] as const) {
        for (const limit of [1, 3]) {
          const seen = (await walk<{ key: string }>(path, order, limit)).map((e) => e.key);
          expect(seen, `${path} ${order} ${limit}`).to.deep.equal(order === "asc" ? keys : [...keys].reverse());
        }
      }
    }
  });

  it("status: cursor, chain binding, last event key, lag, no dead letters or fill gaps", async () => {
    const st = await get<IndexerStatus>("/v1/status");
    expect(st.chain?.genesisHash).to.equal(await s.cluster.connection.getGenesisHash());
    expect(st.key).to.equal(x.lastKey);
    expect(st.cursor?.slot).to.be.at.least(Number(x.lastKey.split(":")[0]));
    expect(st.deadLetters).to.deep.equal({ total: 0, byReason: {} });
    expect(st.fillGaps).to.deep.equal({ total: 0, recent: [] });
    expect(st.lag?.slots).to.be.a("number");
    expect(st.health?.eventsIngested).to.equal(x.eventCount);
  });

  it("unknown resources are NotFound", async () => {
    const nobody = Keypair.generate().publicKey.toBase58();
    expect(await get(`/v1/markets/${nobody}`, 404)).to.include({ error: "NotFound", resource: "market" });
    expect(await get(`/v1/positions/999999999`, 404)).to.include({ error: "NotFound", resource: "position" });
    expect(await get(`/v1/nothing`, 404)).to.include({ error: "NotFound", resource: "route" });
    expect(await get(`/v1/owners/${nobody}/trades`)).to.deep.equal({ items: [], nextCursor: null });
  });

  it("every bad parameter is a named 400 InvalidParameter", async () => {
    const m = runs[0].market.market.toBase58();
    const cases: Array<[string, string]> = [
      [`/v1/markets/not-a-key/trades`, "market"],
      [`/v1/markets/${m}/trades?limit=0`, "limit"],
      [`/v1/markets/${m}/trades?limit=1001`, "limit"],
      [`/v1/markets/${m}/trades?limit=abc`, "limit"],
      [`/v1/markets/${m}/trades?order=up`, "order"],
      [`/v1/markets/${m}/trades?cursor=12`, "cursor"],
      [`/v1/markets/${m}/trades?cursor=1:2:3:-4`, "cursor"],
      [`/v1/markets/${m}/trades?market=${m}`, "market"],
      [`/v1/markets/${m}/trades?colour=red`, "colour"],
      [`/v1/markets/${m}/candles`, "interval"],
      [`/v1/markets/${m}/candles?interval=2m`, "interval"],
      [`/v1/markets/${m}/candles?interval=1m&from=-1`, "from"],
      [`/v1/markets/${m}/candles?interval=1m&from=100&to=50`, "from"],
      [`/v1/markets/${m}/candles?interval=1m&limit=1501`, "limit"],
      [`/v1/markets/${m}/positions?open=maybe`, "open"],
      [`/v1/markets/${m}/positions?cursor=x`, "cursor"],
      [`/v1/owners/0OIl/trades`, "owner"],
      [`/v1/owners/${m}/positions?limit=1`, "limit"],
      [`/v1/positions/abc`, "positionId"],
      [`/v1/positions/123456789012345678901/history`, "positionId"],
      [`/v1/positions/9223372036854775808`, "positionId"],
      [`/v1/markets/${m}/trades?cursor=9223372036854775808:0:0:0`, "cursor"],
      [`/v1/markets/${m}/trades?cursor=1:2147483648:0:0`, "cursor"],
      [`/v1/markets/${m}/positions?cursor=99999999999999999999`, "cursor"],
      [`/v1/liquidations?market=x`, "market"],
      [`/v1/liquidations?owner=${"1".repeat(50)}`, "owner"],
      [`/v1/markets?x=1`, "x"],
      [`/v1/status?verbose=1`, "verbose"],
      [`/v1/markets/${m}/cancellations?reason=liquidated`, "reason"],
      [`/v1/markets/${m}/cancellations?reason=Owner`, "reason"],
      [`/v1/markets/${m}/cancellations?cursor=1:2:3`, "cursor"],
      [`/v1/markets/x/cancellations`, "market"],
      [`/v1/owners/${m}/cancellations?market=nope`, "market"],
      [`/v1/owners/${m}/cancellations?limit=1001`, "limit"],
      [`/v1/markets/${m}/insurance-fund?reason=fees`, "reason"],
      [`/v1/markets/${m}/insurance-fund?order=newest`, "order"],
      [`/v1/markets/${m}/bankruptcies?reason=bankruptcy`, "reason"],
      [`/v1/markets/${m}/bankruptcies?cursor=9223372036854775808:0:0:0`, "cursor"],
      [`/v1/admin-actions?action=SetPrice`, "action"],
      [`/v1/admin-actions?market=${"0".repeat(44)}`, "market"],
      [`/v1/admin-actions?limit=0`, "limit"],
      [`/v1/markets/${m}/admin-actions?market=${m}`, "market"],
    ];
    for (const [path, parameter] of cases) {
      const body = await get<Record<string, unknown>>(path, 400);
      expect(body, path).to.include({ error: "InvalidParameter", parameter });
      expect(body.message, path).to.be.a("string");
    }
    // Feeds validate before the upgrade.
    for (const [path, parameter] of [["/v1/feeds/trades", "market"], ["/v1/feeds/candles?market=" + m + "&interval=7m", "interval"], ["/v1/feeds/trades?market=" + m + "&since=1", "since"], ["/v1/feeds/fills?owner=" + m + "&since=99999999999999999999:0:0:0", "since"]]) {
      const res = await fetch(s.server.url + path);
      expect(res.status, path).to.equal(400);
      expect(await res.json()).to.include({ error: "InvalidParameter", parameter });
    }
  });

  it("the OpenAPI document validates and lists every route", async () => {
    const doc = await get<{ paths: Record<string, Record<string, unknown>> }>("/openapi.json");
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? [], JSON.stringify(result.errors)).to.deep.equal([]);
    expect(result.valid).to.equal(true);
    const documented = new Set(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((op) => `${op.toUpperCase()} ${p}`)));
    const served = s.server.api.routes
      .filter((r) => !["/openapi.json", "/*", "/vendor/*"].includes(r.url))
      .map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, "{$1}")}`);
    expect(served.length).to.be.greaterThan(15);
    for (const r of served) expect(documented.has(r), `${r} is not in the OpenAPI document`).to.equal(true);
  });

  it("reads through the read-only role: writes are refused", async () => {
    const [who] = await s.server.read.query<{ u: string }>("SELECT current_user AS u");
    expect(who.u).to.equal("perps_readonly");
    let error: unknown = null;
    await s.server.read.query("DELETE FROM trades").catch((e: unknown) => (error = e));
    expect((error as { code?: string } | null)?.code).to.be.oneOf(["25006", "42501"]);
    expect(Number((await s.t.db.query<{ n: string }>("SELECT count(*)::text AS n FROM trades"))[0].n)).to.equal(x.fills.length);
  });

  it("rate limiting answers 429 RateLimited beyond the limit", async () => {
    const limited = await s.extraServer({ rateLimitPerMinute: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${limited.url}/v1/status`)).status);
    expect(statuses).to.deep.equal([200, 200, 200, 429]);
    const body = (await (await fetch(`${limited.url}/v1/status`)).json()) as Record<string, unknown>;
    expect(body).to.include({ error: "RateLimited" });
    expect(body.retryAfterSeconds).to.be.a("number");
  });

  it("/metrics: request counts and latencies per route, the indexer's health and lag, feed figures", async () => {
    await get("/v1/markets");
    const text = await (await fetch(`${s.server.url}/metrics`)).text();
    expect(text).to.match(/perps_api_requests_total\{method="GET",route="\/v1\/markets",status="200"\} \d+/);
    expect(text).to.match(/perps_api_request_duration_seconds_bucket\{le="0.05",method="GET",route="\/v1\/markets\/:market\/trades"\} \d+/);
    expect(text).to.include(`perps_indexer_health{field="eventsIngested"} ${x.eventCount}`);
    expect(text).to.match(/perps_indexer_health\{field="lagSlots"\} \d+/);
    expect(text).to.match(/perps_indexer_cursor_slot [1-9]\d*/);
    expect(text).to.include("perps_feed_clients");
    expect(text).to.include("perps_feed_messages_total");
  });
});
