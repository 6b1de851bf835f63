/**
 * `verify(run)`: checks every invariant of a run's state and returns the problems found (empty
 * when consistent). Used by property tests after each step; O(heap), never on hot paths.
 *
 * - allocator: block accounting per pool and arena, usedpools/usable_arenas membership and order;
 * - raw heap: chunks tile the heap, no two free neighbours;
 * - objects: refcount = references from other objects + references from the VM (locals, value
 *   stack, loop iterators, globals, free lists excluded) + external references of the starting heap;
 * - collector: every tracked object is in exactly one list, list sizes and labels agree,
 *   counts are non-negative;
 * - deallocation: no frame, trashcan nesting or deferred object left between steps.
 */
import { NO_BLOCK } from './allocator/memory'
import { verifyObmalloc } from './allocator/obmalloc'
import { verifyRawHeap } from './allocator/raw-malloc'
import { LIST } from './gc/gc-list'
import { FLAG, NOT_IN_LIST, RESERVED_INDICES } from './objects/object-store'
import { hasContainer, OBJECT_TYPE } from './objects/object-types'
import type { Run } from './run'

/** @returns descriptions of every broken invariant */
export function verify(run: Run): string[] {
  const problems: string[] = []
  const interp = run.interp
  const s = interp.store
  problems.push(...verifyObmalloc(interp.mem.om))
  const rawIds: number[] = []
  const record = (ref: number): void => {
    if (ref < 0 && ref !== NO_BLOCK) rawIds.push(-ref - 1)
  }
  for (let o = RESERVED_INDICES; o <= s.top; o++) {
    if (((s.flags[o] as number) & FLAG.ALIVE) === 0) continue
    record(s.block[o] as number)
    record(s.aux[s.container[o] as number] as number)
  }
  const fl = interp.free
  for (let k = 0; k < fl.size.length; k++) {
    for (let i = 0; i < (fl.size[k] as number); i++) record(fl.data[(fl.offset[k] as number) + i] as number)
  }
  problems.push(...verifyRawHeap(interp.mem.raw, rawIds))

  // Expected refcounts.
  const expected = new Float64Array(s.top + 1)
  const add = (ref: number): void => {
    if (ref > 0) expected[ref] = (expected[ref] as number) + 1
  }
  for (let o = RESERVED_INDICES; o <= s.top; o++) {
    if (((s.flags[o] as number) & FLAG.ALIVE) === 0) continue
    const type = s.type[o] as number
    if (type === OBJECT_TYPE.INTERPRETER || type === OBJECT_TYPE.CLASS) add(o)
    const start = s.refStart[s.container[o] as number] as number
    const n = s.refLen[s.container[o] as number] as number
    for (let i = 0; i < n; i++) {
      const t = s.edges.data[start + i] as number
      if (t > 0 && ((s.flags[t] as number) & FLAG.ALIVE) === 0) problems.push(`object ${o} refers to freed object ${t}`)
      add(t)
    }
  }
  const vm = run.vm
  if (vm !== null) {
    for (let i = 0; i < vm.localsTop; i++) add(vm.locals[i] as number)
    for (let i = 0; i < vm.sp; i++) add(vm.stack[i] as number)
    for (let i = 0; i < vm.loopTop; i++) add(vm.loopIterator[i] as number)
    for (const g of vm.globals) add(g)
    for (const t of vm.callTuples) add(t)
  }
  for (const h of run.harness) add(h)
  for (const g of interp.gc.garbage) add(g)
  for (let o = RESERVED_INDICES; o <= s.top; o++) {
    if (((s.flags[o] as number) & FLAG.ALIVE) === 0) continue
    if (s.refcnt[o] !== expected[o]) problems.push(`object ${o} (${interp.typeNames[s.type[o] as number]}): refcount ${s.refcnt[o]}, references ${expected[o]}`)
  }

  // Generation lists.
  const seen = new Uint8Array(s.top + 1)
  for (const head of [LIST.GEN0, LIST.GEN1, LIST.GEN2, LIST.PERMANENT, LIST.OLD_SPACE_0, LIST.OLD_SPACE_1]) {
    let size = 0
    let prev: number = head
    for (let x = s.gcNext[head] as number; x !== head; x = s.gcNext[x] as number) {
      if (x <= 0 || x > s.top) {
        problems.push(`list ${head} links to ${x}`)
        break
      }
      if (seen[x]) {
        problems.push(`object ${x} is in two lists (or a list has a cycle)`)
        break
      }
      seen[x] = 1
      size++
      if (s.gcPrev[x] !== prev) problems.push(`object ${x}: prev ${s.gcPrev[x]} != ${prev}`)
      if (s.gcList[s.container[x] as number] !== head) problems.push(`object ${x}: labelled list ${s.gcList[s.container[x] as number]}, linked in ${head}`)
      if (((s.flags[x] as number) & FLAG.TRACKED) === 0) problems.push(`object ${x} is linked but not flagged tracked`)
      if (((s.flags[x] as number) & FLAG.ALIVE) === 0) problems.push(`dead object ${x} is linked in list ${head}`)
      if (((s.flags[x] as number) & (FLAG.COLLECTING | FLAG.UNREACHABLE)) !== 0) problems.push(`object ${x} keeps collection flags`)
      prev = x
    }
    if (s.gcPrev[head] !== prev) problems.push(`list ${head}: tail ${s.gcPrev[head]} != ${prev}`)
    if (interp.gc.listSize[head] !== size) problems.push(`list ${head}: size ${interp.gc.listSize[head]} != ${size}`)
  }
  for (let o = RESERVED_INDICES; o <= s.top; o++) {
    if (((s.flags[o] as number) & FLAG.TRACKED) !== 0 && !seen[o]) problems.push(`tracked object ${o} is in no generation list`)
    if (((s.flags[o] as number) & FLAG.TRACKED) === 0 && s.gcList[s.container[o] as number] !== NOT_IN_LIST) problems.push(`untracked object ${o} is labelled list ${s.gcList[s.container[o] as number]}`)
  }
  for (let g = 0; g < 3; g++) if ((interp.gc.counts[g] as number) < 0) problems.push(`count${g} is negative`)
  // Between steps no deallocation is in progress and nothing waits in the trashcan.
  if (interp.deallocs.sp !== 0) problems.push(`${interp.deallocs.sp} deallocation frames left on the stack`)
  if (interp.trashNesting !== 0) problems.push(`trashcan nesting ${interp.trashNesting} after a step`)
  if (interp.trashLater.length !== 0) problems.push(`${interp.trashLater.length} objects left in the trashcan`)
  let live = 0
  for (let o = RESERVED_INDICES; o <= s.top; o++) if (((s.flags[o] as number) & FLAG.ALIVE) !== 0) live++
  if (live !== s.live) problems.push(`live objects ${s.live} != ${live}`)
  problems.push(...verifyContainers(run))
  return problems
}

