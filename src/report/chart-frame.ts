/**
 * The frame every chart shares: title, themed axes, legend, tooltip with units, dataZoom (inside
 * and slider), phase markLines, and how compare mode names series ("<run> · <series>").
 *
 * Series data are flat typed arrays (`[x0, y0, x1, y1, …]` with `dimensions`), which ECharts reads
 * without a per-point object; dense lines are downsampled with LTTB, scatter switches to large mode.
 */
import type { EChartsOption, LineSeriesOption, SeriesOption, YAXisComponentOption } from 'echarts'
import { formatBytes, formatCount, formatNs, formatPercent, formatRatio, formatValue, type ValueUnit } from './format'
import type { ChartOptions, ReportRun } from './run-series'
import { blend, paletteOf, type ChartPalette } from './theme'
import { phaseLines } from './phase-marks'
import { thinPoints, thinRows } from './thin'

/** Arial metrics first: ECharts' SSR text measurement assumes them. No quotes: zrender writes it unescaped into a style attribute. */
export const CHART_FONT = 'Helvetica, Arial, Liberation Sans, sans-serif'

/** What a chart builder gets. */
export interface ChartContext {
  readonly runs: readonly ReportRun[]
  readonly options: ChartOptions
  readonly palette: ChartPalette
  /** Two or more runs: overlay per run on the same axes. */
  readonly compare: boolean
}

/**
 * @param runs the runs to draw
 * @param options theme and chart options
 * @returns the builder context
 */
export function createChartContext(runs: readonly ReportRun[], options: ChartOptions): ChartContext {
  return { runs, options, palette: paletteOf(options.theme), compare: runs.length > 1 }
}

/**
 * @param ctx the chart context
 * @param run the run a series belongs to
 * @param name the series' own name
 * @returns `name` alone, or `"<run name> · <name>"` in compare mode
 */
export function seriesName(ctx: ChartContext, run: ReportRun, name: string): string {
  return ctx.compare ? `${run.name} · ${name}` : name
}

/** Short axis-label text of a value in a unit. */
export function axisLabel(unit: ValueUnit | 'ops'): (value: number) => string {
  switch (unit) {
    case 'ns':
      return formatNs
    case 'bytes':
      return formatBytes
    case 'percent':
      return (v) => formatPercent(v)
    case 'ratio':
      return formatRatio
    case 'count':
    case 'ops':
      return compactCount
  }
}

function compactCount(value: number): string {
  const abs = Math.abs(value)
  if (abs >= 1e9) return `${+(value / 1e9).toFixed(2)}G`
  if (abs >= 1e6) return `${+(value / 1e6).toFixed(2)}M`
  if (abs >= 1e4) return `${+(value / 1e3).toFixed(1)}k`
  return formatCount(value)
}

/**
 * @param unit the series' unit
 * @returns a tooltip value formatter (the value may come as the point's array)
 */
export function tooltipValue(unit: ValueUnit, index = 1): (value: unknown) => string {
  return (value) => {
    const y = Array.isArray(value) || ArrayBuffer.isView(value) ? (value as ArrayLike<unknown>)[index] : value
    return typeof y === 'number' ? formatValue(y, unit) : String(y ?? '–')
  }
}

/** Interleaves `x` and `y` (both `count` long) into `[x0, y0, x1, y1, …]`. */
export function interleave(x: ArrayLike<number>, y: ArrayLike<number>, count: number): Float64Array {
  const out = new Float64Array(count * 2)
  for (let i = 0; i < count; i++) {
    out[2 * i] = x[i] as number
    out[2 * i + 1] = y[i] as number
  }
  return out
}

/** Interleaves `x` with column `column` of a row-major matrix with `stride` columns. */
export function interleaveColumn(x: ArrayLike<number>, matrix: ArrayLike<number>, stride: number, column: number, count: number, scale = 1): Float64Array {
  const out = new Float64Array(count * 2)
  for (let i = 0; i < count; i++) {
    out[2 * i] = x[i] as number
    out[2 * i + 1] = (matrix[i * stride + column] as number) * scale
  }
  return out
}

/** A dense line series over flat `[x, y]` pairs. */
export function lineSeries(name: string, data: Float64Array, unit: ValueUnit, extra: Partial<LineSeriesOption> = {}): LineSeriesOption {
  return {
    type: 'line',
    name,
    data: data as unknown as LineSeriesOption['data'],
    dimensions: ['x', 'y'],
    encode: { x: 0, y: 1 },
    showSymbol: false,
    symbol: 'none',
    sampling: 'lttb',
    lineStyle: { width: 1.5 },
    emphasis: { focus: 'series' },
    tooltip: { valueFormatter: tooltipValue(unit) as never },
    ...extra,
  }
}

