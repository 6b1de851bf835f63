import { describe, expect, it } from 'vitest'
import type { RunSummary } from '@engine'
import { compareRun, percentile } from './compare'
import type { ProbeCounts, ProbeHeap } from './probe'

function heap(arenas: number, classes: [number, number, number, number][]): ProbeHeap {
  return { arenas, arenas_allocated_total: arenas, arenas_highwater: arenas, misaligned_arenas: 0, unused_pools: 0, classes }
}

function counts(before: ProbeHeap, after: ProbeHeap, collections: [number, number, number], collected: [number, number, number]): ProbeCounts {
  return { tracked_objects: 100, before, after, collections, collected, uncollectable: 0, final_counts: [0, 0, 0], wall_s: 0.1 }
}

/** A summary with only the fields compare reads. */
function summary(arenas: [number, number], pools: Record<string, [number, number, number, number]>, collections: [number, number, number], collected: [number, number, number]): RunSummary {
  const start: Record<string, { pools: number; used_blocks: number; avail_blocks: number }> = {}
  const end: Record<string, { pools: number; used_blocks: number; avail_blocks: number }> = {}
  for (const [size, [p0, u0, p1, u1]] of Object.entries(pools)) {
    start[size] = { pools: p0, used_blocks: u0, avail_blocks: 0 }
    end[size] = { pools: p1, used_blocks: u1, avail_blocks: 0 }
  }
  const a = (current: number): { current: number; highwater: number; allocated: number; reclaimed: number } => ({ current, highwater: current, allocated: current, reclaimed: 0 })
  return {
    allocator: { start: { arenas: a(arenas[0]), pools_by_block_size: start }, end: { arenas: a(arenas[1]), pools_by_block_size: end } },
    gc: { collections, collected, uncollectable: 0, final_counts: [0, 0, 0], pause_ns: { count: 0, total: 0, p50: 0, p95: 0, p99: 0, max: 0 }, overhead_pct: 0 },
  } as unknown as RunSummary
}

const EMPTY = summary([5, 5], {}, [0, 0, 0], [0, 0, 0])
const NULL_RUN = counts(heap(5, [[2, 10, 100, 0]]), heap(5, [[2, 10, 110, 0]]), [0, 0, 0], [0, 0, 0])

describe('compareRun', () => {
  it('demands exact GC numbers', () => {
    const sim = summary([5, 5], {}, [10, 1, 0], [2000, 50, 0])
    const real = counts(heap(5, []), heap(5, []), [10, 1, 0], [2000, 51, 0])
    const rows = compareRun({ run: sim, empty: EMPTY, timed: null }, { counts: real, null: counts(heap(5, []), heap(5, []), [0, 0, 0], [0, 0, 0]), timing: null })
    expect(rows.find((r) => r.metric === 'collections gen0')).toMatchObject({ simulated: 10, real: 10, match: true })
    expect(rows.find((r) => r.metric === 'collected gen1')).toMatchObject({ simulated: 50, real: 51, match: false })
  })

  it('compares allocator deltas net of the empty run and the null run, within max(1 %, 32 blocks) and 1 % + 1 pools', () => {
    // 48-byte class (index 2): the real run adds 5,110 blocks, the null run 10 → run() added 5,100.
    const real = counts(heap(5, [[2, 10, 100, 0]]), heap(7, [[2, 32, 5210, 0]]), [0, 0, 0], [0, 0, 0])
    const close = summary([5, 7], { '48': [10, 100, 31, 5140] }, [0, 0, 0], [0, 0, 0]) // 5,040 blocks: off by 60 > 51
    const rows = compareRun({ run: close, empty: EMPTY, timed: null }, { counts: real, null: NULL_RUN, timing: null })
    expect(rows.find((r) => r.metric === 'arenas Δ')).toMatchObject({ simulated: 2, real: 2, match: true })
    expect(rows.find((r) => r.metric === '48 B pools Δ')).toMatchObject({ simulated: 21, real: 22, tolerance: 1, match: true })
    expect(rows.find((r) => r.metric === '48 B used blocks Δ')).toMatchObject({ simulated: 5040, real: 5100, tolerance: 51, match: false })
    const closer = summary([5, 9], { '48': [10, 100, 32, 5160] }, [0, 0, 0], [0, 0, 0])
    const again = compareRun({ run: closer, empty: EMPTY, timed: null }, { counts: real, null: NULL_RUN, timing: null })
    expect(again.find((r) => r.metric === '48 B used blocks Δ')?.match).toBe(true)
    expect(again.find((r) => r.metric === 'arenas Δ')).toMatchObject({ simulated: 4, real: 2, match: false })
  })

  it('leaves out size classes no side touched and adds pauses for information', () => {
    const real = counts(heap(5, [[0, 1, 1, 0]]), heap(5, [[0, 1, 1, 0]]), [3, 0, 0], [0, 0, 0])
    const sim = summary([5, 5], {}, [3, 0, 0], [0, 0, 0])
    const timed = { ...sim, gc: { ...sim.gc, pause_ns: { count: 3, total: 3000, p50: 1000, p95: 1000, p99: 1000, max: 1000 } } } as RunSummary
    const rows = compareRun({ run: sim, empty: EMPTY, timed }, { counts: real, null: counts(heap(5, []), heap(5, []), [0, 0, 0], [0, 0, 0]), timing: { wall_s: 1, pauses: [[0, 500], [0, 900], [0, 40000]] } })
    expect(rows.some((r) => r.metric.startsWith('16 B'))).toBe(false)
    expect(rows.find((r) => r.metric === 'pause p50 (ns)')).toMatchObject({ simulated: 1000, real: 900, match: true, tolerance: Number.POSITIVE_INFINITY })
    expect(rows.find((r) => r.metric === 'pause p99 (ns)')).toMatchObject({ real: 40000 })
  })
})

describe('percentile', () => {
  it('picks by nearest rank like the engine', () => {
    expect(percentile([5, 1, 3, 2, 4], 0.5)).toBe(3)
    expect(percentile([5, 1, 3, 2, 4], 0.99)).toBe(5)
    expect(percentile([], 0.5)).toBe(0)
  })
})
