/**
 * `clear_freelists` after a full collection: every listed block is returned to the allocator.
 * GC types go through `PyObject_GC_Del`, so each one also lowers count0 (floored at 0).
 */
import { memFree } from '../allocator/memory'
import { FREE_LIST } from './free-lists'
import type { Interp } from './interp'
import { gcUnlink } from './tracking'

/** Empties every free list. */
export function clearFreeLists(interp: Interp): void {
  const fl = interp.free
  for (let stack = 0; stack < fl.size.length; stack++) {
    const n = fl.size[stack] as number
    if (n === 0) continue
    const named = fl.named[stack] as number
    const isGc = named === FREE_LIST.TUPLE || named === FREE_LIST.LIST || named === FREE_LIST.DICT
    const base = fl.offset[stack] as number
    const bytes = fl.blockBytes[stack] as number
    // Emptied from the most recently pushed entry down.
    for (let i = n - 1; i >= 0; i--) {
      if (isGc) gcUnlink(interp)
      memFree(interp.mem, fl.data[base + i] as number, bytes)
    }
    fl.size[stack] = 0
    fl.cleared[stack] = (fl.cleared[stack] as number) + n
  }
}
