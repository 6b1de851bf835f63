/**
 * Object creation as CPython does it, per type: which free list is tried first, the request
 * size, when the generation-0 count is bumped (before the object is initialised, so a 3.11
 * collection never sees it), and whether the new object is tracked.
 *
 * Every function returns a new reference (refcount 1) owned by the caller.
 */
import { memAlloc } from '../allocator/memory'
import { createObject, FLAG, reserveRefs } from '../objects/object-store'
import { OBJECT_TYPE } from '../objects/object-types'
import { FREE_LIST, TUPLE_BASE, freeListPop } from './free-lists'
import type { Interp } from './interp'
import { gcLink, gcTrack } from './tracking'

function born(interp: Interp, type: number): void {
  interp.counters.objectsAllocated++
  interp.counters.typeLive[type] = (interp.counters.typeLive[type] as number) + 1
}

/** A non-GC object straight from the allocator (`PyObject_Malloc`). */
export function newPlainObject(interp: Interp, type: number, nbytes: number): number {
  const block = memAlloc(interp.mem, nbytes)
  born(interp, type)
  return createObject(interp.store, type, block, nbytes)
}

/**
 * A GC object from the allocator (`_PyObject_GC_New`): memory first, then `_PyObject_GC_Link`
 * (count0 + 1, and in 3.11 possibly a collection), then the object. Not tracked yet.
 */
export function newGcObject(interp: Interp, type: number, nbytes: number): number {
  const block = memAlloc(interp.mem, nbytes)
  gcLink(interp)
  born(interp, type)
  return createObject(interp.store, type, block, nbytes)
}

/** A GC object whose block came from a free list (no count change). */
function reuseGcObject(interp: Interp, type: number, block: number, nbytes: number): number {
  born(interp, type)
  return createObject(interp.store, type, block, nbytes)
}

/** `PyFloat_FromDouble`: free list first. */
export function newFloat(interp: Interp): number {
  const bytes = interp.preset.sizes.float
  const block = freeListPop(interp.free, FREE_LIST.FLOAT)
  if (block < 0) return newPlainObject(interp, OBJECT_TYPE.FLOAT, bytes)
  born(interp, OBJECT_TYPE.FLOAT)
  return createObject(interp.store, OBJECT_TYPE.FLOAT, block, bytes)
}

/**
 * Flag bit of a compact (one-digit) int, which 3.14's `long_dealloc` puts on the int free list.
 * Ints have no keys, so the dict-only SPLIT bit is free on them (as INSTANCE_DICT reuses one).
 */
export const COMPACT_INT = FLAG.SPLIT

/**
 * An int outside the small-int cache with `digits` 30-bit digits. One-digit results of
 * arithmetic and `range` come from `_PyLong_FromMedium` (`sizeof(PyLongObject)`), which in 3.14
 * pops the int free list first (capacity 100, compact ints only).
 */
export function newInt(interp: Interp, digits: number): number {
  const sizes = interp.preset.sizes
  if (digits > 1) return newPlainObject(interp, OBJECT_TYPE.INT, sizes.intHeader + 4 * digits)
  if (interp.free.capacity[FREE_LIST.INT] === 0) return newPlainObject(interp, OBJECT_TYPE.INT, sizes.intMedium)
  const block = freeListPop(interp.free, FREE_LIST.INT)
  let o: number
  if (block >= 0) {
    born(interp, OBJECT_TYPE.INT)
    o = createObject(interp.store, OBJECT_TYPE.INT, block, sizes.intMedium)
  } else o = newPlainObject(interp, OBJECT_TYPE.INT, sizes.intMedium)
  interp.store.flags[o] = (interp.store.flags[o] as number) | COMPACT_INT
  return o
}

/** Widths of the str kinds (ascii, latin1, ucs2, ucs4). */
export const STR_KIND_WIDTH = [1, 1, 2, 4] as const

/** A compact str of `length` characters of kind 0..3 (ascii, latin1, ucs2, ucs4). */
export function newStr(interp: Interp, length: number, kind: number): number {
  const sizes = interp.preset.sizes
  const bytes = kind === 0 ? sizes.strAsciiHeader + length + 1 : sizes.strCompactHeader + (length + 1) * (STR_KIND_WIDTH[kind] as number)
  return newPlainObject(interp, OBJECT_TYPE.STR, bytes)
}

