/**
 * Live objects per type over time: the `TOP_TYPES` types with the most live objects at their peak,
 * the rest summed as "other". One run: stacked areas; compare: lines per run (same top types,
 * chosen over all runs).
 */
import type { EChartsOption, SeriesOption } from 'echarts'
import { cartesianFrame, lineSeries, seriesName, stackedBands, type Band, type ChartContext } from '../chart-frame'
import type { RunSeries } from '../run-series'
import { seriesColor } from '../theme'

export const TOP_TYPES = 8

/** @returns per type name, the peak live count in the run */
function peaks(run: RunSeries, into: Map<string, number>): void {
  const s = run.samples
  const types = s.typeCount
  for (let k = 0; k < types; k++) {
    let peak = 0
    for (let i = 0; i < s.count; i++) peak = Math.max(peak, s.typeLive[i * types + k] as number)
    const name = run.typeNames[k] ?? `type ${k}`
    into.set(name, Math.max(into.get(name) ?? 0, peak))
  }
}

/**
 * @returns the names of the top types by peak over all runs (only types ever live)
 */
export function topTypes(runs: readonly RunSeries[], limit = TOP_TYPES): string[] {
  const all = new Map<string, number>()
  for (const run of runs) peaks(run, all)
  return [...all]
    .filter(([, peak]) => peak > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([name]) => name)
}

/** Builds the objects-by-type option. */
export function objectsByTypeOption(ctx: ChartContext): EChartsOption {
  const top = topTypes(ctx.runs.map((run) => run.result))
  const series: SeriesOption[] = []
  const legendOrder: string[] = []
  ctx.runs.forEach((run, r) => {
    const s = run.result.samples
    const types = s.typeCount
    const columns = new Map<string, number>()
    run.result.typeNames.forEach((name, k) => columns.set(name, k))
    const chosen = new Uint8Array(types)
    const bands: Band[] = []
    top.forEach((name, t) => {
      const k = columns.get(name)
      if (k === undefined) return
      chosen[k] = 1
      bands.push({ name: seriesName(ctx, run, name), color: seriesColor(ctx.palette, t), value: (row) => s.typeLive[row * types + k] as number })
    })
    const other = new Float64Array(s.count)
    let any = false
    for (let i = 0; i < s.count; i++) {
      let sum = 0
      for (let k = 0; k < types; k++) if (chosen[k] === 0) sum += s.typeLive[i * types + k] as number
      other[i] = sum
      if (sum > 0) any = true
    }
    if (any) bands.push({ name: seriesName(ctx, run, 'other'), color: ctx.palette.marker, value: (row) => other[row] as number })
    if (!ctx.compare) {
      series.push(...stackedBands(ctx, s.ops, s.count, bands, 'count'))
      legendOrder.push(...bands.map((b) => b.name))
      return
    }
    const dashed = r > 0 ? { type: r % 2 === 1 ? ('dashed' as const) : ('dotted' as const) } : {}
    for (const band of bands) {
      const xy = new Float64Array(s.count * 2)
      for (let i = 0; i < s.count; i++) {
        xy[2 * i] = s.ops[i] as number
        xy[2 * i + 1] = band.value(i)
      }
      series.push(lineSeries(band.name, xy, 'count', { color: band.color, lineStyle: { width: 1.5, ...dashed } }))
    }
  })
  return cartesianFrame(ctx, {
    title: 'Live objects by type',
    subtitle: ctx.compare ? `top ${TOP_TYPES} types by peak, per run` : `top ${TOP_TYPES} types by peak (stacked), the rest as "other"`,
    x: { name: 'operations', unit: 'ops', phases: 'ops' },
    y: [{ name: 'live objects', unit: 'count' }],
    series,
    ...(legendOrder.length > 0 ? { legendOrder } : {}),
  })
}
