// The trading scenario (tests/support/scenario.ts): a maker and a taker trade at three prices, the
// price moves against the taker, a third account liquidates, PnL is settled. Every event is
// asserted in order, field by field, and collateral + fees + insurance are conserved to the atom.
// Prints the event sequence, the conservation check and the solvency check.
import { expect } from "chai";
import { getHarness, Harness } from "./support/harness";
import { runTradingScenario, SCENARIO_DEPOSITS, ScenarioTrader, TradingScenario } from "./support/scenario";
import { conserved, fetchBook, fetchMarket, plain } from "./support/trading";

type Fields = Record<string, unknown>;

function describeEvent(name: string, d: Fields): string {
  switch (name) {
    case "orderFilled":
      return `OrderFilled seq=${d.seq} order=${d.orderId} maker_order=${d.makerOrderId} ${d.quantity}@${d.price} taker_fee=${d.takerFee} maker_fee=${d.makerFee}`;
    case "positionUpdated":
      return `PositionUpdated id=${d.positionId} ${Object.keys(d.side as object)[0]} size=${d.size} entry=${d.entryPrice} upnl=${d.unrealizedPnl} collateral=${d.collateral} realized=${d.realizedPnl} settled=${d.settledPnl} mark=${d.markPrice}`;
    case "liquidationExecuted":
      return `LiquidationExecuted id=${d.positionId} size=${d.liquidatedSize}@${d.liquidationPrice} penalty=${d.penaltyFee} (liquidator ${d.liquidatorFee} + exchange ${d.exchangeFee}) remaining=${d.remainingSize}`;
    case "marketCreated":
      return `MarketCreated index=${d.index} symbol=${d.symbol}`;
    case "insuranceFundChanged":
      return `InsuranceFundChanged id=${d.positionId} delta=${d.delta} balance=${d.balance} reason=${Object.keys(d.reason as object)[0]}`;
    default:
      return name;
  }
}

