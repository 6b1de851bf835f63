/**
 * Fragmentation over time, in bytes:
 * - internal: bytes of allocated blocks minus the bytes requested (rounding up to a size class),
 * - external: free blocks inside used pools (`availBytes`),
 * - quantization: the tail of each pool too small for one more block,
 * - pool headers: 48 bytes per carved pool,
 * - raw largest free: the largest free chunk of the modeled system heap (raw malloc).
 * Beside it, the arena occupancy distribution: arenas of the arena-map snapshot (the one
 * `arenaMapIndex` picks, default the last) by the share of their pools in use, in 10 % buckets.
 * Arenas with few used pools are what keeps memory from being returned to the system.
 */
import type { BarSeriesOption, EChartsOption, SeriesOption, XAXisComponentOption, YAXisComponentOption } from 'echarts'
import type { ArenaMapSnapshot } from '../../engine/index'
import { cartesianFrame, interleave, lineSeries, seriesName, type ChartContext } from '../chart-frame'
import { seriesColor } from '../theme'
import { arenaMapIndexOf, POOLS_PER_ARENA } from './arena-map'

export const OCCUPANCY_BUCKETS = 10

/**
 * @param map an arena-map snapshot
 * @returns arenas per bucket of pools in use: bucket b holds arenas with b×10 % < used ≤ (b+1)×10 % (empty arenas in bucket 0)
 */
export function arenaOccupancy(map: ArenaMapSnapshot): Float64Array {
  const out = new Float64Array(OCCUPANCY_BUCKETS)
  for (let a = 0; a < map.arenas; a++) {
    let used = 0
    for (let p = 0; p < POOLS_PER_ARENA; p++) if (map.fill[a * POOLS_PER_ARENA + p] !== 0) used++
    const bucket = used === 0 ? 0 : Math.min(OCCUPANCY_BUCKETS - 1, Math.ceil((used / POOLS_PER_ARENA) * OCCUPANCY_BUCKETS) - 1)
    out[bucket] = (out[bucket] as number) + 1
  }
  return out
}

/** The line plot's right margin: the occupancy bars are beside it. */
const PLOT_RIGHT = '31%'

function withOccupancy(ctx: ChartContext, option: EChartsOption): EChartsOption {
  const p = ctx.palette
  const bars: BarSeriesOption[] = []
  ctx.runs.forEach((run, r) => {
    const index = arenaMapIndexOf(run.result.arenaMaps, ctx.options.arenaMapIndex)
    const map = index < 0 ? undefined : run.result.arenaMaps[index]
    if (map === undefined) return
    bars.push({
      type: 'bar',
      name: seriesName(ctx, run, 'arenas by pools in use'),
      xAxisIndex: 1,
      yAxisIndex: 1,
      data: Array.from(arenaOccupancy(map)),
      itemStyle: { color: seriesColor(p, ctx.compare ? r : 4) },
      tooltip: { trigger: 'item', valueFormatter: ((v: unknown) => `${String(v)} arenas`) as never },
    })
  })
  const grid = option.grid as object
  const axisText = { color: p.subtleText }
  const xAxis: XAXisComponentOption = {
    type: 'category',
    gridIndex: 1,
    // Bare numbers: five "NN%" labels do not fit the narrow side grid.
    data: Array.from({ length: OCCUPANCY_BUCKETS }, (_, b) => `${(b + 1) * 10}`),
    name: '% pools in use (≤)',
    nameLocation: 'middle',
    nameGap: 26,
    nameTextStyle: axisText,
    axisLabel: { ...axisText, interval: 1 },
    axisLine: { lineStyle: { color: p.axisLine } },
  }
  const yAxis: YAXisComponentOption = {
    type: 'value',
    gridIndex: 1,
    name: 'arenas',
    nameLocation: 'middle',
    nameRotate: 90,
    nameGap: 30,
    nameTextStyle: axisText,
    minInterval: 1,
    axisLabel: axisText,
    axisLine: { show: true, lineStyle: { color: p.axisLine } },
    splitLine: { lineStyle: { color: p.splitLine } },
  }
  return {
    ...option,
    grid: [grid, { left: '74%', right: 20, top: (grid as { top: number }).top, bottom: 64 }],
    xAxis: [option.xAxis as XAXisComponentOption, xAxis],
    yAxis: [...(option.yAxis as YAXisComponentOption[]), yAxis],
    series: [...(option.series as SeriesOption[]), ...bars],
    dataZoom: (option.dataZoom as object[]).map((z) => ({ ...z, xAxisIndex: 0, right: PLOT_RIGHT })),
  }
}

/** Builds the fragmentation option. */
export function fragmentationOption(ctx: ChartContext): EChartsOption {
  const series: SeriesOption[] = []
  ctx.runs.forEach((run, r) => {
    const s = run.result.samples
    const internal = new Float64Array(s.count * 2)
    for (let i = 0; i < s.count; i++) {
      internal[2 * i] = s.ops[i] as number
      internal[2 * i + 1] = (s.blockBytes[i] as number) - (s.requestedBytes[i] as number)
    }
    const dashed = ctx.compare && r > 0 ? { lineStyle: { width: 1.5, type: r % 2 === 1 ? ('dashed' as const) : ('dotted' as const) } } : {}
    const colors = ctx.palette.series
    const line = (name: string, data: Float64Array, color: number): SeriesOption => lineSeries(seriesName(ctx, run, name), data, 'bytes', { color: colors[color], ...dashed })
    series.push(
      line('internal', internal, 0),
      line('external (free in used pools)', interleave(s.ops, s.availBytes, s.count), 1),
      line('quantization', interleave(s.ops, s.quantizationBytes, s.count), 2),
      line('pool headers', interleave(s.ops, s.poolHeaderBytes, s.count), 3),
      line('raw largest free', interleave(s.ops, s.rawLargestFree, s.count), 5),
    )
  })
  return withOccupancy(ctx, cartesianFrame(ctx, {
    title: 'Fragmentation',
    subtitle: 'internal = block − requested bytes; external = free blocks in used pools; quantization = pool tails; raw = largest free heap chunk',
    x: { name: 'operations', unit: 'ops', phases: 'ops' },
    y: [{ name: 'bytes', unit: 'bytes' }],
    plotRight: PLOT_RIGHT,
    series,
  }))
}
