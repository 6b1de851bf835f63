/**
 * The collector's generations over time: tracked objects per generation list (left axis) and
 * `gc.get_count()` (right axis, dotted). For the 3.14 incremental collector the lists are the
 * young space, the visited and pending old spaces, and the permanent generation.
 */
import type { EChartsOption, SeriesOption } from 'echarts'
import { getPreset } from '../../engine/index'
import { cartesianFrame, interleaveColumn, lineSeries, seriesName, type ChartContext } from '../chart-frame'
import type { RunSeries } from '../run-series'

const GENERATIONAL = ['gen0', 'gen1', 'gen2', 'permanent'] as const
const INCREMENTAL = ['young', 'old (visited)', 'old (pending)', 'permanent'] as const
const UNKNOWN = ['gen0 / young', 'gen1 / old visited', 'gen2 / old pending', 'permanent'] as const

/** @returns the names of the four generation lists of a run */
export function generationNames(run: RunSeries): readonly string[] {
  const summary = run.summary
  if (summary === undefined) return UNKNOWN
  if (summary.collector !== 'cpython') return GENERATIONAL
  return getPreset(summary.preset).collector === 'incremental' ? INCREMENTAL : GENERATIONAL
}

/** Builds the generations option. */
export function generationsOption(ctx: ChartContext): EChartsOption {
  const series: SeriesOption[] = []
  ctx.runs.forEach((run, r) => {
    const s = run.result.samples
    const names = generationNames(run.result)
    const dashed = ctx.compare && r > 0 ? { type: r % 2 === 1 ? ('dashed' as const) : ('dotted' as const) } : {}
    for (let g = 0; g < 4; g++) {
      series.push(lineSeries(seriesName(ctx, run, names[g] as string), interleaveColumn(s.ops, s.generationSizes, 4, g, s.count), 'count', { color: ctx.palette.generations[g], lineStyle: { width: 1.5, ...dashed } }))
    }
    for (let c = 0; c < 3; c++) {
      series.push(lineSeries(seriesName(ctx, run, `count${c}`), interleaveColumn(s.ops, s.generationCounts, 3, c, s.count), 'count', { yAxisIndex: 1, color: ctx.palette.generations[c], lineStyle: { width: 1, type: 'dotted' } }))
    }
  })
  return cartesianFrame(ctx, {
    title: 'Generations',
    subtitle: 'tracked objects per generation list (left); gc.get_count() (right, dotted)',
    x: { name: 'operations', unit: 'ops', phases: 'ops' },
    y: [
      { name: 'tracked objects', unit: 'count' },
      { name: 'gc.get_count()', unit: 'count' },
    ],
    series,
  })
}
