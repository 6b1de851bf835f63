/**
 * Metric samples as growable typed-array columns (one per metric, ECharts DataStore style).
 * Rows are appended; `sliceSamples` copies a row range out as a `SampleColumns` DTO so nothing
 * outside the engine aliases engine memory.
 */
import { growColumn } from '../core/typed-array'
import { SIZE_CLASS_COUNT, type SampleColumns } from '../types'

/** Scalar columns (one value per row). */
const SCALARS = [
  'ops',
  'timeNs',
  'arenas',
  'arenasHighwater',
  'poolsInUse',
  'poolsFree',
  'blockBytes',
  'requestedBytes',
  'availBytes',
  'poolHeaderBytes',
  'quantizationBytes',
  'rawBytes',
  'rawHeapBytes',
  'rawLargestFree',
  'footprintBytes',
  'liveObjects',
] as const
export type ScalarName = (typeof SCALARS)[number]

const UINT_SCALARS = new Set<ScalarName>(['arenas', 'arenasHighwater', 'poolsInUse', 'poolsFree'])

export interface SampleBuffer {
  count: number
  capacity: number
  readonly typeCount: number
  readonly freeListCount: number
  scalars: Record<ScalarName, Float64Array | Uint32Array>
  generationSizes: Float64Array
  generationCounts: Float64Array
  classPools: Uint32Array
  classUsedBlocks: Uint32Array
  typeLive: Float64Array
  freeListSizes: Uint32Array
  freeListReused: Float64Array
  freeListMissed: Float64Array
  freeListReleased: Float64Array
  freeListDropped: Float64Array
}

/** Creates an empty buffer. */
export function createSampleBuffer(typeCount: number, freeListCount: number): SampleBuffer {
  const capacity = 256
  const scalars = {} as Record<ScalarName, Float64Array | Uint32Array>
  for (const name of SCALARS) scalars[name] = UINT_SCALARS.has(name) ? new Uint32Array(capacity) : new Float64Array(capacity)
  return {
    count: 0,
    capacity,
    typeCount,
    freeListCount,
    scalars,
    generationSizes: new Float64Array(capacity * 4),
    generationCounts: new Float64Array(capacity * 3),
    classPools: new Uint32Array(capacity * SIZE_CLASS_COUNT),
    classUsedBlocks: new Uint32Array(capacity * SIZE_CLASS_COUNT),
    typeLive: new Float64Array(capacity * typeCount),
    freeListSizes: new Uint32Array(capacity * freeListCount),
    freeListReused: new Float64Array(capacity * freeListCount),
    freeListMissed: new Float64Array(capacity * freeListCount),
    freeListReleased: new Float64Array(capacity * freeListCount),
    freeListDropped: new Float64Array(capacity * freeListCount),
  }
}

/** Makes room for one more row. @returns the new row's index */
export function appendRow(b: SampleBuffer): number {
  if (b.count >= b.capacity) {
    const cap = b.capacity * 2
    for (const name of SCALARS) b.scalars[name] = growColumn(b.scalars[name], cap)
    b.generationSizes = growColumn(b.generationSizes, cap * 4)
    b.generationCounts = growColumn(b.generationCounts, cap * 3)
    b.classPools = growColumn(b.classPools, cap * SIZE_CLASS_COUNT)
    b.classUsedBlocks = growColumn(b.classUsedBlocks, cap * SIZE_CLASS_COUNT)
    b.typeLive = growColumn(b.typeLive, cap * b.typeCount)
    b.freeListSizes = growColumn(b.freeListSizes, cap * b.freeListCount)
    b.freeListReused = growColumn(b.freeListReused, cap * b.freeListCount)
    b.freeListMissed = growColumn(b.freeListMissed, cap * b.freeListCount)
    b.freeListReleased = growColumn(b.freeListReleased, cap * b.freeListCount)
    b.freeListDropped = growColumn(b.freeListDropped, cap * b.freeListCount)
    b.capacity = cap
  }
  return b.count++
}

function rows<T extends Float64Array | Uint32Array>(column: T, from: number, to: number, width: number): T {
  return column.slice(from * width, to * width) as T
}

/** Copies rows [from, to) into a plain DTO. */
export function sliceSamples(b: SampleBuffer, from: number, to: number): SampleColumns {
  const sc = b.scalars
  const n = b.freeListCount
  return {
    count: to - from,
    ops: rows(sc.ops as Float64Array, from, to, 1),
    timeNs: rows(sc.timeNs as Float64Array, from, to, 1),
    arenas: rows(sc.arenas as Uint32Array, from, to, 1),
    arenasHighwater: rows(sc.arenasHighwater as Uint32Array, from, to, 1),
    poolsInUse: rows(sc.poolsInUse as Uint32Array, from, to, 1),
    poolsFree: rows(sc.poolsFree as Uint32Array, from, to, 1),
    blockBytes: rows(sc.blockBytes as Float64Array, from, to, 1),
    requestedBytes: rows(sc.requestedBytes as Float64Array, from, to, 1),
    availBytes: rows(sc.availBytes as Float64Array, from, to, 1),
    poolHeaderBytes: rows(sc.poolHeaderBytes as Float64Array, from, to, 1),
    quantizationBytes: rows(sc.quantizationBytes as Float64Array, from, to, 1),
    rawBytes: rows(sc.rawBytes as Float64Array, from, to, 1),
    rawHeapBytes: rows(sc.rawHeapBytes as Float64Array, from, to, 1),
    rawLargestFree: rows(sc.rawLargestFree as Float64Array, from, to, 1),
    footprintBytes: rows(sc.footprintBytes as Float64Array, from, to, 1),
    liveObjects: rows(sc.liveObjects as Float64Array, from, to, 1),
    generationSizes: rows(b.generationSizes, from, to, 4),
    generationCounts: rows(b.generationCounts, from, to, 3),
    classPools: rows(b.classPools, from, to, SIZE_CLASS_COUNT),
    classUsedBlocks: rows(b.classUsedBlocks, from, to, SIZE_CLASS_COUNT),
    typeLive: rows(b.typeLive, from, to, b.typeCount),
    typeCount: b.typeCount,
    freeListSizes: rows(b.freeListSizes, from, to, n),
    freeListReused: rows(b.freeListReused, from, to, n),
    freeListMissed: rows(b.freeListMissed, from, to, n),
    freeListReleased: rows(b.freeListReleased, from, to, n),
    freeListDropped: rows(b.freeListDropped, from, to, n),
    freeListCount: n,
  }
}
