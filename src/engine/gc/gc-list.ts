/**
 * CPython's GC lists (`gc_list_*` in Modules/gcmodule.c): circular doubly linked lists through
 * each object's `_gc_next`/`_gc_prev`, with a sentinel head. Heads are reserved object indices of
 * the store, so the same columns hold every link and the collector ports line by line.
 *
 * `gcList` labels each object with the head of the list it is in, for O(1) size bookkeeping.
 *
 * The links are per-object columns (a list walk is a chain of dependent loads: one per step);
 * the label lives in the object's container row (`gcList[container[o]]`).
 */
import { NOT_IN_LIST, type ObjectStore } from '../objects/object-store'

/** List heads (reserved object indices). */
export const LIST = {
  GEN0: 1,
  GEN1: 2,
  GEN2: 3,
  PERMANENT: 4,
  UNREACHABLE: 5,
  FINALIZERS: 6,
  SEEN: 7,
  FINAL_UNREACHABLE: 8,
  WEAKREF_CALLBACKS: 9,
  /** 3.14 incremental collector: the two old spaces and the increment being collected. */
  OLD_SPACE_0: 10,
  OLD_SPACE_1: 11,
  INCREMENT: 12,
  /** Scratch list (e.g. objects kept by a legacy finalizer, visited set). */
  SCRATCH: 13,
} as const

/** Index of a generation's list head. */
export function generationHead(generation: number): number {
  return LIST.GEN0 + generation
}

export function listInit(s: ObjectStore, head: number): void {
  s.gcNext[head] = head
  s.gcPrev[head] = head
}

export function listIsEmpty(s: ObjectStore, head: number): boolean {
  return s.gcNext[head] === head
}

/** Appends `node` at the tail of `head` (`gc_list_append`). */
export function listAppend(s: ObjectStore, node: number, head: number): void {
  const last = s.gcPrev[head] as number
  s.gcNext[last] = node
  s.gcPrev[node] = last
  s.gcNext[node] = head
  s.gcPrev[head] = node
  s.gcList[s.container[node] as number] = head
}

/** Unlinks `node` (`gc_list_remove`); its links are cleared. */
export function listRemove(s: ObjectStore, node: number): void {
  const prev = s.gcPrev[node] as number
  const next = s.gcNext[node] as number
  s.gcNext[prev] = next
  s.gcPrev[next] = prev
  s.gcNext[node] = 0
  s.gcList[s.container[node] as number] = NOT_IN_LIST
}

/** Moves `node` from its list to the tail of `head` (`gc_list_move`). */
export function listMove(s: ObjectStore, node: number, head: number): void {
  const prev = s.gcPrev[node] as number
  const next = s.gcNext[node] as number
  s.gcNext[prev] = next
  s.gcPrev[next] = prev
  listAppend(s, node, head)
}

/**
 * Splices every node of `from` onto the end of `to` (`gc_list_merge`), relabelling them.
 *
 * The relabelling walk comes last, after the links are rewired: a long first walk gets the
 * function compiled on the stack (OSR) before the code after the loop has ever run, and V8 then
 * kept re-entering that code and bailing out of it at the loop's end on every later call.
 * @returns the number of nodes moved
 */
export function listMerge(s: ObjectStore, from: number, to: number): number {
  if (s.gcNext[from] === from) return 0
  const tail = s.gcPrev[to] as number
  const first = s.gcNext[from] as number
  const last = s.gcPrev[from] as number
  s.gcNext[tail] = first
  s.gcPrev[first] = tail
  s.gcNext[last] = to
  s.gcPrev[to] = last
  listInit(s, from)
  let moved = 0
  for (let n = first; n !== to; n = s.gcNext[n] as number) {
    s.gcList[s.container[n] as number] = to
    moved++
  }
  return moved
}

/** @returns the number of nodes in the list (walks it) */
export function listSize(s: ObjectStore, head: number): number {
  let n = 0
  for (let x = s.gcNext[head] as number; x !== head; x = s.gcNext[x] as number) n++
  return n
}

/** Relabels every node of a list (after links were rewired by hand). @returns its size */
export function listRelabel(s: ObjectStore, head: number): number {
  let n = 0
  for (let x = s.gcNext[head] as number; x !== head; x = s.gcNext[x] as number) {
    s.gcList[s.container[x] as number] = head
    n++
  }
  return n
}
