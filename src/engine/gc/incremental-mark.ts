/**
 * The marking half of the 3.14 incremental collector (Python/gc.c, 3.14.0–3.14.4):
 * `mark_global_roots`, `mark_stacks`, `mark_all_reachable` and
 * `expand_region_transitively_reachable`. Marking moves objects into the visited old space
 * without looking for garbage among them; only the objects left unmarked are examined by
 * increments.
 *
 * An object's space bit (`_gc_next & 1` in C) is implied by its list here: objects in the young
 * generation and in the pending old space are "not visited"; everything else that is tracked
 * (visited space, permanent generation, the increment, the scratch list being marked) counts as
 * visited.
 */
import { OBJECT_TYPE } from '../objects/object-types'
import type { Interp } from '../runtime/interp'
import { LIST, listInit, listIsEmpty } from './gc-list'
import { moveTo, visitsBackwards } from './generational'

/** What marking did, for the collection record. */
export interface MarkWork {
  /** References visited. */
  traversed: number
  /** Starting-heap objects (interpreter objects, classes) among the marked. */
  longLived: number
}

/** @returns zeroed counters */
export function createMarkWork(): MarkWork {
  return { traversed: 0, longLived: 0 }
}

/** @returns the list head of old space 0 or 1 */
export function oldSpaceHead(space: number): number {
  return LIST.OLD_SPACE_0 + space
}

/** @returns whether `o` is a tracked object not visited yet in this cycle */
function isNotVisited(interp: Interp, o: number, pending: number): boolean {
  const list = interp.store.gcList[interp.store.container[o] as number] as number
  return list === LIST.GEN0 || list === pending
}

/**
 * `move_to_reachable`: a not-yet-visited tracked object goes to `reachable`.
 * @returns 1 when it moved, else 0
 */
function moveToReachable(interp: Interp, o: number, reachable: number, pending: number): number {
  if (o <= 0 || !isNotVisited(interp, o, pending)) return 0
  moveTo(interp, o, reachable)
  return 1
}

/**
 * Traverses `o` (`tp_traverse` with `visit_add_to_container`): every tracked referent not visited
 * yet moves to the tail of `container`.
 * @returns objects moved
 */
function addReferentsTo(interp: Interp, o: number, container: number, pending: number, work: MarkWork): number {
  const s = interp.store
  const edges = s.edges.data
  const start = s.refStart[s.container[o] as number] as number
  const len = s.refLen[s.container[o] as number] as number
  const backwards = visitsBackwards(s.type[o] as number)
  let moved = 0
  for (let k = 0; k < len; k++) {
    const t = edges[backwards ? start + len - 1 - k : start + k] as number
    if (t <= 0) continue
    work.traversed++
    if (isNotVisited(interp, t, pending)) {
      moveTo(interp, t, container)
      moved++
    }
  }
  return moved
}

/**
 * `mark_all_reachable`: empties `reachable` into `visited`, adding everything transitively
 * reachable that was not visited yet.
 * @returns objects added beyond those already in `reachable`
 */
function markAllReachable(interp: Interp, reachable: number, visited: number, pending: number, work: MarkWork): number {
  const s = interp.store
  let size = 0
  while (!listIsEmpty(s, reachable)) {
    const o = s.gcNext[reachable] as number
    moveTo(interp, o, visited)
    const type = s.type[o] as number
    if (type === OBJECT_TYPE.INTERPRETER || type === OBJECT_TYPE.CLASS) work.longLived++
    size += addReferentsTo(interp, o, reachable, pending, work)
  }
  return size
}

function initScratch(interp: Interp): number {
  const reachable = LIST.SCRATCH
  listInit(interp.store, reachable)
  interp.gc.listSize[reachable] = 0
  return reachable
}

/**
 * `mark_global_roots`: marks what the interpreter's global roots reach. In the model those are
 * the scenario's globals, the probe harness's objects, `gc.garbage`, and the starting heap's
 * long-lived objects (interpreter objects and classes; assumed all reachable from sys.modules,
 * builtins or static types, as a bare interpreter's objects are right after `gc.collect()`).
 * @returns objects marked
 */
export function markGlobalRoots(interp: Interp, visited: number, pending: number, work: MarkWork): number {
  const s = interp.store
  const reachable = initScratch(interp)
  let marked = 0
  const visit = (o: number): void => {
    marked += moveToReachable(interp, o, reachable, pending)
  }
  interp.gcRoots?.forEachGlobalRoot(visit)
  for (const o of interp.gc.garbage) visit(o)
  for (const head of [pending, LIST.GEN0]) {
    let x = s.gcNext[head] as number
    while (x !== head) {
      const next = s.gcNext[x] as number
      const type = s.type[x] as number
      if (type === OBJECT_TYPE.INTERPRETER || type === OBJECT_TYPE.CLASS) visit(x)
      x = next
    }
  }
  return marked + markAllReachable(interp, reachable, visited, pending, work)
}

/**
 * `mark_stacks`: marks what the frames reach (locals, value stacks, loop iterators). CPython
 * skips frames it has already scanned in this cycle; their contents cannot have changed, so
 * scanning them again marks nothing more and gives the same result.
 * @returns objects marked
 */
export function markStacks(interp: Interp, visited: number, pending: number, work: MarkWork): number {
  const reachable = initScratch(interp)
  let marked = 0
  interp.gcRoots?.forEachFrameRoot((o: number): void => {
    marked += moveToReachable(interp, o, reachable, pending)
  })
  return marked + markAllReachable(interp, reachable, visited, pending, work)
}

/**
 * `expand_region_transitively_reachable`: from `first` to the end of `container`, adds every
 * not-yet-visited object reachable from them to the container.
 * @returns objects added
 */
export function expandRegion(interp: Interp, container: number, first: number, pending: number, work: MarkWork): number {
  const s = interp.store
  let size = 0
  for (let x = first; x !== container; x = s.gcNext[x] as number) size += addReferentsTo(interp, x, container, pending, work)
  return size
}
