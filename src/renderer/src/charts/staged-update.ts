/**
 * One ECharts update cut into pieces that each run in a task of their own: merging the option into
 * ECharts' model, ECharts' update (data, layout, axes and series drawn), the components drawn
 * around the plot (title, legend, phase marks, visual map), and the painting. ECharts does all of
 * the first three in one `setOption` call: 15–28 ms of CPU for the pool-utilization chart, which a
 * loaded machine stretched past 50 ms of wall time.
 *
 * The pieces do what `setOption` does, in the same order, so the chart ends up the same (a unit
 * test compares the SVG of both ways, for every chart family): the merge is `setOption` with
 * `lazyUpdate`; the update is ECharts' own pending update (`_onframe`, what zrender's next frame
 * would run), with the `render` of the components in LATER_COMPONENTS recorded instead of run;
 * the later piece runs those renders and then what ECharts runs after each component's render:
 * its z and zlevel (`updateZ`) and the hover and select states of its elements (`updateStates`;
 * the zoom slider's handles have such states, though the slider draws them anew at each render, so
 * a handle under the pointer loses its highlight either way, as a unit test shows). ECharts'
 * `clearStates`, which comes before a render, runs in the update piece on the elements drawn last
 * time, as it always does.
 *
 * The components around the plot (axes, zoom slider, legend …) are a third to a half of ECharts'
 * update of a line chart: measured in Node on the benchmark run's pool-utilization chart (10
 * series), the update piece took 18 ms with the axes and zoom slider in it, 12 ms without (the
 * later piece 5 → 8 ms).
 *
 * This reaches into ECharts 6 internals (`_onframe`, `_componentsViews`, a view's `__model`): the
 * unit test fails if they change.
 */
import type { EChartsOption } from 'echarts'
import type { ECharts } from 'echarts/core'
import { HOVER_STATE_BLUR, HOVER_STATE_EMPHASIS, savePathStates } from 'echarts/lib/util/states.js'

/** Component views drawn in the later piece (their view types' first part): all but tooltip and axis pointer. */
const LATER_COMPONENTS: ReadonlySet<string> = new Set(['title', 'legend', 'markLine', 'markArea', 'markPoint', 'visualMap', 'dataZoom', 'xAxis', 'yAxis', 'grid'])

/** The parts of a zrender element `updateZ` reads and sets. */
interface ZElement {
  readonly isGroup?: boolean
  ignoreModelZ?: boolean
  z: number
  zlevel: number
  z2: number
  textGuideLineConfig?: { showAbove?: boolean }
  childrenRef?(): readonly ZElement[]
  getTextContent(): ZElement | undefined | null
  getTextGuideLine(): ZElement | undefined | null
}

/** The parts of a zrender element ECharts' `updateStates` reads and sets. */
interface StatefulElement extends ZElement {
  readonly states?: { readonly emphasis?: unknown; readonly select?: unknown; readonly blur?: unknown }
  readonly __zr?: unknown
  readonly animators: readonly { readonly scope?: string }[]
  readonly __dirty: number
  readonly prevStates?: readonly string[]
  readonly currentStates: readonly string[]
  readonly selected?: boolean
  readonly hoverState?: number
  stateTransition?: unknown
  /** Paths only (zrender's Path: what ECharts tests with `instanceof`). */
  readonly buildPath?: unknown
  useStates(states: readonly string[]): void
}

interface ComponentModel {
  get(key: 'z' | 'zlevel'): number | undefined
  readonly preventAutoZ?: boolean
  isAnimationEnabled(): boolean
  getModel(key: 'stateAnimation'): { get(key: 'duration' | 'delay' | 'easing'): unknown }
}

interface ComponentView {
  readonly type: string
  readonly __model: ComponentModel
  render(...args: unknown[]): void
  eachRendered(visit: (el: StatefulElement) => boolean | void): void
}

