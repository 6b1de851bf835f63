/**
 * The arena map: each mapped arena a row of 64 pools, a pool's colour its size class (16 B blue …
 * 512 B red) and its opacity its fill (used blocks / capacity). Unused pools stay blank. One
 * snapshot is drawn: `arenaMapIndex` (default the last), which the renderer's time scrubber moves.
 * Compare mode puts the runs side by side, each at the same snapshot index.
 *
 * Heatmap data are flat `[pool, arena, sizeClass, fillPercent]` quadruples.
 */
import type { EChartsOption, HeatmapSeriesOption, SeriesOption, XAXisComponentOption, YAXisComponentOption } from 'echarts'
import type { ArenaMapSnapshot } from '../../engine/index'
import { formatCount, formatNs } from '../format'
import { frameBase, frameHead, type ChartContext } from '../chart-frame'
import { blockSizeOf } from './pool-utilization'

export const POOLS_PER_ARENA = 64

/**
 * @param maps a run's snapshots
 * @param index the requested index (undefined: last)
 * @returns the snapshot index to draw, clamped, or -1 when there is none
 */
export function arenaMapIndexOf(maps: readonly ArenaMapSnapshot[], index: number | undefined): number {
  if (maps.length === 0) return -1
  if (index === undefined || !Number.isFinite(index)) return maps.length - 1
  return Math.min(maps.length - 1, Math.max(0, Math.trunc(index)))
}

/** @returns the used pools of a snapshot as `[pool, arena, sizeClass, fill%]` quadruples */
export function arenaMapCells(map: ArenaMapSnapshot): Float64Array {
  let used = 0
  const cells = map.arenas * POOLS_PER_ARENA
  for (let i = 0; i < cells; i++) if (map.fill[i] !== 0) used++
  const out = new Float64Array(used * 4)
  let j = 0
  for (let i = 0; i < cells; i++) {
    const fill = map.fill[i] as number
    if (fill === 0) continue
    out[j++] = i % POOLS_PER_ARENA
    out[j++] = Math.floor(i / POOLS_PER_ARENA)
    out[j++] = map.sizeClass[i] as number
    out[j++] = Math.round((fill / 255) * 1000) / 10
  }
  return out
}

function tooltipText(value: unknown): string {
  if (!Array.isArray(value) && !ArrayBuffer.isView(value)) return ''
  const v = value as ArrayLike<number>
  return `arena ${v[1]}, pool ${v[0]}<br/>size class ${v[2]} (${blockSizeOf(v[2] as number)} B blocks)<br/>fill ${v[3]} %`
}

/** Builds the arena-map option. */
export function arenaMapOption(ctx: ChartContext): EChartsOption {
  const p = ctx.palette
  const n = ctx.runs.length
  const gap = 5
  const width = (100 - gap * (n + 1)) / Math.max(1, n)
  const xAxis: XAXisComponentOption[] = []
  const yAxis: YAXisComponentOption[] = []
  const series: SeriesOption[] = []
  const notes: string[] = []
  ctx.runs.forEach((run, r) => {
    const maps = run.result.arenaMaps
    const index = arenaMapIndexOf(maps, ctx.options.arenaMapIndex)
    const map = index < 0 ? undefined : maps[index]
    const prefix = ctx.compare ? `${run.name}: ` : ''
    notes.push(
      map === undefined
        ? `${prefix}no snapshot yet`
        : `${prefix}snapshot ${index + 1}/${maps.length} at op ${formatCount(map.ops)} (${formatNs(map.timeNs)}), ${formatCount(map.arenasTotal)} arenas${map.arenasTotal > map.arenas ? `, first ${map.arenas} shown` : ''}`,
    )
    const rows = Math.max(1, map?.arenas ?? 1)
    xAxis.push({
      type: 'category',
      gridIndex: r,
      data: Array.from({ length: POOLS_PER_ARENA }, (_, i) => String(i)),
      name: ctx.compare ? run.name : 'pool',
      nameLocation: 'middle',
      nameGap: 24,
      nameTextStyle: { color: p.subtleText },
      axisLabel: { color: p.subtleText, interval: 15 },
      axisLine: { lineStyle: { color: p.axisLine } },
      splitArea: { show: false },
    })
    yAxis.push({
      type: 'category',
      gridIndex: r,
      inverse: true,
      data: Array.from({ length: rows }, (_, i) => String(i)),
      name: r === 0 ? 'arena' : '',
      nameLocation: 'start',
      nameTextStyle: { color: p.subtleText },
      axisLabel: { color: p.subtleText, hideOverlap: true },
      axisLine: { lineStyle: { color: p.axisLine } },
    })
    if (map !== undefined) {
      const heatmap: HeatmapSeriesOption = {
        type: 'heatmap',
        name: ctx.compare ? run.name : 'pools',
        xAxisIndex: r,
        yAxisIndex: r,
        data: arenaMapCells(map) as unknown as HeatmapSeriesOption['data'],
        dimensions: ['pool', 'arena', 'sizeClass', 'fill'],
        encode: { x: 0, y: 1 },
        progressive: 20000,
        emphasis: { itemStyle: { borderColor: p.text, borderWidth: 1 } },
        tooltip: { formatter: ((params: { value: unknown }) => tooltipText(params.value)) as never },
      }
      series.push(heatmap)
    }
  })
  const seriesIndex = series.map((_, i) => i)
  const head = frameHead(ctx, notes.join(' · '), [])
  const base = frameBase(ctx, 'Arena map', head)
  return {
    ...base,
    legend: { show: false },
    tooltip: { ...(base.tooltip as object), trigger: 'item' },
    grid: ctx.runs.map((_, r) => ({ left: `${gap + r * (width + gap)}%`, width: `${width}%`, top: head.plotTop, bottom: 48, outerBoundsMode: 'none' as const })),
    xAxis,
    yAxis,
    visualMap: [
      {
        type: 'continuous',
        dimension: 2,
        seriesIndex,
        min: 0,
        max: 31,
        calculable: false,
        orient: 'horizontal',
        right: 12,
        top: 6,
        itemWidth: 10,
        itemHeight: 120,
        text: ['512 B', '16 B'],
        textStyle: { color: p.subtleText },
        inRange: { color: [...p.sizeClassRamp] },
      },
      {
        type: 'continuous',
        dimension: 3,
        seriesIndex,
        min: 0,
        max: 100,
        show: false,
        inRange: { colorAlpha: [0.25, 1] },
      },
    ],
    dataZoom: [
      { type: 'inside', yAxisIndex: ctx.runs.map((_, r) => r), filterMode: 'none' },
      { type: 'slider', yAxisIndex: ctx.runs.map((_, r) => r), filterMode: 'none', right: 4, width: 14, textStyle: { color: p.subtleText }, borderColor: p.axisLine },
    ],
    series,
  }
}
