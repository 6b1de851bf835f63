/**
 * The deallocations in progress, as a stack of frames (struct of arrays) instead of host
 * recursion: CPython 3.13 nests up to ~9 950 container deallocations before its trashcan defers
 * one, far more than a JavaScript stack holds. A frame is a container whose references are being
 * released one by one (CPython's `tp_dealloc` between `Py_TRASHCAN_BEGIN` and its epilogue), or
 * a running `_PyTrash_thread_destroy_chain`.
 */
import { growColumn } from '../core/typed-array'

/** What a frame is releasing, and so what its epilogue does. */
export const FRAME = {
  TUPLE: 0,
  LIST: 1,
  DICT: 2,
  SET: 3,
  INSTANCE: 4,
  /** Function, cell, method, weakref, …: no trashcan in CPython. */
  PLAIN: 5,
  /** `_PyTrash_thread_destroy_chain`: pops deferred objects until there are none. */
  CHAIN: 6,
} as const

export interface DeallocStack {
  /** Frames in use. */
  sp: number
  obj: Int32Array
  /** Next reference to release, and how many there are (from the last down for tuples and lists). */
  next: Int32Array
  count: Int32Array
  /** Offset of the container's references in the edge slab. */
  start: Int32Array
  kind: Uint8Array
}

export function createDeallocStack(capacity = 256): DeallocStack {
  return { sp: 0, obj: new Int32Array(capacity), next: new Int32Array(capacity), count: new Int32Array(capacity), start: new Int32Array(capacity), kind: new Uint8Array(capacity) }
}

/** Makes room for one more frame. */
export function reserveFrame(d: DeallocStack): void {
  if (d.sp < d.obj.length) return
  const n = d.sp + 1
  d.obj = growColumn(d.obj, n)
  d.next = growColumn(d.next, n)
  d.count = growColumn(d.count, n)
  d.start = growColumn(d.start, n)
  d.kind = growColumn(d.kind, n)
}
