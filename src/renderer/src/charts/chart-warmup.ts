/**
 * Runs ECharts' code, and the report builders', while the app is idle after start. The first
 * chart drawn in a page pays for compiling ECharts' code (several hundred ms for a full chart, ten
 * times a later redraw of it), and the next few redraws still run code the JavaScript engine has
 * not optimised yet (two to three times a hot redraw). Without this that is the first run's
 * charts, while the run streams in.
 *
 * First each option adds one part (axes, a line, an area, the legend, the zoom, …) to a hidden
 * chart, handed over in the live view's pieces (ECharts' update, its components, the painting:
 * a step each), so no step is long. Then a rehearsal: every chart family is built by its real
 * builder from a made-up run (`rehearsalRun`) and handed to a hidden chart of its own the way the
 * live view does it (build, ECharts' update and painting, each in a task of its own): first a few
 * rounds of the families on screen when a run starts, then one of each other family. A step runs
 * only in an idle task and only while the app's own charts are quiet: while a run streams in, the
 * warm-up waits rather than add its tasks to the live charts'.
 */
import type { EChartsOption } from 'echarts'
import type { ECharts } from 'echarts/core'
import { buildChartOption } from '@report'
import { CHART_IDS, type ChartId } from '@shared/contract'
import { chartsBusy } from './chart-scheduler'
import { echarts } from './echarts-setup'
import { livePointBudget, liveUpdate, paintNow } from './live-chart'
import { stagedUpdate, UPDATE_PIECES, type StagedUpdate } from './staged-update'
import { rehearsalRun } from './rehearsal-run'

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

/** Rounds of the rehearsal per family: more for the families on screen when a run starts (the dashboard's top). */
const REHEARSAL_ROUNDS: Readonly<Partial<Record<ChartId, number>>> = { 'pool-utilization': 6, 'gc-pause-timeline': 6, 'arena-map': 6 }
/** The size of a dashboard chart at the app's default window size. */
const REHEARSAL_WIDTH = 520
const REHEARSAL_HEIGHT = 372
/** The warm-up waits while the app's own charts have worked this recently (ms): a run streams in. */
const QUIET_MS = 2000
/**
 * An idle task runs another step when the steps so far and the last one's time again stay under
 * this (ms). An idle callback asked for in an idle callback runs in the next idle period, a frame
 * later: one step per frame made the warm-up's ~200 steps take 3.5 s, most of them a few ms.
 */
const IDLE_TASK_MS = 12

/**
 * Calls back in an idle task once the app's charts have been quiet for QUIET_MS, waiting as long
 * as it takes (the hidden charts' own frames do not count: they are not the app's charts).
 * @param callback the step
 */
function idle(callback: (deadline?: IdleDeadline) => void): void {
  if (typeof requestIdleCallback !== 'function') {
    setTimeout(callback, 50)
    return
  }
  const wait = (deadline: IdleDeadline): void => {
    if (chartsBusy(QUIET_MS)) setTimeout(() => requestIdleCallback(wait), QUIET_MS / 4)
    else callback(deadline)
  }
  requestIdleCallback(wait)
}

/** A hidden box, laid out (ECharts reads its size) but not seen. */
function hiddenBox(width: number, height: number): HTMLDivElement {
  const box = document.createElement('div')
  box.style.cssText = `position:fixed;left:-10000px;top:0;width:${width}px;height:${height}px;visibility:hidden;pointer-events:none`
  box.setAttribute('aria-hidden', 'true')
  document.body.append(box)
  return box
}

/**
 * An option handed to a chart as the live view hands one over: the pieces of ECharts' update, then
 * the painting, each a step. At the app's start, on code not compiled or optimised yet, one
 * whole `setOption` of a step took 30–87 ms here (the first, the line, the zoom slider, the
 * bars); in pieces the longest step took 25–30 ms.
 * @param chart the hidden chart
 * @param option the step's option, merged into the chart's
 * @returns the steps
 */
function stagedSteps(chart: ECharts, option: () => EChartsOption): (() => void)[] {
  let update: StagedUpdate | null = null
  return [
    () => {
      update = stagedUpdate(chart, option())
      update.next()
    },
    ...UPDATE_PIECES.slice(1).map(() => () => void update?.next()),
    () => paintNow(chart),
  ]
}

