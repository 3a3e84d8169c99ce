/**
 * The demo's price feed: a mean-reverting random walk of the mark (an Ornstein–Uhlenbeck step in
 * price: `p += θ·(p0 − p) + σ·p·z`, z standard normal), rounded to the market's tick and kept at
 * least one tick, plus shocks (a sudden move by a given fraction, for liquidations). Pure: the
 * caller sends `set_price` with each value.
 */
import { Random } from "./random";

export interface PriceWalkParams {
  /** Starting and long-run price (quote atoms per base lot). */
  base: number;
  tick: number;
  /** Volatility per step as a fraction of the price (e.g. 0.002 = 20 bps). */
  sigma: number;
  /** Pull back towards `base` per step (0 = a pure random walk). */
  reversion: number;
}

export class PriceWalk {
  private price: number;

  constructor(
    readonly params: PriceWalkParams,
    private readonly random: Random,
  ) {
    this.price = roundToTick(params.base, params.tick);
  }

  get current(): number {
    return this.price;
  }

  /** The next price of the walk. */
  step(): number {
    const { base, tick, sigma, reversion } = this.params;
    const next = this.price + reversion * (base - this.price) + sigma * this.price * this.random.normal();
    this.price = roundToTick(next, tick);
    return this.price;
  }

  /** Moves the price by `fraction` at once (−0.07 = down 7 %); the walk continues from there. */
  shock(fraction: number): number {
    return this.jump(this.price * (1 + fraction));
  }

  /** Jumps to `price` (rounded to the tick); the walk continues from there. */
  jump(price: number): number {
    this.price = roundToTick(price, this.params.tick);
    return this.price;
  }
}

/** The nearest multiple of `tick`, at least one tick. */
export function roundToTick(price: number, tick: number): number {
  return Math.max(tick, Math.round(price / tick) * tick);
}
