/**
 * Free-list reuse over time. Left axis: each free list's cumulative hit rate, reused / (reused +
 * missed) × 100, for lists that saw any allocation (undefined before a list's first attempt, drawn
 * as a gap). Right axis: pushes (released), pops (reused) and drops (list full) summed over lists.
 */
import type { EChartsOption, SeriesOption } from 'echarts'
import { cartesianFrame, lineSeries, seriesName, type ChartContext } from '../chart-frame'
import { seriesColor } from '../theme'

/** @returns `[ops, hit %]` pairs of free list `list` (NaN before its first attempt) */
export function freeListHitRate(ops: Float64Array, reused: Float64Array, missed: Float64Array, lists: number, list: number, count: number): Float64Array {
  const out = new Float64Array(count * 2)
  for (let i = 0; i < count; i++) {
    const hit = reused[i * lists + list] as number
    const attempts = hit + (missed[i * lists + list] as number)
    out[2 * i] = ops[i] as number
    out[2 * i + 1] = attempts > 0 ? (hit / attempts) * 100 : NaN
  }
  return out
}

function summed(ops: Float64Array, matrix: Float64Array, lists: number, count: number): Float64Array {
  const out = new Float64Array(count * 2)
  for (let i = 0; i < count; i++) {
    let sum = 0
    for (let k = 0; k < lists; k++) sum += matrix[i * lists + k] as number
    out[2 * i] = ops[i] as number
    out[2 * i + 1] = sum
  }
  return out
}

/** Builds the free-list-reuse option. */
export function freeListReuseOption(ctx: ChartContext): EChartsOption {
  const series: SeriesOption[] = []
  let color = 0
  ctx.runs.forEach((run, r) => {
    const s = run.result.samples
    const lists = s.freeListCount
    const last = s.count - 1
    const dashed = ctx.compare && r > 0 ? { type: r % 2 === 1 ? ('dashed' as const) : ('dotted' as const) } : {}
    for (let k = 0; k < lists; k++) {
      const attempts = last < 0 ? 0 : (s.freeListReused[last * lists + k] as number) + (s.freeListMissed[last * lists + k] as number)
      if (attempts === 0) continue
      const name = run.result.freeListNames[k] ?? `list ${k}`
      series.push(lineSeries(seriesName(ctx, run, `${name} hit rate`), freeListHitRate(s.ops, s.freeListReused, s.freeListMissed, lists, k, s.count), 'percent', { color: seriesColor(ctx.palette, color++), connectNulls: false, lineStyle: { width: 1.5, ...dashed } }))
    }
    const muted = { width: 1, type: 'dotted' as const }
    series.push(
      lineSeries(seriesName(ctx, run, 'pushes (released)'), summed(s.ops, s.freeListReleased, lists, s.count), 'count', { yAxisIndex: 1, color: ctx.palette.generations[0], lineStyle: muted }),
      lineSeries(seriesName(ctx, run, 'pops (reused)'), summed(s.ops, s.freeListReused, lists, s.count), 'count', { yAxisIndex: 1, color: ctx.palette.generations[1], lineStyle: muted }),
      lineSeries(seriesName(ctx, run, 'drops (list full)'), summed(s.ops, s.freeListDropped, lists, s.count), 'count', { yAxisIndex: 1, color: ctx.palette.generations[2], lineStyle: muted }),
    )
  })
  return cartesianFrame(ctx, {
    title: 'Free-list reuse',
    subtitle: 'cumulative hit rate per free list (left); pushes, pops and drops over all lists (right, dotted)',
    x: { name: 'operations', unit: 'ops', phases: 'ops' },
    y: [
      { name: 'hit rate', unit: 'percent', min: 0, max: 100 },
      { name: 'operations', unit: 'count' },
    ],
    series,
  })
}
