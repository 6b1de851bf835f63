/**
 * What the live view does with a chart option, shared by the dashboard's charts and the warm-up
 * that rehearses them: the point budget for a chart's width, and handing an option to ECharts in
 * pieces, the painting left to a task of its own.
 */
import type { EChartsOption, SeriesOption } from 'echarts'
import type { ECharts } from 'echarts/core'
import { paintingLater, stagedUpdate, type StagedUpdate } from './staged-update'

/**
 * Points per series handed to ECharts (longer series are thinned to their extremes per bucket):
 * about one per pixel of the chart's width (buckets of about four pixels, up to four points each),
 * so a redraw costs the same at 3 000 or 100 000 samples.
 * @param width the chart's width in px
 * @returns the live view's `maxPoints`
 */
export function livePointBudget(width: number): number {
  return Math.min(1000, Math.max(400, Math.round(width)))
}

/**
 * Starts handing an option to ECharts in pieces, each to run in a task of its own
 * (`stagedUpdate`: merge, ECharts' update, the components around the plot); the canvas is painted
 * by `paintNow` once they are through, in a task of its own too, not in the next animation
 * frame's task (which also holds the page's own rendering).
 *
 * Series are matched by position and name (`withPositionIds`): the option's n-th series updates
 * the chart's n-th when it is the same series (type and name), else replaces it; series beyond
 * the option's are removed. ECharts' own matching (by name, then index) kept a renamed or moved
 * series at its old index, so the drawing order stopped following the option's (stacked bands,
 * drawn top band first, then covered each other wrongly), and a series merged into another one
 * kept options the new one does not set (a dashed line). With these ids the n-th series is always
 * drawn n-th: a kept one stays at its index, new ones fill the freed indexes in order.
 * @param chart the ECharts instance
 * @param option a complete option from a `src/report` builder
 * @returns the update, its first piece not run yet
 */
export function liveUpdate(chart: ECharts, option: EChartsOption): StagedUpdate {
  const series = option.series === undefined ? undefined : withPositionIds([option.series].flat())
  return stagedUpdate(chart, series === undefined ? option : { ...option, series }, ['series'])
}

/**
 * @param series an option's series
 * @returns the series, each with an id from its type, position and name (a series' own id is kept)
 */
export function withPositionIds(series: readonly SeriesOption[]): SeriesOption[] {
  return series.map((s, i) => (s.id !== undefined ? s : ({ ...s, id: `${s.type ?? 'series'}:${i}:${String(s.name ?? '')}` } as SeriesOption)))
}

/**
 * Resizes a chart to its box (ECharts lays it out again now), painted by `paintNow`.
 * @param chart the ECharts instance
 */
export function resizePaintingLater(chart: ECharts): void {
  paintingLater(chart, () => chart.resize())
}

/**
 * Paints what changed since the last paint and lets zrender's frame loop run again.
 * @param chart the ECharts instance
 */
export function paintNow(chart: ECharts): void {
  const zr = chart.getZr()
  zr.flush()
  zr.animation.resume()
}
