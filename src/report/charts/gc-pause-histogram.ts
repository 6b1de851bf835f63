/**
 * Histogram of modeled GC pauses in log-spaced bins (linear when the pauses span less than a
 * factor of 4; shared by all runs in compare mode), with
 * p50/p95/p99 markLines per run. Bar i counts pauses in [edge i, edge i+1); the axis shows the
 * lower edge.
 */
import type { BarSeriesOption, EChartsOption, SeriesOption } from 'echarts'
import { formatCount, formatNs } from '../format'
import { frameBase, frameHead, legendNamesOf, zoom, type ChartContext } from '../chart-frame'
import { seriesColor } from '../theme'
import { runPauseStats } from '../run-stats'

/** Bins per decade of pause length. */
const BINS_PER_DECADE = 8
const MAX_BINS = 64

/** Below this max/min ratio, bins are linear (log bins would put everything in one or two). */
const LINEAR_BELOW_RATIO = 4
const LINEAR_BINS = 24

/**
 * Bin edges covering [min, max] of positive pauses: log-spaced (8 per decade), or linear when the
 * pauses span less than a factor of 4; a single bin for one value.
 */
export function pauseBinEdges(min: number, max: number): Float64Array {
  if (!(min > 0) || !(max >= min)) return Float64Array.of(0, 1)
  if (max === min) return Float64Array.of(min, max * (1 + 1e-12))
  if (max / min < LINEAR_BELOW_RATIO) {
    const edges = new Float64Array(LINEAR_BINS + 1)
    for (let i = 0; i <= LINEAR_BINS; i++) edges[i] = min + ((max - min) * i) / LINEAR_BINS
    edges[LINEAR_BINS] = max * (1 + 1e-12)
    return edges
  }
  const lo = Math.floor(Math.log10(min) * BINS_PER_DECADE) / BINS_PER_DECADE
  const hi = Math.max(lo + 1 / BINS_PER_DECADE, Math.ceil(Math.log10(max) * BINS_PER_DECADE + 1e-9) / BINS_PER_DECADE)
  const bins = Math.min(MAX_BINS, Math.max(1, Math.round((hi - lo) * BINS_PER_DECADE)))
  const edges = new Float64Array(bins + 1)
  for (let i = 0; i <= bins; i++) edges[i] = 10 ** (lo + ((hi - lo) * i) / bins)
  edges[bins] = Math.max(edges[bins] as number, max * (1 + 1e-12))
  return edges
}

const TIME_UNITS = [
  [1e9, 's'],
  [1e6, 'ms'],
  [1e3, 'µs'],
  [1, 'ns'],
] as const

/** A bin edge with as many decimals as the bin width needs (narrow linear bins: `616.25 µs`). */
export function edgeLabel(ns: number, step: number): string {
  const [scale, unit] = TIME_UNITS.find(([s]) => ns >= s) ?? [1, 'ns']
  const digits = step > 0 ? Math.min(4, Math.max(0, Math.ceil(-Math.log10(step / scale)))) : 0
  return `${(ns / scale).toFixed(digits)} ${unit}`
}

/** @returns the bin of `value` (pauses below the first edge go to bin 0) */
export function binOf(edges: Float64Array, value: number): number {
  let lo = 0
  let hi = edges.length - 2
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if ((edges[mid] as number) <= value) lo = mid
    else hi = mid - 1
  }
  return lo
}

type Quantile = 'p50' | 'p95' | 'p99'

/**
 * @returns one mark per bin that holds a percentile, naming every percentile in it (three marks
 * in one bin would draw their labels on top of each other)
 */
export function percentileMarks(edges: Float64Array, stats: Readonly<Record<Quantile, number>>): { bin: number; quantiles: Quantile[] }[] {
  const marks: { bin: number; quantiles: Quantile[] }[] = []
  for (const q of ['p50', 'p95', 'p99'] as const) {
    const bin = binOf(edges, stats[q])
    const mark = marks.find((m) => m.bin === bin)
    if (mark !== undefined) mark.quantiles.push(q)
    else marks.push({ bin, quantiles: [q] })
  }
  return marks
}

