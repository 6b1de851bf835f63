/**
 * Reference counting and deallocation (`Py_DECREF` → `tp_dealloc`), per type as CPython does it:
 * untrack, release the children (lists and tuples from the last item down), free auxiliary
 * buffers, then push the object onto its free list or `tp_free` it (GC types: count0 − 1).
 * Cascades run depth-first and synchronously, on the deallocation stack (dealloc-stack.ts), not
 * the host's: a container's frame releases one reference at a time, and a reference that dies
 * pushes its own frame on top. Containers go through the trashcan as the preset's rule says
 * (3.11/3.12: deferred 50 deep, destroyed when the nesting unwinds to 0; 3.13: deferred near the
 * C recursion limit), as `Py_TRASHCAN_BEGIN`/`_PyTrash_thread_destroy_chain` do.
 */
import { memFree, NO_BLOCK } from '../allocator/memory'
import { destroyObject, FLAG } from '../objects/object-store'
import { FIRST_CLASS_TYPE, OBJECT_TYPE } from '../objects/object-types'
import { FREE_LIST, TUPLE_BASE, TUPLE_FREE_LISTS, freeListPush } from './free-lists'
import type { Interp } from './interp'
import { COMPACT_INT } from './allocate'
import { FRAME, reserveFrame } from './dealloc-stack'
import { dictKeysStack } from './dict-ops'
import { gcTrack, gcUnlink, gcUntrack } from './tracking'
import { clearWeakref, clearWeakRefs } from './weakrefs'

/** `Py_INCREF` (static objects are ignored). */
export function incref(interp: Interp, o: number): void {
  if (o > 0) interp.store.refcnt[o] = (interp.store.refcnt[o] as number) + 1
}

/** `Py_XDECREF` (static objects and NULL are ignored). */
export function decref(interp: Interp, o: number): void {
  if (o <= 0) return
  const s = interp.store
  const rc = (s.refcnt[o] as number) - 1
  s.refcnt[o] = rc
  if (rc === 0) dealloc(interp, o)
}

/** `tp_dealloc` of `o`, whose refcount just reached 0: returns when its whole cascade is done. */
export function dealloc(interp: Interp, o: number): void {
  const base = interp.deallocs.sp
  begin(interp, o)
  if (interp.deallocs.sp > base) drain(interp, base)
}

function died(interp: Interp, o: number): void {
  const type = interp.store.type[o] as number
  interp.counters.objectsFreed++
  interp.counters.bytesFreed += interp.store.size[o] as number
  interp.counters.typeLive[type] = (interp.counters.typeLive[type] as number) - 1
  destroyObject(interp.store, o)
}

/** Frees a non-GC object's block (`PyObject_Free`). */
function freePlain(interp: Interp, o: number): void {
  const s = interp.store
  memFree(interp.mem, s.block[o] as number, s.size[o] as number)
  died(interp, o)
}

/** `PyObject_GC_Del`: untrack, count0 − 1 (floored), free. */
function gcDel(interp: Interp, o: number): void {
  gcUntrack(interp, o)
  gcUnlink(interp)
  freePlain(interp, o)
}

/** Frees the object's auxiliary buffer (`PyMem_Free`). */
function freeAux(interp: Interp, o: number): void {
  const s = interp.store
  const c = s.container[o] as number
  const aux = s.aux[c] as number
  if (aux === NO_BLOCK) return
  memFree(interp.mem, aux, s.auxSize[c] as number)
  s.aux[c] = NO_BLOCK
  s.auxSize[c] = 0
  interp.counters.auxFreed++
}

/** Pushes the block onto a free list, or GC-frees the object when the list is full. */
function freeListOrGcDel(interp: Interp, o: number, stack: number): void {
  const s = interp.store
  if (freeListPush(interp.free, stack, s.block[o] as number)) {
    gcUntrack(interp, o)
    died(interp, o)
  } else gcDel(interp, o)
}

