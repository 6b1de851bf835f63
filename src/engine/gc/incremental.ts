/**
 * CPython 3.14.0–3.14.4's incremental cyclic collector (Python/gc.c), preset `cpython-3.14`.
 * NOT checked against a local interpreter: no 3.14.0–3.14.4 build is available here, and 3.14.5
 * reverted to the generational collector.
 *
 * Source followed: a 3.14-era `Python/gc.c` from a public code index, not pinned to a tag (it has
 * gh-135552's weakref order, `assess_work_to_do` capping the heap fraction at `new*3/2`, and no
 * early return when `work_to_do < 0`, which a newer main-branch copy adds; reference §4.9 and §8).
 *
 * State: the young generation (`LIST.GEN0`), two old spaces (`LIST.OLD_SPACE_0/1`) of which
 * `visitedSpace` holds what this cycle has scanned, `heap_size`, `work_to_do` and a MARK/COLLECT
 * phase.
 * - Every automatic collection is an increment (generation 1). The first of a cycle (MARK phase)
 *   only marks: everything reachable from the roots moves to the visited space unexamined.
 *   Later ones (COLLECT) collect the young generation plus as much of the pending space as the
 *   work budget asks, each object with everything it reaches; survivors join the visited space.
 *   When the pending space is empty the cycle ends and the spaces swap.
 * - `gc.collect(0)` collects the young generation; `gc.collect(1)` runs one increment;
 *   `gc.collect(2)` collects everything and clears the free lists.
 * - Tuples are untracked from the young generation at every collection; dicts are never
 *   untracked (3.14 tracks every dict).
 * - `gc.get_count()` is (young, visited space, pending space) counts; `gc.get_stats()[1]` counts
 *   only increments that collected (the source calls `add_stats` after the COLLECT path only, so
 *   mark-only increments appear in the GC log, not in the statistics).
 * Uncertain: the exact work formula per 3.14.x patch release; whether every object of the
 * starting heap is reachable from the global roots (assumed); `heap_size` at start (the live GC
 * objects of the starting heap).
 */
import { newStr } from '../runtime/allocate'
import { decref } from '../runtime/dealloc'
import { clearFreeLists } from '../runtime/free-list-clear'
import type { CollectionRecord, Interp } from '../runtime/interp'
import { collectRegion } from './collect-region'
import { addStats, newCallbackInfo, runCollection } from './collection'
import { INCREMENTAL_PHASE, INITIAL_WORK_TO_DO, type IncrementalState } from './collector-state'
import { LIST, listInit, listIsEmpty } from './gc-list'
import { mergeInto, moveTo, REASON_EXPLICIT, REASON_THRESHOLD, untrackTuples } from './generational'
import { createMarkWork, expandRegion, markGlobalRoots, markStacks, oldSpaceHead, type MarkWork } from './incremental-mark'

/** `SCAN_RATE_DIVISOR`: with the default scale factor 10, increments scan 1 % of the heap. */
const SCAN_RATE_DIVISOR = 10

/** `_Py_RunGC` at the eval breaker: one increment, if the collector is enabled. */
export function incrementalAutomatic(interp: Interp): void {
  if (!interp.gc.enabled) return
  collectIncremental(interp, 1, REASON_THRESHOLD)
}

/**
 * `gc.collect(generation)`: 0 young, 1 one increment, 2 full. Returns 0 when a collection is
 * already running. Unlike the 3.12/3.13 model it leaves a scheduled collection pending: the next
 * eval-breaker check (right after the call) still runs an increment, as `_Py_RunGC` does not
 * re-check the threshold.
 * @returns collected + uncollectable
 */
export function incrementalCollect(interp: Interp, generation: number): number {
  if (interp.gc.collecting) return 0
  return collectIncremental(interp, generation, REASON_EXPLICIT)
}

/** `_PyGC_Collect`. */
function collectIncremental(interp: Interp, generation: number, reason: number): number {
  const st = interp.gc.incremental
  syncCounts(interp, st)
  return runCollection(interp, generation, reason, (record: CollectionRecord): number => {
    invokeCallbacks(interp, 'start')
    if (generation === 0) collectYoung(interp, st, record)
    else if (generation === 1) collectIncrement(interp, st, record)
    else collectFull(interp, st, record)
    syncCounts(interp, st)
    invokeCallbacks(interp, 'stop')
    return record.collected + record.uncollectable
  })
}

