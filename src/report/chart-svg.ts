/**
 * Server-side rendering of a chart to an SVG string with ECharts' SSR mode (no DOM, no canvas):
 * used by SVG/PNG export and the HTML report. Animation is always off here.
 */
import * as echarts from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'
import type { ChartId } from '../shared/contract'
import { buildChartOption } from './build-chart'
import { ECHARTS_PARTS } from './echarts-parts'
import type { ChartOptions, ReportRun } from './run-series'

echarts.use([...ECHARTS_PARTS, SVGRenderer])

export const DEFAULT_SVG_WIDTH = 960
export const DEFAULT_SVG_HEIGHT = 480
/** Below the plot's top: at least this much for the plot, the x axis and the zoom slider. */
const MIN_PLOT_AND_AXIS_PX = 300

/**
 * @param chart which chart
 * @param runs the runs
 * @param options theme, arena-map snapshot, size in px (default 960 × 480, taller when the legend wraps to many rows)
 * @returns a standalone `<svg …>…</svg>` document with the theme's background
 */
export function renderChartSvg(chart: ChartId, runs: readonly ReportRun[], options: ChartOptions & { width?: number; height?: number }): string {
  const width = options.width ?? DEFAULT_SVG_WIDTH
  const option = buildChartOption(chart, runs, { ...options, width, animation: false })
  // A head that wrapped to many lines (legend, subtitle) makes the picture taller, not the plot flat.
  const top = [option.grid].flat()[0]?.top
  const height = options.height ?? Math.max(DEFAULT_SVG_HEIGHT, typeof top === 'number' ? top + MIN_PLOT_AND_AXIS_PX : 0)
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height })
  try {
    instance.setOption(option)
    return instance.renderToSVGString()
  } finally {
    instance.dispose()
  }
}
