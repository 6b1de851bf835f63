/**
 * One entry point for every chart family: the live view, SVG/PNG export and the HTML report all
 * call `buildChartOption`, so they show the same thing. One run is a single view; two or more are
 * overlaid on the same axes (Compare), series named "<run> · <series>".
 *
 * x axis: operations (the op index), which lines runs of one scenario up phase by phase even when
 * presets or collectors change the modeled time; gc-cumulative-pause uses modeled time instead.
 */
import type { EChartsOption } from 'echarts'
import type { ChartId } from '../shared/contract'
import { createChartContext, type ChartContext } from './chart-frame'
import { arenaMapOption } from './charts/arena-map'
import { footprintOption } from './charts/footprint'
import { fragmentationOption } from './charts/fragmentation'
import { freeListReuseOption } from './charts/free-list-reuse'
import { gcCumulativePauseOption } from './charts/gc-cumulative-pause'
import { gcPauseHistogramOption } from './charts/gc-pause-histogram'
import { gcPauseTimelineOption } from './charts/gc-pause-timeline'
import { generationsOption } from './charts/generations'
import { objectsByTypeOption } from './charts/objects-by-type'
import { poolUtilizationOption } from './charts/pool-utilization'
import type { ChartOptions, ReportRun } from './run-series'

const BUILDERS: Readonly<Record<ChartId, (ctx: ChartContext) => EChartsOption>> = {
  'pool-utilization': poolUtilizationOption,
  'arena-map': arenaMapOption,
  'gc-pause-timeline': gcPauseTimelineOption,
  'gc-pause-histogram': gcPauseHistogramOption,
  'gc-cumulative-pause': gcCumulativePauseOption,
  fragmentation: fragmentationOption,
  'free-list-reuse': freeListReuseOption,
  footprint: footprintOption,
  'objects-by-type': objectsByTypeOption,
  generations: generationsOption,
}

/**
 * Builds the ECharts option of a chart family.
 * @param chart which chart
 * @param runs one run (single view) or several (overlay)
 * @param options theme, arena-map snapshot, animation
 * @returns a complete option (background, theme colours, zoom, tooltips, legend included)
 */
export function buildChartOption(chart: ChartId, runs: readonly ReportRun[], options: ChartOptions): EChartsOption {
  const build = BUILDERS[chart]
  if (build === undefined) throw new Error(`unknown chart "${String(chart)}"; expected one of ${Object.keys(BUILDERS).join(', ')}`)
  return build(createChartContext(runs, options))
}
