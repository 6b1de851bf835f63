/**
 * Reference counting and deallocation (`Py_DECREF` → `tp_dealloc`), per type as CPython does it:
 * untrack, release the children (lists and tuples from the last item down), free auxiliary
 * buffers, then push the object onto its free list or `tp_free` it (GC types: count0 − 1).
 * Cascades run depth-first and synchronously; containers go through the trashcan, which defers
 * objects nested 50 deep and destroys them when the nesting unwinds, exactly as
 * `Py_TRASHCAN_BEGIN`/`_PyTrash_thread_destroy_chain` do.
 */
import { memFree, NO_BLOCK } from '../allocator/memory'
import { destroyObject, FLAG } from '../objects/object-store'
import { FIRST_CLASS_TYPE, OBJECT_TYPE } from '../objects/object-types'
import { FREE_LIST, TUPLE_BASE, TUPLE_FREE_LISTS, freeListPush } from './free-lists'
import type { Interp } from './interp'
import { COMPACT_INT } from './allocate'
import { dictKeysStack } from './dict-ops'
import { gcTrack, gcUnlink, gcUntrack } from './tracking'
import { clearWeakref, clearWeakRefs } from './weakrefs'

/** `_PyTrash_UNWIND_LEVEL`. */
const TRASH_UNWIND_LEVEL = 50
/** Nesting of non-trashcan deallocations beyond which the host stack is protected by deferral. */
const MAX_PLAIN_DEPTH = 2000

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

/** Releases every reference entry of `o`, from the last down (list/tuple order). */
function releaseItemsBackwards(interp: Interp, o: number): void {
  const s = interp.store
  const c = s.container[o] as number
  const start = s.refStart[c] as number
  let i = s.refLen[c] as number
  s.refLen[c] = 0
  while (--i >= 0) {
    const v = s.edges.data[start + i] as number
    if (v > 0) {
      s.edges.data[start + i] = 0
      decref(interp, v)
    }
  }
}

/** Releases entries first to last (dict entries key then value; instance values in index order). */
export function releaseEntriesForward(interp: Interp, o: number): void {
  const s = interp.store
  const c = s.container[o] as number
  const start = s.refStart[c] as number
  const n = s.refLen[c] as number
  s.refLen[c] = 0
  for (let i = 0; i < n; i++) {
    const v = s.edges.data[start + i] as number
    if (v > 0) {
      s.edges.data[start + i] = 0
      decref(interp, v)
    }
  }
}

/** Pushes the block onto a free list, or GC-frees the object when the list is full. */
function freeListOrGcDel(interp: Interp, o: number, stack: number): void {
  const s = interp.store
  if (freeListPush(interp.free, stack, s.block[o] as number)) {
    gcUntrack(interp, o)
    died(interp, o)
  } else gcDel(interp, o)
}

/** `tp_dealloc` of `o`, whose refcount just reached 0. */
export function dealloc(interp: Interp, o: number): void {
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
    case 6: // LIST
    case 7: // DICT
    case 8: // SET
      gcUntrack(interp, o)
      trashcan(interp, o)
      return
    default:
      if (type >= FIRST_CLASS_TYPE) {
        gcUntrack(interp, o)
        trashcan(interp, o)
        return
      }
      deallocPlainContainer(interp, o)
  }
}

/** `Py_TRASHCAN_BEGIN` … `Py_TRASHCAN_END` around a container's dealloc body. */
function trashcan(interp: Interp, o: number): void {
  if (interp.trashNesting >= TRASH_UNWIND_LEVEL) {
    interp.trashLater.push(o)
    return
  }
  interp.trashNesting++
  containerBody(interp, o)
  interp.trashNesting--
  if (interp.trashLater.length > 0 && interp.trashNesting <= 0) destroyChain(interp)
}

