/**
 * A small seeded PRNG (sfc32, Chris Doty-Humphrey's Small Fast Counting generator). The engine's
 * only source of randomness: the same seed gives the same sequence on every platform.
 */

export interface Rng {
  a: number
  b: number
  c: number
  d: number
}

/**
 * Creates a generator from a 32-bit seed (splitmix32 expands it into the four words).
 * @param seed any integer; only its low 32 bits matter
 */
export function createRng(seed: number): Rng {
  let s = seed >>> 0
  const next = (): number => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    return (z ^ (z >>> 16)) >>> 0
  }
  const rng: Rng = { a: next(), b: next(), c: next(), d: next() }
  for (let i = 0; i < 12; i++) nextUint32(rng)
  return rng
}

/** @returns the next 32-bit unsigned integer */
export function nextUint32(rng: Rng): number {
  const t = (((rng.a + rng.b) >>> 0) + rng.d) >>> 0
  rng.d = (rng.d + 1) >>> 0
  rng.a = rng.b ^ (rng.b >>> 9)
  rng.b = (rng.c + (rng.c << 3)) >>> 0
  rng.c = ((rng.c << 21) | (rng.c >>> 11)) >>> 0
  rng.c = (rng.c + t) >>> 0
  return t
}

/** @returns a float in [0, 1) with 32 bits of randomness */
export function nextFloat(rng: Rng): number {
  return nextUint32(rng) / 4294967296
}

/**
 * Picks an index with probability proportional to its weight.
 * @param cumulative running sums of the weights (last element = total)
 */
export function pickWeighted(rng: Rng, cumulative: Float64Array): number {
  const total = cumulative[cumulative.length - 1] ?? 0
  const x = nextFloat(rng) * total
  let lo = 0
  let hi = cumulative.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (x < (cumulative[mid] as number)) hi = mid
    else lo = mid + 1
  }
  return lo
}