interface EChartsInternals {
  _onframe(): void
  readonly _componentsViews: readonly ComponentView[]
}

/** A component's render that the update recorded for the later piece. */
interface LaterRender {
  readonly view: ComponentView
  readonly args: unknown[]
}

/** The pieces of an update, in order (each names a User Timing entry, `heapscope:<chart>:<piece>`). */
export const UPDATE_PIECES = ['merge', 'update', 'components'] as const
export type UpdatePiece = (typeof UPDATE_PIECES)[number]

/** An update under way, run piece by piece. */
export interface StagedUpdate {
  /** @returns the piece it ran, or undefined when none was left (or the chart was disposed) */
  next(): UpdatePiece | undefined
  /** Whether every piece has run (the painting is left). */
  readonly done: boolean
  /** Runs every piece left, now. */
  finish(): void
}

/**
 * Starts an update of `chart` to `option` in pieces (the first piece runs at the first `next`).
 * zrender's frame loop stays paused from the first piece on, so nothing is painted until
 * `paintNow` (live-chart.ts).
 * @param chart the ECharts instance
 * @param option the option as `setOption` would get it
 * @param replaceMerge `setOption`'s `replaceMerge`
 * @returns the update
 */
export function stagedUpdate(chart: ECharts, option: EChartsOption, replaceMerge: string[] = []): StagedUpdate {
  let later: LaterRender[] = []
  const pieces: Record<UpdatePiece, () => void> = {
    merge() {
      chart.setOption(option, { notMerge: false, lazyUpdate: true, replaceMerge })
      // `lazyUpdate` asked zrender for a frame, which would run ECharts' update: that is the next piece's.
      chart.getZr().animation.pause()
    },
    update() {
      later = updateWithComponentsLater(chart)
    },
    components() {
      for (const { view, args } of later) {
        view.render(...args)
        updateZ(view)
        updateStates(view)
      }
      later = []
    },
  }
  let at = 0
  const update: StagedUpdate = {
    next() {
      const piece = UPDATE_PIECES[at]
      if (piece === undefined || chart.isDisposed() === true) {
        at = UPDATE_PIECES.length
        return undefined
      }
      at++
      pieces[piece]()
      return piece
    },
    get done() {
      return at >= UPDATE_PIECES.length || chart.isDisposed() === true
    },
    finish() {
      while (update.next() !== undefined);
    },
  }
  return update
}

/**
 * ECharts' pending update, the renders of LATER_COMPONENTS recorded, zrender not flushed. The
 * components this update makes (all of them in a chart's first update, which also compiles and
 * first runs their code) are caught as ECharts adds them to its list of views.
 */
function updateWithComponentsLater(chart: ECharts): LaterRender[] {
  const internals = chart as unknown as EChartsInternals
  const views = internals._componentsViews
  const later: LaterRender[] = []
  const deferred: ComponentView[] = []
  const defer = (view: ComponentView): void => {
    if (!LATER_COMPONENTS.has(view.type.split('.')[0] ?? '')) return
    // An own property hides the prototype's render for this update only.
    view.render = (...args: unknown[]) => {
      later.push({ view, args })
    }
    deferred.push(view)
  }
  views.forEach(defer)
  // ECharts' prepareView pushes each view it makes (an own property hides the array's push).
  const list = views as ComponentView[] & { push: (...added: ComponentView[]) => number }
  list.push = (...added: ComponentView[]) => {
    added.forEach(defer)
    return Array.prototype.push.apply(list, added)
  }
  try {
    paintingLater(chart, () => internals._onframe())
  } finally {
    delete (list as { push?: unknown }).push
    for (const view of deferred) delete (view as { render?: unknown }).render
  }
  return later
}

/**
 * Runs `update` with zrender's flush skipped (ECharts flushes at the end of an update) and its
 * frame loop paused afterwards, so the changes wait for `paintNow` (live-chart.ts).
 * @param chart the ECharts instance
 * @param update what changes the chart
 */
