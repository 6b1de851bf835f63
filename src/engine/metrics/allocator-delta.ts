/**
 * How the simulated allocator is compared with a real interpreter's: by run()'s own effect, so
 * the interpreter's start-up does not count. Real: the heap after run() minus before, minus the
 * probe's null run (program loaded, run() a no-op). Simulated: the run's end minus its start,
 * minus a simulation of an empty run(). Used blocks per size class must agree within 1 % or 32
 * blocks, whichever is larger, and pools within 1 % plus 1. The floor covers what CPython
 * allocates on its own while running a function the first times (specialisation and quickening
 * data, measured at 10–25 blocks of 48 and 64 bytes), which no scenario determines.
 * Used by the fidelity tests and by `validate`.
 */
import { SIZE_CLASS_COUNT, type RunSummary } from '../types'

/** The heap as the probe reports it: arenas, and per size class `[index, pools, used, avail]`. */
export interface HeapCounts {
  readonly arenas: number
  readonly classes: readonly (readonly [number, number, number, number])[]
}

/** What the probe measured around run() and around its null run. */
export interface MeasuredDelta {
  readonly before: HeapCounts
  readonly after: HeapCounts
  readonly noiseBefore: HeapCounts
  readonly noiseAfter: HeapCounts
}

export const RELATIVE_TOLERANCE = 0.01
export const USED_BLOCKS_FLOOR = 32

interface PoolsAndBlocks {
  readonly pools: number
  readonly used: number
}

/** run()'s effect on one size class, simulated and real, with the allowed differences. */
export interface ClassDelta {
  /** Block size in bytes. */
  readonly size: number
  readonly simulated: PoolsAndBlocks
  readonly real: PoolsAndBlocks
  readonly poolTolerance: number
  readonly usedTolerance: number
}

function heapDelta(a: HeapCounts, b: HeapCounts, index: number): PoolsAndBlocks {
  const x = a.classes.find((c) => c[0] === index)
  const y = b.classes.find((c) => c[0] === index)
  return { pools: (y?.[1] ?? 0) - (x?.[1] ?? 0), used: (y?.[2] ?? 0) - (x?.[2] ?? 0) }
}

function summaryDelta(summary: RunSummary, size: number): PoolsAndBlocks {
  const start = summary.allocator.start.pools_by_block_size[String(size)]
  const end = summary.allocator.end.pools_by_block_size[String(size)]
  return { pools: (end?.pools ?? 0) - (start?.pools ?? 0), used: (end?.used_blocks ?? 0) - (start?.used_blocks ?? 0) }
}

/**
 * @param measured the probe's heaps around run() and around its null run
 * @param run the simulated run
 * @param empty the same start with an empty program
 * @returns every size class's delta, simulated and real, with the tolerances
 */
export function allocatorClassDeltas(measured: MeasuredDelta, run: RunSummary, empty: RunSummary): ClassDelta[] {
  const rows: ClassDelta[] = []
  for (let index = 0; index < SIZE_CLASS_COUNT; index++) {
    const size = (index + 1) * 16
    const r = heapDelta(measured.before, measured.after, index)
    const noise = heapDelta(measured.noiseBefore, measured.noiseAfter, index)
    const s = summaryDelta(run, size)
    const base = summaryDelta(empty, size)
    const real = { pools: r.pools - noise.pools, used: r.used - noise.used }
    rows.push({
      size,
      simulated: { pools: s.pools - base.pools, used: s.used - base.used },
      real,
      poolTolerance: Math.floor(Math.abs(real.pools) * RELATIVE_TOLERANCE) + 1,
      usedTolerance: Math.max(Math.floor(Math.abs(real.used) * RELATIVE_TOLERANCE), USED_BLOCKS_FLOOR),
    })
  }
  return rows
}

/** @returns run()'s effect on mapped arenas: simulated and real */
export function arenaDelta(measured: MeasuredDelta, run: RunSummary, empty: RunSummary): { simulated: number; real: number } {
  const arenas = (s: RunSummary): number => s.allocator.end.arenas.current - s.allocator.start.arenas.current
  return {
    simulated: arenas(run) - arenas(empty),
    real: measured.after.arenas - measured.before.arenas - (measured.noiseAfter.arenas - measured.noiseBefore.arenas),
  }
}
