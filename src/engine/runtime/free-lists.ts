/**
 * CPython's per-type free lists (Objects/floatobject.c, tupleobject.c, listobject.c,
 * dictobject.c): LIFO stacks of dead objects' blocks, kept allocated for reuse. Free-list traffic
 * never changes GC counts; a full collection empties them.
 *
 * Each list stores block references (the memory stays a used pymalloc block while listed).
 */
import { growColumn } from '../core/typed-array'

/** Names of the free lists, in matrix-column order. */
export const FREE_LIST_NAMES = ['float', 'tuple', 'list', 'dict', 'dict_keys', 'int'] as const
export type FreeListName = (typeof FREE_LIST_NAMES)[number]

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

export interface FreeLists {
  /** Per list (tuple lists use index TUPLE_BASE + size - 1): stack of block refs. */
  stacks: Int32Array[]
  /** Entries per stack. */
  sizes: Int32Array
  /** Capacity per stack. */
  capacity: Int32Array
  /** Request size of the listed blocks per stack (to free them when cleared). */
  blockBytes: Int32Array
  /** Statistics per named list (FREE_LIST_NAMES order). */
  reused: Float64Array
  missed: Float64Array
  released: Float64Array
  dropped: Float64Array
  cleared: Float64Array
}

/** Stack index of the tuple list for tuples of `size` items (1..20). */
export const TUPLE_BASE = FREE_LIST_NAMES.length

/** @returns the named-list index a stack belongs to */
export function namedListOf(stack: number): number {
  return stack >= TUPLE_BASE ? FREE_LIST.TUPLE : stack
}

/**
 * Creates the free lists with the given capacities.
 * @param capacity per named list (tuple capacity applies to each of the 20 sizes)
 */
export function createFreeLists(capacity: Readonly<Record<'float' | 'tuple' | 'list' | 'dict' | 'dictKeys' | 'int', number>>, byteSizes: { float: number; list: number; dict: number; dictKeys: number; int: number; tupleHeader: number }): FreeLists {
  const stacks = TUPLE_BASE + TUPLE_FREE_LISTS
  const cap = new Int32Array(stacks)
  const bytes = new Int32Array(stacks)
  cap[FREE_LIST.FLOAT] = capacity.float
  cap[FREE_LIST.TUPLE] = 0
  cap[FREE_LIST.LIST] = capacity.list
  cap[FREE_LIST.DICT] = capacity.dict
  cap[FREE_LIST.DICT_KEYS] = capacity.dictKeys
  cap[FREE_LIST.INT] = capacity.int
  bytes[FREE_LIST.FLOAT] = byteSizes.float
  bytes[FREE_LIST.LIST] = byteSizes.list
  bytes[FREE_LIST.DICT] = byteSizes.dict
  bytes[FREE_LIST.DICT_KEYS] = byteSizes.dictKeys
  bytes[FREE_LIST.INT] = byteSizes.int
  for (let n = 1; n <= TUPLE_FREE_LISTS; n++) {
    cap[TUPLE_BASE + n - 1] = capacity.tuple
    bytes[TUPLE_BASE + n - 1] = byteSizes.tupleHeader + 8 * n
  }
  const named = FREE_LIST_NAMES.length
  return {
    stacks: Array.from({ length: stacks }, () => new Int32Array(16)),
    sizes: new Int32Array(stacks),
    capacity: cap,
    blockBytes: bytes,
    reused: new Float64Array(named),
    missed: new Float64Array(named),
    released: new Float64Array(named),
    dropped: new Float64Array(named),
    cleared: new Float64Array(named),
  }
}

/**
 * Pops a block from a free list.
 * @returns the block reference, or -1 when the list is empty (counted as a miss)
 */
export function freeListPop(fl: FreeLists, stack: number): number {
  const n = fl.sizes[stack] as number
  const named = namedListOf(stack)
  if (n === 0) {
    fl.missed[named] = (fl.missed[named] as number) + 1
    return -1
  }
  fl.sizes[stack] = n - 1
  fl.reused[named] = (fl.reused[named] as number) + 1
  return (fl.stacks[stack] as Int32Array)[n - 1] as number
}

/**
 * Pushes a dead object's block onto a free list.
 * @returns false when the list is full (the caller frees the block; counted as dropped)
 */
export function freeListPush(fl: FreeLists, stack: number, block: number): boolean {
  const n = fl.sizes[stack] as number
  const named = namedListOf(stack)
  if (n >= (fl.capacity[stack] as number)) {
    fl.dropped[named] = (fl.dropped[named] as number) + 1
    return false
  }
  let s = fl.stacks[stack] as Int32Array
  if (n >= s.length) {
    s = growColumn(s, n + 1)
    fl.stacks[stack] = s
  }
  s[n] = block
  fl.sizes[stack] = n + 1
  fl.released[named] = (fl.released[named] as number) + 1
  return true
}

/** @returns entries currently held by a named list (tuple: all sizes together) */
export function freeListSize(fl: FreeLists, named: number): number {
  if (named !== FREE_LIST.TUPLE) return fl.sizes[named] as number
  let total = 0
  for (let n = 0; n < TUPLE_FREE_LISTS; n++) total += fl.sizes[TUPLE_BASE + n] as number
  return total
}