/** One band of a stacked area: its name, colour and value per sample row. */
export interface Band {
  readonly name: string
  readonly color: string
  readonly value: (row: number) => number
}

/** Opacity of stacked areas (blended with the background here: the bands are drawn opaque). */
const BAND_OPACITY = 0.75

/**
 * Stacked areas, summed here rather than by ECharts (whose stacking walks every point of every
 * band on each redraw): each band is a line at its running total filled down to the axis, drawn
 * top band first so each one's fill covers the band above it below its own line. Points are
 * `[x, running total, own value]`; the tooltip shows the band's own value. With a point budget
 * the same rows (the extremes of the total per bucket) are kept for every band.
 * @param ctx the chart context
 * @param x the x of each row
 * @param count rows
 * @param bands bottom band first
 * @param unit the values' unit
 * @param totals the bands' sum per row, when the caller has it (the point budget keeps rows by it)
 * @returns the series, top band first (legend order: pass `bands`' names as `legendOrder`)
 */
export function stackedBands(ctx: ChartContext, x: ArrayLike<number>, count: number, bands: readonly Band[], unit: ValueUnit, totals?: ArrayLike<number>): LineSeriesOption[] {
  const total =
    totals !== undefined
      ? (row: number): number => totals[row] as number
      : (row: number): number => {
          let sum = 0
          for (const band of bands) sum += band.value(row)
          return sum
        }
  const rows = thinRows(count, ctx.options.maxPoints ?? count, total)
  const sums = new Float64Array(rows.length)
  const series = bands.map((band) => {
    const data = new Float64Array(rows.length * 3)
    for (let j = 0; j < rows.length; j++) {
      const row = rows[j] as number
      const own = band.value(row)
      sums[j] = (sums[j] as number) + own
      data[3 * j] = x[row] as number
      data[3 * j + 1] = sums[j] as number
      data[3 * j + 2] = own
    }
    return lineSeries(band.name, data, unit, {
      color: band.color,
      dimensions: ['x', 'total', 'value'],
      encode: { x: 0, y: 1, tooltip: 2 },
      areaStyle: { color: blend(band.color, ctx.palette.background, BAND_OPACITY), opacity: 1 },
      lineStyle: { width: 0.5 },
      sampling: 'average',
      tooltip: { valueFormatter: tooltipValue(unit, 2) as never },
    })
  })
  return series.reverse()
}

export interface AxisSpec {
  readonly name: string
  readonly unit: ValueUnit | 'ops'
  readonly min?: number
  readonly max?: number
}

export interface FrameSpec {
  readonly title: string
  readonly subtitle?: string
  readonly x: AxisSpec & { readonly phases?: 'ops' | 'timeNs' }
  readonly y: readonly AxisSpec[]
  readonly series: SeriesOption[]
  /** Legend entries in this order (stacked bands are drawn top first but listed bottom first). */
  readonly legendOrder?: readonly string[]
  /** The plot's right margin, when a chart puts something beside it (default: room for the axes). */
  readonly plotRight?: number | `${number}%`
  /** Extra option parts (visualMap, a category x axis …) merged last. */
  readonly extra?: Partial<EChartsOption>
}

/** The plot's left margin (the y axis' labels and name). */
const PLOT_LEFT = 80

/** A tick step in binary units (1, 2, 4 … 512 × 1024^k bytes) giving at most `ticks` ticks up to `max`. */
export function binaryStep(max: number, ticks = 5): number {
  const target = max / ticks
  let unit = 1
  while (unit * 1024 <= target) unit *= 1024
  let step = unit
  while (step < target) step *= 2
  return step
}

/** Numbers per point of a flat series (`[x, y]` pairs unless `dimensions` says more). */
function strideOf(series: LineSeriesOption): number {
  return Array.isArray(series.dimensions) ? Math.max(2, series.dimensions.length) : 2
}

/** The largest y of the series on axis `axis` (stacked bands carry their running totals as y). */
function axisDataMax(series: readonly SeriesOption[], axis: number): number {
  let max = 0
  for (const s of series as LineSeriesOption[]) {
    if ((s.yAxisIndex ?? 0) !== axis || !(s.data instanceof Float64Array)) continue
    const data = s.data
    const stride = strideOf(s)
    for (let i = 1; i < data.length; i += stride) if ((data[i] as number) > max) max = data[i] as number
  }
  return max
}

/** The smallest and largest x of the series (x first in each point), or undefined when they have no points. */
function dataExtentX(series: readonly SeriesOption[]): [number, number] | undefined {
  let min = Number.POSITIVE_INFINITY
  let max = Number.NEGATIVE_INFINITY
  for (const s of series as LineSeriesOption[]) {
    if (!(s.data instanceof Float64Array)) continue
    const data = s.data
    const stride = strideOf(s)
    for (let i = 0; i < data.length; i += stride) {
      const x = data[i] as number
      if (x < min) min = x
      if (x > max) max = x
    }
  }
  return min <= max ? [min, max] : undefined
}

