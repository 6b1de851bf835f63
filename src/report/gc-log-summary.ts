/**
 * The GC log in brief, per run: collections, objects collected and pauses per generation, and the
 * longest pauses with the operation they happened at (for the HTML report and the CLI).
 */
import { GC_REASONS } from '../engine/index'
import type { RunSeries } from './run-series'

export interface GenerationRow {
  readonly generation: number
  readonly collections: number
  readonly collected: number
  readonly pauseTotalNs: number
  readonly pauseMaxNs: number
}

export interface LongPause {
  /** Row of the GC log. */
  readonly collection: number
  readonly ops: number
  readonly generation: number
  readonly reason: string
  readonly pauseNs: number
  readonly collected: number
}

export interface GcLogSummary {
  readonly generations: readonly GenerationRow[]
  readonly longest: readonly LongPause[]
}

/**
 * @param run a run
 * @param top how many of the longest pauses to list (default 10)
 * @returns per-generation totals and the longest pauses, longest first (ties: earlier first)
 */
export function summarizeGcLog(run: RunSeries, top = 10): GcLogSummary {
  const log = run.gcLog
  const collections = new Float64Array(3)
  const collected = new Float64Array(3)
  const total = new Float64Array(3)
  const max = new Float64Array(3)
  for (let i = 0; i < log.count; i++) {
    const g = Math.min(2, log.generation[i] as number)
    const pause = log.pauseNs[i] as number
    collections[g] = (collections[g] as number) + 1
    collected[g] = (collected[g] as number) + (log.collected[i] as number)
    total[g] = (total[g] as number) + pause
    if (pause > (max[g] as number)) max[g] = pause
  }
  const order = Uint32Array.from({ length: log.count }, (_, i) => i).sort((a, b) => (log.pauseNs[b] as number) - (log.pauseNs[a] as number) || a - b)
  const longest = Array.from(order.subarray(0, top), (i) => ({
    collection: i,
    ops: log.ops[i] as number,
    generation: log.generation[i] as number,
    reason: GC_REASONS[log.reason[i] as number] ?? 'unknown',
    pauseNs: log.pauseNs[i] as number,
    collected: log.collected[i] as number,
  }))
  const generations = [0, 1, 2].map((g) => ({ generation: g, collections: collections[g] as number, collected: collected[g] as number, pauseTotalNs: total[g] as number, pauseMaxNs: max[g] as number }))
  return { generations, longest }
}