describe("perps: trading scenario (trade at several prices, price move, liquidation, settlement)", () => {
  let h: Harness;
  let s: TradingScenario;

  before(async function () {
    this.timeout(120_000);
    h = await getHarness();
    s = await runTradingScenario({ h });
  });

  it("emits every event in order, field by field", () => {
    const market = s.market.toBase58();
    const at = (label: string) => {
      const tx = s.transactions.find((t) => t.label === label);
      if (!tx) throw new Error(`no transaction ${label}`);
      return { slot: String(tx.slot), timestamp: String(tx.blockTime) };
    };
    const pu = (t: ScenarioTrader, label: string, f: Fields): [string, string, Fields] => [
      label,
      "positionUpdated",
      {
        positionId: t.positionId.toString(),
        user: t.owner.toBase58(),
        market,
        size: "0",
        entryPrice: "0",
        unrealizedPnl: "0",
        side: { flat: {} },
        collateral: "0",
        realizedPnl: "0",
        settledPnl: "0",
        markPrice: "1000",
        ...at(label),
        ...f,
      },
    ];
    const ioc = "taker IOC bid 12@1020";
    const asks = s.transactions.filter((t) => t.label.startsWith("maker ask")).map((_, i) => String(i + 1));
    const takerOrder = "4";
    const fill = (seq: number, makerOrderId: string, price: string, quantity: string, takerFee: string, makerFee: string): [string, string, Fields] => [
      ioc,
      "orderFilled",
      {
        market,
        positionId: s.taker.positionId.toString(),
        orderId: takerOrder,
        price,
        quantity,
        takerFee,
        makerFee,
        taker: s.taker.owner.toBase58(),
        maker: s.maker.owner.toBase58(),
        makerPositionId: s.maker.positionId.toString(),
        makerOrderId,
        takerSide: { bid: {} },
        seq: String(seq),
        timestamp: at(ioc).timestamp,
      },
    ];
    const long = { long: {} };
    const short = { short: {} };
    const expected: [string, string, Fields][] = [
      pu(s.maker, "open_position maker", {}),
      pu(s.maker, "deposit maker", { collateral: "1000000" }),
      pu(s.taker, "open_position taker", {}),
      pu(s.taker, "deposit taker", { collateral: "2000" }),
      pu(s.liquidator, "open_position liquidator", {}),
      pu(s.liquidator, "deposit liquidator", { collateral: "100000" }),
      // 5@1000: notional 5000, fees ceil(5) = 5 and ceil(1) = 1.
      fill(1, asks[0], "1000", "5", "5", "1"),
      pu(s.taker, ioc, { size: "5", entryPrice: "1000", side: long, collateral: "1995" }),
      pu(s.maker, ioc, { size: "5", entryPrice: "1000", side: short, collateral: "999999" }),
      // 5@1010: notional 5050, fees ceil(5.05) = 6 and ceil(1.01) = 2.
      fill(2, asks[1], "1010", "5", "6", "2"),
      pu(s.taker, ioc, { size: "10", entryPrice: "1005", unrealizedPnl: "-50", side: long, collateral: "1989" }),
      pu(s.maker, ioc, { size: "10", entryPrice: "1005", unrealizedPnl: "50", side: short, collateral: "999997" }),
      // 2@1020: notional 2040, fees ceil(2.04) = 3 and ceil(0.408) = 1. Cost 12090, entry 1007.5 → 1007.
      fill(3, asks[2], "1020", "2", "3", "1"),
      pu(s.taker, ioc, { size: "12", entryPrice: "1007", unrealizedPnl: "-90", side: long, collateral: "1986" }),
      pu(s.maker, ioc, { size: "12", entryPrice: "1007", unrealizedPnl: "90", side: short, collateral: "999996" }),
      // At 880: equity 1986 + 10560 - 12090 = 456 < maintenance ceil(5 % × 10560) = 528.
      // Close factor: 8 lots restore 7.5 % (456 - 176 = 280 >= 7.5 % × 3520 = 264).
      // Penalty ceil(2.5 % × 7040) = 176: 88 to the liquidator, 88 to the exchange.
      [
        "liquidate taker",
        "liquidationExecuted",
        {
          positionId: s.taker.positionId.toString(),
          user: s.taker.owner.toBase58(),
          market,
          liquidatedSize: "8",
          liquidationPrice: "880",
          penaltyFee: "176",
          liquidator: s.liquidator.owner.toBase58(),
          remainingSize: "4",
          liquidatorPositionId: s.liquidator.positionId.toString(),
          liquidatorFee: "88",
          exchangeFee: "88",
          timestamp: at("liquidate taker").timestamp,
        },
      ],
      // Closing 8 of 12 releases 8060 of the 12 090 cost for 7040: realised -1020.
      pu(s.taker, "liquidate taker", { size: "4", entryPrice: "1007", unrealizedPnl: "-510", side: long, collateral: "1810", realizedPnl: "-1020", markPrice: "880" }),
      pu(s.liquidator, "liquidate taker", { size: "8", entryPrice: "880", side: long, collateral: "100088", markPrice: "880" }),
      // Half of the exchange's 88 to the insurance fund: 9 (half the fees) + 44 = 53.
      [
        "liquidate taker",
        "insuranceFundChanged",
        {
          market,
          positionId: s.taker.positionId.toString(),
          delta: "44",
          balance: "53",
          reason: { liquidationPenalty: {} },
          timestamp: at("liquidate taker").timestamp,
        },
      ],
      // settle: min(maker pnl 1530 (under 25 % of 10 560), taker owes 1020 + 510, taker collateral 1810).
      pu(s.maker, "settle_pnl maker<-taker", {
        size: "12",
        entryPrice: "1007",
        unrealizedPnl: "1530",
        side: short,
        collateral: "1001526",
        settledPnl: "1530",
        markPrice: "880",
      }),
      pu(s.taker, "settle_pnl maker<-taker", {
        size: "4",
        entryPrice: "1007",
        unrealizedPnl: "-510",
        side: long,
        collateral: "280",
        realizedPnl: "-1020",
        settledPnl: "-1530",
        markPrice: "880",
      }),
    ];

    const labelOf = new Map(s.transactions.map((t) => [t.signature, t.label]));
    const actual = s.events.map(({ signature, event }) => [labelOf.get(signature), event.name, plain(event.data)] as [string, string, Fields]);
    console.log("      event sequence:");
    actual.forEach(([label, name, d], i) => console.log(`        ${String(i + 1).padStart(2)} [${label}] ${describeEvent(name, d)}`));

    expect(actual[0][1]).to.equal("marketCreated");
    expect(actual[0][2].market).to.equal(market);
    expect(actual.slice(1)).to.deep.equal(expected);

    // Fill sequence numbers: contiguous from 1.
    const seqs = actual.filter(([, n]) => n === "orderFilled").map(([, , d]) => Number(d.seq));
    expect(seqs).to.deep.equal([1, 2, 3]);
  });

  it("records every transaction once, in order, with its events", () => {
    expect(s.transactions.map((t) => t.label)).to.deep.equal([
      "create_market",
      "set_price 1000",
      "open_position maker",
      "deposit maker",
      "open_position taker",
      "deposit taker",
      "open_position liquidator",
      "deposit liquidator",
      "maker ask 5@1000",
      "maker ask 5@1010",
      "maker ask 5@1020",
      "taker IOC bid 12@1020",
      "set_price 880",
      "liquidate taker",
      "settle_pnl maker<-taker",
    ]);
    expect(new Set(s.signatures).size).to.equal(s.signatures.length);
    const slots = s.transactions.map((t) => t.slot);
    expect(slots).to.deep.equal([...slots].sort((a, b) => a - b));
    expect(s.transactions.map((t) => t.events.length)).to.deep.equal([1, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 9, 0, 4, 2]);
    for (const t of s.transactions) expect(s.eventsBySignature.get(t.signature)).to.equal(t.events);
    expect(s.positions.map(String)).to.deep.equal([s.maker, s.taker, s.liquidator].map((t) => t.position.toBase58()));
  });

  it("ends with the expected positions, book and market", async () => {
    const { maker, taker, liquidator } = s.finalPositions;
    const pick = (p: typeof maker) =>
      plain({
        size: p.size,
        costBasis: p.costBasis,
        collateral: p.collateral,
        realizedPnl: p.realizedPnl,
        settledPnl: p.settledPnl,
        bidOpenLots: p.bidOpenLots,
        askOpenLots: p.askOpenLots,
        openOrders: p.openOrders,
      });
    expect(pick(maker)).to.deep.equal({
      size: "-12",
      costBasis: "12090",
      collateral: "1001526",
      realizedPnl: "0",
      settledPnl: "1530",
      bidOpenLots: "0",
      askOpenLots: "3",
      openOrders: 1,
    });
    expect(pick(taker)).to.deep.equal({
      size: "4",
      costBasis: "4030",
      collateral: "280",
      realizedPnl: "-1020",
      settledPnl: "-1530",
      bidOpenLots: "0",
      askOpenLots: "0",
      openOrders: 0,
    });
    expect(pick(liquidator)).to.deep.equal({
      size: "8",
      costBasis: "7040",
      collateral: "100088",
      realizedPnl: "0",
      settledPnl: "0",
      bidOpenLots: "0",
      askOpenLots: "0",
      openOrders: 0,
    });
    // Sizes and PnL are zero-sum across the market.
    const sizes = [maker, taker, liquidator].map((p) => BigInt(p.size.toString()));
    expect(sizes.reduce((a, b) => a + b, 0n)).to.equal(0n);
    const book = await fetchBook(s.handle);
    expect(plain(book.asks.map((o) => [o.orderId, o.price, o.quantity]))).to.deep.equal([["3", "1020", "3"]]);
    expect(book.bids).to.deep.equal([]);
    const m = await fetchMarket(s.handle);
    expect(plain([m.fillSeq, m.nextOrderId, m.markPrice])).to.deep.equal(["3", "5", "880"]);
  });

  it("conserves collateral + fees + insurance to the atom", () => {
    const { before, after, deposits } = s;
    const collateral = [s.finalPositions.maker, s.finalPositions.taker, s.finalPositions.liquidator]
      .map((p) => BigInt(p.collateral.toString()))
      .reduce((a, b) => a + b, 0n);
    const fees = after.feesCollected - before.feesCollected;
    const insurance = after.insuranceFund - before.insuranceFund;
    const vaultDelta = after.vault - before.vault;
    console.log("      conservation:");
    console.log(`        deposits                                   ${deposits} (maker ${SCENARIO_DEPOSITS.maker} + taker ${SCENARIO_DEPOSITS.taker} + liquidator ${SCENARIO_DEPOSITS.liquidator})`);
    console.log(`        vault delta                                ${vaultDelta}`);
    console.log(`        Σ position collateral + Δ fees + Δ insurance ${collateral} + ${fees} + ${insurance} = ${collateral + fees + insurance}`);
    console.log(
      `        exchange: vault ${after.vault} == total_collateral ${after.totalCollateral} + fees_collected ${after.feesCollected} + insurance_fund ${after.insuranceFund}: ${conserved(after)}`,
    );
    // 18 of trading fees and 88 of penalty: half of each to the insurance fund.
    expect(fees).to.equal(9n + 44n);
    expect(insurance).to.equal(9n + 44n);
    expect(collateral).to.equal(1_001_526n + 280n + 100_088n);
    expect(vaultDelta).to.equal(deposits);
    expect(collateral + fees + insurance).to.equal(deposits);
    expect(after.totalCollateral - before.totalCollateral).to.equal(collateral);
    expect(conserved(after)).to.equal(true);
    expect(conserved(before)).to.equal(true);
  });

  it("is solvent: what the positions could claim after settling is within the collateral the vault holds for them", async () => {
    const m = await fetchMarket(s.handle);
    const mark = BigInt(m.markPrice.toString());
    const rows = [
      ["maker", s.finalPositions.maker],
      ["taker", s.finalPositions.taker],
      ["liquidator", s.finalPositions.liquidator],
    ] as const;
    console.log("      solvency (equity = collateral + realized - settled + unrealized at the mark):");
    let claims = 0n;
    let held = 0n;
    for (const [name, p] of rows) {
      const e = equity(p, mark);
      claims += e > 0n ? e : 0n;
      held += BigInt(p.collateral.toString());
      console.log(`        ${name.padEnd(10)} equity ${String(e).padStart(8)}  collateral ${p.collateral.toString().padStart(8)}`);
    }
    console.log(`        Σ max(equity, 0) ${claims} <= Σ collateral ${held} (= vault - fees - insurance of this market): ${claims <= held}`);
    expect(claims <= held).to.equal(true);
    // Nobody is bankrupt, so every profit can be settled: the sum of PnL is zero.
    expect(claims).to.equal(held);
  });
});

function equity(p: TradingScenario["finalPositions"]["maker"], mark: bigint): bigint {
  const size = BigInt(p.size.toString());
  const cost = BigInt(p.costBasis.toString());
  const abs = size < 0n ? -size : size;
  const unrealized = size >= 0n ? abs * mark - cost : cost - abs * mark;
  return BigInt(p.collateral.toString()) + BigInt(p.realizedPnl.toString()) - BigInt(p.settledPnl.toString()) + unrealized;
}
