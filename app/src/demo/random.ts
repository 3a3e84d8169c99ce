/**
 * Seeded randomness for the demo: the same seed gives the same price paths and order flow.
 * mulberry32 for uniform numbers (a 32-bit state, fast, good enough for a demo), Box–Muller for
 * normal ones, and a splitmix-style mix to give each actor its own independent stream.
 */

/** A 32-bit integer mixed from `seed` and `stream` (splitmix32-style finaliser). */
export function mixSeed(seed: number, stream: number): number {
  let z = (Math.imul(seed | 0, 0x9e3779b9) + Math.imul(stream | 0, 0x85ebca6b) + 0x6d2b79f5) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

export class Random {
  private state: number;

  constructor(seed: number, stream = 0) {
    this.state = mixSeed(seed, stream);
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** Integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next(); // (0, 1]: log(0) never happens
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
}
