/**
 * A small, seeded, reproducible random number generator for simulations, tests and model
 * initialisation (scanner checks, the engine's Monte Carlo, the model lab's batch order,
 * dropout masks and initialiser seeds). The one generator of the code base. Not for secrets.
 *
 * xoshiro128** 1.1 (D. Blackman and S. Vigna, "Scrambled linear pseudorandom number
 * generators", ACM TOMS 47(4), 2021; https://prng.di.unimi.it/xoshiro128starstar.c), with
 * its 128-bit state filled from the 32-bit seed by splitmix32 as the authors recommend.
 * Same seed, same sequence, on every platform: only 32-bit integer arithmetic is used.
 */
export interface SeededRandom {
  /** Uniform on [0, 2³²). */
  nextUint32(): number;
  /** Uniform on [0, 1) with 53 random bits. */
  nextFloat(): number;
  /** Standard normal, by the Marsaglia polar method. */
  nextNormal(): number;
  /** An integer in [0, bound), bound ≤ 2³². */
  nextInt(bound: number): number;
  /** A fresh 31-bit seed for a TensorFlow.js random op (dropout, initialiser). */
  nextSeed(): number;
  /** 0..n-1 in a seeded Fisher-Yates order. */
  permutation(n: number): Int32Array;
}

/** splitmix32: one step of a Weyl sequence through a mixing function (seeds the state). */
function splitmix32(state: { value: number }): number {
  state.value = (state.value + 0x9e3779b9) | 0;
  let z = state.value;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export function createSeededRandom(seed: number): SeededRandom {
  if (!Number.isInteger(seed)) throw new RangeError(`createSeededRandom: seed must be an integer, got ${seed}`);
  const seeder = { value: seed | 0 };
  let s0 = splitmix32(seeder);
  let s1 = splitmix32(seeder);
  let s2 = splitmix32(seeder);
  let s3 = splitmix32(seeder);
  let spare: number | null = null;

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
  const nextFloat = (): number => ((nextUint32() >>> 5) * 67108864 + (nextUint32() >>> 6)) / 9007199254740992;
  const nextNormal = (): number => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    for (;;) {
      const u = 2 * nextFloat() - 1;
      const v = 2 * nextFloat() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const factor = Math.sqrt((-2 * Math.log(s)) / s);
        spare = v * factor;
        return u * factor;
      }
    }
  };
  // Multiply-shift on 32 random bits: unbiased enough for shuffling and seeds, no division loop.
  const nextInt = (bound: number): number => Math.floor((nextUint32() / 4294967296) * bound);
  const nextSeed = (): number => nextInt(0x7fffffff);
  const permutation = (n: number): Int32Array => {
    const order = new Int32Array(n);
    for (let index = 0; index < n; index += 1) order[index] = index;
    for (let index = n - 1; index > 0; index -= 1) {
      const other = nextInt(index + 1);
      const held = order[index] as number;
      order[index] = order[other] as number;
      order[other] = held;
    }
    return order;
  };
  return { nextUint32, nextFloat, nextNormal, nextInt, nextSeed, permutation };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
