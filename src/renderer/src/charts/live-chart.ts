/**
 * What the live view does with a chart option, shared by the dashboard's charts and the warm-up
 * that rehearses them: the point budget for a chart's width, and handing an option to ECharts
 * with the painting left to a task of its own.
 */
import type { EChartsOption } from 'echarts'
import type { ECharts } from 'echarts/core'

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
 * Hands an option to ECharts, which updates its model and elements now; the canvas is painted by
 * `paintNow`, in a task of its own, not in this one nor in the next animation frame's task (which
 * also holds the page's own rendering). `setOption` paints at once (it flushes zrender before
 * returning): its flush is skipped for this call only, and zrender's frame loop, which paints
 * whatever changed in the next frame, is paused until `paintNow`.
 * @param chart the ECharts instance
 * @param option a complete option from a `src/report` builder
 * @param replaceSeries true when the series are not the ones the chart has (merging would mix them)
 */
export function setOptionPaintingLater(chart: ECharts, option: EChartsOption, replaceSeries: boolean): void {
  // Same series: merge (keeps zoom and legend picks). Different: replace the series.
  paintingLater(chart, () => chart.setOption(option, replaceSeries ? { notMerge: false, lazyUpdate: false, replaceMerge: ['series'] } : { notMerge: false, lazyUpdate: false }))
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

/** Runs `update` with zrender's flush skipped and its frame loop paused (until `paintNow`). */
function paintingLater(chart: ECharts, update: () => void): void {
  const zr = chart.getZr()
  const own = zr as { flush(): void }
  own.flush = () => {}
  try {
    update()
  } finally {
    // The prototype's flush again (the own property only hid it).
    delete (own as { flush?: () => void }).flush
  }
  // The changed elements asked zrender for a frame: it waits for `paintNow`.
  zr.animation.pause()
}
