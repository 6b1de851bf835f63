/**
 * The simulated objects, struct-of-arrays: one typed-array column per field, indexed by object
 * index (1..capacity; 0 is NULL). No JS object exists per simulated object.
 *
 * A handle given out at the engine's boundary packs the index with the slot's version
 * (`version × 2^32 + index`), so stale handles are detected after the slot is reused.
 */
import { growColumn, nextCapacity, resizeColumn } from '../core/typed-array'
import { NO_BLOCK } from '../allocator/memory'
import { hasContainer } from './object-types'
import { capacityLog2, createEdgeSlab, slabAlloc, slabFree, slabRealloc, type EdgeSlab } from './edge-slab'

/** Object flag bits (`flags` column). */
export const FLAG = {
  /** Linked into a generation list (CPython: `_gc_next != 0`). */
  TRACKED: 1 << 0,
  /** `tp_finalize` already ran (PyGC_Head FINALIZED bit). */
  FINALIZED: 1 << 1,
  /** In the generation being collected (PREV_MASK_COLLECTING). */
  COLLECTING: 1 << 2,
  /** Tentatively unreachable during move_unreachable (NEXT_MASK_UNREACHABLE). */
  UNREACHABLE: 1 << 3,
  /** The slot holds a live object. */
  ALIVE: 1 << 4,
  /** Entries are [key, value] pairs (dicts, attribute storage of instances). */
  KEYED: 1 << 5,
  /** A dict whose keys are not all str (CPython's general keys table). */
  GENERAL_KEYS: 1 << 6,
  /** A dict sharing its class's keys (split table; values array in `aux`). */
  SPLIT: 1 << 7,
} as const

/** `gcList` value of an untracked object. */
export const NOT_IN_LIST = 255

export interface ObjectStore {
  capacity: number
  /** Highest index ever used. */
  top: number
  live: number
  peakLive: number
  freeSlots: Int32Array
  freeSlotCount: number
  /** Object type (builtin id or FIRST_CLASS_TYPE + class index). */
  type: Uint16Array
  flags: Uint8Array
  /** Incremented each time the slot is freed (handle generation, mod 256). */
  version: Uint8Array
  /** `ob_refcnt`. During a collection `gcPrev` of collecting objects holds gc_refs instead. */
  refcnt: Int32Array
  /**
   * Generation list links (`_gc_next`/`_gc_prev`); list heads are reserved indices. Per object
   * rather than per container row: a list walk is a chain of dependent loads, one per step.
   */
  gcNext: Int32Array
  gcPrev: Int32Array
  /** Allocator block of the object itself (pool id or raw chunk), NO_BLOCK for starting-heap objects. */
  block: Int32Array
  /** Bytes requested for the object block. */
  size: Uint32Array
  /**
   * The object's row in the container columns below (0: none). Only GC types have one (see
   * `hasContainer`); row 0 is a read-only sentinel holding the "none" values (not in a list, no
   * aux block, no references), so a read through `container[o]` of any object needs no branch.
   * The reserved list heads own rows 1..RESERVED_INDICES-1 (`container[head] === head`).
   */
  container: Int32Array

  // Container columns, indexed by container row (`s.refLen[s.container[o]]`).
  /** Rows allocated (capacity of the container columns). */
  containerCapacity: number
  /** Highest container row ever used. */
  containerTop: number
  freeContainers: Int32Array
  freeContainerCount: number
  /** Which list the object is linked in (0..2 generations, 3 permanent, NOT_IN_LIST). */
  gcList: Uint8Array
  /** Separately allocated buffer: list item array, dict keys or values, set table, values array. */
  aux: Int32Array
  /** Bytes requested for `aux`. */
  auxSize: Uint32Array
  /** References: region start in `edges`, entries used, log2 of the region's capacity. */
  refStart: Uint32Array
  refLen: Uint32Array
  refCapLog2: Uint8Array
  edges: EdgeSlab
}

/** Number of reserved indices at the start (NULL + list heads). */
export const RESERVED_INDICES = 16

/**
 * Creates a store; indices 1..RESERVED_INDICES-1 are list heads for the collector.
 * @param capacity initial number of slots
 */
export function createObjectStore(capacity = 1 << 16): ObjectStore {
  const cap = Math.max(capacity, RESERVED_INDICES * 2)
  const containerCap = Math.max(cap >> 2, RESERVED_INDICES * 2)
  const container = new Int32Array(cap)
  for (let i = 1; i < RESERVED_INDICES; i++) container[i] = i
  const store: ObjectStore = {
    capacity: cap,
    top: RESERVED_INDICES - 1,
    live: 0,
    peakLive: 0,
    freeSlots: new Int32Array(1024),
    freeSlotCount: 0,
    type: new Uint16Array(cap),
    flags: new Uint8Array(cap),
    version: new Uint8Array(cap),
    refcnt: new Int32Array(cap),
    gcNext: new Int32Array(cap),
    gcPrev: new Int32Array(cap),
    block: new Int32Array(cap).fill(NO_BLOCK),
    size: new Uint32Array(cap),
    container,
    containerCapacity: containerCap,
    containerTop: RESERVED_INDICES - 1,
    freeContainers: new Int32Array(1024),
    freeContainerCount: 0,
    gcList: new Uint8Array(containerCap).fill(NOT_IN_LIST),
    aux: new Int32Array(containerCap).fill(NO_BLOCK),
    auxSize: new Uint32Array(containerCap),
    refStart: new Uint32Array(containerCap),
    refLen: new Uint32Array(containerCap),
    refCapLog2: new Uint8Array(containerCap),
    edges: createEdgeSlab(),
  }
  return store
}

