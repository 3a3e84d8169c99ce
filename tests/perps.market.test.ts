// initialize + create_market through AnchorProvider: accounts, the MarketCreated event (from the
// transaction's logs and, on the cluster, from a logs subscription) and the program's named errors.
import { BN } from "@coral-xyz/anchor";
import { Keypair, Logs, PublicKey } from "@solana/web3.js";
import { expect } from "chai";
import { createMarketMethod, CreateMarketArgs, defaultMarketArgs, EXCHANGE_PDA, ensureExchange, ExchangeInfo, marketPda, nextMarketIndex, VAULT_PDA } from "./support/exchange";
import {
  airdrop,
  createQuoteMint,
  decodeEvents,
  canStartIsolated,
  getHarness,
  Harness,
  PROGRAM_ID,
  skipUnless,
  startIsolated,
} from "./support/harness";
import { getAccount, getMint } from "../app/src/client/tokens";
import { clockUnixTimestamp, sleep, subscriptionReady } from "./support/cluster";
import { expectAnchorError, plain } from "./support/trading";

describe("perps: initialize and create_market", () => {
  let h: Harness;
  let ex: ExchangeInfo;

  before(async function () {
    h = await getHarness();
    ex = await ensureExchange(h);
    if (!ex.admin.equals(h.wallet.publicKey)) {
      this.skip(); // an external cluster whose exchange belongs to someone else
    }
  });

  // The exchange is a singleton other test files trade on, so `initialize` is checked on a fresh
  // cluster of its own, where every field has its initial value.
  it("initializes the exchange with the admin, a 6-decimal quote mint and its vault", async function () {
    if (!canStartIsolated()) this.skip(); // an external cluster, and no perps-localnet built
    // `initialize` accepts only the program's upgrade authority as admin: make it this key.
    const admin = Keypair.generate();
    const own = await startIsolated({ upgradeAuthority: admin.publicKey });
    try {
      const quoteMint = await createQuoteMint(own.connection, own.wallet, 6);
      const signature = await own.program.methods
        .initialize()
        .accounts({ payer: own.wallet.publicKey, admin: admin.publicKey, quoteMint })
        .signers([admin])
        .rpc();
      const tx = await own.connection.getTransaction(signature, { maxSupportedTransactionVersion: 0, commitment: "confirmed" });
      expect(tx?.meta?.err).to.equal(null);
      expect(tx?.meta?.logMessages).to.include("Program log: Instruction: Initialize");

      const exchange = await own.program.account.exchange.fetch(EXCHANGE_PDA);
      const [, bump] = PublicKey.findProgramAddressSync([Buffer.from("exchange")], PROGRAM_ID);
      const [, vaultBump] = PublicKey.findProgramAddressSync([Buffer.from("vault"), EXCHANGE_PDA.toBuffer()], PROGRAM_ID);
      expect(plain(exchange)).to.deep.equal({
        admin: admin.publicKey.toBase58(),
        quoteMint: quoteMint.toBase58(),
        vault: VAULT_PDA.toBase58(),
        nextPositionId: "1",
        feesCollected: "0",
        totalCollateral: "0",
        marketCount: 0,
        bump,
        vaultBump,
        padding: new Array(4).fill(0),
        insuranceFund: "0",
        pendingAdmin: PublicKey.default.toBase58(),
        reserved: new Array(16).fill(0),
      });
      const info = await own.connection.getAccountInfo(EXCHANGE_PDA);
      expect(info?.owner.toBase58()).to.equal(PROGRAM_ID.toBase58());

      const mint = await getMint(own.connection, quoteMint, "confirmed");
      expect(mint.decimals).to.equal(6);
      const vault = await getAccount(own.connection, VAULT_PDA, "confirmed");
      expect(vault.mint.toBase58()).to.equal(quoteMint.toBase58());
      expect(vault.owner.toBase58()).to.equal(EXCHANGE_PDA.toBase58());
      expect(vault.amount).to.equal(0n);

      // Once per deployment: a second initialize, even by the upgrade authority, fails (the
      // exchange account exists).
      const again = await own.program.methods
        .initialize()
        .accounts({ payer: own.wallet.publicKey, admin: admin.publicKey, quoteMint })
        .signers([admin])
        .rpc()
        .then(() => "succeeded", (err: unknown) => String(err));
      expect(again).to.match(/already in use/);
    } finally {
      await own.stop();
    }
  });

  it("the shared cluster's exchange has this wallet as admin and a 6-decimal quote mint", async () => {
    const exchange = await h.program.account.exchange.fetch(EXCHANGE_PDA);
    expect(exchange.admin.toBase58()).to.equal(h.wallet.publicKey.toBase58());
    expect(exchange.quoteMint.toBase58()).to.equal(ex.quoteMint.toBase58());
    expect(exchange.vault.toBase58()).to.equal(VAULT_PDA.toBase58());
    expect((await getMint(h.connection, ex.quoteMint, "confirmed")).decimals).to.equal(6);
  });

  it("creates a market: the account and MarketCreated in the transaction logs", async () => {
    const priceAuthority = Keypair.generate().publicKey;
    const args = defaultMarketArgs(priceAuthority);
    const { index, market, builder } = await createMarketMethod(h, args);
    const clockBefore = await clockUnixTimestamp(h.connection);
    const signature = await builder.rpc();
    const clockAfter = await clockUnixTimestamp(h.connection);

    // The account.
    const m = await h.program.account.market.fetch(market);
    const [, marketBump] = PublicKey.findProgramAddressSync(
      [Buffer.from("market"), EXCHANGE_PDA.toBuffer(), Buffer.from([index & 0xff, index >> 8])],
      PROGRAM_ID,
    );
    const [orderBook] = PublicKey.findProgramAddressSync([Buffer.from("book"), market.toBuffer()], PROGRAM_ID);
    const symbolBytes = Buffer.alloc(16);
    symbolBytes.write(args.symbol, "ascii");
    expect(plain(m)).to.deep.equal({
      exchange: EXCHANGE_PDA.toBase58(),
      priceAuthority: priceAuthority.toBase58(),
      symbol: [...symbolBytes],
      tickSize: "1000",
      baseLotSize: "10000000",
      markPrice: "0",
      priceUpdatedAt: "0",
      fillSeq: "0",
      orderBook: orderBook.toBase58(),
      nextOrderId: "1",
      maxPriceAgeSecs: 60,
      index,
      takerFeeBps: 10,
      makerFeeBps: 2,
      initialMarginBps: 1_000,
      maintenanceMarginBps: 500,
      liquidationPenaltyBps: 250,
      baseDecimals: 9,
      bump: marketBump,
      status: 0,
      padding: new Array(5).fill(0),
      priceBandBps: 1_000,
      maxOrdersPerPosition: 128,
      riskPadding: new Array(4).fill(0),
      minOrderNotional: "100",
      insuranceFund: "0",
      openInterest: "0",
      cumulativeLossPerLot: "0",
      socializedLossTotal: "0",
      flattenedSize: "0",
      reserved: new Array(32).fill(0),
    });
    const bookInfo = await h.connection.getAccountInfo(orderBook);
    expect(bookInfo?.owner.toBase58()).to.equal(PROGRAM_ID.toBase58());
    const after = await h.program.account.exchange.fetch(EXCHANGE_PDA);
    expect(after.marketCount).to.equal(index + 1);

    // The event, from the confirmed transaction's logs.
    const tx = await h.connection.getTransaction(signature, {
      maxSupportedTransactionVersion: 0,
      commitment: "confirmed",
    });
    expect(tx?.meta?.err).to.equal(null);
    const logMessages = tx?.meta?.logMessages ?? [];
    expect(logMessages[0]).to.equal(`Program ${PROGRAM_ID.toBase58()} invoke [1]`);
    expect(logMessages).to.include("Program log: Instruction: CreateMarket");
    expect(logMessages[logMessages.length - 1]).to.equal(`Program ${PROGRAM_ID.toBase58()} success`);
    const decoded = decodeEvents(logMessages);
    expect(decoded.undecoded).to.deep.equal([]);
    expect(decoded.truncated).to.equal(false);
    expect(decoded.events).to.have.length(1);
    const event = decoded.events[0];
    expect(event.name).to.equal("marketCreated");
    const data = plain(event.data) as Record<string, unknown>;
    expect(Number(data.timestamp)).to.be.within(clockBefore, clockAfter);
    expect(data).to.deep.equal({
      market: market.toBase58(),
      index,
      symbol: "SOL-PERP",
      tickSize: "1000",
      baseLotSize: "10000000",
      baseDecimals: 9,
      takerFeeBps: 10,
      makerFeeBps: 2,
      initialMarginBps: 1_000,
      maintenanceMarginBps: 500,
      liquidationPenaltyBps: 250,
      priceAuthority: priceAuthority.toBase58(),
      maxPriceAgeSecs: 60,
      timestamp: data.timestamp,
    });
  });

  it("delivers MarketCreated through onLogs within 1 s of sending, with the transaction's logs", async function () {
    skipUnless(this, h.server, "needs the cluster's PubSub (logsSubscribe)");
    const { builder } = await createMarketMethod(h, defaultMarketArgs(Keypair.generate().publicKey, { symbol: "LOGS-PERP" }));

    // Record every notification: it may arrive before `.rpc()` has returned the signature.
    const notifications: { logs: Logs; at: number }[] = [];
    const subscriptionId = h.connection.onLogs(PROGRAM_ID, (logs) => notifications.push({ logs, at: Date.now() }));
    await subscriptionReady(h.connection, subscriptionId);

    const sentAt = Date.now();
    const signature = await builder.rpc();
    const find = () => notifications.find((n) => n.logs.signature === signature);
    while (!find() && Date.now() < sentAt + 1_000) await sleep(10);
    await h.connection.removeOnLogsListener(subscriptionId);
    const received = find();
    expect(received, "no onLogs notification within 1 s of sending").to.not.equal(undefined);
    expect(received!.at - sentAt).to.be.at.most(1_000);
    expect(received!.logs.err).to.equal(null);

    const tx = await h.connection.getTransaction(signature, { maxSupportedTransactionVersion: 0, commitment: "confirmed" });
    const logMessages = tx?.meta?.logMessages ?? [];
    expect(received!.logs.logs).to.deep.equal(logMessages);
    const viaSubscription = decodeEvents(received!.logs.logs);
    expect(viaSubscription.undecoded).to.deep.equal([]);
    const [created] = viaSubscription.events;
    expect(viaSubscription.events.map((e) => e.name)).to.deep.equal(["marketCreated"]);
    expect(plain(viaSubscription.events)).to.deep.equal(plain(decodeEvents(logMessages).events));
    expect(plain(created.data)).to.include({ symbol: "LOGS-PERP" });
  });

  it("rejects create_market from a signer that is not the admin with Unauthorized (6000)", async () => {
    const intruder = Keypair.generate();
    await airdrop(h.connection, intruder.publicKey, 1_000_000_000);
    const { index: marketCount, market, builder } = await createMarketMethod(h, defaultMarketArgs(intruder.publicKey), { admin: intruder });
    const err = await expectAnchorError(() => builder.rpc(), "Unauthorized");
    expect(err.error.errorCode.number).to.equal(6000);
    expect(err.error.errorMessage).to.equal("signer is not the exchange admin");
    expect(err.logs.join("\n")).to.contain("Error Code: Unauthorized. Error Number: 6000.");
    // has_one logs both keys (`Pubkey::log`): the exchange's admin, then the signer passed.
    expect(plain(err.error.comparedValues)).to.deep.equal([h.wallet.publicKey.toBase58(), intruder.publicKey.toBase58()]);
    expect(await h.connection.getAccountInfo(market)).to.equal(null);
    expect((await h.program.account.exchange.fetch(EXCHANGE_PDA)).marketCount).to.equal(marketCount);
  });

  it("resolves market and order_book from the IDL (seed: the index argument) to the accounts the program creates", async () => {
    const { index, builder } = await createMarketMethod(h, defaultMarketArgs(h.wallet.publicKey, { symbol: "RESOLVE-PERP" }));
    // What `.accounts()` derives from the IDL's seeds, before sending.
    const resolved = await builder.pubkeys();
    const le = Buffer.alloc(2);
    le.writeUInt16LE(index);
    const [expected] = PublicKey.findProgramAddressSync([Buffer.from("market"), EXCHANGE_PDA.toBuffer(), le], PROGRAM_ID);
    expect(resolved.market?.toBase58()).to.equal(expected.toBase58());
    expect(resolved.exchange?.toBase58()).to.equal(EXCHANGE_PDA.toBase58());

    const signature = await builder.rpc();
    const tx = await h.connection.getTransaction(signature, { maxSupportedTransactionVersion: 0, commitment: "confirmed" });
    const [created] = decodeEvents(tx?.meta?.logMessages ?? []).events;
    expect(created.name).to.equal("marketCreated");
    expect(plain(created.data)).to.include({ market: expected.toBase58(), index });
    const m = await h.program.account.market.fetch(expected);
    expect(m.index).to.equal(index);
    expect(m.orderBook.toBase58()).to.equal(resolved.orderBook?.toBase58());
    expect((await h.connection.getAccountInfo(expected))?.owner.toBase58()).to.equal(PROGRAM_ID.toBase58());
  });

  it("rejects an index other than the exchange's market count with MarketIndexMismatch (6028)", async () => {
    const count = await nextMarketIndex(h);
    // The next index but one: a well-formed PDA nobody created. (An index below the count names
    // an existing market, whose `init` fails in the System program before any constraint runs.)
    const { market, builder } = await createMarketMethod(h, defaultMarketArgs(h.wallet.publicKey), { index: count + 1 });
    expect((await builder.pubkeys()).market?.toBase58()).to.equal(market.toBase58());
    const err = await expectAnchorError(() => builder.rpc(), "MarketIndexMismatch");
    expect(err.error.errorCode.number).to.equal(6028);
    expect(err.error.errorMessage).to.equal("the market index must equal the exchange's market count");
    expect(err.logs.join("\n")).to.contain("AnchorError caused by account: exchange. Error Code: MarketIndexMismatch. Error Number: 6028.");
    expect(await h.connection.getAccountInfo(market)).to.equal(null);
    expect(await h.connection.getAccountInfo(marketPda(count))).to.equal(null);
    expect(await nextMarketIndex(h)).to.equal(count);
  });

  const invalid: [string, (a: CreateMarketArgs) => void, string][] = [
    ["a lowercase symbol", (a) => (a.symbol = "sol-perp"), "InvalidSymbol"],
    ["an empty symbol", (a) => (a.symbol = ""), "InvalidSymbol"],
    ["a 17-character symbol", (a) => (a.symbol = "ABCDEFGHIJKLMNOPQ"), "InvalidSymbol"],
    ["a zero tick size", (a) => (a.tickSize = new BN(0)), "InvalidTickOrLotSize"],
    ["a zero lot size", (a) => (a.baseLotSize = new BN(0)), "InvalidTickOrLotSize"],
    ["a taker fee over 1000 bps", (a) => (a.takerFeeBps = 1_001), "InvalidFees"],
    ["a maker fee above the taker fee", (a) => (a.makerFeeBps = 11), "InvalidFees"],
    ["maintenance >= initial margin", (a) => (a.maintenanceMarginBps = 1_000), "InvalidMarginRatios"],
    ["an initial margin over 10000 bps", (a) => (a.initialMarginBps = 10_001), "InvalidMarginRatios"],
    ["a zero maintenance margin", (a) => (a.maintenanceMarginBps = 0), "InvalidMarginRatios"],
    ["a zero liquidation penalty", (a) => (a.liquidationPenaltyBps = 0), "InvalidLiquidationPenalty"],
    ["a penalty above the maintenance margin", (a) => (a.liquidationPenaltyBps = 501), "InvalidLiquidationPenalty"],
    ["a zero price age", (a) => (a.maxPriceAgeSecs = 0), "InvalidPriceAge"],
    ["a zero price band", (a) => (a.priceBandBps = 0), "InvalidPriceBand"],
    ["a price band over 10000 bps", (a) => (a.priceBandBps = 10_001), "InvalidPriceBand"],
    ["a zero minimum order notional", (a) => (a.minOrderNotional = new BN(0)), "InvalidOrderLimits"],
    ["a zero order cap", (a) => (a.maxOrdersPerPosition = 0), "InvalidOrderLimits"],
    ["an order cap over 128", (a) => (a.maxOrdersPerPosition = 129), "InvalidOrderLimits"],
  ];
  for (const [what, mutate, name] of invalid) {
    it(`rejects ${what} with ${name}`, async () => {
      const args = defaultMarketArgs(h.wallet.publicKey);
      mutate(args);
      const { market, builder } = await createMarketMethod(h, args);
      await expectAnchorError(() => builder.rpc(), name);
      expect(await h.connection.getAccountInfo(market)).to.equal(null);
    });
  }
});