/**
 * Container rows: row 0 (the sentinel every object without a row reads) still holds the "none"
 * values, each live GC object owns one row of its own and no other object owns any, and free
 * rows are back in the "none" state.
 */
function verifyContainers(run: Run): string[] {
  const problems: string[] = []
  const s = run.interp.store
  const isNone = (c: number): boolean =>
    s.gcList[c] === NOT_IN_LIST && s.aux[c] === NO_BLOCK && s.auxSize[c] === 0 && s.refStart[c] === 0 && s.refLen[c] === 0 && s.refCapLog2[c] === 0
  if (!isNone(0)) problems.push('container row 0 (the sentinel) was written')
  const owner = new Int32Array(s.containerTop + 1)
  let owned = 0
  for (let o = 1; o <= s.top; o++) {
    const c = s.container[o] as number
    const alive = o < RESERVED_INDICES || ((s.flags[o] as number) & FLAG.ALIVE) !== 0
    const wanted = o < RESERVED_INDICES || (alive && hasContainer(s.type[o] as number))
    if (!wanted) {
      if (c !== 0) problems.push(`object ${o} (${alive ? 'no GC type' : 'freed'}) owns container row ${c}`)
      continue
    }
    if (c <= 0 || c > s.containerTop) {
      problems.push(`object ${o} has container row ${c}`)
      continue
    }
    if (owner[c] !== 0) problems.push(`container row ${c} belongs to objects ${owner[c]} and ${o}`)
    owner[c] = o
    if (o >= RESERVED_INDICES) owned++
  }
  for (let i = 0; i < s.freeContainerCount; i++) {
    const c = s.freeContainers[i] as number
    if (owner[c] !== 0) problems.push(`free container row ${c} belongs to object ${owner[c]}`)
    else if (!isNone(c)) problems.push(`free container row ${c} is not cleared`)
  }
  if (s.containerTop - (RESERVED_INDICES - 1) !== owned + s.freeContainerCount) problems.push(`container rows: ${s.containerTop - (RESERVED_INDICES - 1)} used != ${owned} live + ${s.freeContainerCount} free`)
  return problems
}
