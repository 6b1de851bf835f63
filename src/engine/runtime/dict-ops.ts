/**
 * Dicts (Objects/dictobject.c): combined keys tables sized in powers of two with ⅔ usable,
 * `insert_to_emptydict` (8 slots), `insertion_resize` to the smallest power of two ≥ 3 × used,
 * str-only ("unicode") vs general keys, deletions leaving dummies, the keys free list for 8-slot
 * str tables, and lazy tracking (`MAINTAIN_TRACKING`).
 *
 * Storage: `edges` holds [key, value] pairs in insertion order (dk_entries, dummies as [0, 0]);
 * the region's capacity is 2 × the table size, so `refCapLog2 - 1` is the table's log2 size.
 * `aux` is the keys object (or, for a split dict, the values array).
 */
import { memAlloc, memFree, NO_BLOCK } from '../allocator/memory'
import { slabAlloc, slabFree } from '../objects/edge-slab'
import { FLAG } from '../objects/object-store'
import { OBJECT_TYPE } from '../objects/object-types'
import { isStrConstant } from './constants'
import { newDict } from './allocate'
import { decref } from './dealloc'
import { FREE_LIST, freeListPop, freeListPush } from './free-lists'
import type { Interp } from './interp'
import { gcTrack, isTracked } from './tracking'

/** `PyDict_LOG_MINSIZE`. */
export const DICT_LOG_MINSIZE = 3
/** `PyDict_MINSIZE`. */
const DICT_MINSIZE = 2 ** DICT_LOG_MINSIZE
/** Dicts with more entries than this get a lookup index. */
const INDEX_THRESHOLD = 16

/** @returns the request size of a keys object (`new_keys_object`) */
export function dictKeysBytes(log2: number, unicode: boolean): number {
  const size = 2 ** log2
  const usable = Math.floor((size * 2) / 3)
  const indexBytes = log2 < 8 ? 1 : log2 < 16 ? 2 : log2 < 32 ? 4 : 8
  return 32 + size * indexBytes + usable * (unicode ? 16 : 24)
}

/**
 * `calculate_log2_keysize(minsize)` as CPython is built where a `long` is as wide as a `size_t`
 * (Linux, macOS): `_Py_bit_length(((minsize | 8) - 1) | 7)`. Its comment says "the smallest
 * dk_size >= minsize", and so does the portable loop in its `#else` branch, but the bit formula
 * differs: a minsize of 1 to 7 gives 16 slots, not 8 (a resize with 1 or 2 live keys: measured on
 * 3.11.7, 3.12.1 and 3.13.0, `sys.getsizeof` 272, a keys table of 208 B), and a power of two from
 * 16 up gives twice itself. Computed without 32-bit integer operators, so it holds past 2^31.
 */
export function log2KeySize(minsize: number): number {
  const withMinBit = Math.floor(minsize / DICT_MINSIZE) % 2 === 1 ? minsize : minsize + DICT_MINSIZE
  const x = withMinBit - 1
  const y = x - (x % DICT_MINSIZE) + (DICT_MINSIZE - 1)
  let bits = DICT_LOG_MINSIZE
  while (2 ** bits <= y) bits++
  return bits
}

/** @returns the free-list stack for this dict's keys object, or -1 when it does not qualify */
export function dictKeysStack(interp: Interp, o: number): number {
  const s = interp.store
  const general = ((s.flags[o] as number) & FLAG.GENERAL_KEYS) !== 0
  return !general && s.auxSize[s.container[o] as number] === dictKeysBytes(DICT_LOG_MINSIZE, true) ? FREE_LIST.DICT_KEYS : -1
}

/** `_PyObject_GC_MAY_BE_TRACKED(v)`. */
export function mayBeTracked(interp: Interp, v: number): boolean {
  if (v <= 0) return false
  const type = interp.store.type[v] as number
  if (interp.gcTypes[type] !== 1) return false
  if (type === OBJECT_TYPE.TUPLE) return isTracked(interp, v)
  return true
}

