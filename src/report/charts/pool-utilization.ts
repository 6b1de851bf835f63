/**
 * Pool utilization per size class over time. One run: a stacked area of the bytes in used blocks
 * per size class (the SHOWN_CLASSES classes with the most bytes at their peak, the other classes
 * that ever had a pool as one band), under a line of the pools' capacity in bytes, so the gap is
 * what carved pools hold free. Compare: used and capacity per run.
 *
 * Block size of class c is (c + 1) × 16 bytes; a pool of 16 KiB minus its 48-byte header holds
 * ⌊(16384 − 48) / blockSize⌋ blocks.
 */
import type { EChartsOption, SeriesOption } from 'echarts'
import { SIZE_CLASS_COUNT } from '../../engine/index'
import { cartesianFrame, lineSeries, seriesName, stackedBands, type Band, type ChartContext } from '../chart-frame'
import { seriesColor } from '../theme'

export const POOL_SIZE = 16384
export const POOL_HEADER_SIZE = 48

/** @returns block size in bytes of size class `sizeClass` (0..31) */
export function blockSizeOf(sizeClass: number): number {
  return (sizeClass + 1) * 16
}

/** @returns blocks one pool of size class `sizeClass` holds */
export function poolCapacity(sizeClass: number): number {
  return Math.floor((POOL_SIZE - POOL_HEADER_SIZE) / blockSizeOf(sizeClass))
}

/** Size classes per row (a local copy: module bindings are slower in hot loops under some loaders). */
const CLASSES = SIZE_CLASS_COUNT
/** Block size and full-pool capacity in bytes, per size class. */
const BLOCK_BYTES = Float64Array.from({ length: CLASSES }, (_, k) => blockSizeOf(k))
const POOL_CAPACITY_BYTES = Float64Array.from({ length: CLASSES }, (_, k) => poolCapacity(k) * blockSizeOf(k))

/** What one pass over a run's per-class sample rows gives. */
interface ClassScan {
  /** Bytes in used blocks per sample, all classes. */
  readonly used: Float64Array
  /** `[ops, bytes]` pairs: bytes in used blocks per sample, all classes (empty unless asked for). */
  readonly usedXY: Float64Array
  /** `[ops, bytes]` pairs: capacity of the carved pools per sample. */
  readonly capacityXY: Float64Array
  /** Per size class: the most bytes in used blocks at any sample. */
  readonly peak: Float64Array
  /** Per size class: 1 when it ever had a pool. */
  readonly seen: Uint8Array
}

/** One pass over the rows: totals per sample, peak and presence per size class. */
function scanClasses(ops: Float64Array, pools: Uint32Array, used: Uint32Array, count: number, withUsedXY: boolean): ClassScan {
  const usedTotal = new Float64Array(count)
  const usedXY = new Float64Array(withUsedXY ? count * 2 : 0)
  const capacityXY = new Float64Array(count * 2)
  const peak = new Float64Array(CLASSES)
  const seen = new Uint8Array(CLASSES)
  for (let i = 0; i < count; i++) {
    let u = 0
    let c = 0
    const row = i * CLASSES
    for (let k = 0; k < CLASSES; k++) {
      const p = pools[row + k] as number
      if (p === 0) continue
      seen[k] = 1
      const bytes = (used[row + k] as number) * (BLOCK_BYTES[k] as number)
      if (bytes > (peak[k] as number)) peak[k] = bytes
      u += bytes
      c += p * (POOL_CAPACITY_BYTES[k] as number)
    }
    const x = ops[i] as number
    usedTotal[i] = u
    if (withUsedXY) {
      usedXY[2 * i] = x
      usedXY[2 * i + 1] = u
    }
    capacityXY[2 * i] = x
    capacityXY[2 * i + 1] = c
  }
  return { used: usedTotal, usedXY, capacityXY, peak, seen }
}

/** Size classes drawn as their own band; the rest are summed into one "other classes" band. */
export const SHOWN_CLASSES = 8

/**
 * @returns the size classes that ever had a pool, split into the SHOWN_CLASSES with the most
 * bytes in used blocks at their peak (in size order) and the others
 */
function splitClasses(scan: ClassScan): { shown: number[]; other: number[] } {
  const active: number[] = []
  for (let k = 0; k < CLASSES; k++) if (scan.seen[k] === 1) active.push(k)
  const top = new Set([...active].sort((a, b) => (scan.peak[b] as number) - (scan.peak[a] as number)).slice(0, SHOWN_CLASSES))
  return { shown: active.filter((k) => top.has(k)), other: active.filter((k) => !top.has(k)) }
}

/** @returns bytes in used blocks of `classes` in sample row `row` */
function usedBytes(used: Uint32Array, row: number, classes: readonly number[]): number {
  let bytes = 0
  for (const k of classes) bytes += (used[row * CLASSES + k] as number) * (BLOCK_BYTES[k] as number)
  return bytes
}

/** Builds the pool-utilization option. */
export function poolUtilizationOption(ctx: ChartContext): EChartsOption {
  const series: SeriesOption[] = []
  const legendOrder: string[] = []
  ctx.runs.forEach((run, r) => {
    const s = run.result.samples
    const scan = scanClasses(s.ops, s.classPools, s.classUsedBlocks, s.count, ctx.compare)
    if (!ctx.compare) {
      // A band per size class would be 32 stacked areas, slow to draw and unreadable: the
      // classes holding the most bytes get their own band, the rest share one. A class with no
      // pool has no used block: the bands' sum per row is the total of all classes.
      const { shown, other } = splitClasses(scan)
      const bands: Band[] = shown.map((k, t) => ({ name: `${blockSizeOf(k)} B`, color: seriesColor(ctx.palette, t), value: (row) => (s.classUsedBlocks[row * CLASSES + k] as number) * (BLOCK_BYTES[k] as number) }))
      if (other.length > 0) bands.push({ name: `other ${other.length} classes`, color: seriesColor(ctx.palette, shown.length), value: (row) => usedBytes(s.classUsedBlocks, row, other) })
      series.push(...stackedBands(ctx, s.ops, s.count, bands, 'bytes', scan.used))
      legendOrder.push(...bands.map((b) => b.name), 'pool capacity')
    } else {
      series.push(lineSeries(seriesName(ctx, run, 'used'), scan.usedXY, 'bytes', { color: ctx.palette.series[r % ctx.palette.series.length] }))
    }
    series.push(
      lineSeries(seriesName(ctx, run, 'pool capacity'), scan.capacityXY, 'bytes', {
        lineStyle: { width: 1.5, type: 'dashed' },
        color: ctx.compare ? ctx.palette.series[r % ctx.palette.series.length] : ctx.palette.text,
      }),
    )
  })
  return cartesianFrame(ctx, {
    title: 'Pool utilization by size class',
    subtitle: ctx.compare ? 'bytes in used blocks vs pool capacity, per run' : 'bytes in used blocks per size class (stacked) vs capacity of carved pools',
    x: { name: 'operations', unit: 'ops', phases: 'ops' },
    y: [{ name: 'bytes', unit: 'bytes' }],
    series,
    ...(legendOrder.length > 0 ? { legendOrder } : {}),
  })
}
