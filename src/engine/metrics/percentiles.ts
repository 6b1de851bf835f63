/**
 * Pause statistics as the reference probe computes them: sorted durations, the q-quantile at
 * index min(n − 1, ⌊q × n⌋).
 */
import type { PauseStats } from '../types'

/** @returns count, total, p50, p95, p99 and max of `values[0..n)` */
export function pauseStats(values: Float64Array, n: number): PauseStats {
  if (n === 0) return { count: 0, total: 0, p50: 0, p95: 0, p99: 0, max: 0 }
  const sorted = values.slice(0, n).sort()
  let total = 0
  for (let i = 0; i < n; i++) total += sorted[i] as number
  const pick = (q: number): number => sorted[Math.min(n - 1, Math.floor(q * n))] as number
  return { count: n, total, p50: pick(0.5), p95: pick(0.95), p99: pick(0.99), max: sorted[n - 1] as number }
}

/**
 * @param values the sample
 * @param empty what an empty sample gives
 * @returns the median of `values` (the mean of the middle two for an even count)
 */
export function median(values: readonly number[], empty = Number.NaN): number {
  const sorted = [...values].sort((a, b) => a - b)
  const n = sorted.length
  if (n === 0) return empty
  return n % 2 === 1 ? (sorted[(n - 1) / 2] as number) : ((sorted[n / 2 - 1] as number) + (sorted[n / 2] as number)) / 2
}