/** The start of `tp_dealloc`: frees what has no references, or starts the container's frame. */
function begin(interp: Interp, o: number): void {
  const s = interp.store
  const type = s.type[o] as number
  // Literal cases (OBJECT_TYPE values, checked in dealloc.test.ts) keep this a jump table.
  switch (type) {
    case 2: // FLOAT
      if (freeListPush(interp.free, 0 /* FREE_LIST.FLOAT */, s.block[o] as number)) died(interp, o)
      else freePlain(interp, o)
      return
    case 1: // INT
      // 3.14: compact ints go to the int free list (only they carry COMPACT_INT).
      if (((s.flags[o] as number) & COMPACT_INT) !== 0 && freeListPush(interp.free, 5 /* FREE_LIST.INT */, s.block[o] as number)) died(interp, o)
      else freePlain(interp, o)
      return
    case 3: // STR
    case 4: // BYTES
    case 13: // RANGE
    case 14: // RANGE_ITERATOR
      freePlain(interp, o)
      return
    case 5: // TUPLE
      gcUntrack(interp, o)
      trashcanBegin(interp, o, FRAME.TUPLE)
      return
    case 6: // LIST
      gcUntrack(interp, o)
      trashcanBegin(interp, o, FRAME.LIST)
      return
    case 7: // DICT
      gcUntrack(interp, o)
      trashcanBegin(interp, o, FRAME.DICT)
      return
    case 8: // SET
      gcUntrack(interp, o)
      trashcanBegin(interp, o, FRAME.SET)
      return
    default:
      gcUntrack(interp, o)
      if (type >= FIRST_CLASS_TYPE) trashcanBegin(interp, o, FRAME.INSTANCE)
      else plainBegin(interp, o)
  }
}

/** @returns the frame kind of a container type that goes through the trashcan */
function trashcanKind(type: number): number {
  switch (type) {
    case OBJECT_TYPE.TUPLE:
      return FRAME.TUPLE
    case OBJECT_TYPE.LIST:
      return FRAME.LIST
    case OBJECT_TYPE.DICT:
      return FRAME.DICT
    case OBJECT_TYPE.SET:
      return FRAME.SET
    default:
      return FRAME.INSTANCE
  }
}

/** `Py_TRASHCAN_BEGIN`: defers the object when the rule says so, else runs the dealloc's start. */
function trashcanBegin(interp: Interp, o: number, kind: number): void {
  if (interp.trashNesting >= interp.preset.trashcan.depositAt) {
    interp.trashLater.push(o)
    return
  }
  interp.trashNesting++
  if (kind === FRAME.SET) {
    // set_dealloc: weak references are cleared (callbacks run) before the entries go.
    clearWeakRefs(interp, o)
  } else if (kind === FRAME.INSTANCE && !instanceBegin(interp, o)) {
    trashcanEnd(interp)
    return
  }
  pushFrame(interp, o, kind)
}

/** `Py_TRASHCAN_END`: destroys the deferred objects when the rule says so. */
function trashcanEnd(interp: Interp): void {
  interp.trashNesting--
  const rule = interp.preset.trashcan
  if (interp.trashLater.length === 0 || interp.trashNesting >= rule.destroyBelow) return
  // _PyTrash_thread_destroy_chain, as a frame that pops deferred objects newest first.
  if (rule.chainNests) interp.trashNesting++
  pushFrame(interp, 0, FRAME.CHAIN)
}

/**
 * `subtype_dealloc` of a scenario class's instance up to the release of its slots or values.
 * @returns false when `__del__` resurrected it
 */
function instanceBegin(interp: Interp, o: number): boolean {
  const s = interp.store
  const cls = interp.classes[(s.type[o] as number) - FIRST_CLASS_TYPE]
  if (cls === undefined) throw new Error(`object ${o} has an unknown class`)
  if (cls.hasDel && ((s.flags[o] as number) & FLAG.FINALIZED) === 0) {
    // PyObject_CallFinalizerFromDealloc: retrack, resurrect temporarily, call __del__.
    gcTrack(interp, o)
    s.refcnt[o] = 1
    interp.counters.finalizersCalled++
    interp.runFinalizer(interp, cls.index, o)
    s.flags[o] = (s.flags[o] as number) | FLAG.FINALIZED
    const rc = (s.refcnt[o] as number) - 1
    s.refcnt[o] = rc
    if (rc !== 0) return false // resurrected: stays tracked
    gcUntrack(interp, o)
  }
  if (cls.weakrefable) clearWeakRefs(interp, o)
  if (cls.hasDel) {
    // Weakrefs created during __del__ are cleared without callbacks.
    const list = interp.weakrefsTo.get(o)
    while (list !== undefined && list.length > 0) clearWeakref(interp, list[0] as number)
  }
  return true
}

