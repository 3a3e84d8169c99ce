// The dashboard: REST for the first picture, then WebSocket feeds (resumed with `since` after a
// disconnect) for every change. Nothing is polled: market statistics and positions are re-read
// when a feed says something changed.
const INTERVALS = ["1m", "5m", "15m", "1h", "4h", "1d"];
const TAPE_ROWS = 60;
const state = { markets: [], market: null, interval: "1m", feeds: [], tape: 0 };
const $ = (id) => document.getElementById(id);
const fmt = (v) => (v === null || v === undefined ? "–" : BigInt(v).toLocaleString("en-US"));
const short = (k) => (k ? `${k.slice(0, 4)}…${k.slice(-4)}` : "");
const time = (t) => new Date(t * 1000).toLocaleTimeString("en-GB");

async function get(path) {
  const res = await fetch(path);
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return res.json();
}

function cells(tr, values) {
  for (const v of values) {
    const td = document.createElement("td");
    if (v && typeof v === "object") {
      td.textContent = v.text;
      if (v.cls) td.className = v.cls;
    } else td.textContent = v;
    tr.appendChild(td);
  }
  return tr;
}

function emptyRow(tbody, cols, text) {
  tbody.replaceChildren(cells(Object.assign(document.createElement("tr"), { className: "empty" }), [text]));
  tbody.firstChild.firstChild.colSpan = cols;
}

