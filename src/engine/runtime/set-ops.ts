/**
 * Sets (Objects/setobject.c): an 8-slot table inline in the object, a separate `PyMem_NEW`
 * table once `fill × 5 ≥ mask × 3`, resized to the smallest power of two above 4 × used
 * (2 × used beyond 50 000). Elements are compared by identity in the model.
 */
import { memAlloc, memFree, NO_BLOCK } from '../allocator/memory'
import { pushRef } from '../objects/object-store'
import { decref } from './dealloc'
import type { Interp } from './interp'

/** `PySet_MINSIZE`. */
const SET_MINSIZE = 8

function setMask(interp: Interp, o: number): number {
  const s = interp.store
  const c = s.container[o] as number
  return s.aux[c] === NO_BLOCK ? SET_MINSIZE - 1 : ((s.auxSize[c] as number) >>> 4) - 1
}

/** `set_table_resize(so, minused)`. */
function setTableResize(interp: Interp, o: number, minused: number): void {
  const s = interp.store
  const c = s.container[o] as number
  let newsize = SET_MINSIZE
  while (newsize <= minused) newsize *= 2
  const old = s.aux[c] as number
  const oldBytes = s.auxSize[c] as number
  if (newsize === SET_MINSIZE) {
    s.aux[c] = NO_BLOCK
    s.auxSize[c] = 0
  } else {
    s.aux[c] = memAlloc(interp.mem, newsize * 16)
    s.auxSize[c] = newsize * 16
  }
  if (old !== NO_BLOCK) memFree(interp.mem, old, oldBytes)
}

/** `PySet_Add(set, key)`: the set takes the caller's reference (dropped when already present). */
export function setAdd(interp: Interp, o: number, key: number): void {
  const s = interp.store
  const c = s.container[o] as number
  const start = s.refStart[c] as number
  const n = s.refLen[c] as number
  for (let i = 0; i < n; i++) {
    if (s.edges.data[start + i] === key) {
      decref(interp, key)
      return
    }
  }
  pushRef(s, o, key)
  const fill = n + 1
  const mask = setMask(interp, o)
  if (fill * 5 < mask * 3) return
  const used = fill
  setTableResize(interp, o, used > 50000 ? used * 2 : used * 4)
}

/** Frees a set's separate table (the set goes back to its inline 8 slots). */
export function freeSetTable(interp: Interp, o: number): void {
  const s = interp.store
  const c = s.container[o] as number
  const table = s.aux[c] as number
  if (table === NO_BLOCK) return
  memFree(interp.mem, table, s.auxSize[c] as number)
  s.aux[c] = NO_BLOCK
  s.auxSize[c] = 0
  s.refLen[c] = 0
}
