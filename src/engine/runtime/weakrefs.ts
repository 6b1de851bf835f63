/**
 * Weak references (Objects/weakrefobject.c). `weakref.ref(o)` without a callback returns the
 * existing basic reference when there is one; references with callbacks are kept newest-first
 * after the basic one. When the referent dies, `PyObject_ClearWeakRefs` clears them and runs
 * the callbacks (several at once go through a temporary tuple).
 */
import { OBJECT_TYPE } from '../objects/object-types'
import { newGcObject, newTuple } from './allocate'
import { decref } from './dealloc'
import type { Interp } from './interp'
import { evalBreaker, gcTrack } from './tracking'

/**
 * `weakref.ref(target[, callback])`.
 * @returns a new reference to the weakref object
 */
export function newWeakref(interp: Interp, target: number, hasCallback: boolean): number {
  let list = interp.weakrefsTo.get(target)
  if (!hasCallback && list !== undefined && list.length > 0) {
    const first = list[0] as number
    if (!interp.weakrefHasCallback.has(first)) {
      interp.store.refcnt[first] = (interp.store.refcnt[first] as number) + 1
      return first
    }
  }
  const o = newGcObject(interp, OBJECT_TYPE.WEAKREF, interp.preset.sizes.weakref)
  interp.weakrefTarget.set(o, target)
  // The collector may have run inside the allocation and changed the list.
  list = interp.weakrefsTo.get(target)
  if (list === undefined) {
    list = []
    interp.weakrefsTo.set(target, list)
  }
  const basic = list.length > 0 && !interp.weakrefHasCallback.has(list[0] as number) ? 1 : 0
  if (hasCallback) {
    interp.weakrefHasCallback.add(o)
    list.splice(basic, 0, o)
  } else {
    list.unshift(o)
  }
  gcTrack(interp, o)
  return o
}

/** `clear_weakref`: detaches a weakref from its referent (the callback stays). */
export function clearWeakref(interp: Interp, wr: number): void {
  const target = interp.weakrefTarget.get(wr)
  if (target === undefined) return
  interp.weakrefTarget.delete(wr)
  const list = interp.weakrefsTo.get(target)
  if (list === undefined) return
  const at = list.indexOf(wr)
  if (at >= 0) list.splice(at, 1)
  if (list.length === 0) interp.weakrefsTo.delete(target)
}

/** @returns the weakrefs to `target`, oldest basic first (a copy) */
export function weakrefsOf(interp: Interp, target: number): number[] {
  const list = interp.weakrefsTo.get(target)
  return list === undefined ? [] : list.slice()
}

/**
 * Runs a weakref callback: the emitted program's `def _callback(ref): pass`, a Python function,
 * whose entry (RESUME) is an eval-breaker check. In 3.12+ a collection the referent's death left
 * scheduled runs there, before the dying object is freed (it no longer counts down count0 first).
 */
export function runWeakrefCallback(interp: Interp, wr: number): void {
  void wr
  interp.counters.weakrefCallbacks++
  evalBreaker(interp)
}

/** `PyObject_ClearWeakRefs(target)`, called when `target` is deallocated. */
export function clearWeakRefs(interp: Interp, target: number): void {
  const list = interp.weakrefsTo.get(target)
  if (list === undefined || list.length === 0) return
  const s = interp.store
  // Callback-less references first.
  while (list.length > 0 && !interp.weakrefHasCallback.has(list[0] as number)) clearWeakref(interp, list[0] as number)
  const remaining = weakrefsOf(interp, target)
  if (remaining.length === 0) return
  if (remaining.length === 1) {
    const wr = remaining[0] as number
    interp.weakrefHasCallback.delete(wr)
    clearWeakref(interp, wr)
    if ((s.refcnt[wr] as number) > 0) runWeakrefCallback(interp, wr)
    return
  }
  // Several: a tuple (ref, callback, ...) keeps them alive while the callbacks run.
  const tuple = newTuple(interp, remaining.length * 2)
  const start = s.refStart[s.container[tuple] as number] as number
  const live: number[] = []
  for (let i = 0; i < remaining.length; i++) {
    const wr = remaining[i] as number
    if ((s.refcnt[wr] as number) > 0) {
      s.refcnt[wr] = (s.refcnt[wr] as number) + 1
      s.edges.data[start + i * 2] = wr
      live.push(wr)
    }
    interp.weakrefHasCallback.delete(wr)
    clearWeakref(interp, wr)
  }
  for (const wr of live) runWeakrefCallback(interp, wr)
  decref(interp, tuple)
}
