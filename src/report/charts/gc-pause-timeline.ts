/**
 * One mark per collection: x the operation index, y the modeled pause, colour the generation,
 * symbol size the objects collected in three tiers (a series per generation and tier, drawn in
 * ECharts' large mode: one path per series, however many marks). With a point budget (the live
 * view) each series keeps the first, shortest and longest pause per bucket of collections.
 *
 * Every point is `[ops, pauseNs, collectionIndex, collected]`: `params.value[2]` of a click (or
 * `collectionIndexOf(params)`) is the row of the run's GC log, whichever series was clicked.
 * In compare mode the series of run r is named "<run> · genN" and `params.seriesName` tells the run.
 */
import type { EChartsOption, ScatterSeriesOption, SeriesOption } from 'echarts'
import { formatCount, formatNs } from '../format'
import { cartesianFrame, seriesName, type ChartContext } from '../chart-frame'
import { columnMax } from '../run-stats'
import { thinPoints } from '../thin'

const GENERATIONS = 3
/** Series with at least this many marks draw in large mode (an empty one cannot). */
export const LARGE_THRESHOLD = 1

/**
 * @param params an ECharts click or tooltip event of this chart
 * @returns the GC log row the mark stands for, or -1
 */
export function collectionIndexOf(params: { readonly value?: unknown }): number {
  const value = params.value
  if (value === undefined || value === null || typeof value !== 'object') return -1
  const index = (value as ArrayLike<number>)[2]
  return typeof index === 'number' && Number.isInteger(index) ? index : -1
}

/** Mark sizes (px) of the three size tiers: objects collected relative to the chart's largest, by square root. */
export const MARK_SIZES = [5, 9, 14] as const

/** @returns the size tier (0..2) of a collection that collected `collected` objects */
function tierOf(collected: number, maxCollected: number): number {
  return maxCollected > 0 ? Math.min(MARK_SIZES.length - 1, Math.floor(MARK_SIZES.length * Math.sqrt(collected / maxCollected))) : 0
}

/** @returns the marks of the given GC log rows as `[ops, pauseNs, row, collected]`, thinned to `maxPoints` by pause */
function marksOf(log: ChartContext['runs'][number]['result']['gcLog'], rows: readonly number[], maxPoints: number | undefined): Float64Array {
  const out = new Float64Array(rows.length * 4)
  rows.forEach((i, j) => {
    out[4 * j] = log.ops[i] as number
    out[4 * j + 1] = log.pauseNs[i] as number
    out[4 * j + 2] = i
    out[4 * j + 3] = log.collected[i] as number
  })
  return thinPoints(out, maxPoints, 4)
}

function tooltip(params: { value: unknown; seriesName?: string }): string {
  const v = params.value as ArrayLike<number>
  return `${params.seriesName ?? ''} collection #${formatCount(v[2] as number)}<br/>op ${formatCount(v[0] as number)}<br/>pause ${formatNs(v[1] as number)}<br/>collected ${formatCount(v[3] as number)}`
}

/** @returns the operations the runs have done so far (their last sample or collection), or undefined before any */
function runLength(ctx: ChartContext): number | undefined {
  let last = 0
  for (const run of ctx.runs) {
    const { samples, gcLog } = run.result
    if (samples.count > 0) last = Math.max(last, samples.ops[samples.count - 1] as number)
    if (gcLog.count > 0) last = Math.max(last, gcLog.ops[gcLog.count - 1] as number)
  }
  return last > 0 ? last : undefined
}

/** Builds the gc-pause-timeline option. */
export function gcPauseTimelineOption(ctx: ChartContext): EChartsOption {
  const series: SeriesOption[] = []
  let maxCollected = 0
  for (const run of ctx.runs) maxCollected = Math.max(maxCollected, columnMax(run.result.gcLog.collected, run.result.gcLog.count))
  // Per generation, one series per size tier, all named after the generation (one legend entry):
  // ECharts' large mode draws each as one path, however many marks, but one size per series.
  const budget = ctx.options.maxPoints === undefined ? undefined : Math.max(8, Math.floor(ctx.options.maxPoints / 2))
  ctx.runs.forEach((run, r) => {
    const log = run.result.gcLog
    const rows: number[][][] = Array.from({ length: GENERATIONS }, () => MARK_SIZES.map(() => []))
    for (let i = 0; i < log.count; i++) {
      const g = Math.min(GENERATIONS - 1, log.generation[i] as number)
      rows[g]?.[tierOf(log.collected[i] as number, maxCollected)]?.push(i)
    }
    for (let g = 0; g < GENERATIONS; g++) {
      MARK_SIZES.forEach((size, tier) => {
        const tierRows = rows[g]?.[tier] ?? []
        if (tier > 0 && tierRows.length === 0) return
        const scatter: ScatterSeriesOption = {
          type: 'scatter',
          name: seriesName(ctx, run, `gen${g}`),
          data: marksOf(log, tierRows, budget) as unknown as ScatterSeriesOption['data'],
          dimensions: ['ops', 'pauseNs', 'collection', 'collected'],
          encode: { x: 0, y: 1 },
          symbol: ctx.compare && r > 0 ? ['circle', 'diamond', 'triangle', 'rect'][r % 4] : 'circle',
          symbolSize: size,
          large: true,
          largeThreshold: LARGE_THRESHOLD,
          progressive: 20000,
          itemStyle: { color: ctx.palette.generations[g], opacity: ctx.compare && r > 0 ? 0.6 : 0.8 },
          tooltip: { trigger: 'item', formatter: tooltip as never },
        }
        series.push(scatter)
      })
    }
  })
  const option = cartesianFrame(ctx, {
    title: 'GC pauses over the run',
    subtitle: 'one mark per collection: modeled pause, coloured by generation, sized by objects collected',
    // The whole run, as the other charts over operations show it: where in the run each pause falls.
    x: { name: 'operations', unit: 'ops', phases: 'ops', min: 0, max: runLength(ctx) },
    y: [{ name: 'pause', unit: 'ns' }],
    series,
  })
  return { ...option, tooltip: { ...(option.tooltip as object), trigger: 'item' } }
}