function grow(s: ObjectStore, min: number): void {
  const cap = nextCapacity(s.capacity, min)
  s.type = resizeColumn(s.type, cap)
  s.flags = resizeColumn(s.flags, cap)
  s.version = resizeColumn(s.version, cap)
  s.refcnt = resizeColumn(s.refcnt, cap)
  s.gcNext = resizeColumn(s.gcNext, cap)
  s.gcPrev = resizeColumn(s.gcPrev, cap)
  s.block = resizeColumn(s.block, cap, NO_BLOCK)
  s.size = resizeColumn(s.size, cap)
  s.container = resizeColumn(s.container, cap)
  s.capacity = cap
}

function growContainers(s: ObjectStore, min: number): void {
  const cap = nextCapacity(s.containerCapacity, min)
  s.gcList = resizeColumn(s.gcList, cap, NOT_IN_LIST)
  s.aux = resizeColumn(s.aux, cap, NO_BLOCK)
  s.auxSize = resizeColumn(s.auxSize, cap)
  s.refStart = resizeColumn(s.refStart, cap)
  s.refLen = resizeColumn(s.refLen, cap)
  s.refCapLog2 = resizeColumn(s.refCapLog2, cap)
  s.containerCapacity = cap
}

/** @returns a container row in its "none" state (not in a list, no aux block, no references) */
function allocContainer(s: ObjectStore): number {
  if (s.freeContainerCount > 0) return s.freeContainers[--s.freeContainerCount] as number
  const c = ++s.containerTop
  if (c >= s.containerCapacity) growContainers(s, c + 1)
  return c
}

/**
 * Takes a free slot for a new object of `type` with refcount 1 (the caller's reference).
 * @returns the object index
 */
export function createObject(s: ObjectStore, type: number, block: number, size: number): number {
  let o: number
  if (s.freeSlotCount > 0) o = s.freeSlots[--s.freeSlotCount] as number
  else {
    o = ++s.top
    if (o >= s.capacity) grow(s, o + 1)
  }
  // A free slot has no container row, and a free row is in its "none" state (destroyObject's invariant).
  s.type[o] = type
  s.flags[o] = FLAG.ALIVE
  s.refcnt[o] = 1
  s.block[o] = block
  s.size[o] = size
  if (hasContainer(type)) s.container[o] = allocContainer(s)
  s.live++
  if (s.live > s.peakLive) s.peakLive = s.live
  return o
}

/**
 * Releases an object's slot (its blocks must already be freed and it must be untracked). Leaves
 * the slot with no aux block and no references, which `createObject` relies on.
 */
export function destroyObject(s: ObjectStore, o: number): void {
  const c = s.container[o] as number
  if (c !== 0) {
    if (s.refStart[c] !== 0) {
      slabFree(s.edges, s.refStart[c] as number, s.refCapLog2[c] as number)
      s.refStart[c] = 0
      s.refLen[c] = 0
      s.refCapLog2[c] = 0
    }
    s.aux[c] = NO_BLOCK
    s.auxSize[c] = 0
    s.gcList[c] = NOT_IN_LIST
    s.container[o] = 0
    if (s.freeContainerCount >= s.freeContainers.length) s.freeContainers = growColumn(s.freeContainers, s.freeContainerCount + 1)
    s.freeContainers[s.freeContainerCount++] = c
  }
  s.flags[o] = 0
  s.version[o] = ((s.version[o] as number) + 1) & 0xff
  s.live--
  if (s.freeSlotCount >= s.freeSlots.length) s.freeSlots = growColumn(s.freeSlots, s.freeSlotCount + 1)
  s.freeSlots[s.freeSlotCount++] = o
}

/** @returns container rows owned by live objects (the list heads' rows not counted) */
export function liveContainerRows(s: ObjectStore): number {
  return s.containerTop - (RESERVED_INDICES - 1) - s.freeContainerCount
}

/** Ensures the object's reference region can hold `n` entries (keeping the current ones). */
export function reserveRefs(s: ObjectStore, o: number, n: number): void {
  reserveRowRefs(s, s.container[o] as number, n)
}

/** `reserveRefs` by container row (`c` ≠ 0). */
export function reserveRowRefs(s: ObjectStore, c: number, n: number): void {
  const start = s.refStart[c] as number
  const log2 = s.refCapLog2[c] as number
  if (start !== 0 && n <= 1 << log2) return
  const newLog2 = capacityLog2(Math.max(n, 1))
  s.refStart[c] = start === 0 ? slabAlloc(s.edges, newLog2) : slabRealloc(s.edges, start, log2, newLog2, s.refLen[c] as number)
  s.refCapLog2[c] = newLog2
}

/** Appends one reference entry (the caller transfers its reference to the object). */
export function pushRef(s: ObjectStore, o: number, value: number): void {
  const c = s.container[o] as number
  const len = s.refLen[c] as number
  reserveRowRefs(s, c, len + 1)
  s.edges.data[(s.refStart[c] as number) + len] = value
  s.refLen[c] = len + 1
}

/** @returns a handle (index + version) for use outside the engine */
export function handleOf(s: ObjectStore, o: number): number {
  return (s.version[o] as number) * 4294967296 + o
}

/** @returns whether a handle still names the live object it was made for */
export function isAlive(s: ObjectStore, handle: number): boolean {
  const o = handle % 4294967296
  const version = Math.floor(handle / 4294967296)
  return o > 0 && o <= s.top && ((s.flags[o] as number) & FLAG.ALIVE) !== 0 && s.version[o] === version
}

/** @returns bytes the store's typed arrays hold (every column at its capacity, container columns, free slots and rows, edges) */
export function objectStoreBytes(s: ObjectStore): number {
  let bytes = s.edges.data.byteLength
  for (const value of Object.values(s)) if (ArrayBuffer.isView(value)) bytes += value.byteLength
  return bytes
}