/**
 * @returns whether the dict has a keys object: its own table, or (split dicts) the class's
 * shared keys, whose values are a separate block in 3.11/3.12 and the instance's inline values
 * (no block of the dict's own) in 3.13
 */
function hasKeys(interp: Interp, o: number): boolean {
  return interp.store.aux[interp.store.container[o] as number] !== NO_BLOCK || ((interp.store.flags[o] as number) & FLAG.SPLIT) !== 0
}

/** @returns the dict's table log2 size, or 0 when it has no keys object */
function tableLog2(interp: Interp, o: number): number {
  const s = interp.store
  const c = s.container[o] as number
  return s.aux[c] === NO_BLOCK ? 0 : (s.refCapLog2[c] as number) - 1
}

/** @returns live entries (`ma_used`) */
export function dictUsed(interp: Interp, o: number): number {
  const s = interp.store
  const c = s.container[o] as number
  const start = s.refStart[c] as number
  const n = s.refLen[c] as number
  let used = 0
  for (let i = 0; i < n; i += 2) if (s.edges.data[start + i] !== 0) used++
  return used
}

/** @returns the pair position of `key` in the dict, or -1 */
export function dictLookup(interp: Interp, o: number, key: number): number {
  const index = interp.dictIndex.get(o)
  if (index !== undefined) return index.get(key) ?? -1
  const s = interp.store
  const c = s.container[o] as number
  const start = s.refStart[c] as number
  const n = s.refLen[c] as number
  for (let i = 0; i < n; i += 2) if (s.edges.data[start + i] === key) return i
  return -1
}

function rebuildIndex(interp: Interp, o: number): void {
  const s = interp.store
  const c = s.container[o] as number
  const n = s.refLen[c] as number
  if (n / 2 <= INDEX_THRESHOLD) {
    interp.dictIndex.delete(o)
    return
  }
  const index = new Map<number, number>()
  const start = s.refStart[c] as number
  for (let i = 0; i < n; i += 2) {
    const k = s.edges.data[start + i] as number
    if (k !== 0) index.set(k, i)
  }
  interp.dictIndex.set(o, index)
}

/** Allocates a keys object (`new_keys_object`), from the free list when it qualifies. */
function newKeys(interp: Interp, log2: number, unicode: boolean): number {
  const bytes = dictKeysBytes(log2, unicode)
  if (log2 === DICT_LOG_MINSIZE && unicode) {
    const block = freeListPop(interp.free, FREE_LIST.DICT_KEYS)
    if (block >= 0) return block
  }
  return memAlloc(interp.mem, bytes)
}

/** Frees a keys object (`free_keys_object`): to the free list when it qualifies. */
function freeKeys(interp: Interp, block: number, bytes: number, unicode: boolean): void {
  if (bytes === dictKeysBytes(DICT_LOG_MINSIZE, true) && unicode) {
    if (freeListPush(interp.free, FREE_LIST.DICT_KEYS, block)) return
  }
  memFree(interp.mem, block, bytes)
}

/** `dictresize`: a new table of 2^log2 slots holding the live entries, old keys freed after. */
function dictResize(interp: Interp, o: number, log2: number, unicode: boolean): void {
  const s = interp.store
  const c = s.container[o] as number
  const oldKeys = s.aux[c] as number
  const oldBytes = s.auxSize[c] as number
  const flags = s.flags[o] as number
  const wasUnicode = (flags & FLAG.GENERAL_KEYS) === 0
  const wasSplit = (flags & FLAG.SPLIT) !== 0
  const keys = newKeys(interp, log2, unicode)
  // Compact the live entries in order.
  const start = s.refStart[c] as number
  const n = s.refLen[c] as number
  const live: number[] = []
  for (let i = 0; i < n; i += 2) {
    const k = s.edges.data[start + i] as number
    if (k !== 0) live.push(k, s.edges.data[start + i + 1] as number)
  }
  setTableRegion(interp, o, log2)
  const dst = s.refStart[c] as number
  for (let i = 0; i < live.length; i++) s.edges.data[dst + i] = live[i] as number
  s.refLen[c] = live.length
  s.aux[c] = keys
  s.auxSize[c] = dictKeysBytes(log2, unicode)
  s.flags[o] = (flags & ~(FLAG.GENERAL_KEYS | FLAG.SPLIT)) | (unicode ? 0 : FLAG.GENERAL_KEYS)
  if (oldKeys !== NO_BLOCK) {
    if (wasSplit) memFree(interp.mem, oldKeys, oldBytes)
    else freeKeys(interp, oldKeys, oldBytes, wasUnicode)
  }
  rebuildIndex(interp, o)
}

