/**
 * The interpreter's state when `run()` starts: a measured heap (arenas, pools per size class,
 * unused pools), the long-lived tracked objects already in the oldest generation, and for the
 * `probe` baseline the reference probe's own allocations between `gc.collect()` and `run()`
 * (the `gc.get_objects()` list, freed; the `gc.get_stats()` list of three dicts, kept), which
 * leave count0 at 4 (measured on 3.11.7, 3.12.1 and 3.13.0).
 */
import { blocksPerPool, seedObmalloc } from '../allocator/obmalloc'
import { LIST } from '../gc/gc-list'
import { createObject, FLAG } from '../objects/object-store'
import { OBJECT_TYPE } from '../objects/object-types'
import type { BaselineId } from '../scenario/ast'
import { MEASURED_HEAPS } from './baseline-data'
import { SMALL_INT } from './constants'
import { newDict, newFloat, newInt, newList, newStr } from './allocate'
import { decref } from './dealloc'
import { dictSetItem } from './dict-ops'
import type { Interp } from './interp'
import { listAppend } from './list-ops'
import { NO_BLOCK } from '../allocator/memory'

/**
 * One measured heap, as tools/python/capture_baseline.py and python/heapscope_probe.py print it:
 * `sys._debugmallocstats()` in numbers, and from the probe also the usedpools layout.
 */
export interface MeasuredHeap {
  readonly python: string
  readonly mode: string
  readonly tracked_objects: number
  readonly gen0_count: number
  readonly arenas: number
  readonly arenas_allocated_total: number
  readonly arenas_highwater: number
  readonly misaligned_arenas: number
  readonly unused_pools: number
  /** Per size class with pools: [index, pools, used blocks, available blocks]. */
  readonly classes: readonly (readonly [number, number, number, number])[]
  /**
   * Per size class: [index, free blocks of each partially used pool in usedpools order, head
   * first] (python/heapscope_probe.py measures it at run()'s start). A class left out, or a heap
   * without this field (older measurements, the bundled baselines), is seeded from its totals.
   */
  readonly usedpools?: readonly (readonly [number, readonly number[]])[]
}

/** @returns the measured heap for a preset and baseline, or null for `empty` (and 3.14) */
export function measuredHeap(presetId: string, baseline: BaselineId): MeasuredHeap | null {
  if (baseline === 'empty') return null
  const heaps = MEASURED_HEAPS[presetId] ?? MEASURED_HEAPS['cpython-3.13']
  return heaps?.[baseline] ?? null
}

/**
 * Seeds the allocator with a measured heap (with its usedpools layout where measured).
 * @param reserved blocks per size class that are part of the measured heap but that the caller
 *   allocates again right after seeding (the program's module-level objects, which the measured
 *   process had made before the measurement): they are seeded free at the head of their class, so
 *   that once allocated the heap is the measured one
 */
export function seedHeap(interp: Interp, heap: MeasuredHeap, reserved: ReadonlyMap<number, number> = new Map()): void {
  const om = interp.mem.om
  const layouts = new Map(heap.usedpools ?? [])
  seedObmalloc(
    om,
    heap.arenas,
    heap.misaligned_arenas,
    heap.classes.map(([index, pools, used]) => {
      const k = Math.min(reserved.get(index) ?? 0, used)
      const usedPools = layouts.get(index)
      const head = usedPools?.[0]
      if (usedPools === undefined || head === undefined || head + k >= blocksPerPool(index)) {
        // No layout (or one whose head pool the reserved blocks would empty): from the totals.
        return { index, pools, usedBlocks: used - k }
      }
      return { index, pools, usedBlocks: used - k, usedPools: [head + k, ...usedPools.slice(1)] }
    }),
  )
  om.arenasAllocatedTotal = heap.arenas_allocated_total
  om.arenasHighwater = Math.max(heap.arenas_highwater, heap.arenas)
}

/**
 * Creates `count` long-lived tracked objects in the oldest generation (modules, functions,
 * classes, … of the starting heap); their memory is part of the measured heap.
 */
export function seedLongLived(interp: Interp, count: number): void {
  const s = interp.store
  for (let i = 0; i < count; i++) {
    const o = createObject(s, OBJECT_TYPE.INTERPRETER, NO_BLOCK, 0)
    addToOldest(interp, o)
  }
}

/** Links an object into generation 2 (as a survivor of the probe's full collection). */
export function addToOldest(interp: Interp, o: number): void {
  const s = interp.store
  const head = LIST.GEN2
  const last = s.gcPrev[head] as number
  s.gcNext[last] = o
  s.gcPrev[o] = last
  s.gcNext[o] = head
  s.gcPrev[head] = o
  s.gcList[s.container[o] as number] = head
  s.flags[o] = (s.flags[o] as number) | FLAG.TRACKED
  interp.gc.listSize[head] = (interp.gc.listSize[head] as number) + 1
}

/**
 * The probe's own allocations between its `gc.collect()` and `run()`:
 * `tracked = len(gc.get_objects())` (a list, freed to the free list, and the count, an int above
 * the small-int cache), `s0 = gc.get_stats()` (that list reused, three untracked dicts appended)
 * and `t0 = time.perf_counter()` (a float).
 *
 * `gc.get_stats()` builds each dict with `Py_BuildValue("{snsnsn}", ...)`: the dict, then per
 * pair a new str key (`PyUnicode_FromString`, not interned: "collections", "collected",
 * "uncollectable", 64-byte blocks on 3.11-3.13) and the value, inserted and the key's own
 * reference dropped. Measured with sys._debugmallocstats() around the call on 3.11.7, 3.12.1 and
 * 3.13.0: 12 blocks of 64 bytes (the list came from the free list), 3 of 128 (keys tables), 1 of
 * 32 (the list's item array).
 * @returns the objects the probe keeps alive (they stay referenced from its frame)
 */
export function runProbePreamble(interp: Interp): number[] {
  const objects = newList(interp, 0)
  const tracked = newInt(interp, 1)
  decref(interp, objects)
  const stats = newList(interp, 0)
  for (const _ of [0, 1, 2]) {
    const d = newDict(interp)
    for (const key of ['collections', 'collected', 'uncollectable']) {
      const k = newStr(interp, key.length, 0)
      dictSetItem(interp, d, k, SMALL_INT)
      decref(interp, k)
    }
    listAppend(interp, stats, d)
  }
  return [tracked, stats, newFloat(interp)]
}
