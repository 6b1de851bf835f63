/**
 * Simulated vs real, row by row (the rule the fidelity tests apply):
 *  - collections and collected per generation, and uncollectable: exact;
 *  - allocator numbers as run()'s own effect, with the engine's rule (`allocatorClassDeltas`:
 *    used blocks per size class within max(1 %, 32 blocks), pools within 1 % + 1); arenas
 *    within ±1 (arena alignment follows mmap addresses);
 *  - pause p50 and p99 for information only (`tolerance` Infinity, always `match`).
 */
import { allocatorClassDeltas, arenaDelta, type MeasuredDelta, type RunSummary } from '@engine'
import type { ValidationRow } from '../../../shared/contract'
import type { ProbeCounts, ProbeTiming } from './probe'

export const ARENA_TOLERANCE = 1

function row(metric: string, simulated: number, real: number, tolerance: number): ValidationRow {
  return { metric, simulated, real, tolerance, match: Math.abs(simulated - real) <= tolerance }
}

/** Nearest-rank percentile, as the engine computes pause percentiles. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number
}

export interface Measured {
  readonly counts: ProbeCounts
  readonly null: ProbeCounts
  readonly timing: ProbeTiming | null
}

export interface Simulated {
  /** run(): the scenario from the measured starting heap. */
  readonly run: RunSummary
  /** The same with an empty program. */
  readonly empty: RunSummary
  /** The run with one gc callback, as the timing probe runs it (null: not simulated). */
  readonly timed: RunSummary | null
}

/**
 * Compares one interpreter's measurements with the simulation.
 * @returns the rows, GC first, then arenas, then every size class whose delta is not zero on either side, then pauses
 */
export function compareRun(sim: Simulated, real: Measured): ValidationRow[] {
  const rows: ValidationRow[] = []
  for (let g = 0; g < 3; g++) rows.push(row(`collections gen${g}`, sim.run.gc.collections[g] as number, real.counts.collections[g] as number, 0))
  for (let g = 0; g < 3; g++) rows.push(row(`collected gen${g}`, sim.run.gc.collected[g] as number, real.counts.collected[g] as number, 0))
  rows.push(row('uncollectable', sim.run.gc.uncollectable, real.counts.uncollectable, 0))
  const measured: MeasuredDelta = { before: real.counts.before, after: real.counts.after, noiseBefore: real.null.before, noiseAfter: real.null.after }
  const arenas = arenaDelta(measured, sim.run, sim.empty)
  rows.push(row('arenas Δ', arenas.simulated, arenas.real, ARENA_TOLERANCE))
  for (const d of allocatorClassDeltas(measured, sim.run, sim.empty)) {
    if (d.real.pools === 0 && d.real.used === 0 && d.simulated.pools === 0 && d.simulated.used === 0) continue
    rows.push(row(`${d.size} B pools Δ`, d.simulated.pools, d.real.pools, d.poolTolerance))
    rows.push(row(`${d.size} B used blocks Δ`, d.simulated.used, d.real.used, d.usedTolerance))
  }
  if (sim.timed !== null && real.timing !== null) {
    const pauses = real.timing.pauses.map((p) => p[1])
    for (const [name, q, key] of [['pause p50 (ns)', 0.5, 'p50'], ['pause p99 (ns)', 0.99, 'p99']] as const) {
      rows.push({ metric: name, simulated: Math.round(sim.timed.gc.pause_ns[key]), real: percentile(pauses, q), tolerance: Number.POSITIVE_INFINITY, match: true })
    }
  }
  return rows
}
