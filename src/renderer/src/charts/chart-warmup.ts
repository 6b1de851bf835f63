/**
 * Runs ECharts' code once, part by part, while the app is idle after start. The first chart drawn
 * in a page pays for compiling ECharts' code (several hundred ms for a full chart, ten times a
 * later redraw of it); without this that is the first chart of the first run, in one task, while
 * the run streams in. Here each step adds one part (axes, a line, an area, the legend, the zoom,
 * …) to a hidden chart, one step per idle task, so no step is long.
 */
import type { EChartsOption } from 'echarts'
import { echarts } from './echarts-setup'

const POINTS = 64

function line(): Float64Array {
  const data = new Float64Array(POINTS * 2)
  for (let i = 0; i < POINTS; i++) data.set([i * 100, Math.sin(i / 5) * 10 + 20], 2 * i)
  return data
}

/** Each step's option, merged into the previous ones. */
const STEPS: readonly (() => EChartsOption)[] = [
  () => ({ animation: false, title: { text: 'warm-up', subtext: 'x' } }),
  () => ({ grid: { left: 60, right: 20, top: 60, bottom: 50, outerBoundsMode: 'none' }, xAxis: { type: 'value', name: 'x', nameLocation: 'middle' }, yAxis: { type: 'value', name: 'y', nameLocation: 'middle', axisLabel: { hideOverlap: true } } }),
  () => ({ series: [{ type: 'line', name: 'a', data: line() as never, dimensions: ['x', 'y'], encode: { x: 0, y: 1 }, showSymbol: false, sampling: 'lttb' }] }),
  () => ({ series: [{}, { type: 'line', name: 'b', data: line() as never, dimensions: ['x', 'y'], encode: { x: 0, y: 1 }, showSymbol: false, sampling: 'average', areaStyle: { opacity: 1 }, step: 'end' }] }),
  () => ({ legend: { type: 'plain', top: 30 } }),
  () => ({ tooltip: { trigger: 'axis', confine: true } }),
  () => ({ dataZoom: [{ type: 'inside', xAxisIndex: 0, filterMode: 'none' }, { type: 'slider', xAxisIndex: 0, filterMode: 'none', bottom: 4, height: 16 }] }),
  () => ({ series: [{ markLine: { symbol: ['none', 'none'], silent: true, data: [{ xAxis: 1000, name: 'phase', label: { formatter: 'phase' } }] } }] }),
  () => ({ series: [{}, {}, { type: 'scatter', name: 'c', data: line() as never, dimensions: ['x', 'y'], encode: { x: 0, y: 1 }, large: true, largeThreshold: 1, symbolSize: 5 }] }),
  () => ({ xAxis: [{}, { type: 'category', gridIndex: 1, data: ['a', 'b', 'c'] }], yAxis: [{}, { type: 'value', gridIndex: 1 }], grid: [{}, { left: '70%', right: 10, top: 60, bottom: 50 }], series: [{}, {}, {}, { type: 'bar', xAxisIndex: 1, yAxisIndex: 1, data: [1, 2, 3] }] }),
]

/** A separate chart for the heatmap: category axes and a visual map. */
const HEATMAP: EChartsOption = {
  animation: false,
  grid: { top: 40, bottom: 30, outerBoundsMode: 'none' },
  xAxis: { type: 'category', data: ['0', '1', '2', '3'] },
  yAxis: { type: 'category', data: ['0', '1'], inverse: true },
  visualMap: [{ type: 'continuous', dimension: 2, min: 0, max: 31, orient: 'horizontal', top: 4, right: 4 }, { type: 'continuous', dimension: 3, min: 0, max: 100, show: false, inRange: { colorAlpha: [0.25, 1] } }],
  series: [{ type: 'heatmap', data: Float64Array.of(0, 0, 3, 50, 1, 0, 20, 100, 2, 1, 31, 10) as never, dimensions: ['x', 'y', 'c', 'f'], encode: { x: 0, y: 1 } }],
}

function idle(callback: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(callback, { timeout: 2000 })
  else setTimeout(callback, 50)
}

/**
 * Warms ECharts up in idle tasks (nothing happens where the page cannot draw a canvas, e.g. unit tests).
 */
export function warmUpCharts(): void {
  if (typeof document === 'undefined' || document.createElement('canvas').getContext('2d') === null) return
  const box = document.createElement('div')
  // Laid out (ECharts reads its size) but not seen.
  box.style.cssText = 'position:fixed;left:-10000px;top:0;width:480px;height:300px;visibility:hidden;pointer-events:none'
  box.setAttribute('aria-hidden', 'true')
  document.body.append(box)
  const chart = echarts.init(box, null, { renderer: 'canvas' })
  const steps: (() => void)[] = [
    ...STEPS.map((step) => () => chart.setOption(step(), { lazyUpdate: false })),
    () => chart.setOption(HEATMAP, { notMerge: true, lazyUpdate: false }),
    () => {
      chart.dispose()
      box.remove()
    },
  ]
  const next = (): void => {
    const step = steps.shift()
    if (step === undefined) return
    try {
      step()
    } catch {
      // A warm-up that fails costs nothing but the warm-up.
      steps.length = 0
      chart.dispose()
      box.remove()
      return
    }
    idle(next)
  }
  idle(next)
}