/** `gc.get_count()` = (young.count, old[visited].count, old[pending].count). */
function syncCounts(interp: Interp, st: IncrementalState): void {
  const counts = interp.gc.counts
  counts[1] = st.oldCounts[st.visitedSpace] as number
  counts[2] = st.oldCounts[st.visitedSpace ^ 1] as number
}

/** `old[0].threshold` used as the scale factor, at least 2. */
function scaleFactor(interp: Interp): number {
  return Math.max(interp.gc.thresholds[1] as number, 2)
}

/** `gc_collect_young`. */
function collectYoung(interp: Interp, st: IncrementalState, record: CollectionRecord): void {
  untrackTuples(interp, LIST.GEN0)
  collectRegion(interp, LIST.GEN0, oldSpaceHead(st.visitedSpace), record)
  interp.gc.counts[0] = 0
  st.oldCounts[st.visitedSpace] = (st.oldCounts[st.visitedSpace] as number) + 1
  addStats(interp, 0, record)
}

/** `assess_work_to_do`: new objects plus a heap fraction capped at 1.5 × new; resets young.count. */
function assessWorkToDo(interp: Interp): number {
  const gc = interp.gc
  const newObjects = gc.counts[0] as number
  const maxHeapFraction = Math.trunc((newObjects * 3) / 2)
  const heapFraction = Math.min(Math.trunc(Math.trunc(gc.heapSize / SCAN_RATE_DIVISOR) / scaleFactor(interp)), maxHeapFraction)
  gc.counts[0] = 0
  return newObjects + heapFraction
}

/** `mark_at_start`: marks from the global roots and the frames, then enters the COLLECT phase. */
function markAtStart(interp: Interp, st: IncrementalState, work: MarkWork): number {
  const visited = oldSpaceHead(st.visitedSpace)
  const pending = oldSpaceHead(st.visitedSpace ^ 1)
  const marked = markGlobalRoots(interp, visited, pending, work) + markStacks(interp, visited, pending, work)
  st.workToDo -= marked
  st.phase = INCREMENTAL_PHASE.COLLECT
  return marked
}

/** `gc_collect_increment`. */
function collectIncrement(interp: Interp, st: IncrementalState, record: CollectionRecord): void {
  const gc = interp.gc
  const s = interp.store
  const work = createMarkWork()
  st.workToDo += assessWorkToDo(interp)
  untrackTuples(interp, LIST.GEN0)
  if (st.phase === INCREMENTAL_PHASE.MARK) {
    const marked = markAtStart(interp, st, work)
    // The source subtracts the marked objects a second time here.
    st.workToDo -= marked
    record.examined = marked
    record.examinedLongLived = work.longLived
    record.examinedOld = marked - work.longLived
    record.promoted = marked
    record.traversed = work.traversed
    return
  }
  const visited = oldSpaceHead(st.visitedSpace)
  const pending = oldSpaceHead(st.visitedSpace ^ 1)
  const marked = markStacks(interp, visited, pending, work)
  st.workToDo -= marked

  const increment = LIST.INCREMENT
  listInit(s, increment)
  gc.listSize[increment] = 0
  const youngest = mergeInto(interp, LIST.GEN0, increment)
  let incrementSize = gc.listSize[increment] as number
  while (incrementSize < st.workToDo) {
    if (listIsEmpty(s, pending)) break
    const first = s.gcNext[pending] as number
    moveTo(interp, first, increment)
    incrementSize++
    incrementSize += expandRegion(interp, increment, first, pending, work)
  }
  collectRegion(interp, increment, visited, record)
  record.examined += marked
  record.examinedLongLived += work.longLived
  record.examinedOld = record.examined - youngest - record.examinedLongLived
  record.traversed += work.traversed
  st.workToDo += Math.trunc(Math.trunc(gc.heapSize / SCAN_RATE_DIVISOR) / scaleFactor(interp)) - incrementSize
  addStats(interp, 1, record)
  if (listIsEmpty(s, pending)) completedScavenge(interp, st)
}