/** `_PyTrash_thread_destroy_chain`: deallocates deferred objects, newest first. */
function destroyChain(interp: Interp): void {
  interp.trashNesting++
  while (interp.trashLater.length > 0) {
    const o = interp.trashLater.pop() as number
    // The deallocator runs again from the top: its own trashcan nests one level deeper.
    if (isTrashcanType(interp.store.type[o] as number)) trashcan(interp, o)
    else plainContainerBody(interp, o)
  }
  interp.trashNesting--
}

function isTrashcanType(type: number): boolean {
  return (
    type === OBJECT_TYPE.TUPLE ||
    type === OBJECT_TYPE.LIST ||
    type === OBJECT_TYPE.DICT ||
    type === OBJECT_TYPE.SET ||
    type >= FIRST_CLASS_TYPE
  )
}

/** The body of tuple/list/dict/set/instance deallocation (inside the trashcan). */
function containerBody(interp: Interp, o: number): void {
  const s = interp.store
  const type = s.type[o] as number
  switch (type) {
    case OBJECT_TYPE.TUPLE: {
      const n = s.refLen[s.container[o] as number] as number
      releaseItemsBackwards(interp, o)
      if (n >= 1 && n <= TUPLE_FREE_LISTS) freeListOrGcDel(interp, o, TUPLE_BASE + n - 1)
      else gcDel(interp, o)
      return
    }
    case OBJECT_TYPE.LIST:
      releaseItemsBackwards(interp, o)
      freeAux(interp, o)
      freeListOrGcDel(interp, o, FREE_LIST.LIST)
      return
    case OBJECT_TYPE.DICT:
      releaseDictStorage(interp, o)
      freeListOrGcDel(interp, o, FREE_LIST.DICT)
      return
    case OBJECT_TYPE.SET:
      // set_dealloc: weak references are cleared (callbacks run) before the entries go.
      clearWeakRefs(interp, o)
      releaseEntriesForward(interp, o)
      freeAux(interp, o)
      gcDel(interp, o)
      return
    default:
      deallocInstance(interp, o)
  }
}

/** Drops a dict's entries and frees its keys object (or split values array). */
export function releaseDictStorage(interp: Interp, o: number): void {
  const s = interp.store
  const c = s.container[o] as number
  releaseEntriesForward(interp, o)
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

/** `subtype_dealloc` for instances of scenario classes. */
function deallocInstance(interp: Interp, o: number): void {
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
    if (rc !== 0) return // resurrected: stays tracked
    gcUntrack(interp, o)
  }
  if (cls.weakrefable) clearWeakRefs(interp, o)
  if (cls.hasDel) {
    // Weakrefs created during __del__ are cleared without callbacks.
    const list = interp.weakrefsTo.get(o)
    while (list !== undefined && list.length > 0) clearWeakref(interp, list[0] as number)
  }
  // Slots, or the values array / materialised dict, released in index order.
  releaseEntriesForward(interp, o)
  freeAux(interp, o)
  gcDel(interp, o)
}

/**
 * Deallocation of function, cell, method and weakref objects (no trashcan in CPython). Chains of
 * them deeper than MAX_PLAIN_DEPTH are deferred like the trashcan does, to protect the host stack.
 */
function deallocPlainContainer(interp: Interp, o: number): void {
  gcUntrack(interp, o)
  if (interp.deallocDepth >= MAX_PLAIN_DEPTH) {
    interp.trashLater.push(o)
    return
  }
  interp.deallocDepth++
  plainContainerBody(interp, o)
  interp.deallocDepth--
  if (interp.deallocDepth === 0 && interp.trashLater.length > 0 && interp.trashNesting <= 0) destroyChain(interp)
}

function plainContainerBody(interp: Interp, o: number): void {
  const type = interp.store.type[o] as number
  switch (type) {
    case OBJECT_TYPE.WEAKREF:
      clearWeakref(interp, o)
      interp.weakrefHasCallback.delete(o)
      break
    case OBJECT_TYPE.METHOD:
      clearWeakRefs(interp, o)
      break
    case OBJECT_TYPE.FUNCTION:
      clearWeakRefs(interp, o)
      break
    default:
      break
  }
  releaseEntriesForward(interp, o)
  gcDel(interp, o)
}