/**
 * The rehearsal's order: every round of the families on screen when a run starts first (a run
 * started before the warm-up is through meets them warmer), then the other families' one round.
 */
export function rehearsalOrder(): { readonly round: number; readonly id: ChartId }[] {
  const order: { round: number; id: ChartId }[] = []
  const rounds = Math.max(1, ...Object.values(REHEARSAL_ROUNDS))
  for (let round = 0; round < rounds; round++) for (const id of CHART_IDS) if (round < (REHEARSAL_ROUNDS[id] ?? 0)) order.push({ round, id })
  for (const id of CHART_IDS) if (REHEARSAL_ROUNDS[id] === undefined) order.push({ round: 0, id })
  return order
}

/** The rehearsal's steps: per round and family, a build, the update's pieces and the painting (as the live view does them). */
function rehearsalSteps(charts: Map<ChartId, ECharts>): (() => void)[] {
  const steps: (() => void)[] = []
  // A round's made-up run, made when its first build runs (not all at once now).
  const runsOfRound = new Map<number, ReturnType<typeof rehearsalRun>[]>()
  for (const { round, id } of rehearsalOrder()) {
    const runs = (): ReturnType<typeof rehearsalRun>[] => {
      let made = runsOfRound.get(round)
      if (made === undefined) runsOfRound.set(round, (made = [rehearsalRun(round + 1)]))
      return made
    }
    const theme = round % 2 === 0 ? 'light' : 'dark'
    let option: EChartsOption | null = null
    let update: StagedUpdate | null = null
    steps.push(
      () => (option = buildChartOption(id, runs(), { theme, animation: false, maxPoints: livePointBudget(REHEARSAL_WIDTH), width: REHEARSAL_WIDTH })),
      () => {
        let chart = charts.get(id)
        if (chart === undefined) {
          chart = echarts.init(hiddenBox(REHEARSAL_WIDTH, REHEARSAL_HEIGHT), null, { renderer: 'canvas' })
          charts.set(id, chart)
        }
        if (option !== null) update = liveUpdate(chart, option)
        option = null
      },
      ...UPDATE_PIECES.map(() => () => void update?.next()),
      () => {
        const chart = charts.get(id)
        if (chart !== undefined) paintNow(chart)
      },
    )
  }
  return steps
}

/**
 * Warms ECharts up in idle tasks (nothing happens where the page cannot draw a canvas, e.g. unit tests).
 */
export function warmUpCharts(): void {
  if (typeof document === 'undefined' || document.createElement('canvas').getContext('2d') === null) return
  const box = hiddenBox(480, 300)
  const chart = echarts.init(box, null, { renderer: 'canvas' })
  const rehearsed = new Map<ChartId, ECharts>()
  const dispose = (): void => {
    chart.dispose()
    box.remove()
    for (const other of rehearsed.values()) {
      const dom = other.getDom()
      other.dispose()
      dom.remove()
    }
    rehearsed.clear()
  }
  const steps: (() => void)[] = [
    ...STEPS.flatMap((step) => stagedSteps(chart, step)),
    () => chart.clear(),
    ...stagedSteps(chart, () => HEATMAP),
    ...rehearsalSteps(rehearsed),
    // Disposed a frame later than the last update: zrender paints it first.
    () =>
      idle(() => {
        dispose()
        // Where the warm-up ended, for DevTools and the renderer benchmark.
        performance.mark('heapscope:warm-up-done')
      }),
  ]
  let stepIndex = 0
  const next = (deadline?: IdleDeadline): void => {
    const taskStart = performance.now()
    for (;;) {
      const step = steps.shift()
      if (step === undefined) return
      const start = performance.now()
      try {
        step()
        // One User Timing entry per step (the renderer benchmark names what ran in a long task).
        performance.measure(`heapscope:warm-up:${stepIndex++}`, { start })
      } catch {
        // A warm-up that fails costs nothing but the warm-up.
        steps.length = 0
        dispose()
        return
      }
      const now = performance.now()
      const last = now - start
      if (now - taskStart + last > IDLE_TASK_MS || deadline === undefined || deadline.timeRemaining() < last || chartsBusy(QUIET_MS)) break
    }
    idle(next)
  }
  idle(next)
}
