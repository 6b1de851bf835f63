/**
 * WHAT-IF, NOT CPYTHON: compaction of pymalloc's pools. CPython never moves an object (its
 * address is its identity, and C code holds raw pointers); this shows what compaction would do to
 * fragmentation.
 *
 * For each size class the used blocks are repacked into the fewest pools (all full except one),
 * and the pools into the fewest arenas: the lowest-numbered mapped arenas that can hold them
 * ("sliding down"). Within those arenas a class keeps its fullest pools where they are and fills
 * them up, so as few blocks as possible move. Every arena left without a used pool is returned
 * to the OS; unlike `pymalloc_free`, the last usable arena is not kept.
 *
 * The model records only which pool holds a block, so moving a block means changing the pool id
 * of its owner: an object (`store.block`), an object's buffer (`store.aux`), or a free-list
 * entry. Blocks no modelled object owns (the measured starting heap's) move as counts.
 * Raw (system malloc) blocks are not touched.
 */
import { blocksPerPool, MAX_POOLS_IN_ARENA, SIZE_CLASSES, type Obmalloc } from '../allocator/obmalloc'
import { FLAG, RESERVED_INDICES } from '../objects/object-store'
import type { Interp } from '../runtime/interp'

/** obmalloc.c's NULL link and the `szidx` of a never-used pool (as in allocator/obmalloc.ts). */
const NIL = -1
const DUMMY_SIZE_IDX = 0xff

const BLOCKS_PER_POOL = Int32Array.from({ length: SIZE_CLASSES }, (_, i) => blocksPerPool(i))

/** Destination pools of one size class with the blocks each still has to receive. */
interface Deficits {
  pools: number[]
  need: number[]
  at: number
}

/**
 * Repacks every size class's blocks (see the file comment) and keeps every allocator invariant.
 * @returns blocks moved to another pool
 */
export function compactPools(interp: Interp): number {
  const om = interp.mem.om
  const slots = om.maxArenas * MAX_POOLS_IN_ARENA

  // Pools needed per class, and the arenas that will hold them.
  const needed = new Int32Array(SIZE_CLASSES)
  let totalPools = 0
  for (let c = 0; c < SIZE_CLASSES; c++) {
    needed[c] = Math.ceil((om.classUsedBlocks[c] as number) / (BLOCKS_PER_POOL[c] as number))
    totalPools += needed[c] as number
  }
  const kept = new Uint8Array(om.maxArenas)
  let capacity = 0
  for (let a = 0; a < om.maxArenas && capacity < totalPools; a++) {
    if (om.arenaMapped[a] === 0) continue
    kept[a] = 1
    capacity += om.arenaTotalPools[a] as number
  }

  const current = new Int32Array(slots)
  const currentClass = new Uint8Array(slots).fill(DUMMY_SIZE_IDX)
  for (let a = 0; a < om.maxArenas; a++) {
    if (om.arenaMapped[a] === 0) continue
    const carved = om.arenaCarved[a] as number
    for (let k = 0; k < carved; k++) {
      const p = a * MAX_POOLS_IN_ARENA + k
      if ((om.poolCount[p] as number) === 0) continue
      current[p] = om.poolCount[p] as number
      currentClass[p] = om.poolSizeIndex[p] as number
    }
  }

  const target = new Int32Array(slots)
  const targetClass = new Uint8Array(slots).fill(DUMMY_SIZE_IDX)
  chooseDestinations(om, kept, needed, current, currentClass, target, targetClass)

  // Each source pool gives its excess: owned blocks first (in object order), then blocks no
  // modelled object owns, which move as counts.
  const deficits = collectDeficits(slots, current, currentClass, target, targetClass)
  const excess = new Int32Array(slots)
  let moved = 0
  for (let p = 0; p < slots; p++) {
    if (current[p] === 0) continue
    const c = currentClass[p] as number
    const keep = targetClass[p] === c ? Math.min(current[p] as number, target[p] as number) : 0
    excess[p] = (current[p] as number) - keep
    moved += excess[p] as number
  }
  moveOwners(interp, excess, currentClass, deficits)
  for (let p = 0; p < slots; p++) if ((excess[p] as number) > 0) takeSlots(deficits[currentClass[p] as number] as Deficits, excess[p] as number)
  rebuildPools(om, kept, target, targetClass)
  return moved
}

/**
 * Picks `needed[c]` destination pools per class in the kept arenas: first the class's own
 * fullest pools, then free slots in address order. One destination per class (the one holding
 * the fewest of its blocks now) takes the remainder; the others are filled.
 */
