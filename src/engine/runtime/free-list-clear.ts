/**
 * `clear_freelists` after a full collection: every listed block is returned to the allocator.
 * GC types go through `PyObject_GC_Del`, so each one also lowers count0 (floored at 0).
 */
import { memFree } from '../allocator/memory'
import { FREE_LIST, FREE_LIST_NAMES, namedListOf } from './free-lists'
import type { Interp } from './interp'
import { gcUnlink } from './tracking'

const GC_LISTS = new Set<number>([FREE_LIST.TUPLE, FREE_LIST.LIST, FREE_LIST.DICT])

/** Empties every free list. */
export function clearFreeLists(interp: Interp): void {
  const fl = interp.free
  for (let stack = 0; stack < fl.stacks.length; stack++) {
    const n = fl.sizes[stack] as number
    if (n === 0) continue
    const named = namedListOf(stack)
    const blocks = fl.stacks[stack] as Int32Array
    const bytes = fl.blockBytes[stack] as number
    // Tuple and list lists are emptied from the head (most recent) down.
    for (let i = n - 1; i >= 0; i--) {
      if (GC_LISTS.has(named)) gcUnlink(interp)
      memFree(interp.mem, blocks[i] as number, bytes)
    }
    fl.sizes[stack] = 0
    fl.cleared[named] = (fl.cleared[named] as number) + n
  }
  void FREE_LIST_NAMES
}
