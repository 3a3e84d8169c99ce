/** A WebSocket client of the API's live feeds for the tests: records every message and the close. */
import WebSocket from "ws";

export interface FeedMsg {
  type: "event" | "replayed";
  feed: string;
  key: string | null;
  count?: number;
  data?: Record<string, unknown>;
}

export class FeedClient {
  readonly messages: FeedMsg[] = [];
  closed: { code: number; reason: string } | null = null;
  readonly ws: WebSocket;
  private readonly opened: Promise<void>;

  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.opened = new Promise((resolve, reject) => {
      this.ws.once("open", () => resolve());
      this.ws.once("error", reject);
      this.ws.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    this.ws.on("message", (m) => this.messages.push(JSON.parse(m.toString()) as FeedMsg));
    this.ws.on("close", (code, reason) => (this.closed = { code, reason: reason.toString() }));
  }

  static async open(url: string): Promise<FeedClient> {
    const c = new FeedClient(url);
    await c.opened;
    return c;
  }

  events(): FeedMsg[] {
    return this.messages.filter((m) => m.type === "event");
  }

  /** Waits until `cond` holds on the messages received so far. */
  async until(what: string, cond: (c: FeedClient) => boolean, ms = 60_000): Promise<void> {
    const end = Date.now() + ms;
    while (!cond(this)) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${this.messages.length} messages, closed ${JSON.stringify(this.closed)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  close(): void {
    this.ws.close();
  }
}
