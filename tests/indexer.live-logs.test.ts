/**
 * `LiveLogs.stop()` is bounded in every state of its socket, against real WebSocket peers that
 * misbehave on purpose (no cluster needed): a peer that never completes the close handshake, a
 * port that refuses connections (reconnecting), and a server that accepts TCP but never answers
 * the HTTP upgrade (connecting). The cluster-level test (socket killed through a TCP relay, the
 * CLI stopped) is in tests/indexer.operations.test.ts.
 */
import { expect } from "chai";
import net from "node:net";
import { Keypair } from "@solana/web3.js";
import { WebSocketServer, type WebSocket } from "ws";
import { LiveLogs } from "../app/src/sources/live-logs";

const programId = Keypair.generate().publicKey;

function liveOn(url: string, counters: { reconnects: number; disconnects: number }): LiveLogs {
  return new LiveLogs(url, programId, {
    commitment: "confirmed",
    onLogs: () => undefined,
    onReconnect: () => (counters.reconnects += 1),
    onDisconnect: () => (counters.disconnects += 1),
    minBackoffMs: 50,
    closeTimeoutMs: 500,
  });
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const t0 = Date.now();
  await fn();
  return Date.now() - t0;
}

describe("indexer live source: LiveLogs.stop() is bounded", () => {
  it("subscribed, with a peer that never answers the close handshake: terminated after closeTimeoutMs", async () => {
    const server = new WebSocketServer({ port: 0, host: "127.0.0.1" });
    const peers: WebSocket[] = [];
    server.on("connection", (ws) => {
      peers.push(ws);
      ws.on("message", (data) => {
        const msg = JSON.parse(data.toString()) as { id: number; method: string };
        if (msg.method === "logsSubscribe") {
          ws.send(JSON.stringify({ jsonrpc: "2.0", id: msg.id, result: 7 }));
          // From now on the peer reads nothing: no close frame will ever come back.
          (ws as unknown as { _socket: net.Socket })._socket.pause();
        }
      });
    });
    await new Promise((r) => server.once("listening", r));
    const port = (server.address() as net.AddressInfo).port;
    const counters = { reconnects: 0, disconnects: 0 };
    const live = liveOn(`ws://127.0.0.1:${port}`, counters);
    try {
      live.start();
      const deadline = Date.now() + 5_000;
      while (!live.subscribed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(live.subscribed).to.equal(true);
      const ms = await timed(() => live.stop());
      expect(ms).to.be.within(400, 1_500);
      expect(counters.disconnects, "a stop is not a disconnect").to.equal(0);
    } finally {
      for (const p of peers) p.terminate();
      await new Promise((r) => server.close(r));
    }
  });

  it("reconnecting against a refused port: stops at once, no reconnect afterwards", async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const counters = { reconnects: 0, disconnects: 0 };
    const live = liveOn(`ws://127.0.0.1:${port}`, counters);
    live.start();
    await new Promise((r) => setTimeout(r, 400));
    expect(counters.disconnects).to.be.greaterThan(1);
    const ms = await timed(() => live.stop());
    expect(ms).to.be.below(100);
    const after = counters.disconnects;
    await new Promise((r) => setTimeout(r, 400));
    expect(counters.disconnects).to.equal(after);
  });

  it("connecting to a server that never answers the upgrade: stops at once", async () => {
    const sockets: net.Socket[] = [];
    const server = net.createServer((s) => sockets.push(s));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as net.AddressInfo).port;
    const live = liveOn(`ws://127.0.0.1:${port}`, { reconnects: 0, disconnects: 0 });
    try {
      live.start();
      await new Promise((r) => setTimeout(r, 200));
      expect(sockets.length).to.equal(1);
      const ms = await timed(() => live.stop());
      expect(ms).to.be.below(100);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    }
  });
});