/** Line series of `[x, y]` pairs thinned to the live view's point budget (stacked bands are thinned by `stackedBands`). */
function thinned(ctx: ChartContext, series: readonly SeriesOption[]): SeriesOption[] {
  const budget = ctx.options.maxPoints
  return series.map((s) => {
    if (budget === undefined || s.type !== 'line' || !(s.data instanceof Float64Array) || strideOf(s as LineSeriesOption) !== 2) return s
    return { ...s, data: thinPoints(s.data, budget) as unknown as LineSeriesOption['data'] }
  })
}

function valueAxis(ctx: ChartContext, spec: AxisSpec, position: 'left' | 'right', series: readonly SeriesOption[], index: number): YAXisComponentOption {
  const p = ctx.palette
  // Byte axes tick at binary steps (0, 256 KiB, 512 KiB …), not at decimal ones (977 KiB).
  let binary: { interval: number; max: number } | undefined
  if (spec.unit === 'bytes' && spec.max === undefined) {
    const dataMax = axisDataMax(series, index)
    if (dataMax > 0) {
      const interval = binaryStep(dataMax)
      binary = { interval, max: Math.ceil(dataMax / interval) * interval }
    }
  }
  return {
    type: 'value',
    name: spec.name,
    nameLocation: 'middle',
    nameRotate: position === 'right' ? -90 : 90,
    nameGap: 58,
    nameTextStyle: { color: p.subtleText },
    position,
    min: spec.min,
    max: binary?.max ?? spec.max,
    interval: binary?.interval,
    scale: false,
    axisLine: { show: true, lineStyle: { color: p.axisLine } },
    axisLabel: { color: p.subtleText, formatter: axisLabel(spec.unit) as never, hideOverlap: true },
    splitLine: { show: position !== 'right', lineStyle: { color: p.splitLine } },
  }
}

/** Width a chart is laid out for when the caller does not say (the SVG export's default). */
export const DEFAULT_CHART_WIDTH = 960
/** Left and right margin of the title and legend. */
const SIDE = 12
/** Average advance of a 12 px character of CHART_FONT, a little generous: wrap early rather than run past the edge. */
const CHAR_PX = 6.8
/** Legend: icon width, gap to its text, gap between items (and between rows), row height. */
const LEGEND_ICON = 25
const LEGEND_ICON_GAP = 5
const LEGEND_GAP = 14
const LEGEND_ROW = 14
const SUBTITLE_LINE = 16

/** @returns the estimated width in px of `text` in the chart font at 12 px */
function textWidth(text: string): number {
  return text.length * CHAR_PX
}

/**
 * Word-wraps text to lines no wider than `width` (by the estimate above; a single long word keeps its line).
 * @returns the lines
 */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(' ')) {
    const next = line === '' ? word : `${line} ${word}`
    if (line !== '' && textWidth(next) > width) {
      lines.push(line)
      line = word
    } else {
      line = next
    }
  }
  if (line !== '') lines.push(line)
  return lines
}

/** @returns rows a plain (wrapping) legend of these entries takes in `width` px */
export function legendRows(names: readonly string[], width: number): number {
  let rows = 1
  let x = 0
  for (const name of names) {
    const item = LEGEND_ICON + LEGEND_ICON_GAP + textWidth(name)
    if (x > 0 && x + item > width) {
      rows++
      x = 0
    }
    x += item + LEGEND_GAP
  }
  return rows
}

/** Where the head of a chart (title, wrapped subtitle, wrapping legend) ends and the plot starts. */
export interface FrameHead {
  /** The subtitle with line breaks. */
  readonly subtitle: string | undefined
  readonly legendTop: number
  /** Top of the plot (grid) below the legend. */
  readonly plotTop: number
}

/**
 * Lays out a chart's head for the chart's width: the subtitle wraps instead of running past the
 * right edge, the legend wraps to as many rows as it needs instead of paging, the plot starts below.
 * @param ctx the chart context (`options.width`, default DEFAULT_CHART_WIDTH)
 * @param subtitle the subtitle, if any
 * @param legendNames the legend's entries (none: room for one row is kept all the same)
 */
