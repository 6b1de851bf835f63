/**
 * GC bookkeeping shared by every allocation and deallocation: the generation-0 count
 * (`_PyObject_GC_Link` / `PyObject_GC_Del`) and tracking (`_PyObject_GC_TRACK` / `UNTRACK`).
 * Tracking never changes a count; only fresh GC allocations (+1) and GC frees (−1, floored at 0) do.
 */
import { LIST, listAppend } from '../gc/gc-list'
import { FLAG, NOT_IN_LIST } from '../objects/object-store'
import type { Interp } from './interp'

/**
 * `_PyObject_GC_Link`: count a fresh GC allocation (count0 and, for 3.14, `heap_size`). In 3.11
 * a collection runs right here when count0 crosses the threshold (the new object is not tracked
 * yet); 3.12+ and the what-if collectors schedule it for the next eval-breaker check.
 */
export function gcLink(interp: Interp): void {
  const gc = interp.gc
  const count0 = (gc.counts[0] as number) + 1
  gc.counts[0] = count0
  gc.heapSize++
  if (count0 > (gc.thresholds[0] as number) && gc.enabled && gc.thresholds[0] !== 0 && !gc.collecting) {
    if (gc.collectInAllocation) interp.collector.automatic(interp)
    else gc.scheduled = true
  }
}

/**
 * An eval-breaker check (`_Py_HandlePending`): runs the collection an allocation scheduled.
 * 3.12+ check at loop back-edges, after calls and at the entry of every Python function
 * (RESUME), `__del__` and weakref callbacks included; 3.11 never schedules one.
 */
export function evalBreaker(interp: Interp): void {
  if (interp.gc.scheduled) {
    interp.gc.scheduled = false
    if (!interp.gc.collecting) interp.collector.automatic(interp)
  }
}

/** `PyObject_GC_Del`'s count update: count0 − 1, floored at 0; `heap_size` − 1. */
export function gcUnlink(interp: Interp): void {
  const gc = interp.gc
  const counts = gc.counts
  if ((counts[0] as number) > 0) counts[0] = (counts[0] as number) - 1
  gc.heapSize--
}

/** `_PyObject_GC_TRACK`: appends the object to generation 0's tail. */
export function gcTrack(interp: Interp, o: number): void {
  const s = interp.store
  listAppend(s, o, LIST.GEN0)
  s.flags[o] = (s.flags[o] as number) | FLAG.TRACKED
  interp.gc.listSize[LIST.GEN0] = (interp.gc.listSize[LIST.GEN0] as number) + 1
}

/** `_PyObject_GC_UNTRACK` (no-op when not tracked). */
export function gcUntrack(interp: Interp, o: number): void {
  const s = interp.store
  const flags = s.flags[o] as number
  if ((flags & FLAG.TRACKED) === 0) return
  const c = s.container[o] as number
  const list = s.gcList[c] as number
  const prev = s.gcPrev[o] as number
  const next = s.gcNext[o] as number
  s.gcNext[prev] = next
  s.gcPrev[next] = prev
  s.gcNext[o] = 0
  s.gcList[c] = NOT_IN_LIST
  s.flags[o] = flags & ~FLAG.TRACKED
  if (list !== NOT_IN_LIST) interp.gc.listSize[list] = (interp.gc.listSize[list] as number) - 1
}

/** @returns whether the object is tracked by the collector */
export function isTracked(interp: Interp, o: number): boolean {
  return ((interp.store.flags[o] as number) & FLAG.TRACKED) !== 0
}
