/**
 * CPython's per-type free lists (Objects/floatobject.c, tupleobject.c, listobject.c,
 * dictobject.c): LIFO stacks of dead objects' blocks, kept allocated for reuse. Free-list traffic
 * never changes GC counts; a full collection empties them.
 *
 * All stacks live in one Int32Array at fixed offsets (their capacities are fixed), with
 * statistics per stack; the per-type figures sum a type's stacks.
 */

/** Names of the free lists, in matrix-column order. */
export const FREE_LIST_NAMES = ['float', 'tuple', 'list', 'dict', 'dict_keys', 'int'] as const
export type FreeListName = (typeof FREE_LIST_NAMES)[number]

/** Stack ids (tuples use TUPLE_BASE + size − 1 for sizes 1..20). */
export const FREE_LIST = {
  FLOAT: 0,
  TUPLE: 1,
  LIST: 2,
  DICT: 3,
  DICT_KEYS: 4,
  INT: 5,
} as const

/** Number of tuple free lists (sizes 1..20). */
export const TUPLE_FREE_LISTS = 20
/** Stack id of the tuple list for size 1. */
export const TUPLE_BASE = FREE_LIST_NAMES.length
const STACKS = TUPLE_BASE + TUPLE_FREE_LISTS

export interface FreeLists {
  /** Every stack's entries (block refs), stack k at offset[k]. */
  readonly data: Int32Array
  readonly offset: Int32Array
  readonly size: Int32Array
  readonly capacity: Int32Array
  /** Request size of the listed blocks per stack (to free them when cleared). */
  readonly blockBytes: Int32Array
  /** Named list (FREE_LIST_NAMES index) of each stack. */
  readonly named: Int32Array
  /** Statistics per stack. */
  readonly reused: Float64Array
  readonly missed: Float64Array
  readonly released: Float64Array
  readonly dropped: Float64Array
  readonly cleared: Float64Array
}

/** Capacities and block sizes per list (tuple capacity applies to each of the 20 sizes). */
export interface FreeListSpec {
  readonly capacity: Readonly<Record<'float' | 'tuple' | 'list' | 'dict' | 'dictKeys' | 'int', number>>
  readonly bytes: { float: number; list: number; dict: number; dictKeys: number; int: number; tupleHeader: number }
}

/** Creates empty free lists. */
export function createFreeLists(spec: FreeListSpec): FreeLists {
  const capacity = new Int32Array(STACKS)
  const bytes = new Int32Array(STACKS)
  const named = new Int32Array(STACKS)
  const c = spec.capacity
  const b = spec.bytes
  const set = (stack: number, cap: number, size: number, name: number): void => {
    capacity[stack] = cap
    bytes[stack] = size
    named[stack] = name
  }
  set(FREE_LIST.FLOAT, c.float, b.float, FREE_LIST.FLOAT)
  set(FREE_LIST.TUPLE, 0, 0, FREE_LIST.TUPLE)
  set(FREE_LIST.LIST, c.list, b.list, FREE_LIST.LIST)
  set(FREE_LIST.DICT, c.dict, b.dict, FREE_LIST.DICT)
  set(FREE_LIST.DICT_KEYS, c.dictKeys, b.dictKeys, FREE_LIST.DICT_KEYS)
  set(FREE_LIST.INT, c.int, b.int, FREE_LIST.INT)
  for (let n = 1; n <= TUPLE_FREE_LISTS; n++) set(TUPLE_BASE + n - 1, c.tuple, b.tupleHeader + 8 * n, FREE_LIST.TUPLE)
  const offset = new Int32Array(STACKS)
  let total = 0
  for (let k = 0; k < STACKS; k++) {
    offset[k] = total
    total += capacity[k] as number
  }
  return {
    data: new Int32Array(total),
    offset,
    size: new Int32Array(STACKS),
    capacity,
    blockBytes: bytes,
    named,
    reused: new Float64Array(STACKS),
    missed: new Float64Array(STACKS),
    released: new Float64Array(STACKS),
    dropped: new Float64Array(STACKS),
    cleared: new Float64Array(STACKS),
  }
}

/**
 * Pops a block from a free list.
 * @returns the block reference, or -1 when the list is empty (counted as a miss)
 */
export function freeListPop(fl: FreeLists, stack: number): number {
  const n = fl.size[stack] as number
  if (n === 0) {
    fl.missed[stack] = (fl.missed[stack] as number) + 1
    return -1
  }
  fl.size[stack] = n - 1
  fl.reused[stack] = (fl.reused[stack] as number) + 1
  return fl.data[(fl.offset[stack] as number) + n - 1] as number
}

/**
 * Pushes a dead object's block onto a free list.
 * @returns false when the list is full (the caller frees the block; counted as dropped)
 */
export function freeListPush(fl: FreeLists, stack: number, block: number): boolean {
  const n = fl.size[stack] as number
  if (n >= (fl.capacity[stack] as number)) {
    fl.dropped[stack] = (fl.dropped[stack] as number) + 1
    return false
  }
  fl.data[(fl.offset[stack] as number) + n] = block
  fl.size[stack] = n + 1
  fl.released[stack] = (fl.released[stack] as number) + 1
  return true
}

/** Sums a per-stack statistic for a named list (tuple: all sizes together). */
export function freeListStat(stat: Float64Array | Int32Array, named: number): number {
  if (named !== FREE_LIST.TUPLE) return stat[named] as number
  let total = 0
  for (let k = 0; k < TUPLE_FREE_LISTS; k++) total += stat[TUPLE_BASE + k] as number
  return total
}

/** @returns entries currently held by a named list */
export function freeListSize(fl: FreeLists, named: number): number {
  return freeListStat(fl.size, named)
}
