/**
 * Cumulative modeled pause time against modeled run time: the slope is the GC's share of the
 * run. x is modeled time (ns) here, not operations, because the question is "how much of the
 * time went to the GC".
 */
import type { EChartsOption, SeriesOption } from 'echarts'
import { cartesianFrame, lineSeries, seriesName, type ChartContext } from '../chart-frame'
import { seriesColor } from '../theme'

/** @returns `[t0, sum0, t1, sum1, …]` starting at (0, 0): cumulative pause at each collection's end */
export function cumulativePause(timeNs: Float64Array, pauseNs: Float64Array, count: number): Float64Array {
  const out = new Float64Array((count + 1) * 2)
  let sum = 0
  for (let i = 0; i < count; i++) {
    sum += pauseNs[i] as number
    out[2 * i + 2] = (timeNs[i] as number) + (pauseNs[i] as number)
    out[2 * i + 3] = sum
  }
  return out
}

/** Builds the gc-cumulative-pause option. */
export function gcCumulativePauseOption(ctx: ChartContext): EChartsOption {
  const series: SeriesOption[] = []
  ctx.runs.forEach((run, r) => {
    const log = run.result.gcLog
    const color = seriesColor(ctx.palette, r)
    series.push(lineSeries(seriesName(ctx, run, 'cumulative pause'), cumulativePause(log.timeNs, log.pauseNs, log.count), 'ns', { step: 'end', color }))
  })
  return cartesianFrame(ctx, {
    title: 'Cumulative GC pause',
    subtitle: 'sum of modeled pauses vs modeled run time; the slope is the GC share of the run',
    x: { name: 'modeled time', unit: 'ns', phases: 'timeNs', min: 0 },
    y: [{ name: 'pause total', unit: 'ns' }],
    series,
  })
}
