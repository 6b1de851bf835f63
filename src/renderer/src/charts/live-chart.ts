/**
 * What the live view does with a chart option, shared by the dashboard's charts and the warm-up
 * that rehearses them: the point budget for a chart's width, and handing an option to ECharts
 * with the painting left to zrender's next animation frame.
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
 * Hands an option to ECharts, which updates its model and elements now; the canvas is painted in
 * zrender's next animation frame (a task of its own), not in this one. `setOption` paints at once
 * (it flushes zrender before returning): its flush is skipped for this call only, and the elements
 * it changed have already asked zrender for a frame. Splitting the two halves the longest task
 * of a chart update.
 * @param chart the ECharts instance
 * @param option a complete option from a `src/report` builder
 * @param replaceSeries true when the series are not the ones the chart has (merging would mix them)
 */
export function setOptionPaintingLater(chart: ECharts, option: EChartsOption, replaceSeries: boolean): void {
  // Same series: merge (keeps zoom and legend picks). Different: replace the series.
  paintingLater(chart, () => chart.setOption(option, replaceSeries ? { notMerge: false, lazyUpdate: false, replaceMerge: ['series'] } : { notMerge: false, lazyUpdate: false }))
}

/**
 * Resizes a chart to its box (ECharts lays it out again now), painted in zrender's next frame.
 * @param chart the ECharts instance
 */
export function resizePaintingLater(chart: ECharts): void {
  paintingLater(chart, () => chart.resize())
}

/** Runs `update` with zrender's flush skipped (the changed elements have asked zrender for a frame). */
function paintingLater(chart: ECharts, update: () => void): void {
  const zr = chart.getZr() as { flush(): void }
  zr.flush = () => {}
  try {
    update()
  } finally {
    // The prototype's flush again (the own property only hid it).
    delete (zr as { flush?: () => void }).flush
  }
}