/** Gives the dict a fresh, zeroed edge region sized for a table of 2^log2 slots (pairs). */
function setTableRegion(interp: Interp, o: number, log2: number): void {
  const s = interp.store
  const c = s.container[o] as number
  slabFree(s.edges, s.refStart[c] as number, s.refCapLog2[c] as number)
  s.refStart[c] = slabAlloc(s.edges, log2 + 1)
  s.refCapLog2[c] = log2 + 1
  s.refLen[c] = 0
}

/** `insertion_resize`: grow (or compact) to hold 3 × used. */
function insertionResize(interp: Interp, o: number, unicode: boolean): void {
  dictResize(interp, o, log2KeySize(dictUsed(interp, o) * 3), unicode)
}

/** @returns whether `key` is a str (a str constant or a str object) */
function isStrKey(interp: Interp, key: number): boolean {
  return key < 0 ? isStrConstant(key) : interp.store.type[key] === OBJECT_TYPE.STR
}

/**
 * `PyDict_SetItem(d, key, value)`: the dict takes `value`'s reference; `key` is increfed when it
 * is inserted (and dropped when an existing entry is updated).
 */
export function dictSetItem(interp: Interp, o: number, key: number, value: number): void {
  const s = interp.store
  const c = s.container[o] as number
  const strKey = isStrKey(interp, key)
  if (!hasKeys(interp, o)) {
    // insert_to_emptydict
    if (!isTracked(interp, o) && (mayBeTracked(interp, key) || mayBeTracked(interp, value))) gcTrack(interp, o)
    s.aux[c] = newKeys(interp, DICT_LOG_MINSIZE, strKey)
    s.auxSize[c] = dictKeysBytes(DICT_LOG_MINSIZE, strKey)
    s.flags[o] = ((s.flags[o] as number) & ~FLAG.GENERAL_KEYS) | (strKey ? 0 : FLAG.GENERAL_KEYS)
    setTableRegion(interp, o, DICT_LOG_MINSIZE)
    const at = s.refStart[c] as number
    s.edges.data[at] = key
    s.edges.data[at + 1] = value
    s.refLen[c] = 2
    if (key > 0) s.refcnt[key] = (s.refcnt[key] as number) + 1
    return
  }
  let flags = s.flags[o] as number
  if ((flags & FLAG.SPLIT) !== 0 && dictLookup(interp, o, key) < 0) {
    insertionResize(interp, o, strKey)
    flags = s.flags[o] as number
  }
  if ((flags & FLAG.GENERAL_KEYS) === 0 && !strKey) insertionResize(interp, o, false)
  const pos = dictLookup(interp, o, key)
  if (!isTracked(interp, o) && (mayBeTracked(interp, key) || mayBeTracked(interp, value))) gcTrack(interp, o)
  if (pos < 0) {
    const log2 = tableLog2(interp, o)
    const usable = Math.floor(((1 << log2) * 2) / 3) - (s.refLen[c] as number) / 2
    if (usable <= 0) insertionResize(interp, o, ((s.flags[o] as number) & FLAG.GENERAL_KEYS) === 0)
    const n = s.refLen[c] as number
    const at = (s.refStart[c] as number) + n
    s.edges.data[at] = key
    s.edges.data[at + 1] = value
    s.refLen[c] = n + 2
    if (key > 0) s.refcnt[key] = (s.refcnt[key] as number) + 1
    const index = interp.dictIndex.get(o)
    if (index !== undefined) index.set(key, n)
    else if ((n + 2) / 2 > INDEX_THRESHOLD) rebuildIndex(interp, o)
    return
  }
  const at = (s.refStart[c] as number) + pos + 1
  const old = s.edges.data[at] as number
  s.edges.data[at] = value
  decref(interp, old)
}

