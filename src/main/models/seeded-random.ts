/**
 * One seeded generator for everything random in training (batch order, dropout seeds,
 * weight initialisation), so a run repeats exactly on the same backend. Mulberry32: small,
 * fast and good enough for shuffling; not for cryptography.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    // Force a 32-bit unsigned state; a seed of 0 is as valid as any other.
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, bound). */
  nextInt(bound: number): number {
    return Math.floor(this.next() * bound);
  }

  /** A fresh 31-bit seed for a TensorFlow.js random op (dropout, initialiser). */
  nextSeed(): number {
    return this.nextInt(0x7fffffff);
  }

  /** A standard normal draw (Box-Muller). */
  nextGaussian(): number {
    const u = Math.max(this.next(), Number.MIN_VALUE);
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** 0..n-1 in a seeded Fisher-Yates order. */
  permutation(n: number): Int32Array {
    const order = new Int32Array(n);
    for (let index = 0; index < n; index += 1) order[index] = index;
    for (let index = n - 1; index > 0; index -= 1) {
      const other = this.nextInt(index + 1);
      const held = order[index] as number;
      order[index] = order[other] as number;
      order[other] = held;
    }
    return order;
  }
}