export function paintingLater(chart: ECharts, update: () => void): void {
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

/** What ECharts does after a component's render: every element gets the component's z and zlevel (ECharts' `updateZ`). */
function updateZ(view: ComponentView): void {
  const model = view.__model
  if (model.preventAutoZ === true) return
  const z = model.get('z') ?? 0
  const zlevel = model.get('zlevel') ?? 0
  view.eachRendered((el) => {
    setZ(el, z, zlevel, Number.NEGATIVE_INFINITY)
    return true
  })
}

/** ECharts' `doUpdateZ` (util/graphic): z and zlevel down a tree, labels lifted above their element. @returns the largest z2 seen */
function setZ(el: ZElement, z: number, zlevel: number, maxZ2: number): number {
  if (el.ignoreModelZ === true) return maxZ2
  const label = el.getTextContent()
  const labelLine = el.getTextGuideLine()
  if (el.isGroup === true) {
    for (const child of el.childrenRef?.() ?? []) maxZ2 = Math.max(setZ(child, z, zlevel, maxZ2), maxZ2)
  } else {
    el.z = z
    el.zlevel = zlevel
    maxZ2 = Math.max(el.z2 || 0, maxZ2)
  }
  if (label) {
    label.z = z
    label.zlevel = zlevel
    if (Number.isFinite(maxZ2)) label.z2 = maxZ2 + 2
  }
  if (labelLine) {
    labelLine.z = z
    labelLine.zlevel = zlevel
    if (Number.isFinite(maxZ2)) labelLine.z2 = maxZ2 + (el.textGuideLineConfig?.showAbove === true ? 1 : -1)
  }
  return maxZ2
}

/**
 * What ECharts does after a component's render for its elements with an emphasis state (ECharts'
 * `updateStates` and `applyElementStates`, core/echarts): saves a path's normal colours for its
 * hover and select styles, puts back the states `clearStates` took off before the render, and
 * applies the element's hover and select flags.
 */
function updateStates(view: ComponentView): void {
  const model = view.__model
  const animation = model.getModel('stateAnimation')
  const duration = animation.get('duration')
  const transition = typeof duration === 'number' && duration > 0 ? { duration, delay: animation.get('delay'), easing: animation.get('easing') } : null
  const animate = model.isAnimationEnabled()
  view.eachRendered((el) => {
    if (el.states?.emphasis === undefined || el.states.emphasis === null || isRemoved(el)) return
    if (typeof el.buildPath === 'function') savePathStates(el)
    if (el.__dirty && el.prevStates !== undefined && el.prevStates !== null) el.useStates(el.prevStates)
    if (animate) {
      el.stateTransition = transition
      const label = el.getTextContent() as StatefulElement | null | undefined
      const labelLine = el.getTextGuideLine() as StatefulElement | null | undefined
      if (label) label.stateTransition = transition
      if (labelLine) labelLine.stateTransition = transition
    }
    if (el.__dirty) applyElementStates(el)
  })
}

/** ECharts' `isElementRemoved` (animation/basicTransition): off the canvas, or leaving it. */
function isRemoved(el: StatefulElement): boolean {
  return el.__zr === undefined || el.__zr === null || el.animators.some((animator) => animator.scope === 'leave')
}

/** ECharts' `applyElementStates`: the element's other states kept, select and hover from its flags. */
function applyElementStates(el: StatefulElement): void {
  const states = el.currentStates.filter((state) => state !== 'emphasis' && state !== 'blur' && state !== 'select')
  if (el.selected === true && el.states?.select !== undefined) states.push('select')
  if (el.hoverState === HOVER_STATE_EMPHASIS && el.states?.emphasis !== undefined) states.push('emphasis')
  else if (el.hoverState === HOVER_STATE_BLUR && el.states?.blur !== undefined) states.push('blur')
  el.useStates(states)
}