/** `del d[key]`. @returns false when the key is absent */
export function dictDelItem(interp: Interp, o: number, key: number): boolean {
  const pos = dictLookup(interp, o, key)
  if (pos < 0) return false
  const s = interp.store
  const at = (s.refStart[s.container[o] as number] as number) + pos
  const k = s.edges.data[at] as number
  const v = s.edges.data[at + 1] as number
  s.edges.data[at] = 0
  s.edges.data[at + 1] = 0
  interp.dictIndex.get(o)?.delete(key)
  decref(interp, k)
  decref(interp, v)
  return true
}

/** `dict.clear()`: the dict gets the empty keys; the old entries are released. */
export function dictClear(interp: Interp, o: number): void {
  const s = interp.store
  const c = s.container[o] as number
  if (!hasKeys(interp, o)) return
  const keys = s.aux[c] as number
  const bytes = s.auxSize[c] as number
  const flags = s.flags[o] as number
  const start = s.refStart[c] as number
  const n = s.refLen[c] as number
  const entries = Array.from(s.edges.data.subarray(start, start + n))
  s.edges.data.fill(0, start, start + n)
  s.refLen[c] = 0
  s.aux[c] = NO_BLOCK
  s.auxSize[c] = 0
  s.flags[o] = flags & ~(FLAG.GENERAL_KEYS | FLAG.SPLIT)
  interp.dictIndex.delete(o)
  for (const e of entries) decref(interp, e)
  if ((flags & FLAG.SPLIT) !== 0) memFree(interp.mem, keys, bytes)
  else freeKeys(interp, keys, bytes, (flags & FLAG.GENERAL_KEYS) === 0)
}

/** `_PyDict_MaybeUntrack`: untracks a dict whose keys and values cannot be tracked. */
export function dictMayUntrack(interp: Interp, o: number): boolean {
  const s = interp.store
  const c = s.container[o] as number
  const start = s.refStart[c] as number
  const n = s.refLen[c] as number
  const general = ((s.flags[o] as number) & FLAG.GENERAL_KEYS) !== 0
  for (let i = 0; i < n; i += 2) {
    if (mayBeTracked(interp, s.edges.data[start + i + 1] as number)) return false
    if (general && mayBeTracked(interp, s.edges.data[start + i] as number)) return false
  }
  return true
}

/** Largest presized table (`log2_max_presize`). */
const LOG2_MAX_PRESIZE = 17

/**
 * `dict_new_presized(n, unicode)` as dict displays use it: up to 5 items it is an ordinary
 * empty dict; beyond, the keys table is allocated first, sized for n.
 */
export function newDictPresized(interp: Interp, n: number, unicode: boolean): number {
  if (n <= 5) return newDict(interp)
  const maxUsable = Math.floor((2 ** LOG2_MAX_PRESIZE * 2) / 3)
  const log2 = n > maxUsable ? LOG2_MAX_PRESIZE : log2KeySize(Math.floor((n * 3 + 1) / 2))
  const keys = newKeys(interp, log2, unicode)
  const d = newDict(interp)
  const s = interp.store
  s.aux[s.container[d] as number] = keys
  s.auxSize[s.container[d] as number] = dictKeysBytes(log2, unicode)
  s.flags[d] = ((s.flags[d] as number) & ~FLAG.GENERAL_KEYS) | (unicode ? 0 : FLAG.GENERAL_KEYS)
  setTableRegion(interp, d, log2)
  return d
}
