/**
 * Growing column stores for a live run: every numeric column of the sample batches and of the GC
 * log is appended to a typed array that doubles when full (one growth path, no per-row objects).
 * `view()` hands out `subarray` views of the filled range, shaped like the engine's columns.
 */
import type { GcLogColumns, SampleColumns } from '@engine'

type NumericArray = Float64Array | Uint32Array | Uint8Array
type ArrayCtor = { new (length: number): NumericArray }

const FIRST_CAPACITY = 256

/** One typed column that grows by doubling. */
class GrowingColumn {
  private data: NumericArray
  length = 0

  constructor(private readonly ctor: ArrayCtor) {
    this.data = new ctor(FIRST_CAPACITY)
  }

  append(values: ArrayLike<number> & { readonly length: number }): void {
    const needed = this.length + values.length
    if (needed > this.data.length) {
      let capacity = this.data.length
      while (capacity < needed) capacity *= 2
      const grown = new this.ctor(capacity)
      grown.set(this.data.subarray(0, this.length))
      this.data = grown
    }
    this.data.set(values as NumericArray, this.length)
    this.length = needed
  }

  /** Re-lays a row-major matrix to a wider row (a batch brought more per-type columns). */
  widen(rows: number, oldWidth: number, newWidth: number): void {
    const wide = new this.ctor(Math.max(FIRST_CAPACITY, rows * newWidth * 2))
    for (let r = 0; r < rows; r++) wide.set(this.data.subarray(r * oldWidth, r * oldWidth + oldWidth), r * newWidth)
    this.data = wide
    this.length = rows * newWidth
  }

  view(): NumericArray {
    return this.data.subarray(0, this.length)
  }
}

function isColumn(value: unknown): value is NumericArray {
  return ArrayBuffer.isView(value) && !(value instanceof DataView)
}

/**
 * Appends batches of columns of one shape (`SampleColumns` or `GcLogColumns`).
 * Matrix columns whose width is given by `widthKeys` (e.g. `typeLive` by `typeCount`) are
 * re-laid when a later batch is wider.
 */
export class ColumnAccumulator<T extends { readonly count: number }> {
  private readonly columns = new Map<string, GrowingColumn>()
  private readonly widths = new Map<string, number>()
  count = 0

  /**
   * @param widthKeys matrix column → the field holding its row width
   */
  constructor(private readonly widthKeys: Readonly<Record<string, string>> = {}) {}

  /**
   * Appends the rows of one batch.
   * @param batch columns with `count` rows each
   */
  append(batch: T): void {
    if (batch.count === 0) return
    const record = batch as unknown as Record<string, unknown>
    for (const widthKey of new Set(Object.values(this.widthKeys))) {
      const width = record[widthKey]
      if (typeof width !== 'number') continue
      const known = this.widths.get(widthKey)
      if (known !== undefined && width > known) {
        for (const [column, wk] of Object.entries(this.widthKeys)) if (wk === widthKey) this.columns.get(column)?.widen(this.count, known, width)
      }
      if (known === undefined || width > known) this.widths.set(widthKey, width)
    }
    for (const key of Object.keys(record)) {
      const values = record[key]
      if (!isColumn(values)) continue
      let column = this.columns.get(key)
      if (column === undefined) {
        column = new GrowingColumn(values.constructor as ArrayCtor)
        if (this.count > 0) column.append(new (values.constructor as ArrayCtor)(this.count * (values.length / batch.count)))
        this.columns.set(key, column)
      }
      const widthKey = this.widthKeys[key]
      const width = widthKey !== undefined ? this.widths.get(widthKey) : undefined
      const batchWidth = widthKey !== undefined ? (record[widthKey] as number) : undefined
      if (width !== undefined && batchWidth !== undefined && batchWidth < width) {
        // A narrower batch: pad each row with zeros to the known width.
        const padded = new (values.constructor as ArrayCtor)(batch.count * width)
        for (let r = 0; r < batch.count; r++) padded.set(values.subarray(r * batchWidth, r * batchWidth + batchWidth), r * width)
        column.append(padded)
      } else {
        column.append(values)
      }
    }
    this.count += batch.count
  }

  /**
   * Views of the filled rows, shaped like the engine's columns.
   * @param empty the shape to use when nothing arrived yet
   * @returns the columns (views, not copies: valid until the next append)
   */
  view(empty: T): T {
    const out: Record<string, unknown> = { ...(empty as unknown as Record<string, unknown>), count: this.count }
    for (const [key, column] of this.columns) out[key] = column.view()
    for (const [key, width] of this.widths) out[key] = width
    return out as unknown as T
  }
}

/** Sample columns with no rows. */
export function emptySamples(): SampleColumns {
  return {
    count: 0, ops: new Float64Array(0), timeNs: new Float64Array(0), arenas: new Uint32Array(0), arenasHighwater: new Uint32Array(0),
    poolsInUse: new Uint32Array(0), poolsFree: new Uint32Array(0), blockBytes: new Float64Array(0), requestedBytes: new Float64Array(0),
    availBytes: new Float64Array(0), poolHeaderBytes: new Float64Array(0), quantizationBytes: new Float64Array(0), rawBytes: new Float64Array(0),
    rawHeapBytes: new Float64Array(0), rawLargestFree: new Float64Array(0), footprintBytes: new Float64Array(0), liveObjects: new Float64Array(0),
    generationSizes: new Float64Array(0), generationCounts: new Float64Array(0), classPools: new Uint32Array(0), classUsedBlocks: new Uint32Array(0),
    typeLive: new Float64Array(0), typeCount: 0, freeListSizes: new Uint32Array(0), freeListReused: new Float64Array(0),
    freeListMissed: new Float64Array(0), freeListReleased: new Float64Array(0), freeListDropped: new Float64Array(0), freeListCount: 0,
  }
}

/** A GC log with no rows. */
export function emptyGcLog(): GcLogColumns {
  return {
    count: 0, ops: new Float64Array(0), timeNs: new Float64Array(0), generation: new Uint8Array(0), reason: new Uint8Array(0),
    examined: new Float64Array(0), traversed: new Float64Array(0), unreachable: new Float64Array(0), collected: new Float64Array(0),
    uncollectable: new Float64Array(0), promoted: new Float64Array(0), moved: new Float64Array(0), pauseNs: new Float64Array(0),
    wallNs: new Float64Array(0), countsBefore: new Float64Array(0),
  }
}

/** Width fields of the per-type and per-free-list matrices. */
export const SAMPLE_WIDTH_KEYS: Readonly<Record<string, string>> = {
  typeLive: 'typeCount',
  freeListSizes: 'freeListCount',
  freeListReused: 'freeListCount',
  freeListMissed: 'freeListCount',
  freeListReleased: 'freeListCount',
  freeListDropped: 'freeListCount',
}
