/** A small seeded PRNG (mulberry32) and the distributions the simulator draws from. */

export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** A random unsigned 32-bit integer. */
  uint32(): number {
    return Math.floor(this.next() * 4_294_967_296) >>> 0;
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Lognormal with the given median and shape (sigma of the underlying normal). */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Picks an index by weight. */
  weighted(weights: readonly number[]): number {
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    let point = this.next() * total;
    for (let index = 0; index < weights.length; index++) {
      point -= weights[index];
      if (point < 0) return index;
    }
    return weights.length - 1;
  }
}

/** Random 32-bit words from the platform's crypto source, for ids of live tasks. */
export function cryptoWords(count: number): Uint32Array {
  return crypto.getRandomValues(new Uint32Array(count));
}
