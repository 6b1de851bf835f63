/**
 * Rebinding a name to a fresh number while the old one dies: `x = float(i)` and the loop index
 * of `for i in range(n)`. CPython allocates the new object before the store releases the old one,
 * and in the steady state of such a loop the pair of calls leaves the heap exactly as it was,
 * except that two blocks swap roles. These functions apply the pair's effect on the old object's
 * slot in place (statistics included), instead of creating one object and destroying another:
 * the net effect where the state is steady, the allocator calls themselves where it is not (a
 * medium int that carves a block or moves pools). Anywhere else they return false and the caller
 * takes the general path.
 */
import { ALIGNMENT_SHIFT, obmallocAlloc, obmallocFree } from '../allocator/obmalloc'
import { FLAG } from '../objects/object-store'
import { FREE_LIST } from './free-lists'
import type { Interp } from './interp'

/** Both objects were live for a moment: the birth and death of one object in the counters. */
function bornAndDied(interp: Interp, o: number): void {
  const s = interp.store
  interp.counters.objectsAllocated++
  interp.counters.objectsFreed++
  if (s.live + 1 > s.peakLive) s.peakLive = s.live + 1
  // A new object in the old slot: handles to the old one must see it died.
  s.version[o] = ((s.version[o] as number) + 1) & 0xff
  s.flags[o] = FLAG.ALIVE
}

/**
 * `_PyLong_FromMedium` then the release of `old`, a medium int (one digit) with no other
 * reference. When the new int's block comes from `old`'s own pool and that pool keeps a free
 * block after the allocation (so neither carving nor a full/used transition happens), the pool
 * is left as it was. Otherwise the allocator calls of the general path run in its order (the
 * new block is taken while the old one is still held, then the old one is freed) and only the
 * object slot is reused. In 3.14 the int free list would be involved: not this path.
 */
export function replaceMediumInt(interp: Interp, old: number): boolean {
  const s = interp.store
  if (s.refcnt[old] !== 1 || s.type[old] !== 1 /* OBJECT_TYPE.INT */) return false
  const bytes = interp.preset.sizes.intMedium
  if (s.size[old] !== bytes || interp.free.capacity[FREE_LIST.INT] !== 0) return false
  const om = interp.mem.om
  const pool = s.block[old] as number
  if (pool < 0) return false
  if (om.usedPools[(bytes - 1) >> ALIGNMENT_SHIFT] !== pool || (om.poolCount[pool] as number) + 1 >= (om.poolCarvedBlocks[pool] as number)) {
    s.block[old] = obmallocAlloc(om, bytes)
    obmallocFree(om, pool, bytes)
  }
  bornAndDied(interp, old)
  return true
}

/**
 * `PyFloat_FromDouble` served by the float free list, then the release of `old`, a float with no
 * other reference, onto the same list: the list's top entry and the object's block swap.
 */
export function replaceFloat(interp: Interp, old: number): boolean {
  const s = interp.store
  if (s.refcnt[old] !== 1 || s.type[old] !== 2 /* OBJECT_TYPE.FLOAT */) return false
  const fl = interp.free
  const n = fl.size[FREE_LIST.FLOAT] as number
  if (n === 0) return false
  const top = (fl.offset[FREE_LIST.FLOAT] as number) + n - 1
  const block = fl.data[top] as number
  fl.data[top] = s.block[old] as number
  s.block[old] = block
  fl.reused[FREE_LIST.FLOAT] = (fl.reused[FREE_LIST.FLOAT] as number) + 1
  fl.released[FREE_LIST.FLOAT] = (fl.released[FREE_LIST.FLOAT] as number) + 1
  bornAndDied(interp, old)
  return true
}