export function frameHead(ctx: ChartContext, subtitle: string | undefined, legendNames: readonly string[]): FrameHead {
  const inner = (ctx.options.width ?? DEFAULT_CHART_WIDTH) - 2 * SIDE
  const lines = subtitle === undefined ? [] : wrapText(subtitle, inner)
  const legendTop = lines.length === 0 ? 32 : 50 + (lines.length - 1) * SUBTITLE_LINE
  const rows = legendRows(legendNames, inner)
  return { subtitle: lines.length === 0 ? undefined : lines.join('\n'), legendTop, plotTop: legendTop + 40 + (rows - 1) * (LEGEND_ROW + LEGEND_GAP) }
}

/** @returns the distinct names of the series, in order (the legend's entries) */
export function legendNamesOf(series: readonly SeriesOption[]): string[] {
  return [...new Set(series.map((s) => String(s.name ?? '')))]
}

/** The common parts of a chart option, themed, with the head laid out by `frameHead`. */
export function frameBase(ctx: ChartContext, title: string, head: FrameHead): EChartsOption {
  const p = ctx.palette
  return {
    backgroundColor: p.background,
    animation: ctx.options.animation ?? true,
    color: [...p.series],
    textStyle: { color: p.text, fontFamily: CHART_FONT },
    title: { text: title, subtext: head.subtitle, left: SIDE, top: 6, textStyle: { color: p.text, fontSize: 14 }, subtextStyle: { color: p.subtleText, fontSize: 12, lineHeight: SUBTITLE_LINE } },
    legend: { type: 'plain', top: head.legendTop, left: SIDE, right: SIDE, itemGap: LEGEND_GAP, itemHeight: LEGEND_ROW, textStyle: { color: p.text, fontSize: 12 } },
    tooltip: {
      trigger: 'axis',
      confine: true,
      backgroundColor: p.tooltipBackground,
      borderColor: p.axisLine,
      textStyle: { color: p.text },
      axisPointer: { type: 'line', lineStyle: { color: p.axisLine } },
    },
  }
}

/** Inside and slider zoom on the x axis (or the y axis of row charts). */
export function zoom(ctx: ChartContext, axis: 'x' | 'y'): EChartsOption['dataZoom'] {
  const index = axis === 'x' ? { xAxisIndex: 0 } : { yAxisIndex: 0 }
  const slider = axis === 'x' ? { bottom: 8, height: 20 } : { right: 8, width: 16 }
  return [
    { type: 'inside', ...index, filterMode: 'none' },
    { type: 'slider', ...index, filterMode: 'none', ...slider, textStyle: { color: ctx.palette.subtleText }, borderColor: ctx.palette.axisLine },
  ]
}

/**
 * Builds a cartesian chart: value x axis, one or two value y axes, the series, phases.
 * @returns the finished option
 */
export function cartesianFrame(ctx: ChartContext, spec: FrameSpec): EChartsOption {
  const p = ctx.palette
  const series = thinned(ctx, spec.series)
  const twoAxes = spec.y.length > 1
  const width = ctx.options.width ?? DEFAULT_CHART_WIDTH
  const right = spec.plotRight ?? (twoAxes ? 80 : 28)
  if (spec.x.phases !== undefined) {
    const extent = dataExtentX(series) ?? [0, 0]
    const plotPx = width - PLOT_LEFT - (typeof right === 'number' ? right : (width * Number.parseFloat(right)) / 100)
    const marks = phaseLines(ctx, { x: spec.x.phases, min: spec.x.min ?? extent[0], max: spec.x.max ?? extent[1], plotPx })
    const first = series[0]
    if (marks !== undefined && first !== undefined) series[0] = { ...first, markLine: marks } as SeriesOption
  }
  const head = frameHead(ctx, spec.subtitle, spec.legendOrder ?? legendNamesOf(series))
  const base = frameBase(ctx, spec.title, head)
  return {
    ...base,
    ...(spec.legendOrder !== undefined ? { legend: { ...(base.legend as object), data: [...spec.legendOrder] } } : {}),
    // No outer-bounds pass: the fixed margins hold the axis labels, and the pass lays the axes out twice per redraw.
    grid: { left: PLOT_LEFT, right, top: head.plotTop, bottom: 64, outerBoundsMode: 'none' },
    xAxis: {
      type: 'value',
      name: spec.x.name,
      nameLocation: 'middle',
      nameGap: 26,
      nameTextStyle: { color: p.subtleText },
      min: spec.x.min ?? 'dataMin',
      max: spec.x.max ?? 'dataMax',
      axisLine: { lineStyle: { color: p.axisLine } },
      axisLabel: { color: p.subtleText, formatter: axisLabel(spec.x.unit) as never, hideOverlap: true },
      splitLine: { show: false },
    },
    yAxis: spec.y.map((axis, i) => valueAxis(ctx, axis, i === 0 ? 'left' : 'right', series, i)),
    dataZoom: zoom(ctx, 'x'),
    series,
    ...spec.extra,
  }
}
