/**
 * Interpreter presets: the constants and policies that differ between CPython versions
 * (64-bit Linux, default GIL build). Sources: docs/cpython-model.md (which cites
 * Objects/*.c, Modules/gcmodule.c, Python/gc.c per version, and measurements on 3.11.7, 3.12.1
 * and 3.13.0).
 */
import type { PresetId } from '../scenario/ast'

export interface Preset {
  readonly id: PresetId
  /** "3.11" … as `sys.version_info[:2]`. */
  readonly version: string
  readonly label: string
  /** Whether a local interpreter can check it (`heapscope validate`). */
  readonly checkable: boolean
  readonly thresholds: readonly [number, number, number]
  /** 3.11 collects inside the allocation; 3.12+ at the next eval-breaker check. */
  readonly gcTrigger: 'allocation' | 'eval-breaker'
  /** 3.14.0–3.14.4 ship the incremental collector. */
  readonly collector: 'generational' | 'incremental'
  /** Dicts start untracked and are untracked again by full collections (≤ 3.13). */
  readonly lazyDictTracking: boolean
  /** Tuple free list: largest size that is popped (3.11/3.12 push size 20 but never pop it). */
  readonly tuplePopMaxSize: number
  /** Capacity of each free list. */
  readonly freeListCapacity: {
    readonly float: number
    readonly tuple: number
    readonly list: number
    readonly dict: number
    readonly dictKeys: number
    readonly int: number
  }
  readonly sizes: ObjectSizes
  readonly trashcan: TrashcanRule
}

/**
 * When a container's deallocation is deferred (`Py_TRASHCAN_BEGIN`), in terms of the number of
 * trashcan deallocations already in progress (`nesting`): deferred when nesting ≥ `depositAt`;
 * at the end of one, the deferred objects are destroyed when nesting < `destroyBelow`.
 */
export interface TrashcanRule {
  readonly depositAt: number
  readonly destroyBelow: number
  /** 3.11/3.12: `_PyTrash_thread_destroy_chain` counts one more nesting level while it runs. */
  readonly chainNests: boolean
}

/** 3.11, 3.12: `trash_delete_nesting` against `_PyTrash_UNWIND_LEVEL` (50); the chain is destroyed when it unwinds to 0. */
const TRASHCAN_NESTING: TrashcanRule = { depositAt: 50, destroyBelow: 1, chainNests: true }

/**
 * 3.13: `c_recursion_remaining` against `Py_TRASHCAN_HEADROOM` (50): deferred when at most 50 of
 * `Py_C_RECURSION_LIMIT` (10 000) remain, destroyed when more than 100 remain. Two levels are in
 * use when run() runs (measured on 3.13.0: the 9 948th nested instance deallocation is the first
 * one deferred), so remaining = 9 998 − nesting.
 */
const TRASHCAN_C_RECURSION: TrashcanRule = { depositAt: 9948, destroyBelow: 9898, chainNests: false }

/** Allocation request sizes in bytes (including the 16-byte GC pre-header where there is one). */
export interface ObjectSizes {
  /** PyObject_Malloc(sizeof(PyLongObject)) for one-digit results of arithmetic and range. */
  readonly intMedium: number
  /** Header of `_PyLong_New(k)`: request = intHeader + 4k. */
  readonly intHeader: number
  readonly float: number
  /** Compact ASCII str: header + n + 1. */
  readonly strAsciiHeader: number
  /** Compact non-ASCII str: header + (n + 1) × width. */
  readonly strCompactHeader: number
  /** bytes: header + n + 1. */
  readonly bytesHeader: number
  /** tuple: header + 8n (with GC pre-header). */
  readonly tupleHeader: number
  readonly list: number
  readonly dict: number
  readonly set: number
  readonly function: number
  readonly method: number
  readonly cell: number
  readonly weakref: number
  readonly range: number
  readonly rangeIterator: number
  /** Instance of a class with `__dict__`: object block (3.11/3.12: values array separate). */
  readonly instance: number
  /** Where an instance's attribute values live. */
  readonly instanceValues: 'separate' | 'inline'
  /** `__slots__` instance: header + 8 × slots (+8 for `__weakref__`). */
  readonly slotsInstanceHeader: number
}

const SIZES_311: ObjectSizes = {
  intMedium: 32,
  intHeader: 24,
  float: 24,
  strAsciiHeader: 48,
  strCompactHeader: 72,
  bytesHeader: 32,
  tupleHeader: 40,
  list: 56,
  dict: 64,
  set: 216,
  function: 152,
  method: 64,
  cell: 40,
  weakref: 80,
  range: 48,
  rangeIterator: 48,
  instance: 56,
  instanceValues: 'separate',
  slotsInstanceHeader: 32,
}

const SIZES_312: ObjectSizes = {
  ...SIZES_311,
  strAsciiHeader: 40,
  strCompactHeader: 56,
  function: 160,
  rangeIterator: 40,
  instance: 48,
}

const SIZES_313: ObjectSizes = { ...SIZES_312, instanceValues: 'inline' }

const FREE_LISTS = { float: 100, tuple: 2000, list: 80, dict: 80, dictKeys: 80, int: 0 } as const

export const PRESETS: Readonly<Record<PresetId, Preset>> = {
  'cpython-3.11': {
    id: 'cpython-3.11',
    version: '3.11',
    label: 'CPython 3.11',
    checkable: true,
    thresholds: [700, 10, 10],
    gcTrigger: 'allocation',
    collector: 'generational',
    lazyDictTracking: true,
    tuplePopMaxSize: 19,
    freeListCapacity: FREE_LISTS,
    sizes: SIZES_311,
    trashcan: TRASHCAN_NESTING,
  },
  'cpython-3.12': {
    id: 'cpython-3.12',
    version: '3.12',
    label: 'CPython 3.12',
    checkable: true,
    thresholds: [700, 10, 10],
    gcTrigger: 'eval-breaker',
    collector: 'generational',
    lazyDictTracking: true,
    tuplePopMaxSize: 19,
    freeListCapacity: FREE_LISTS,
    sizes: SIZES_312,
    trashcan: TRASHCAN_NESTING,
  },
  'cpython-3.13': {
    id: 'cpython-3.13',
    version: '3.13',
    label: 'CPython 3.13',
    checkable: true,
    thresholds: [2000, 10, 10],
    gcTrigger: 'eval-breaker',
    collector: 'generational',
    lazyDictTracking: true,
    tuplePopMaxSize: 20,
    freeListCapacity: FREE_LISTS,
    sizes: SIZES_313,
    trashcan: TRASHCAN_C_RECURSION,
  },
  'cpython-3.14': {
    id: 'cpython-3.14',
    version: '3.14',
    label: 'CPython 3.14.0–3.14.4 (incremental GC; not checked by a local interpreter)',
    checkable: false,
    thresholds: [2000, 10, 0],
    gcTrigger: 'eval-breaker',
    collector: 'incremental',
    lazyDictTracking: false,
    tuplePopMaxSize: 20,
    freeListCapacity: { ...FREE_LISTS, int: 100 },
    sizes: SIZES_313,
    // 3.14 defers in _Py_Dealloc on the C stack's own margin: 3.13's rule stands in for it.
    trashcan: TRASHCAN_C_RECURSION,
  },
}

/** @returns the preset with that id */
export function getPreset(id: PresetId): Preset {
  return PRESETS[id]
}
