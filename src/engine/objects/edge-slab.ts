/**
 * Storage for objects' references (list items, tuple items, dict and attribute entries, …) in one
 * Int32Array. Each object owns a region whose capacity is a power of two; freed regions go to a
 * free list per capacity and are reused LIFO; the last region grows in place. An entry is an
 * object index (> 0), 0 for NULL or a deleted entry, or a negative id of a static object (None,
 * small ints, code constants).
 */
import { nextCapacity, resizeColumn } from '../core/typed-array'

export interface EdgeSlab {
  data: Int32Array
  /** Next never-used position. */
  top: number
  /** Free regions by log2(capacity). */
  freeRegions: number[][]
}

/** Creates an empty slab. Position 0 is reserved so that 0 means "no region". */
export function createEdgeSlab(initial = 1024): EdgeSlab {
  return { data: new Int32Array(initial), top: 1, freeRegions: [] }
}

/** @returns log2 of the smallest power of two ≥ n (n ≥ 1) */
export function capacityLog2(n: number): number {
  return n <= 1 ? 0 : 32 - Math.clz32(n - 1)
}

/**
 * Allocates a region of 2^log2 entries (zeroed).
 * @returns the region's start position
 */
export function slabAlloc(slab: EdgeSlab, log2: number): number {
  const list = slab.freeRegions[log2]
  const capacity = 1 << log2
  if (list !== undefined && list.length > 0) {
    const start = list.pop() as number
    const data = slab.data
    if (capacity <= 16) for (let i = start; i < start + capacity; i++) data[i] = 0
    else data.fill(0, start, start + capacity)
    return start
  }
  const start = slab.top
  slab.top += capacity
  if (slab.top > slab.data.length) growData(slab)
  return start
}

function growData(slab: EdgeSlab): void {
  slab.data = resizeColumn(slab.data, nextCapacity(slab.data.length, slab.top))
}

/** Returns a region to the slab. */
export function slabFree(slab: EdgeSlab, start: number, log2: number): void {
  if (start === 0) return
  let list = slab.freeRegions[log2]
  if (list === undefined) {
    list = []
    slab.freeRegions[log2] = list
  }
  list.push(start)
}

/**
 * Moves `used` entries of a region into a new region of 2^newLog2 entries.
 * @returns the new start
 */
export function slabRealloc(slab: EdgeSlab, start: number, log2: number, newLog2: number, used: number): number {
  const capacity = 1 << log2
  if (start !== 0 && newLog2 > log2 && start + capacity === slab.top) {
    // The last region grows in place (one growing list: no copy, no freed region left behind).
    // Above `top` the slab is still zero; entries past `used` are cleared as a new region's are.
    if (used < capacity) slab.data.fill(0, start + used, start + capacity)
    slab.top = start + (1 << newLog2)
    if (slab.top > slab.data.length) growData(slab)
    return start
  }
  const next = slabAlloc(slab, newLog2)
  if (start !== 0) {
    slab.data.copyWithin(next, start, start + used)
    slabFree(slab, start, log2)
  }
  return next
}
