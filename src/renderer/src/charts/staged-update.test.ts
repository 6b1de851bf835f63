import { describe, expect, it } from 'vitest'
import type { EChartsOption } from 'echarts'
import { enterEmphasis } from 'echarts/lib/util/states.js'
import { SVGRenderer } from 'echarts/renderers'
import { buildChartOption } from '@report'
import { CHART_IDS, type Theme } from '@shared/contract'
import { echarts } from './echarts-setup'
import { withPositionIds } from './live-chart'
import { rehearsalRun } from './rehearsal-run'
import { stagedUpdate, UPDATE_PIECES } from './staged-update'

echarts.use([SVGRenderer])

const WIDTH = 520
const HEIGHT = 372

function svgChart(): ReturnType<typeof echarts.init> {
  return echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height: HEIGHT })
}

/** The SVG with its generated names (per instance, numbered as made) numbered by first use. */
function svgOf(chart: ReturnType<typeof echarts.init>): string {
  const names = new Map<string, number>()
  return chart
    .renderToSVGString()
    .replace(/zr\d+-cls-\d+/g, (name) => {
      if (!names.has(name)) names.set(name, names.size)
      return `cls-${names.get(name)}`
    })
    .replace(/zr\d+-/g, 'zr-')
}

/** @returns the first line where two SVGs differ, with its neighbours, or '' */
function firstDifference(a: string, b: string): string {
  const left = a.split('\n')
  const right = b.split('\n')
  const at = left.findIndex((line, i) => line !== right[i])
  return at < 0 && left.length === right.length ? '' : `line ${at}: ${left[at]?.slice(0, 300)} | ${right[at]?.slice(0, 300)}`
}

function optionOf(id: (typeof CHART_IDS)[number], seed: number, theme: Theme): EChartsOption {
  const option = buildChartOption(id, [rehearsalRun(seed)], { theme, animation: false, maxPoints: 200, width: WIDTH })
  return { ...option, series: withPositionIds([option.series ?? []].flat()) }
}

describe('stagedUpdate', () => {
  it('draws every chart family exactly as one setOption does, update after update', () => {
    for (const id of CHART_IDS) {
      const plain = svgChart()
      const staged = svgChart()
      try {
        for (const [seed, theme] of [[1, 'light'], [2, 'dark'], [3, 'dark']] as const) {
          const option = optionOf(id, seed, theme)
          plain.setOption(option, { replaceMerge: ['series'] })
          const update = stagedUpdate(staged, option, ['series'])
          const pieces: string[] = []
          for (let piece = update.next(); piece !== undefined; piece = update.next()) pieces.push(piece)
          expect(pieces).toEqual([...UPDATE_PIECES])
          expect(update.done).toBe(true)
          expect(firstDifference(svgOf(staged), svgOf(plain)), `${id}, seed ${seed}`).toBe('')
        }
      } finally {
        plain.dispose()
        staged.dispose()
      }
    }
  }, 60_000)

  it('leaves the components around the plot to its last piece', () => {
    const chart = svgChart()
    try {
      chart.setOption(optionOf('pool-utilization', 1, 'light'))
      const before = svgOf(chart)
      const legendText = (svg: string): string[] => [...svg.matchAll(/>(\d+ B)</g)].map((m) => m[1] ?? '')
      const update = stagedUpdate(chart, optionOf('pool-utilization', 2, 'dark'), ['series'])
      update.next()
      update.next()
      // After ECharts' update the plot is the new one; the title and legend are still the old ones (light theme text).
      expect(update.done).toBe(false)
      const middle = svgOf(chart)
      expect(middle).not.toBe(before)
      expect(legendText(middle)).toEqual(legendText(before))
      update.finish()
      expect(update.done).toBe(true)
    } finally {
      chart.dispose()
    }
  })

  it('leaves the components to the last piece in the first update of a chart too (ECharts makes their views in it)', () => {
    const chart = svgChart()
    try {
      const legendText = (svg: string): string[] => [...svg.matchAll(/>(\d+ B)</g)].map((m) => m[1] ?? '')
      const update = stagedUpdate(chart, optionOf('pool-utilization', 1, 'light'), ['series'])
      update.next()
      update.next()
      const middle = svgOf(chart)
      expect(middle).toContain('<path')
      expect(legendText(middle)).toEqual([])
      update.finish()
      expect(legendText(svgOf(chart)).length).toBeGreaterThan(0)
    } finally {
      chart.dispose()
    }
  })

  it('gives the zoom slider the hover states one setOption gives it', () => {
    interface Element {
      readonly states?: { readonly emphasis?: unknown }
      readonly currentStates: readonly string[]
    }
    interface View {
      readonly type: string
      eachRendered(visit: (el: Element) => void): void
    }
    /** The slider's elements with a hover state. */
    const hoverable = (chart: ReturnType<typeof svgChart>): Element[] => {
      const found: Element[] = []
      for (const view of (chart as unknown as { _componentsViews: View[] })._componentsViews) {
        if (view.type === 'dataZoom.slider') view.eachRendered((el) => void (el.states?.emphasis !== undefined && found.push(el)))
      }
      return found
    }
    const plain = svgChart()
    const staged = svgChart()
    try {
      const first = optionOf('pool-utilization', 1, 'light')
      plain.setOption(first)
      staged.setOption(first)
      // The pointer over the handles when the update comes.
      for (const chart of [plain, staged]) {
        expect(hoverable(chart).length).toBeGreaterThan(0)
        for (const el of hoverable(chart)) enterEmphasis(el)
      }
      const second = optionOf('pool-utilization', 2, 'dark')
      plain.setOption(second, { replaceMerge: ['series'] })
      stagedUpdate(staged, second, ['series']).finish()
      expect(hoverable(staged).map((el) => el.currentStates)).toEqual(hoverable(plain).map((el) => el.currentStates))
      expect(firstDifference(svgOf(staged), svgOf(plain))).toBe('')
      // And the pointer over them again: drawn from the colours saved at the render.
      for (const chart of [plain, staged]) for (const el of hoverable(chart)) enterEmphasis(el)
      expect(firstDifference(svgOf(staged), svgOf(plain))).toBe('')
    } finally {
      plain.dispose()
      staged.dispose()
    }
  })

  it('stops when the chart is disposed', () => {
    const chart = svgChart()
    const update = stagedUpdate(chart, optionOf('footprint', 1, 'light'))
    expect(update.next()).toBe('merge')
    chart.dispose()
    expect(update.next()).toBeUndefined()
    expect(update.done).toBe(true)
  })
})
