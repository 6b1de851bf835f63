/**
 * Numbers derived from a run's series that charts, KPIs and reports share. With a summary the
 * summary's own numbers win; live (no summary yet) they come from the GC log and samples, with
 * the engine's own percentile rule, so the two agree at the end of a run.
 */
import type { PauseStats } from '../engine/index'
import { pauseStats } from '../engine/index'
import type { RunSeries } from './run-series'

/** @returns pause statistics of the run (ns) */
export function runPauseStats(run: RunSeries): PauseStats {
  return run.summary?.gc.pause_ns ?? pauseStats(run.gcLog.pauseNs, run.gcLog.count)
}

/** @returns collections per generation [gen0, gen1, gen2] */
export function collectionsPerGeneration(run: RunSeries): [number, number, number] {
  const out: [number, number, number] = [0, 0, 0]
  const log = run.gcLog
  for (let i = 0; i < log.count; i++) out[Math.min(2, log.generation[i] as number) as 0 | 1 | 2]++
  return out
}

/** @returns the largest value of `column[0..count)`, or 0 */
export function columnMax(column: ArrayLike<number>, count: number): number {
  let max = 0
  for (let i = 0; i < count; i++) if ((column[i] as number) > max) max = column[i] as number
  return max
}

/** @returns the sum of `column[0..count)` */
export function columnSum(column: ArrayLike<number>, count: number): number {
  let sum = 0
  for (let i = 0; i < count; i++) sum += column[i] as number
  return sum
}

/** @returns modeled run time so far (ns): the summary's, else the latest sample or collection */
export function modeledTimeNs(run: RunSeries): number {
  if (run.summary !== undefined) return run.summary.time.modeled_ns
  const s = run.samples
  const g = run.gcLog
  const lastSample = s.count > 0 ? (s.timeNs[s.count - 1] as number) : 0
  const lastGc = g.count > 0 ? (g.timeNs[g.count - 1] as number) + (g.pauseNs[g.count - 1] as number) : 0
  return Math.max(lastSample, lastGc)
}
