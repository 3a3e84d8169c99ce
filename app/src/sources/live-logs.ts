/**
 * Live source: `logsSubscribe` mentioning the program, over a WebSocket this module owns (`ws`).
 *
 * web3.js's PubSub client is not used here: its `removeOnLogsListener` retries `logsUnsubscribe`
 * on a closed socket in a hot loop (solana-web3.js#3761), which made a shutdown while the socket
 * was going away hang and flood the log; its socket and reconnect timer are private. Owning the
 * socket makes every state explicit: connecting, subscribed, waiting to reconnect (exponential
 * backoff), stopped. `stop()` is bounded in every state: it never waits for the server to answer
 * an unsubscribe, it closes the socket and terminates it if the close handshake does not finish
 * within `closeTimeoutMs`.
 *
 * A notification only says "something happened": the pipeline catches up from its cursor. So
 * reconnects (each one is reported) lose nothing, whatever was missed while disconnected.
 */
import WebSocket from "ws";
import type { Finality, PublicKey } from "@solana/web3.js";
import type { Logger } from "../log";

export interface LiveNotification {
  signature: string;
  slot: number;
  err: unknown;
  logs: string[];
}

export interface LiveLogsOptions {
  commitment: Finality;
  onLogs: (n: LiveNotification) => void;
  /** Called once a re-opened socket is subscribed again (not after the first subscription). */
  onReconnect: () => void;
  onDisconnect?: () => void;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** A socket that answers no ping within this time is dropped and reopened (default 30 s). */
  pingIntervalMs?: number;
  /** Longest wait for the close handshake in `stop()` before the socket is terminated (default 1 s). */
  closeTimeoutMs?: number;
  log?: Logger;
}

interface RpcMessage {
  id?: number;
  result?: unknown;
  error?: { code: number; message: string };
  method?: string;
  params?: { result?: { context?: { slot?: number }; value?: { signature?: string; err?: unknown; logs?: string[] } } };
}

/** The PubSub endpoint web3.js derives from an RPC URL: same host, port + 1, ws scheme. */
export function wsUrlFor(rpcUrl: string): string {
  const url = new URL(rpcUrl);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  if (url.port) url.port = String(Number(url.port) + 1);
  return url.toString();
}

export class LiveLogs {
  private socket: WebSocket | null = null;
  /** Server subscription id on the current socket, once acknowledged. */
  private subscription: number | null = null;
  private stopped = false;
  private subscribedOnce = false;
  private backoff: number;
  private retryTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private awaitingPong = false;

  constructor(
    private readonly wsUrl: string,
    private readonly programId: PublicKey,
    private readonly opts: LiveLogsOptions,
  ) {
    this.backoff = opts.minBackoffMs ?? 250;
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  /** Whether the subscription is acknowledged on an open socket. */
  get subscribed(): boolean {
    return this.socket?.readyState === WebSocket.OPEN && this.subscription !== null;
  }

  private connect(): void {
    if (this.stopped) return;
    const socket = new WebSocket(this.wsUrl, { handshakeTimeout: 10_000 });
    this.socket = socket;
    this.subscription = null;
    socket.on("open", () => {
      socket.send(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "logsSubscribe", params: [{ mentions: [this.programId.toBase58()] }, { commitment: this.opts.commitment }] }));
      this.startPings(socket);
    });
    socket.on("message", (data) => this.handle(socket, data.toString()));
    socket.on("pong", () => (this.awaitingPong = false));
    // 'error' is always followed by 'close'; the listener keeps the process up.
    socket.on("error", (err) => this.opts.log?.debug("websocket error", { message: err.message }));
    socket.on("close", () => this.handleClose(socket));
  }

  private handle(socket: WebSocket, text: string): void {
    let msg: RpcMessage;
    try {
      msg = JSON.parse(text) as RpcMessage;
    } catch {
      this.opts.log?.warn("websocket: a message that is not JSON", { message: text.slice(0, 200) });
      return;
    }
    if (msg.id === 1) {
      if (msg.error || typeof msg.result !== "number") {
        this.opts.log?.warn("logsSubscribe refused: reconnecting", { error: msg.error });
        socket.terminate();
        return;
      }
      this.subscription = msg.result;
      this.backoff = this.opts.minBackoffMs ?? 250;
      if (this.subscribedOnce) this.opts.onReconnect();
      this.subscribedOnce = true;
      return;
    }
    const value = msg.params?.result?.value;
    if (msg.method === "logsNotification" && value?.signature) {
      this.opts.onLogs({ signature: value.signature, slot: msg.params?.result?.context?.slot ?? 0, err: value.err ?? null, logs: value.logs ?? [] });
    }
  }

  private handleClose(socket: WebSocket): void {
    if (socket !== this.socket) return;
    this.stopPings();
    this.socket = null;
    this.subscription = null;
    if (this.stopped) return;
    this.opts.onDisconnect?.();
    const delay = this.backoff;
    this.backoff = Math.min(this.backoff * 2, this.opts.maxBackoffMs ?? 10_000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  /** A half-open connection (peer gone without a FIN) is found by a ping left unanswered. */
  private startPings(socket: WebSocket): void {
    this.stopPings();
    this.awaitingPong = false;
    this.pingTimer = setInterval(() => {
      if (this.awaitingPong) {
        this.opts.log?.warn("websocket: no pong, reconnecting");
        socket.terminate();
        return;
      }
      this.awaitingPong = true;
      socket.ping();
    }, this.opts.pingIntervalMs ?? 30_000);
  }

  private stopPings(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
  }

  /** Bounded in every state: no reconnect after it, no wait for the server beyond `closeTimeoutMs`. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.stopPings();
    const socket = this.socket;
    this.socket = null;
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    if (socket.readyState === WebSocket.OPEN) {
      // Fire and forget: closing the socket ends the subscription on the server anyway.
      if (this.subscription !== null) socket.send(JSON.stringify({ jsonrpc: "2.0", id: 2, method: "logsUnsubscribe", params: [this.subscription] }), () => undefined);
      socket.close(1000, "indexer stopping");
    } else {
      // Connecting or closing: nothing to say to the server.
      socket.terminate();
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([closed, new Promise<void>((resolve) => (timer = setTimeout(resolve, this.opts.closeTimeoutMs ?? 1_000)))]);
    clearTimeout(timer);
    if ((socket.readyState as number) !== WebSocket.CLOSED) socket.terminate();
  }
}