/** Deallocation of function, cell, method and weakref objects (no trashcan in CPython). */
function plainBegin(interp: Interp, o: number): void {
  const type = interp.store.type[o] as number
  switch (type) {
    case 12: // WEAKREF
      clearWeakref(interp, o)
      interp.weakrefHasCallback.delete(o)
      break
    case 11: // METHOD
    case 9: // FUNCTION
      clearWeakRefs(interp, o)
      break
    default:
      break
  }
  pushFrame(interp, o, FRAME.PLAIN)
}

/** Starts releasing `o`'s references (none for a CHAIN frame): the object no longer holds them. */
function pushFrame(interp: Interp, o: number, kind: number): void {
  const d = interp.deallocs
  reserveFrame(d)
  const f = d.sp++
  d.obj[f] = o
  d.kind[f] = kind
  d.next[f] = 0
  if (kind === FRAME.CHAIN) {
    d.count[f] = 0
    return
  }
  const s = interp.store
  const c = s.container[o] as number
  d.start[f] = s.refStart[c] as number
  d.count[f] = s.refLen[c] as number
  s.refLen[c] = 0
}

/**
 * Runs the frames above `base` to completion: each releases its next reference (a reference
 * that dies starts its own frame on top) and, when it has none left, ends its deallocation.
 */
function drain(interp: Interp, base: number): void {
  const d = interp.deallocs
  const s = interp.store
  while (d.sp > base) {
    const f = d.sp - 1
    const kind = d.kind[f] as number
    if (kind === FRAME.CHAIN) {
      const o = interp.trashLater.pop()
      if (o !== undefined) {
        // The deallocator runs again from the top, trashcan included.
        const type = s.type[o] as number
        trashcanBegin(interp, o, trashcanKind(type))
        continue
      }
      d.sp = f
      if (interp.preset.trashcan.chainNests) interp.trashNesting--
      continue
    }
    const k = d.next[f] as number
    const n = d.count[f] as number
    if (k < n) {
      d.next[f] = k + 1
      // Tuples and lists release from the last item down; the others first to last.
      const at = (d.start[f] as number) + (kind <= FRAME.LIST ? n - 1 - k : k)
      const data = s.edges.data
      const v = data[at] as number
      if (v > 0) {
        data[at] = 0
        const rc = (s.refcnt[v] as number) - 1
        s.refcnt[v] = rc
        if (rc === 0) begin(interp, v)
      }
      continue
    }
    d.sp = f
    finish(interp, d.obj[f] as number, kind, n)
  }
}

/** The end of `tp_dealloc`, after the references: buffers, free list or `tp_free`, trashcan end. */
function finish(interp: Interp, o: number, kind: number, count: number): void {
  switch (kind) {
    case FRAME.TUPLE:
      if (count >= 1 && count <= TUPLE_FREE_LISTS) freeListOrGcDel(interp, o, TUPLE_BASE + count - 1)
      else gcDel(interp, o)
      break
    case FRAME.LIST:
      freeAux(interp, o)
      freeListOrGcDel(interp, o, FREE_LIST.LIST)
      break
    case FRAME.DICT:
      freeDictStorage(interp, o)
      freeListOrGcDel(interp, o, FREE_LIST.DICT)
      break
    case FRAME.PLAIN:
      gcDel(interp, o)
      return
    default: // SET, INSTANCE: the table, or the values array or materialised dict's storage
      freeAux(interp, o)
      gcDel(interp, o)
  }
  trashcanEnd(interp)
}

/** Frees a dict's keys object (onto the keys free list when it can) or split values array. */
function freeDictStorage(interp: Interp, o: number): void {
  const s = interp.store
  const c = s.container[o] as number
  interp.dictIndex.delete(o)
  const aux = s.aux[c] as number
  if (aux === NO_BLOCK) return
  if (((s.flags[o] as number) & FLAG.SPLIT) === 0) {
    const stack = dictKeysStack(interp, o)
    if (stack >= 0 && freeListPush(interp.free, stack, aux)) {
      s.aux[c] = NO_BLOCK
      s.auxSize[c] = 0
      return
    }
  }
  freeAux(interp, o)
}