/** "p50 = p95 6.86 ms" when the values are equal, else "p50 1.2 ms · p95 1.3 ms". */
function percentileLabel(quantiles: readonly Quantile[], stats: Readonly<Record<Quantile, number>>): string {
  const first = stats[quantiles[0] as Quantile]
  if (quantiles.every((q) => stats[q] === first)) return `${quantiles.join(' = ')} ${formatNs(first)}`
  return quantiles.map((q) => `${q} ${formatNs(stats[q])}`).join(' · ')
}

/** Builds the gc-pause-histogram option. */
export function gcPauseHistogramOption(ctx: ChartContext): EChartsOption {
  let min = Infinity
  let max = 0
  for (const run of ctx.runs) {
    const log = run.result.gcLog
    for (let i = 0; i < log.count; i++) {
      const p = log.pauseNs[i] as number
      if (p > 0 && p < min) min = p
      if (p > max) max = p
    }
  }
  const edges = pauseBinEdges(min, max)
  const bins = edges.length - 1
  const linear = min > 0 && max > min && max / min < LINEAR_BELOW_RATIO
  const step = bins > 0 ? ((edges[bins] as number) - (edges[0] as number)) / bins : 0
  const labels = Array.from({ length: bins }, (_, i) => (linear ? edgeLabel(edges[i] as number, step) : formatNs(edges[i] as number)))
  const p = ctx.palette
  const series: SeriesOption[] = ctx.runs.map((run, r) => {
    const log = run.result.gcLog
    const counts = new Float64Array(bins)
    for (let i = 0; i < log.count; i++) {
      const b = binOf(edges, log.pauseNs[i] as number)
      counts[b] = (counts[b] as number) + 1
    }
    const stats = runPauseStats(run.result)
    const color = ctx.compare ? seriesColor(p, r) : p.series[0]
    const prefix = ctx.compare ? `${run.name} ` : ''
    const bar: BarSeriesOption = {
      type: 'bar',
      name: ctx.compare ? run.name : 'collections',
      data: Array.from(counts),
      barCategoryGap: '10%',
      itemStyle: { color, opacity: ctx.compare ? 0.75 : 1 },
      tooltip: { valueFormatter: ((v: unknown) => `${formatCount(Number(v))} collections`) as never },
      markLine:
        log.count === 0
          ? undefined
          : {
              symbol: ['none', 'none'],
              silent: true,
              animation: false,
              // Compare: the line has the run's colour (its legend entry) and the label no run
              // name, which made it longer than the plot is high; odd runs label the right side
              // of their line, so two runs' marks in one bin do not write over each other.
              label: { position: r % 2 === 1 ? 'insideEndBottom' : 'insideEndTop', color: p.text, fontSize: 10 },
              lineStyle: { type: 'dashed', color: ctx.compare ? color : p.markerStrong },
              data: percentileMarks(edges, stats).map(({ bin, quantiles }) => ({
                xAxis: bin,
                name: `${prefix}${quantiles.join('/')}`,
                label: { formatter: percentileLabel(quantiles, stats) },
              })),
            },
    }
    return bar
  })
  const head = frameHead(ctx, `modeled pauses, ${linear ? 'linear' : 'log-spaced'} bins (lower edge shown)`, legendNamesOf(series))
  const base = frameBase(ctx, 'GC pause histogram', head)
  return {
    ...base,
    tooltip: { ...(base.tooltip as object), axisPointer: { type: 'shadow' } },
    grid: { left: 80, right: 28, top: head.plotTop, bottom: 64, outerBoundsMode: 'none' },
    xAxis: {
      type: 'category',
      data: labels,
      name: 'pause',
      nameLocation: 'middle',
      nameGap: 26,
      nameTextStyle: { color: p.subtleText },
      axisLine: { lineStyle: { color: p.axisLine } },
      axisLabel: { color: p.subtleText, hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      name: 'collections',
      nameLocation: 'middle',
      nameRotate: 90,
      nameGap: 58,
      nameTextStyle: { color: p.subtleText },
      axisLine: { show: true, lineStyle: { color: p.axisLine } },
      axisLabel: { color: p.subtleText },
      splitLine: { lineStyle: { color: p.splitLine } },
    },
    dataZoom: zoom(ctx, 'x'),
    series,
  }
}
