/**
 * Fragmentation over time, in bytes:
 * - internal: bytes of allocated blocks minus the bytes requested (rounding up to a size class),
 * - external: free blocks inside used pools (`availBytes`),
 * - quantization: the tail of each pool too small for one more block,
 * - pool headers: 48 bytes per carved pool,
 * - raw largest free: the largest free chunk of the modeled system heap (raw malloc).
 */
import type { EChartsOption, SeriesOption } from 'echarts'
import { cartesianFrame, interleave, lineSeries, seriesName, type ChartContext } from '../chart-frame'

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
  return cartesianFrame(ctx, {
    title: 'Fragmentation',
    subtitle: 'internal = block − requested bytes; external = free blocks in used pools; quantization = pool tails; raw = largest free heap chunk',
    x: { name: 'operations', unit: 'ops', phases: 'ops' },
    y: [{ name: 'bytes', unit: 'bytes' }],
    series,
  })
}
