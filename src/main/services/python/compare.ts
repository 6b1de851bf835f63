/**
 * Simulated vs real, row by row (the rule of src/engine/checks.test.ts):
 *  - collections and collected per generation, and uncollectable: exact;
 *  - allocator numbers as run()'s own effect, so the interpreter's start-up does not count:
 *    (simulation − simulation of an empty program) vs (real − the probe's null run);
 *    arenas within ±1 (arena alignment follows mmap addresses), used blocks per size class
 *    within max(1 %, 32 blocks), pools per size class within 1 % + 1;
 *  - pause p50 and p99 for information only (`tolerance` Infinity, always `match`).
 */
import { SIZE_CLASS_COUNT, type RunSummary } from '@engine'
import type { ValidationRow } from '../../../shared/contract'
import type { ProbeCounts, ProbeHeap, ProbeTiming } from './probe'

/** Blocks per size class a run()'s delta may differ by at least (CPython's own specialisation data). */
export const USED_BLOCKS_FLOOR = 32
export const RELATIVE_TOLERANCE = 0.01
export const ARENA_TOLERANCE = 1

interface Delta {
  readonly pools: number
  readonly used: number
}

function heapClassDelta(before: ProbeHeap, after: ProbeHeap, index: number): Delta {
  const a = before.classes.find((c) => c[0] === index)
  const b = after.classes.find((c) => c[0] === index)
  return { pools: (b?.[1] ?? 0) - (a?.[1] ?? 0), used: (b?.[2] ?? 0) - (a?.[2] ?? 0) }
}

function summaryClassDelta(summary: RunSummary, index: number): Delta {
  const size = String((index + 1) * 16)
  const a = summary.allocator.start.pools_by_block_size[size]
  const b = summary.allocator.end.pools_by_block_size[size]
  return { pools: (b?.pools ?? 0) - (a?.pools ?? 0), used: (b?.used_blocks ?? 0) - (a?.used_blocks ?? 0) }
}

const arenaDelta = (s: RunSummary): number => s.allocator.end.arenas.current - s.allocator.start.arenas.current

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
  /** GC numbers of run() (the scenario from the measured starting heap). */
  readonly gc: RunSummary
  /** The scenario from the measured starting heap, then the probe's own allocations. */
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
  for (let g = 0; g < 3; g++) rows.push(row(`collections gen${g}`, sim.gc.gc.collections[g] as number, real.counts.collections[g] as number, 0))
  for (let g = 0; g < 3; g++) rows.push(row(`collected gen${g}`, sim.gc.gc.collected[g] as number, real.counts.collected[g] as number, 0))
  rows.push(row('uncollectable', sim.gc.gc.uncollectable, real.counts.uncollectable, 0))
  const realArenas = real.counts.after.arenas - real.counts.before.arenas - (real.null.after.arenas - real.null.before.arenas)
  rows.push(row('arenas Δ', arenaDelta(sim.run) - arenaDelta(sim.empty), realArenas, ARENA_TOLERANCE))
  for (let index = 0; index < SIZE_CLASS_COUNT; index++) {
    const r = heapClassDelta(real.counts.before, real.counts.after, index)
    const noise = heapClassDelta(real.null.before, real.null.after, index)
    const s = summaryClassDelta(sim.run, index)
    const base = summaryClassDelta(sim.empty, index)
    const realRun = { pools: r.pools - noise.pools, used: r.used - noise.used }
    const simRun = { pools: s.pools - base.pools, used: s.used - base.used }
    if (realRun.pools === 0 && realRun.used === 0 && simRun.pools === 0 && simRun.used === 0) continue
    const size = (index + 1) * 16
    rows.push(row(`${size} B pools Δ`, simRun.pools, realRun.pools, Math.floor(Math.abs(realRun.pools) * RELATIVE_TOLERANCE) + 1))
    rows.push(row(`${size} B used blocks Δ`, simRun.used, realRun.used, Math.max(Math.floor(Math.abs(realRun.used) * RELATIVE_TOLERANCE), USED_BLOCKS_FLOOR)))
  }
  if (sim.timed !== null && real.timing !== null) {
    const pauses = real.timing.pauses.map((p) => p[1])
    for (const [name, q, key] of [['pause p50 (ns)', 0.5, 'p50'], ['pause p99 (ns)', 0.99, 'p99']] as const) {
      rows.push({ metric: name, simulated: Math.round(sim.timed.gc.pause_ns[key]), real: percentile(pauses, q), tolerance: Number.POSITIVE_INFINITY, match: true })
    }
  }
  return rows
}