/** A feed socket that resumes after its last key when it reconnects. */
function feed(path, params, onEvent, onReset) {
  const f = { lastKey: params.since ?? null, ws: null, closed: false };
  const open = () => {
    const q = new URLSearchParams({ ...params });
    if (f.lastKey) q.set("since", f.lastKey);
    else q.delete("since");
    const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/v1/feeds/${path}?${q}`);
    f.ws = ws;
    ws.onmessage = (m) => {
      const msg = JSON.parse(m.data);
      if (msg.type !== "event") return;
      if (path !== "status") f.lastKey = msg.key;
      onEvent(msg.data, msg.key);
    };
    ws.onclose = (e) => {
      if (f.closed) return;
      if (e.code === 4009) return onReset?.();
      setTimeout(open, 1000);
    };
  };
  f.stop = () => {
    f.closed = true;
    f.ws?.close();
  };
  open();
  state.feeds.push(f);
  return f;
}

// --- status -------------------------------------------------------------------------------------
function showStatus(s) {
  const el = $("status");
  const lag = s.lag ? `lag ${s.lag.slots ?? "?"} slots / ${s.lag.seconds ?? "?"} s` : "lag –";
  el.textContent = `indexer: slot ${s.cursor?.slot ?? "–"} · ${lag} · dead letters ${s.deadLetters.total} · fill gaps ${s.fillGaps.total}`;
  el.dataset.state = s.lag && s.lag.slots !== null && s.lag.slots > 50 ? "lagging" : "live";
}

// --- markets ------------------------------------------------------------------------------------
function renderMarkets() {
  const tbody = $("markets").tBodies[0];
  if (state.markets.length === 0) return emptyRow(tbody, 7, "no market yet");
  tbody.replaceChildren(
    ...state.markets.map((m) => {
      const s = m.stats;
      const ch = s.priceChange24hBps === null ? "–" : `${(Number(s.priceChange24hBps) / 100).toFixed(2)}%`;
      const tr = cells(document.createElement("tr"), [
        m.symbol,
        fmt(s.lastPrice),
        fmt(s.markPrice),
        { text: ch, cls: s.priceChange24h === null ? "" : BigInt(s.priceChange24h) >= 0n ? "up" : "down" },
        fmt(s.volume24h),
        fmt(s.openInterest),
        fmt(s.totalTrades),
      ]);
      tr.dataset.market = m.market;
      if (m.market === state.market) tr.className = "selected";
      tr.onclick = () => selectMarket(m.market);
      return tr;
    }),
  );
}

let refreshTimer = null;
/** Re-reads the statistics after a feed event (coalesced). */
function refreshMarkets() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(async () => {
    state.markets = (await get("/v1/markets")).markets;
    renderMarkets();
    refreshPositions();
  }, 150);
}

// --- chart --------------------------------------------------------------------------------------
const chart = LightweightCharts.createChart($("chart"), {
  autoSize: true,
  layout: { background: { color: "#161b22" }, textColor: "#d7dde5" },
  grid: { vertLines: { color: "#222a35" }, horzLines: { color: "#222a35" } },
  timeScale: { timeVisible: true, secondsVisible: false, maxBarSpacing: 24 },
  // Prices are whole quote atoms per base lot: no decimals, thousands grouped as in the tables.
  localization: { priceFormatter: (p) => Math.round(p).toLocaleString("en-US") },
});
const candles = chart.addSeries(LightweightCharts.CandlestickSeries, { upColor: "#26a69a", downColor: "#ef5350", borderVisible: false, wickUpColor: "#26a69a", wickDownColor: "#ef5350", priceFormat: { type: "price", precision: 0, minMove: 1 } });
// Volume on its own hidden scale under the candles, without a last-value label on the price axis.
const volume = chart.addSeries(LightweightCharts.HistogramSeries, { priceFormat: { type: "volume" }, priceScaleId: "", lastValueVisible: false, priceLineVisible: false });
volume.priceScale().applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
const bar = (c) => ({ time: c.time, open: Number(c.open), high: Number(c.high), low: Number(c.low), close: Number(c.close) });
const vol = (c) => ({ time: c.time, value: Number(c.volume), color: Number(c.close) >= Number(c.open) ? "#26a69a66" : "#ef535066" });

function renderIntervals() {
  $("intervals").replaceChildren(
    ...INTERVALS.map((i) => {
      const b = document.createElement("button");
      b.textContent = i;
      if (i === state.interval) b.className = "active";
      b.onclick = () => {
        state.interval = i;
        selectMarket(state.market);
      };
      return b;
    }),
  );
}

// --- tape, positions, liquidations ---------------------------------------------------------------
function addTrade(t, fresh) {
  const tbody = $("tape").tBodies[0];
  if (tbody.firstChild?.className === "empty") tbody.replaceChildren();
  const tr = cells(document.createElement("tr"), [
    time(t.timestamp),
    { text: t.takerSide === "bid" ? "buy" : "sell", cls: t.takerSide === "bid" ? "up" : "down" },
    fmt(t.price),
    fmt(t.quantity),
    t.seq,
  ]);
  tr.dataset.key = t.key;
  if (fresh) tr.classList.add("fresh");
  tbody.prepend(tr);
  while (tbody.children.length > TAPE_ROWS) tbody.lastChild.remove();
  state.tape += fresh ? 1 : 0;
  $("tape-count").textContent = state.tape ? `${state.tape} live` : "";
}

let positionsTimer = null;
function refreshPositions() {
  clearTimeout(positionsTimer);
  positionsTimer = setTimeout(async () => {
    if (!state.market) return;
    const page = await get(`/v1/markets/${state.market}/positions?open=true&limit=50`);
    const tbody = $("positions").tBodies[0];
    if (page.items.length === 0) return emptyRow(tbody, 7, "no open position");
    tbody.replaceChildren(
      ...page.items.map((p) =>
        cells(document.createElement("tr"), [
          p.positionId,
          short(p.owner),
          { text: p.side, cls: p.side === "long" ? "up" : "down" },
          fmt(p.size),
          fmt(p.entryPrice),
          fmt(p.collateral),
          { text: fmt(p.unrealizedPnl), cls: BigInt(p.unrealizedPnl) >= 0n ? "up" : "down" },
        ]),
      ),
    );
  }, 150);
}

function addLiquidation(l, fresh) {
  const tbody = $("liquidations").tBodies[0];
  if (tbody.firstChild?.className === "empty") tbody.replaceChildren();
  const tr = cells(document.createElement("tr"), [time(l.timestamp), short(l.owner), fmt(l.liquidatedSize), fmt(l.liquidationPrice), fmt(l.penaltyFee), short(l.liquidator)]);
  if (fresh) tr.classList.add("fresh");
  tbody.prepend(tr);
  while (tbody.children.length > 20) tbody.lastChild.remove();
}

// --- wiring -------------------------------------------------------------------------------------
let marketFeeds = [];
async function selectMarket(market) {
  for (const f of marketFeeds) f.stop();
  marketFeeds = [];
  state.market = market;
  state.tape = 0;
  renderMarkets();
  renderIntervals();
  const m = state.markets.find((x) => x.market === market);
  $("chart-title").textContent = m ? `${m.symbol} · ${state.interval}` : "Candles";
  if (!market) return;
  const [bars, trades, liqs] = await Promise.all([
    get(`/v1/markets/${market}/candles?interval=${state.interval}&limit=1500`),
    get(`/v1/markets/${market}/trades?limit=${TAPE_ROWS}`),
    get(`/v1/liquidations?market=${market}&limit=20`),
  ]);
  candles.setData(bars.candles.map(bar));
  volume.setData(bars.candles.map(vol));
  // Few bars: spread them over the chart (many: the default spacing, newest at the right).
  if (bars.candles.length < 120) chart.timeScale().fitContent();
  $("tape").tBodies[0].replaceChildren();
  [...trades.items].reverse().forEach((t) => addTrade(t, false));
  if (trades.items.length === 0) emptyRow($("tape").tBodies[0], 5, "no trade yet");
  $("liquidations").tBodies[0].replaceChildren();
  [...liqs.items].reverse().forEach((l) => addLiquidation(l, false));
  if (liqs.items.length === 0) emptyRow($("liquidations").tBodies[0], 6, "no liquidation");
  refreshPositions();
  // Snapshot then delta: each feed resumes after the newest row the snapshot showed.
  const newestTrade = trades.items[0]?.key;
  marketFeeds.push(
    feed("trades", { market, ...(newestTrade ? { since: newestTrade } : {}) }, (t) => {
      addTrade(t, true);
      refreshMarkets();
    }, reload),
    feed("candles", { market, interval: state.interval, ...(newestTrade ? { since: newestTrade } : {}) }, (c) => {
      candles.update(bar(c));
      volume.update(vol(c));
    }, reload),
    feed("liquidations", { market, ...(liqs.items[0] ? { since: liqs.items[0].key } : {}) }, (l) => {
      addLiquidation(l, true);
      refreshMarkets();
    }, reload),
  );
}

async function reload() {
  for (const f of state.feeds) f.stop();
  state.feeds = [];
  marketFeeds = [];
  await start();
}

async function start() {
  state.markets = (await get("/v1/markets")).markets;
  showStatus(await get("/v1/status"));
  feed("status", {}, (s) => {
    showStatus(s);
    // A batch was written (maybe a new market): re-read the list.
    if (s.key && s.key !== state.statusKey) {
      state.statusKey = s.key;
      refreshMarketsThenSelect();
    }
  }, reload);
  renderMarkets();
  await selectMarket(state.market && state.markets.some((m) => m.market === state.market) ? state.market : state.markets[0]?.market ?? null);
}

async function refreshMarketsThenSelect() {
  state.markets = (await get("/v1/markets")).markets;
  if (!state.market && state.markets[0]) await selectMarket(state.markets[0].market);
  else renderMarkets();
}

start().catch((err) => {
  $("status").textContent = `error: ${err.message}`;
  $("status").dataset.state = "offline";
});
