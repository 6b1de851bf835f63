/**
 * What a collection does once it knows its garbage, built from the generational collector's
 * ported steps: legacy finalizers, weak references (in the order of the CPython version),
 * `__del__` once per object, resurrection, `tp_clear` of what is still garbage, and
 * `gc.garbage`. Used by the 3.14 incremental collector (`gc_collect_region`) and by the what-if
 * tracing collectors, which find their garbage by marking from roots instead.
 */
import { OBJECT_TYPE } from '../objects/object-types'
import type { CollectionRecord, Interp } from '../runtime/interp'
import { LIST, listInit, listRelabel } from './gc-list'
import {
  deduceUnreachable,
  deleteGarbage,
  finalizeGarbage,
  handleLegacyFinalizers,
  handleResurrectedObjects,
  handleWeakrefs,
  mergeInto,
  moveLegacyFinalizerReachable,
  moveLegacyFinalizers,
  needsFinalization,
  takeTraversed,
  untrackTuples,
} from './generational'
import { clearWeakrefs, handleWeakrefCallbacks } from './weakref-order'

/** Where weak references are handled relative to finalizers. */
export const WEAKREF_ORDER = {
  /** 3.11–3.13 `handle_weakrefs`: every weakref to garbage cleared before `__del__` runs. */
  CLEAR_FIRST: 0,
  /** 3.14 (gh-135552): callbacks first, weakrefs without callbacks cleared after `__del__`. */
  CALLBACKS_FIRST: 1,
} as const

/**
 * Disposes of `LIST.UNREACHABLE` (objects flagged COLLECTING, list sizes exact): survivors of
 * weakref callbacks, finalizers and `tp_clear` move to `to`. Adds collected and uncollectable
 * to the record.
 * @param order a WEAKREF_ORDER value
 */
export function disposeUnreachable(interp: Interp, to: number, order: number, record: CollectionRecord): void {
  const gc = interp.gc
  const s = interp.store
  const unreachable = LIST.UNREACHABLE
  const finalizers = LIST.FINALIZERS
  listInit(s, finalizers)
  gc.listSize[finalizers] = 0
  moveLegacyFinalizers(interp, unreachable, finalizers)
  moveLegacyFinalizerReachable(interp, finalizers)

  let m = order === WEAKREF_ORDER.CLEAR_FIRST ? handleWeakrefs(interp, unreachable, to) : handleWeakrefCallbacks(interp, unreachable, to)
  const finalUnreachable = LIST.FINAL_UNREACHABLE
  if (needsFinalization(interp, unreachable)) {
    finalizeGarbage(interp, unreachable)
    handleResurrectedObjects(interp, unreachable, finalUnreachable, to)
  } else {
    // No finalizer runs, so nothing is resurrected (as in generational.ts).
    mergeInto(interp, unreachable, finalUnreachable)
  }
  if (order === WEAKREF_ORDER.CALLBACKS_FIRST) clearWeakrefs(interp, finalUnreachable)
  m += gc.listSize[finalUnreachable] as number
  deleteGarbage(interp, finalUnreachable, to)

  const n = gc.listSize[finalizers] as number
  handleLegacyFinalizers(interp, finalizers, to)
  record.collected += m
  record.uncollectable += n
  record.traversed += takeTraversed()
}

/**
 * `gc_collect_region` as in 3.14: finds the garbage of `from` from refcounts
 * (`deduce_unreachable`), untracks tuples among the survivors, moves the survivors to `to`, then
 * disposes of the garbage with 3.14's weakref order. `from` may equal `to` (full collection).
 * Fills examined, unreachable, promoted, collected, uncollectable and traversed.
 */
export function collectRegion(interp: Interp, from: number, to: number, record: CollectionRecord): void {
  const gc = interp.gc
  const s = interp.store
  record.examined += gc.listSize[from] as number
  record.examinedLongLived += countLongLived(interp, from)
  takeTraversed()
  const unreachable = LIST.UNREACHABLE
  deduceUnreachable(interp, from, unreachable)
  const unreachableCount = listRelabel(s, unreachable)
  gc.listSize[from] = (gc.listSize[from] as number) - unreachableCount
  gc.listSize[unreachable] = unreachableCount
  record.unreachable += unreachableCount
  untrackTuples(interp, from)
  record.promoted += from !== to ? mergeInto(interp, from, to) : (gc.listSize[from] as number)
  disposeUnreachable(interp, to, WEAKREF_ORDER.CALLBACKS_FIRST, record)
}

/** @returns objects of the starting heap (interpreter objects, classes) in a list */
export function countLongLived(interp: Interp, head: number): number {
  const s = interp.store
  let n = 0
  for (let x = s.gcNext[head] as number; x !== head; x = s.gcNext[x] as number) {
    const t = s.type[x] as number
    if (t === OBJECT_TYPE.INTERPRETER || t === OBJECT_TYPE.CLASS) n++
  }
  return n
}

