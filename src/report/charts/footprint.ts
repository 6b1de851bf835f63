/**
 * Memory footprint over time: footprint (arenas × 1 MiB + raw heap) and the raw heap in bytes on
 * the left axis, mapped arenas on the right.
 */
import type { EChartsOption, SeriesOption } from 'echarts'
import { cartesianFrame, interleave, lineSeries, seriesName, type ChartContext } from '../chart-frame'

/** Builds the footprint option. */
export function footprintOption(ctx: ChartContext): EChartsOption {
  const series: SeriesOption[] = []
  ctx.runs.forEach((run, r) => {
    const s = run.result.samples
    const dashed = ctx.compare && r > 0 ? { type: r % 2 === 1 ? ('dashed' as const) : ('dotted' as const) } : {}
    const colors = ctx.palette.series
    series.push(
      lineSeries(seriesName(ctx, run, 'footprint'), interleave(s.ops, s.footprintBytes, s.count), 'bytes', { color: colors[0], lineStyle: { width: 2, ...dashed } }),
      lineSeries(seriesName(ctx, run, 'raw heap'), interleave(s.ops, s.rawHeapBytes, s.count), 'bytes', { color: colors[1], lineStyle: { width: 1.5, ...dashed } }),
      lineSeries(seriesName(ctx, run, 'arenas'), interleave(s.ops, s.arenas, s.count), 'count', { color: colors[2], yAxisIndex: 1, step: 'end', lineStyle: { width: 1.5, ...dashed } }),
    )
  })
  return cartesianFrame(ctx, {
    title: 'Memory footprint',
    subtitle: 'footprint = arenas × 1 MiB + raw heap',
    x: { name: 'operations', unit: 'ops', phases: 'ops' },
    y: [
      { name: 'bytes', unit: 'bytes' },
      { name: 'arenas', unit: 'count' },
    ],
    series,
  })
}