function chooseDestinations(
  om: Obmalloc,
  kept: Uint8Array,
  needed: Int32Array,
  current: Int32Array,
  currentClass: Uint8Array,
  target: Int32Array,
  targetClass: Uint8Array,
): void {
  const own: number[][] = Array.from({ length: SIZE_CLASSES }, () => [])
  for (let a = 0; a < om.maxArenas; a++) {
    if (kept[a] === 0) continue
    for (let k = 0; k < (om.arenaCarved[a] as number); k++) {
      const p = a * MAX_POOLS_IN_ARENA + k
      if (current[p] !== 0) own[currentClass[p] as number]!.push(p)
    }
  }
  const chosen: number[][] = Array.from({ length: SIZE_CLASSES }, () => [])
  for (let c = 0; c < SIZE_CLASSES; c++) {
    const pools = own[c] as number[]
    pools.sort((x, y) => (current[y] as number) - (current[x] as number) || x - y)
    const list = chosen[c] as number[]
    for (let i = 0; i < pools.length && list.length < (needed[c] as number); i++) {
      const p = pools[i] as number
      list.push(p)
      targetClass[p] = c
    }
  }
  // Free slots (no destination yet) of the kept arenas, lowest address first.
  let a = 0
  let k = 0
  const nextFreeSlot = (): number => {
    for (; a < om.maxArenas; a++, k = 0) {
      if (kept[a] === 0) continue
      for (; k < (om.arenaTotalPools[a] as number); k++) {
        const p = a * MAX_POOLS_IN_ARENA + k
        if (targetClass[p] === DUMMY_SIZE_IDX) {
          k++
          return p
        }
      }
    }
    throw new Error('compactPools: the kept arenas cannot hold the pools')
  }
  for (let c = 0; c < SIZE_CLASSES; c++) {
    const list = chosen[c] as number[]
    while (list.length < (needed[c] as number)) {
      const p = nextFreeSlot()
      list.push(p)
      targetClass[p] = c
    }
    if (list.length === 0) continue
    const per = BLOCKS_PER_POOL[c] as number
    const used = om.classUsedBlocks[c] as number
    // The partial pool: the destination holding the fewest of the class's blocks (ties: highest).
    let partial = list[0] as number
    for (const p of list) {
      const have = currentClass[p] === c ? (current[p] as number) : 0
      const best = currentClass[partial] === c ? (current[partial] as number) : 0
      if (have < best || (have === best && p > partial)) partial = p
    }
    for (const p of list) target[p] = per
    target[partial] = used - (list.length - 1) * per
  }
}

/** @returns per class, its destination pools that must receive blocks, in address order */
function collectDeficits(slots: number, current: Int32Array, currentClass: Uint8Array, target: Int32Array, targetClass: Uint8Array): Deficits[] {
  const deficits: Deficits[] = Array.from({ length: SIZE_CLASSES }, () => ({ pools: [], need: [], at: 0 }))
  for (let p = 0; p < slots; p++) {
    const c = targetClass[p] as number
    if (c === DUMMY_SIZE_IDX) continue
    const have = currentClass[p] === c ? (current[p] as number) : 0
    const need = (target[p] as number) - have
    if (need <= 0) continue
    const d = deficits[c] as Deficits
    d.pools.push(p)
    d.need.push(need)
  }
  return deficits
}

/** Fills `n` blocks into a class's destinations. @returns the last pool filled */
function takeSlots(d: Deficits, n: number): number {
  let pool = NIL
  while (n > 0) {
    const need = d.need[d.at] as number
    if (need === undefined) throw new Error('compactPools: more blocks than destination room')
    pool = d.pools[d.at] as number
    const take = Math.min(need, n)
    d.need[d.at] = need - take
    n -= take
    if (need - take === 0) d.at++
  }
  return pool
}

/**
 * Moves owned blocks out of pools that still owe blocks (objects by index, block then buffer;
 * then free lists), lowering each pool's `owed` count.
 */
function moveOwners(interp: Interp, owed: Int32Array, currentClass: Uint8Array, deficits: Deficits[]): void {
  const s = interp.store
  const relocate = (ref: number): number => {
    if (ref < 0 || (owed[ref] as number) === 0) return ref
    owed[ref] = (owed[ref] as number) - 1
    return takeSlots(deficits[currentClass[ref] as number] as Deficits, 1)
  }
  for (let o = RESERVED_INDICES; o <= s.top; o++) {
    if (((s.flags[o] as number) & FLAG.ALIVE) === 0) continue
    s.block[o] = relocate(s.block[o] as number)
    s.aux[s.container[o] as number] = relocate(s.aux[s.container[o] as number] as number)
  }
  const fl = interp.free
  for (let k = 0; k < fl.size.length; k++) {
    const base = fl.offset[k] as number
    for (let i = 0; i < (fl.size[k] as number); i++) fl.data[base + i] = relocate(fl.data[base + i] as number)
  }
}