/** A bytes object of `length` bytes. */
export function newBytes(interp: Interp, length: number): number {
  return newPlainObject(interp, OBJECT_TYPE.BYTES, interp.preset.sizes.bytesHeader + length + 1)
}

/**
 * `tuple_alloc` + `_PyObject_GC_TRACK`: a tracked tuple with room for `n` items (n ≥ 1); the
 * caller stores the items. Sizes up to the preset's pop limit come from the free list.
 */
export function newTuple(interp: Interp, n: number): number {
  const bytes = interp.preset.sizes.tupleHeader + 8 * n
  let o: number
  const block = n <= interp.preset.tuplePopMaxSize ? freeListPop(interp.free, TUPLE_BASE + n - 1) : -1
  if (block >= 0) o = reuseGcObject(interp, OBJECT_TYPE.TUPLE, block, bytes)
  else o = newGcObject(interp, OBJECT_TYPE.TUPLE, bytes)
  const s = interp.store
  reserveRefs(s, o, n)
  s.refLen[s.container[o] as number] = n
  gcTrack(interp, o)
  return o
}

/** `PyList_New(n)`: free list first; `n` item slots from `PyMem_Calloc` (NULL when 0); tracked. */
export function newList(interp: Interp, n: number): number {
  const bytes = interp.preset.sizes.list
  const block = freeListPop(interp.free, FREE_LIST.LIST)
  const o = block >= 0 ? reuseGcObject(interp, OBJECT_TYPE.LIST, block, bytes) : newGcObject(interp, OBJECT_TYPE.LIST, bytes)
  const s = interp.store
  if (n > 0) {
    s.aux[s.container[o] as number] = memAlloc(interp.mem, 8 * n)
    s.auxSize[s.container[o] as number] = 8 * n
    reserveRefs(s, o, n)
  }
  gcTrack(interp, o)
  return o
}

/**
 * `PyDict_New()`: free list first, empty shared keys (no keys allocation). Untracked until a
 * value that may be tracked is inserted (3.14: tracked at once).
 */
export function newDict(interp: Interp): number {
  const bytes = interp.preset.sizes.dict
  const block = freeListPop(interp.free, FREE_LIST.DICT)
  const o = block >= 0 ? reuseGcObject(interp, OBJECT_TYPE.DICT, block, bytes) : newGcObject(interp, OBJECT_TYPE.DICT, bytes)
  const s = interp.store
  s.flags[o] = (s.flags[o] as number) | FLAG.KEYED
  if (!interp.preset.lazyDictTracking) gcTrack(interp, o)
  return o
}

/** `make_new_set`: a tracked set with its 8-slot inline table. */
export function newSet(interp: Interp): number {
  const o = newGcObject(interp, OBJECT_TYPE.SET, interp.preset.sizes.set)
  gcTrack(interp, o)
  return o
}

/** A function object (`MAKE_FUNCTION`), tracked. */
export function newFunction(interp: Interp): number {
  const o = newGcObject(interp, OBJECT_TYPE.FUNCTION, interp.preset.sizes.function)
  gcTrack(interp, o)
  return o
}

/** `PyCell_New(value)`: steals `value`. */
export function newCell(interp: Interp, value: number): number {
  const o = newGcObject(interp, OBJECT_TYPE.CELL, interp.preset.sizes.cell)
  const s = interp.store
  reserveRefs(s, o, 1)
  s.edges.data[s.refStart[s.container[o] as number] as number] = value
  s.refLen[s.container[o] as number] = 1
  gcTrack(interp, o)
  return o
}

/** `PyMethod_New(func, self)`: steals `self` (the function is a long-lived class attribute). */
export function newMethod(interp: Interp, self: number): number {
  const o = newGcObject(interp, OBJECT_TYPE.METHOD, interp.preset.sizes.method)
  const s = interp.store
  reserveRefs(s, o, 1)
  s.edges.data[s.refStart[s.container[o] as number] as number] = self
  s.refLen[s.container[o] as number] = 1
  gcTrack(interp, o)
  return o
}

/** `range(n)` object (not GC). */
export function newRange(interp: Interp): number {
  return newPlainObject(interp, OBJECT_TYPE.RANGE, interp.preset.sizes.range)
}

/** `iter(range(n))` (not GC). */
export function newRangeIterator(interp: Interp): number {
  return newPlainObject(interp, OBJECT_TYPE.RANGE_ITERATOR, interp.preset.sizes.rangeIterator)
}
