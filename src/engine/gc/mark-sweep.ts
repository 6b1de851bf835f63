/**
 * WHAT-IF, NOT CPYTHON: a textbook stop-the-world mark-sweep collector (and, with compaction,
 * the mark-compact what-if). CPython's own collector finds garbage from refcounts, generation by
 * generation; this one traces from roots over the whole heap every time.
 *
 * - When: the same counter as CPython's (count0: +1 per fresh GC allocation, −1 per GC free,
 *   floored at 0) passing threshold0 schedules a collection, which runs at the next eval-breaker
 *   check (a loop back-edge, a call, after `gc.collect()`), whatever the preset. Those checks
 *   are the model's safepoints: every live reference is then in a frame, a global or an object.
 *   A collection due while a `__del__` body runs from a deallocation waits for the next check
 *   outside it (the interrupted operation may hold references no root shows); `gc.collect()`
 *   there returns 0 without collecting.
 * - Mark: every object reachable from the roots (frames, globals, the starting heap's
 *   long-lived objects, the permanent generation, `gc.garbage`; see trace.ts) through
 *   `store.edges`.
 * - Sweep: every unmarked tracked object is garbage. No generations: all tracked objects are
 *   examined each time and survivors stay in one list (generation 2's). Garbage is disposed of
 *   as CPython 3.11–3.13 do: weakrefs to it are cleared (callbacks of live weakrefs run), each
 *   `__del__` runs once, objects a finalizer made reachable again survive, the rest is cleared
 *   with `tp_clear` so refcounting frees it.
 * - Every collection counts as generation 2 in the statistics and the log. Tuples and dicts
 *   are never untracked, free lists are kept (they are the allocator's caches), and
 *   `gc.callbacks` are not called.
 */
import { OBJECT_TYPE } from '../objects/object-types'
import { FLAG } from '../objects/object-store'
import type { CollectionRecord, Interp } from '../runtime/interp'
import { disposeUnreachable, WEAKREF_ORDER } from './collect-region'
import { addStats, runCollection } from './collection'
import { compactPools } from './compact-pools'
import { LIST, listInit } from './gc-list'
import { mergeInto, moveTo, REASON_EXPLICIT, REASON_THRESHOLD, takeTraversed } from './generational'
import { markFromRoots, type TraceWork } from './trace'

/** Generation every what-if collection is recorded as (the whole heap). */
const WHOLE_HEAP = 2

/** Automatic mark-sweep collection (at an eval-breaker check). */
export function markSweepAutomatic(interp: Interp): void {
  traceCollection(interp, REASON_THRESHOLD, false)
}

/**
 * `gc.collect(g)` under mark-sweep: a full collection whatever `g`.
 * @returns collected + uncollectable
 */
export function markSweepCollect(interp: Interp, generation: number): number {
  void generation
  if (interp.gc.collecting) return 0
  return traceCollection(interp, REASON_EXPLICIT, false)
}

/** Automatic mark-compact collection (at an eval-breaker check). */
export function markCompactAutomatic(interp: Interp): void {
  traceCollection(interp, REASON_THRESHOLD, true)
}

/**
 * `gc.collect(g)` under mark-compact: a full collection, then compaction.
 * @returns collected + uncollectable
 */
export function markCompactCollect(interp: Interp, generation: number): number {
  void generation
  if (interp.gc.collecting) return 0
  return traceCollection(interp, REASON_EXPLICIT, true)
}

function traceCollection(interp: Interp, reason: number, compact: boolean): number {
  const gc = interp.gc
  const roots = interp.gcRoots
  if (roots === null || !roots.atSafepoint()) {
    // Not at a safepoint (or no VM to trace from): an automatic collection waits.
    if (reason === REASON_THRESHOLD && roots !== null) gc.scheduled = true
    return 0
  }
  gc.scheduled = false
  return runCollection(interp, WHOLE_HEAP, reason, (record: CollectionRecord): number => {
    markSweep(interp, record)
    if (compact) record.moved = compactPools(interp)
    addStats(interp, WHOLE_HEAP, record)
    return record.collected + record.uncollectable
  })
}

/** Marks from the roots, sweeps every unmarked tracked object. */
function markSweep(interp: Interp, record: CollectionRecord): void {
  const gc = interp.gc
  const s = interp.store
  const heap = LIST.GEN2
  const oldest = gc.listSize[heap] as number
  mergeInto(interp, LIST.GEN0, heap)
  mergeInto(interp, LIST.GEN1, heap)
  gc.counts[0] = 0
  record.examined = gc.listSize[heap] as number
  takeTraversed()

  const work: TraceWork = { marked: 0, traversed: 0 }
  const epoch = markFromRoots(interp, [heap], work)
  record.traversed = work.traversed

  // Sweep: unmarked objects move to the unreachable list, flagged as collecting.
  const unreachable = LIST.UNREACHABLE
  listInit(s, unreachable)
  gc.listSize[unreachable] = 0
  const marks = gc.trace.marks
  let longLived = 0
  let x = s.gcNext[heap] as number
  while (x !== heap) {
    const next = s.gcNext[x] as number
    const type = s.type[x] as number
    if (type === OBJECT_TYPE.INTERPRETER || type === OBJECT_TYPE.CLASS) longLived++
    if (marks[x] !== epoch) {
      moveTo(interp, x, unreachable)
      s.flags[x] = (s.flags[x] as number) | FLAG.COLLECTING
    }
    x = next
  }
  record.examinedLongLived = longLived
  record.examinedOld = oldest - longLived
  record.unreachable = gc.listSize[unreachable] as number
  disposeUnreachable(interp, heap, WEAKREF_ORDER.CLEAR_FIRST, record)
}