/**
 * Rewrites the allocator's pool and arena bookkeeping for the new layout: pool counts, carved
 * blocks, each arena's cached empty pools, usedpools (the one partial pool per class), arenas
 * released, and `usable_arenas` sorted by free pools with `nfp2lasta`.
 */
function rebuildPools(om: Obmalloc, kept: Uint8Array, target: Int32Array, targetClass: Uint8Array): void {
  om.usedPools.fill(NIL)
  om.classPools.fill(0)
  for (let a = 0; a < om.maxArenas; a++) {
    if (om.arenaMapped[a] === 0) continue
    const base = a * MAX_POOLS_IN_ARENA
    let highest = -1
    if (kept[a] === 1) for (let k = 0; k < MAX_POOLS_IN_ARENA; k++) if ((target[base + k] as number) > 0) highest = k
    if (highest < 0) {
      releaseArena(om, a)
      continue
    }
    const oldCarved = om.arenaCarved[a] as number
    const carved = Math.max(oldCarved, highest + 1)
    let head = NIL
    let cached = 0
    for (let k = carved - 1; k >= 0; k--) {
      const p = base + k
      const count = target[p] as number
      om.poolNext[p] = NIL
      om.poolPrev[p] = NIL
      if (count === 0) {
        om.poolCount[p] = 0
        if (k >= oldCarved) {
          om.poolSizeIndex[p] = DUMMY_SIZE_IDX
          om.poolCarvedBlocks[p] = 0
        }
        om.poolNext[p] = head
        head = p
        cached++
        continue
      }
      const c = targetClass[p] as number
      const per = BLOCKS_PER_POOL[c] as number
      const ready = count === per ? per : count + 1
      if (om.poolSizeIndex[p] !== c || k >= oldCarved) {
        om.poolSizeIndex[p] = c
        om.poolCarvedBlocks[p] = ready
      } else {
        om.poolCarvedBlocks[p] = Math.max(om.poolCarvedBlocks[p] as number, ready)
      }
      om.poolCount[p] = count
      om.classPools[c] = (om.classPools[c] as number) + 1
      if (count < per) om.usedPools[c] = p
    }
    om.arenaCarved[a] = carved
    om.arenaFreePoolHead[a] = head
    om.arenaFreePools[a] = (om.arenaTotalPools[a] as number) - carved + cached
  }
  rebuildUsableArenas(om)
}

/** Returns an arena to the OS (`free_arena` and onto `unused_arena_objects`). */
function releaseArena(om: Obmalloc, a: number): void {
  const base = a * MAX_POOLS_IN_ARENA
  for (let k = 0; k < MAX_POOLS_IN_ARENA; k++) {
    om.poolSizeIndex[base + k] = DUMMY_SIZE_IDX
    om.poolCarvedBlocks[base + k] = 0
    om.poolCount[base + k] = 0
    om.poolNext[base + k] = NIL
    om.poolPrev[base + k] = NIL
  }
  om.arenaMapped[a] = 0
  om.arenaCarved[a] = 0
  om.arenaFreePools[a] = 0
  om.arenaFreePoolHead[a] = NIL
  om.arenaPrev[a] = NIL
  om.arenaNext[a] = om.unusedArenaObjects
  om.unusedArenaObjects = a
  om.arenasCurrent--
}

/** `usable_arenas`: mapped arenas with free pools, by free pools then address; `nfp2lasta`. */
function rebuildUsableArenas(om: Obmalloc): void {
  const usable: number[] = []
  for (let a = 0; a < om.maxArenas; a++) {
    if (om.arenaMapped[a] === 0) continue
    if ((om.arenaFreePools[a] as number) > 0) usable.push(a)
    else {
      om.arenaNext[a] = NIL
      om.arenaPrev[a] = NIL
    }
  }
  usable.sort((x, y) => (om.arenaFreePools[x] as number) - (om.arenaFreePools[y] as number) || x - y)
  om.nfp2lasta.fill(NIL)
  om.usableArenas = usable[0] ?? NIL
  usable.forEach((a, i) => {
    om.arenaPrev[a] = i > 0 ? (usable[i - 1] as number) : NIL
    om.arenaNext[a] = i + 1 < usable.length ? (usable[i + 1] as number) : NIL
    om.nfp2lasta[om.arenaFreePools[a] as number] = a
  })
}
