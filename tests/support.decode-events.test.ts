// decodeEvents: the harness's IDL event decoder reports what anchor's EventParser silently skips.
import { BN, BorshCoder } from "@coral-xyz/anchor";
import { convertIdlToCamelCase } from "@coral-xyz/anchor/dist/cjs/idl";
import { Keypair } from "@solana/web3.js";
import { expect } from "chai";
import { decodeEvents, IDL, PROGRAM_ID } from "./support/harness";

const CAMEL = convertIdlToCamelCase(IDL);
const coder = new BorshCoder(CAMEL);
const PID = PROGRAM_ID.toBase58();
const OTHER = Keypair.generate().publicKey.toBase58();

function marketCreatedLine(index: number): string {
  const event = CAMEL.events?.find((e) => e.name === "marketCreated");
  if (!event) throw new Error("marketCreated is not in the IDL");
  const body = coder.types.encode("marketCreated", {
    market: Keypair.generate().publicKey,
    index,
    symbol: "BTC-PERP",
    tickSize: new BN(5),
    baseLotSize: new BN(100),
    baseDecimals: 8,
    takerFeeBps: 5,
    makerFeeBps: 1,
    initialMarginBps: 500,
    maintenanceMarginBps: 250,
    liquidationPenaltyBps: 100,
    priceAuthority: Keypair.generate().publicKey,
    maxPriceAgeSecs: 30,
    timestamp: new BN(1_700_000_000),
  });
  return `Program data: ${Buffer.concat([Buffer.from(event.discriminator), body]).toString("base64")}`;
}

describe("support: decodeEvents", () => {
  it("decodes the program's events and ignores other programs' data lines", () => {
    const logs = [
      `Program ${PID} invoke [1]`,
      "Program log: Instruction: CreateMarket",
      marketCreatedLine(3),
      `Program ${OTHER} invoke [2]`,
      `Program data: ${Buffer.from("not ours").toString("base64")}`,
      `Program ${OTHER} success`,
      `Program ${PID} success`,
    ];
    const decoded = decodeEvents(logs);
    expect(decoded.undecoded).to.deep.equal([]);
    expect(decoded.truncated).to.equal(false);
    expect(decoded.events).to.have.length(1);
    expect(decoded.events[0].name).to.equal("marketCreated");
    if (decoded.events[0].name !== "marketCreated") return;
    expect(decoded.events[0].data.index).to.equal(3);
    expect(decoded.events[0].data.symbol).to.equal("BTC-PERP");
    expect(decoded.events[0].data.tickSize.toString()).to.equal("5");
  });

  it("reports the program's data lines it cannot decode, and truncation", () => {
    const unknown = `Program data: ${Buffer.alloc(16, 7).toString("base64")}`;
    const logs = [`Program ${PID} invoke [1]`, marketCreatedLine(0), unknown, "Log truncated"];
    const decoded = decodeEvents(logs);
    expect(decoded.events).to.have.length(1);
    expect(decoded.truncated).to.equal(true);
    expect(decoded.undecoded).to.have.length(1);
    expect(decoded.undecoded[0]).to.include({ index: 2, line: unknown });
    expect(decoded.undecoded[0].reason).to.match(/discriminator|decode/);
  });

  it("reports logs the EventParser rejects outright", () => {
    const decoded = decodeEvents(["Program log: no invoke line first"]);
    expect(decoded.events).to.deep.equal([]);
    expect(decoded.undecoded).to.have.length(1);
    expect(decoded.undecoded[0].index).to.equal(-1);
    expect(decoded.undecoded[0].reason).to.match(/EventParser failed/);
  });
});
