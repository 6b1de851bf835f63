/**
 * One mark per collection: x the operation index, y the modeled pause, colour the generation,
 * symbol size the objects collected (small runs; above 5 000 marks a series switches to ECharts'
 * large mode, which draws uniform marks).
 *
 * Every point is `[ops, pauseNs, collectionIndex, collected]`: `params.value[2]` of a click (or
 * `collectionIndexOf(params)`) is the row of the run's GC log, whichever series was clicked.
 * In compare mode the series of run r is named "<run> · genN" and `params.seriesName` tells the run.
 */
import type { EChartsOption, ScatterSeriesOption, SeriesOption } from 'echarts'
import { formatCount, formatNs } from '../format'
import { cartesianFrame, seriesName, type ChartContext } from '../chart-frame'
import { columnMax } from '../run-stats'

const GENERATIONS = 3
/** Above this many marks a series draws in large mode. */
export const LARGE_THRESHOLD = 5000

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

/** Marks grow with the square root of objects collected, 4 to 14 px, relative to the chart's largest. */
function symbolSizer(maxCollected: number): (value: unknown) => number {
  return (value) => {
    const collected = (value as ArrayLike<number>)[3] ?? 0
    return maxCollected > 0 ? 4 + 10 * Math.sqrt(collected / maxCollected) : 5
  }
}

function tooltip(params: { value: unknown; seriesName?: string }): string {
  const v = params.value as ArrayLike<number>
  return `${params.seriesName ?? ''} collection #${formatCount(v[2] as number)}<br/>op ${formatCount(v[0] as number)}<br/>pause ${formatNs(v[1] as number)}<br/>collected ${formatCount(v[3] as number)}`
}

/** Builds the gc-pause-timeline option. */
export function gcPauseTimelineOption(ctx: ChartContext): EChartsOption {
  const series: SeriesOption[] = []
  let maxCollected = 0
  for (const run of ctx.runs) maxCollected = Math.max(maxCollected, columnMax(run.result.gcLog.collected, run.result.gcLog.count))
  const symbolSize = symbolSizer(maxCollected)
  ctx.runs.forEach((run, r) => {
    const log = run.result.gcLog
    const counts = new Uint32Array(GENERATIONS)
    for (let i = 0; i < log.count; i++) {
      const g = Math.min(GENERATIONS - 1, log.generation[i] as number)
      counts[g] = (counts[g] as number) + 1
    }
    const data = Array.from(counts, (n) => new Float64Array(n * 4))
    const fill = new Uint32Array(GENERATIONS)
    for (let i = 0; i < log.count; i++) {
      const g = Math.min(GENERATIONS - 1, log.generation[i] as number)
      const out = data[g] as Float64Array
      const j = (fill[g] as number) * 4
      out[j] = log.ops[i] as number
      out[j + 1] = log.pauseNs[i] as number
      out[j + 2] = i
      out[j + 3] = log.collected[i] as number
      fill[g] = (fill[g] as number) + 1
    }
    for (let g = 0; g < GENERATIONS; g++) {
      const scatter: ScatterSeriesOption = {
        type: 'scatter',
        name: seriesName(ctx, run, `gen${g}`),
        data: data[g] as unknown as ScatterSeriesOption['data'],
        dimensions: ['ops', 'pauseNs', 'collection', 'collected'],
        encode: { x: 0, y: 1 },
        symbol: ctx.compare && r > 0 ? ['circle', 'diamond', 'triangle', 'rect'][r % 4] : 'circle',
        symbolSize: symbolSize as never,
        large: true,
        largeThreshold: LARGE_THRESHOLD,
        progressive: 20000,
        itemStyle: { color: ctx.palette.generations[g], opacity: ctx.compare && r > 0 ? 0.6 : 0.8 },
        tooltip: { trigger: 'item', formatter: tooltip as never },
      }
      series.push(scatter)
    }
  })
  const option = cartesianFrame(ctx, {
    title: 'GC pauses over the run',
    subtitle: 'one mark per collection: modeled pause, coloured by generation, sized by objects collected',
    x: { name: 'operations', unit: 'ops', phases: 'ops' },
    y: [{ name: 'pause', unit: 'ns' }],
    series,
  })
  return { ...option, tooltip: { ...(option.tooltip as object), trigger: 'item' } }
}