/** `gc_collect_full`: everything in one region, then a new cycle and empty free lists. */
function collectFull(interp: Interp, st: IncrementalState, record: CollectionRecord): void {
  const gc = interp.gc
  const visited = oldSpaceHead(st.visitedSpace)
  const pending = oldSpaceHead(st.visitedSpace ^ 1)
  untrackTuples(interp, LIST.GEN0)
  const youngest = mergeInto(interp, LIST.GEN0, pending)
  gc.counts[0] = 0
  mergeInto(interp, pending, visited)
  collectRegion(interp, visited, visited, record)
  record.examinedOld = record.examined - youngest - record.examinedLongLived
  gc.counts[0] = 0
  st.oldCounts[0] = 0
  st.oldCounts[1] = 0
  completedScavenge(interp, st)
  clearFreeLists(interp)
  addStats(interp, 2, record)
}

/**
 * `completed_scavenge`: swaps the spaces (or, with a permanent generation, moves the visited
 * space back to pending) and starts a new cycle in the MARK phase.
 */
function completedScavenge(interp: Interp, st: IncrementalState): void {
  if (listIsEmpty(interp.store, LIST.PERMANENT)) {
    // Young objects are always "not visited" here: nothing to relabel.
    st.visitedSpace ^= 1
  } else {
    mergeInto(interp, oldSpaceHead(st.visitedSpace), oldSpaceHead(st.visitedSpace ^ 1))
  }
  st.workToDo = 0
  st.phase = INCREMENTAL_PHASE.MARK
}

/**
 * `do_gc_callback` (3.14): the phase name is a new str each time (`PyUnicode_FromString`); with
 * callbacks registered an info dict is built too. Callables are called by vectorcall, with no
 * argument tuple.
 */
function invokeCallbacks(interp: Interp, phase: 'start' | 'stop'): void {
  const info = interp.gc.callbacks > 0 ? newCallbackInfo(interp) : 0
  const phaseName = newStr(interp, phase.length, 0)
  decref(interp, phaseName)
  if (info !== 0) decref(interp, info)
}

/** `_PyGC_Freeze`: young and both old spaces join the permanent generation; counts reset. */
export function incrementalFreeze(interp: Interp): void {
  const st = interp.gc.incremental
  mergeInto(interp, LIST.GEN0, LIST.PERMANENT)
  interp.gc.counts[0] = 0
  mergeInto(interp, LIST.OLD_SPACE_0, LIST.PERMANENT)
  mergeInto(interp, LIST.OLD_SPACE_1, LIST.PERMANENT)
  st.oldCounts[0] = 0
  st.oldCounts[1] = 0
  syncCounts(interp, st)
}

/** `_PyGC_Unfreeze`: the permanent generation joins the visited space. */
export function incrementalUnfreeze(interp: Interp): void {
  mergeInto(interp, LIST.PERMANENT, oldSpaceHead(interp.gc.incremental.visitedSpace))
}

/**
 * Adopts the starting heap: its long-lived objects (put in the oldest generation by the run)
 * move to the pending old space, as after a full collection.
 * @param afterFullCollection the starting heap was measured right after `gc.collect()`
 *   (`work_to_do` 0); otherwise the interpreter's initial −5000
 */
export function incrementalStart(interp: Interp, afterFullCollection: boolean): void {
  const st = interp.gc.incremental
  st.visitedSpace = 0
  const pending = oldSpaceHead(1)
  mergeInto(interp, LIST.GEN2, pending)
  mergeInto(interp, LIST.GEN1, pending)
  st.phase = INCREMENTAL_PHASE.MARK
  st.workToDo = afterFullCollection ? 0 : INITIAL_WORK_TO_DO
  st.oldCounts[0] = 0
  st.oldCounts[1] = 0
  syncCounts(interp, st)
}

/** @returns the objects in the visited and the pending old space (for tests and displays) */
export function oldSpaceSizes(interp: Interp): { visited: number; pending: number } {
  const st = interp.gc.incremental
  return {
    visited: interp.gc.listSize[oldSpaceHead(st.visitedSpace)] as number,
    pending: interp.gc.listSize[oldSpaceHead(st.visitedSpace ^ 1)] as number,
  }
}

