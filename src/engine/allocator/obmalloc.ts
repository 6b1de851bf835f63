/**
 * A model of CPython's small-object allocator (Objects/obmalloc.c, "pymalloc"), 64-bit build.
 *
 * Requests of 1..512 bytes are served from 16 KiB pools carved out of 1 MiB arenas; each pool
 * serves one size class (16-byte steps). The model keeps CPython's bookkeeping exactly at pool
 * granularity: `usedpools` per class with front insertion, a pool's free-block list plus its
 * untouched ("virgin") blocks, the arena's cached empty pools (LIFO), `usable_arenas` sorted by
 * free pools with `nfp2lasta`, and the rule that a wholly free arena is returned to the OS unless
 * it is the last usable one. Individual block addresses inside a pool are not modelled: no
 * observable number (pool counts, blocks, arenas) depends on which free block of a pool is reused.
 *
 * A pool is identified by `arena * MAX_POOLS_IN_ARENA + k` where k is its index in the arena.
 */
import { growColumn } from '../core/typed-array'

export const ALIGNMENT_SHIFT = 4
export const SMALL_REQUEST_THRESHOLD = 512
export const SIZE_CLASSES = 32
export const POOL_SIZE = 16384
export const POOL_OVERHEAD = 48
export const ARENA_SIZE = 1 << 20
export const MAX_POOLS_IN_ARENA = 64
export const INITIAL_ARENA_OBJECTS = 16
/** `szidx` of a freshly carved pool that has never served a class. */
const DUMMY_SIZE_IDX = 0xff
const NIL = -1

/** @returns the size class index of an n-byte request (1 ≤ n ≤ 512) */
export function sizeClassOf(nbytes: number): number {
  return (nbytes - 1) >> ALIGNMENT_SHIFT
}

/** @returns the block size of size class `index` */
export function blockSizeOf(index: number): number {
  return (index + 1) << ALIGNMENT_SHIFT
}

/** @returns how many blocks of size class `index` fit in one pool */
export function blocksPerPool(index: number): number {
  return Math.floor((POOL_SIZE - POOL_OVERHEAD) / blockSizeOf(index))
}

const BLOCKS_PER_POOL = Int32Array.from({ length: SIZE_CLASSES }, (_, i) => blocksPerPool(i))

/** The allocator's state: arena objects and pools as columns. */
export interface Obmalloc {
  /** Pools per newly mapped arena: 63 (mmap address not 16 KiB-aligned) or 64. */
  poolsPerArena: number
  /** Length of the arena_object vector (`maxarenas`). */
  maxArenas: number
  /** 1 when the arena object has a mapped arena (`address != 0`). */
  arenaMapped: Uint8Array
  /** Pools carved so far (the `pool_address` bump, as a pool index). */
  arenaCarved: Uint8Array
  arenaFreePools: Uint8Array
  arenaTotalPools: Uint8Array
  /** Head of the arena's cached empty pools (singly linked through `poolNext`). */
  arenaFreePoolHead: Int32Array
  /** `usable_arenas` links, also `unused_arena_objects` (through `arenaNext`). */
  arenaNext: Int32Array
  arenaPrev: Int32Array
  /** 1 when the arena was mapped 16 KiB-unaligned (lost one pool to alignment). */
  arenaMisaligned: Uint8Array
  usableArenas: number
  unusedArenaObjects: number
  /** `nfp2lasta[k]`: the last arena in usable_arenas with exactly k free pools, or NIL. */
  nfp2lasta: Int32Array
  /** Blocks in use per pool (`ref.count`). */
  poolCount: Uint16Array
  /** Blocks handed out at least once, i.e. `(nextoffset - POOL_OVERHEAD) / size`. */
  poolCarvedBlocks: Uint16Array
  poolSizeIndex: Uint8Array
  /** usedpools doubly linked list; for empty pools `poolNext` links the arena's freepools. */
  poolNext: Int32Array
  poolPrev: Int32Array
  /** First pool of `usedpools[class]`, or NIL. */
  usedPools: Int32Array
  // Statistics (as sys._debugmallocstats prints them)
  arenasCurrent: number
  arenasAllocatedTotal: number
  arenasHighwater: number
  /** Used or full pools per size class. */
  classPools: Int32Array
  /** Blocks in use per size class. */
  classUsedBlocks: Float64Array
  /** Sum of requested bytes currently in pymalloc blocks. */
  requestedBytes: number
}

/**
 * Creates an allocator with no arenas.
 * @param poolsPerArena 63 or 64 pools per new arena
 */
export function createObmalloc(poolsPerArena: number): Obmalloc {
  return {
    poolsPerArena,
    maxArenas: 0,
    arenaMapped: new Uint8Array(0),
    arenaCarved: new Uint8Array(0),
    arenaFreePools: new Uint8Array(0),
    arenaTotalPools: new Uint8Array(0),
    arenaFreePoolHead: new Int32Array(0),
    arenaNext: new Int32Array(0),
    arenaPrev: new Int32Array(0),
    arenaMisaligned: new Uint8Array(0),
    usableArenas: NIL,
    unusedArenaObjects: NIL,
    nfp2lasta: new Int32Array(MAX_POOLS_IN_ARENA + 1).fill(NIL),
    poolCount: new Uint16Array(0),
    poolCarvedBlocks: new Uint16Array(0),
    poolSizeIndex: new Uint8Array(0),
    poolNext: new Int32Array(0),
    poolPrev: new Int32Array(0),
    usedPools: new Int32Array(SIZE_CLASSES).fill(NIL),
    arenasCurrent: 0,
    arenasAllocatedTotal: 0,
    arenasHighwater: 0,
    classPools: new Int32Array(SIZE_CLASSES),
    classUsedBlocks: new Float64Array(SIZE_CLASSES),
    requestedBytes: 0,
  }
}

/** Grows the arena_object vector (`maxarenas` doubles, starting at 16), as new_arena does. */
function growArenaObjects(om: Obmalloc): void {
  const old = om.maxArenas
  const count = old === 0 ? INITIAL_ARENA_OBJECTS : old * 2
  om.arenaMapped = growColumn(om.arenaMapped, count)
  om.arenaCarved = growColumn(om.arenaCarved, count)
  om.arenaFreePools = growColumn(om.arenaFreePools, count)
  om.arenaTotalPools = growColumn(om.arenaTotalPools, count)
  om.arenaFreePoolHead = growColumn(om.arenaFreePoolHead, count, NIL)
  om.arenaNext = growColumn(om.arenaNext, count, NIL)
  om.arenaPrev = growColumn(om.arenaPrev, count, NIL)
  om.arenaMisaligned = growColumn(om.arenaMisaligned, count)
  const pools = count * MAX_POOLS_IN_ARENA
  om.poolCount = growColumn(om.poolCount, pools)
  om.poolCarvedBlocks = growColumn(om.poolCarvedBlocks, pools)
  om.poolSizeIndex = growColumn(om.poolSizeIndex, pools, DUMMY_SIZE_IDX)
  om.poolNext = growColumn(om.poolNext, pools, NIL)
  om.poolPrev = growColumn(om.poolPrev, pools, NIL)
  for (let i = old; i < count; i++) om.arenaNext[i] = i < count - 1 ? i + 1 : NIL
  om.unusedArenaObjects = old
  om.maxArenas = count
}

/** `new_arena()`: maps a new arena from the head of `unused_arena_objects`. */
function newArena(om: Obmalloc): number {
  if (om.unusedArenaObjects === NIL) growArenaObjects(om)
  const a = om.unusedArenaObjects
  om.unusedArenaObjects = om.arenaNext[a] as number
  om.arenaMapped[a] = 1
  om.arenasCurrent++
  om.arenasAllocatedTotal++
  if (om.arenasCurrent > om.arenasHighwater) om.arenasHighwater = om.arenasCurrent
  om.arenaFreePoolHead[a] = NIL
  om.arenaCarved[a] = 0
  const total = om.poolsPerArena
  om.arenaMisaligned[a] = total < MAX_POOLS_IN_ARENA ? 1 : 0
  om.arenaFreePools[a] = total
  om.arenaTotalPools[a] = total
  const base = a * MAX_POOLS_IN_ARENA
  for (let k = 0; k < MAX_POOLS_IN_ARENA; k++) {
    om.poolSizeIndex[base + k] = DUMMY_SIZE_IDX
    om.poolCount[base + k] = 0
    om.poolCarvedBlocks[base + k] = 0
  }
  return a
}

/** `allocate_from_new_pool()`: takes a pool from the head of usable_arenas for class `idx`. */
function allocateFromNewPool(om: Obmalloc, idx: number): number {
  if (om.usableArenas === NIL) {
    const a = newArena(om)
    om.usableArenas = a
    om.arenaNext[a] = NIL
    om.arenaPrev[a] = NIL
    om.nfp2lasta[om.arenaFreePools[a] as number] = a
  }
  const a = om.usableArenas
  const nf = om.arenaFreePools[a] as number
  if (om.nfp2lasta[nf] === a) om.nfp2lasta[nf] = NIL
  if (nf > 1) om.nfp2lasta[nf - 1] = a

  let pool = om.arenaFreePoolHead[a] as number
  if (pool !== NIL) {
    om.arenaFreePoolHead[a] = om.poolNext[pool] as number
  } else {
    pool = a * MAX_POOLS_IN_ARENA + (om.arenaCarved[a] as number)
    om.arenaCarved[a] = (om.arenaCarved[a] as number) + 1
    om.poolSizeIndex[pool] = DUMMY_SIZE_IDX
  }
  om.arenaFreePools[a] = nf - 1
  if (nf - 1 === 0) {
    const next = om.arenaNext[a] as number
    om.usableArenas = next
    if (next !== NIL) om.arenaPrev[next] = NIL
  }

  // Frontlink to usedpools (the list is empty here).
  om.usedPools[idx] = pool
  om.poolNext[pool] = NIL
  om.poolPrev[pool] = NIL
  om.poolCount[pool] = 1
  om.classPools[idx] = (om.classPools[idx] as number) + 1
  if (om.poolSizeIndex[pool] === idx) {
    // Same class as before: its free list (≥ 2 blocks) and bump pointer are still valid.
    return pool
  }
  om.poolSizeIndex[pool] = idx
  // First block returned, second block on the free list, nextoffset at the third.
  om.poolCarvedBlocks[pool] = 2
  return pool
}

/**
 * `pymalloc_alloc`: serves an n-byte request (1 ≤ n ≤ 512).
 * @returns the pool holding the new block
 */
export function obmallocAlloc(om: Obmalloc, nbytes: number): number {
  const idx = (nbytes - 1) >> ALIGNMENT_SHIFT
  om.classUsedBlocks[idx] = (om.classUsedBlocks[idx] as number) + 1
  om.requestedBytes += nbytes
  const pool = om.usedPools[idx] as number
  if (pool === NIL) return allocateFromNewPool(om, idx)
  const count = (om.poolCount[pool] as number) + 1
  om.poolCount[pool] = count
  // The free list held carved - (count - 1) blocks; we popped one.
  const carved = om.poolCarvedBlocks[pool] as number
  if (carved === count) {
    // Free list now empty: extend from the virgin area, or the pool is full.
    if (carved < (BLOCKS_PER_POOL[idx] as number)) {
      om.poolCarvedBlocks[pool] = carved + 1
    } else {
      const next = om.poolNext[pool] as number
      om.usedPools[idx] = next
      if (next !== NIL) om.poolPrev[next] = NIL
      om.poolNext[pool] = NIL
      om.poolPrev[pool] = NIL
    }
  }
  return pool
}

/**
 * `pymalloc_free`: returns a block of `pool`.
 * @param nbytes the size originally requested (for the requested-bytes statistic)
 */
export function obmallocFree(om: Obmalloc, pool: number, nbytes: number): void {
  const idx = om.poolSizeIndex[pool] as number
  om.classUsedBlocks[idx] = (om.classUsedBlocks[idx] as number) - 1
  om.requestedBytes -= nbytes
  const count = om.poolCount[pool] as number
  const wasFull = count === (BLOCKS_PER_POOL[idx] as number)
  om.poolCount[pool] = count - 1
  if (wasFull) {
    // Full pool becomes used again: link it at the front of usedpools[idx].
    const first = om.usedPools[idx] as number
    om.poolNext[pool] = first
    om.poolPrev[pool] = NIL
    if (first !== NIL) om.poolPrev[first] = pool
    om.usedPools[idx] = pool
    if (count - 1 !== 0) return
  } else if (count - 1 !== 0) {
    return
  }
  insertToFreePool(om, pool, idx)
}

/** Unlinks `pool` from usedpools[idx]. */
function unlinkUsedPool(om: Obmalloc, pool: number, idx: number): void {
  const next = om.poolNext[pool] as number
  const prev = om.poolPrev[pool] as number
  if (prev === NIL) om.usedPools[idx] = next
  else om.poolNext[prev] = next
  if (next !== NIL) om.poolPrev[next] = prev
}

/** `insert_to_freepool()`: an empty pool goes to its arena's cache; arena bookkeeping follows. */
function insertToFreePool(om: Obmalloc, pool: number, idx: number): void {
  unlinkUsedPool(om, pool, idx)
  om.classPools[idx] = (om.classPools[idx] as number) - 1
  const a = (pool / MAX_POOLS_IN_ARENA) | 0
  om.poolNext[pool] = om.arenaFreePoolHead[a] as number
  om.arenaFreePoolHead[a] = pool
  let nf = om.arenaFreePools[a] as number
  const lastnf = om.nfp2lasta[nf] as number
  if (lastnf === a) {
    const p = om.arenaPrev[a] as number
    om.nfp2lasta[nf] = p !== NIL && om.arenaFreePools[p] === nf ? p : NIL
  }
  nf += 1
  om.arenaFreePools[a] = nf

  // Case 1: the arena is wholly free and not the last usable one: return it to the OS.
  if (nf === om.arenaTotalPools[a] && om.arenaNext[a] !== NIL) {
    const prev = om.arenaPrev[a] as number
    const next = om.arenaNext[a] as number
    if (prev === NIL) om.usableArenas = next
    else om.arenaNext[prev] = next
    if (next !== NIL) om.arenaPrev[next] = prev
    om.arenaNext[a] = om.unusedArenaObjects
    om.unusedArenaObjects = a
    om.arenaMapped[a] = 0
    om.arenasCurrent--
    clearArenaPools(om, a)
    return
  }
  // Case 2: the arena was full; it goes to the head of usable_arenas.
  if (nf === 1) {
    om.arenaNext[a] = om.usableArenas
    om.arenaPrev[a] = NIL
    if (om.usableArenas !== NIL) om.arenaPrev[om.usableArenas] = a
    om.usableArenas = a
    if (om.nfp2lasta[1] === NIL) om.nfp2lasta[1] = a
    return
  }
  if (om.nfp2lasta[nf] === NIL) om.nfp2lasta[nf] = a
  // Case 4: it was the rightmost with the old count; the order still holds.
  if (a === lastnf) return
  // Case 3: slide it right, after the last arena that has nf - 1 free pools.
  const prev = om.arenaPrev[a] as number
  const next = om.arenaNext[a] as number
  if (prev !== NIL) om.arenaNext[prev] = next
  else om.usableArenas = next
  om.arenaPrev[next] = prev
  om.arenaPrev[a] = lastnf
  const after = om.arenaNext[lastnf] as number
  om.arenaNext[a] = after
  if (after !== NIL) om.arenaPrev[after] = a
  om.arenaNext[lastnf] = a
}

/** Forgets the pools of an unmapped arena (a later mapping starts from scratch). */
function clearArenaPools(om: Obmalloc, a: number): void {
  const base = a * MAX_POOLS_IN_ARENA
  for (let k = 0; k < MAX_POOLS_IN_ARENA; k++) {
    om.poolSizeIndex[base + k] = DUMMY_SIZE_IDX
    om.poolCarvedBlocks[base + k] = 0
    om.poolNext[base + k] = NIL
  }
}

/** @returns the block size of the pool's class */
export function poolBlockSize(om: Obmalloc, pool: number): number {
  return ((om.poolSizeIndex[pool] as number) + 1) << ALIGNMENT_SHIFT
}

/** The numbers `sys._debugmallocstats()` prints, computed from the model. */
export interface ObmallocStats {
  arenasCurrent: number
  arenasAllocatedTotal: number
  arenasReclaimed: number
  arenasHighwater: number
  /** Σ blocks in use × block size. */
  allocatedBlockBytes: number
  /** Σ free blocks in used pools × block size (untouched blocks count as available). */
  availableBlockBytes: number
  /** Unused pools (cached empty + never carved) × POOL_SIZE. */
  unusedPoolBytes: number
  unusedPools: number
  poolHeaderBytes: number
  quantizationBytes: number
  arenaAlignmentBytes: number
  usedPools: number
}

/**
 * Computes `_debugmallocstats` totals. Cost is O(size classes + arenas), cheap enough per sample.
 */
export function obmallocStats(om: Obmalloc): ObmallocStats {
  let allocated = 0
  let available = 0
  let headers = 0
  let quantization = 0
  let usedPools = 0
  for (let i = 0; i < SIZE_CLASSES; i++) {
    const pools = om.classPools[i] as number
    const used = om.classUsedBlocks[i] as number
    const size = blockSizeOf(i)
    const per = BLOCKS_PER_POOL[i] as number
    allocated += used * size
    available += (pools * per - used) * size
    headers += pools * POOL_OVERHEAD
    quantization += pools * ((POOL_SIZE - POOL_OVERHEAD) % size)
    usedPools += pools
  }
  let unused = 0
  let misaligned = 0
  for (let a = 0; a < om.maxArenas; a++) {
    if (om.arenaMapped[a] === 0) continue
    unused += om.arenaFreePools[a] as number
    misaligned += om.arenaMisaligned[a] as number
  }
  return {
    arenasCurrent: om.arenasCurrent,
    arenasAllocatedTotal: om.arenasAllocatedTotal,
    arenasReclaimed: om.arenasAllocatedTotal - om.arenasCurrent,
    arenasHighwater: om.arenasHighwater,
    allocatedBlockBytes: allocated,
    availableBlockBytes: available,
    unusedPoolBytes: unused * POOL_SIZE,
    unusedPools: unused,
    poolHeaderBytes: headers,
    quantizationBytes: quantization,
    arenaAlignmentBytes: misaligned * POOL_SIZE,
    usedPools,
  }
}

/**
 * Checks every invariant of the model; returns the problems found (empty when consistent).
 * Used by `verify()` and the property tests; O(pools).
 */
export function verifyObmalloc(om: Obmalloc): string[] {
  const problems: string[] = []
  const classPools = new Int32Array(SIZE_CLASSES)
  const classUsed = new Float64Array(SIZE_CLASSES)
  const inUsedList = new Uint8Array(om.maxArenas * MAX_POOLS_IN_ARENA)
  for (let i = 0; i < SIZE_CLASSES; i++) {
    let prev = NIL
    for (let p = om.usedPools[i] as number; p !== NIL; p = om.poolNext[p] as number) {
      if (inUsedList[p]) { problems.push(`usedpools[${i}] has a cycle at pool ${p}`); break }
      inUsedList[p] = 1
      if (om.poolPrev[p] !== prev) problems.push(`pool ${p}: prev link ${om.poolPrev[p]} != ${prev}`)
      if (om.poolSizeIndex[p] !== i) problems.push(`pool ${p} in usedpools[${i}] has class ${om.poolSizeIndex[p]}`)
      const c = om.poolCount[p] as number
      if (c === 0 || c >= (BLOCKS_PER_POOL[i] as number)) problems.push(`pool ${p} in usedpools[${i}] has count ${c}`)
      prev = p
    }
  }
  let current = 0
  for (let a = 0; a < om.maxArenas; a++) {
    if (om.arenaMapped[a] === 0) continue
    current++
    const base = a * MAX_POOLS_IN_ARENA
    const carved = om.arenaCarved[a] as number
    let cached = 0
    for (let p = om.arenaFreePoolHead[a] as number; p !== NIL; p = om.poolNext[p] as number) {
      cached++
      if (om.poolCount[p] !== 0) problems.push(`cached pool ${p} has count ${om.poolCount[p]}`)
      if (cached > MAX_POOLS_IN_ARENA) { problems.push(`arena ${a}: freepools cycle`); break }
    }
    const expectedFree = (om.arenaTotalPools[a] as number) - carved + cached
    if (om.arenaFreePools[a] !== expectedFree) problems.push(`arena ${a}: nfreepools ${om.arenaFreePools[a]} != ${expectedFree}`)
    for (let k = 0; k < carved; k++) {
      const p = base + k
      const c = om.poolCount[p] as number
      if (c === 0) continue
      const idx = om.poolSizeIndex[p] as number
      classPools[idx] = (classPools[idx] as number) + 1
      classUsed[idx] = (classUsed[idx] as number) + c
      const full = c === (BLOCKS_PER_POOL[idx] as number)
      if (!full && !inUsedList[p]) problems.push(`used pool ${p} (count ${c}) is not in usedpools[${idx}]`)
      if (full && inUsedList[p]) problems.push(`full pool ${p} is in usedpools[${idx}]`)
      if ((om.poolCarvedBlocks[p] as number) < c) problems.push(`pool ${p}: carved ${om.poolCarvedBlocks[p]} < count ${c}`)
    }
  }
  if (current !== om.arenasCurrent) problems.push(`arenasCurrent ${om.arenasCurrent} != ${current}`)
  for (let i = 0; i < SIZE_CLASSES; i++) {
    if (classPools[i] !== om.classPools[i]) problems.push(`class ${i}: pools ${om.classPools[i]} != ${classPools[i]}`)
    if (classUsed[i] !== om.classUsedBlocks[i]) problems.push(`class ${i}: used blocks ${om.classUsedBlocks[i]} != ${classUsed[i]}`)
  }
  // usable_arenas: sorted by nfreepools, every arena with free pools present, nfp2lasta right.
  let prevNf = 0
  let prev = NIL
  const seen = new Set<number>()
  for (let a = om.usableArenas; a !== NIL; a = om.arenaNext[a] as number) {
    if (seen.has(a)) { problems.push('usable_arenas has a cycle'); break }
    seen.add(a)
    const nf = om.arenaFreePools[a] as number
    if (om.arenaPrev[a] !== prev) problems.push(`arena ${a}: prevarena ${om.arenaPrev[a]} != ${prev}`)
    if (nf < prevNf) problems.push(`usable_arenas not sorted at arena ${a}`)
    if (nf === 0) problems.push(`arena ${a} with no free pool is usable`)
    const next = om.arenaNext[a] as number
    const isLast = next === NIL || om.arenaFreePools[next] !== nf
    if (isLast && om.nfp2lasta[nf] !== a) problems.push(`nfp2lasta[${nf}] = ${om.nfp2lasta[nf]}, expected ${a}`)
    prevNf = nf
    prev = a
  }
  for (let a = 0; a < om.maxArenas; a++) {
    if (om.arenaMapped[a] && (om.arenaFreePools[a] as number) > 0 && !seen.has(a)) problems.push(`arena ${a} has free pools but is not usable`)
  }
  return problems
}

/**
 * Pool-by-pool state for the arena map: per pool, 0 = unused (never carved or cached empty),
 * otherwise the fill in 1..255 (count / capacity scaled). `classes` receives the size class or 255.
 * @param maxRows mapped arenas to write at most (in arena-object order)
 * @returns rows written
 */
export function arenaPoolMap(om: Obmalloc, fill: Uint8Array, classes: Uint8Array, maxRows = Infinity): number {
  let row = 0
  for (let a = 0; a < om.maxArenas && row < maxRows; a++) {
    if (om.arenaMapped[a] === 0) continue
    const base = a * MAX_POOLS_IN_ARENA
    for (let k = 0; k < MAX_POOLS_IN_ARENA; k++) {
      const p = base + k
      const c = om.poolCount[p] as number
      const out = row * MAX_POOLS_IN_ARENA + k
      if (k >= (om.arenaTotalPools[a] as number) || c === 0) {
        fill[out] = 0
        classes[out] = 255
      } else {
        const idx = om.poolSizeIndex[p] as number
        fill[out] = Math.max(1, Math.round((c / (BLOCKS_PER_POOL[idx] as number)) * 255))
        classes[out] = idx
      }
    }
    row++
  }
  return row
}

/** Pools of one size class in a measured starting heap. */
export interface SeedClass {
  readonly index: number
  readonly pools: number
  readonly usedBlocks: number
  /**
   * The class's `usedpools` list as measured: the free blocks of each partially used pool, head
   * first. Every other pool of the class is full. Absent: the layout was not measured.
   */
  readonly usedPools?: readonly number[]
}

/**
 * Checks a measured usedpools layout against its class's totals.
 * @returns why it cannot be seeded, or null when it can
 */
export function seedLayoutProblem(c: SeedClass): string | null {
  const layout = c.usedPools
  if (layout === undefined) return null
  const per = BLOCKS_PER_POOL[c.index] as number
  if (layout.length > c.pools) return `size class ${c.index}: ${layout.length} used pools in the layout but ${c.pools} pools in all`
  let free = 0
  for (const f of layout) {
    if (!Number.isInteger(f) || f < 1 || f >= per) return `size class ${c.index}: a used pool with ${f} free blocks (1 to ${per - 1} possible)`
    free += f
  }
  if (c.pools * per - c.usedBlocks !== free) return `size class ${c.index}: the layout has ${free} free blocks, the totals ${c.pools * per - c.usedBlocks}`
  return null
}

/**
 * Builds a starting heap that `sys._debugmallocstats()` would report as measured: `arenas`
 * arenas (`misaligned` of them with 63 pools), the given pools per class, and every remaining
 * pool unused. Pools are carved in arena order, class by class. A class with a measured layout
 * (`usedPools`) gets its full pools, then its used pools with the measured free blocks, linked
 * into usedpools in the measured order. Without one, used blocks are spread so that every pool
 * holds at least one, and the free blocks end up in the last pools carved, the last one at the
 * head of usedpools.
 * @throws when the pools do not fit the arenas, or a layout contradicts its class's totals
 */
export function seedObmalloc(om: Obmalloc, arenas: number, misaligned: number, classes: readonly SeedClass[]): void {
  const arenaIds: number[] = []
  for (let i = 0; i < arenas; i++) {
    const a = newArena(om)
    const total = i < misaligned ? MAX_POOLS_IN_ARENA - 1 : MAX_POOLS_IN_ARENA
    om.arenaMisaligned[a] = total < MAX_POOLS_IN_ARENA ? 1 : 0
    om.arenaTotalPools[a] = total
    om.arenaFreePools[a] = total
    arenaIds.push(a)
  }
  let arenaAt = 0
  const carvePool = (): number => {
    while (arenaAt < arenaIds.length && om.arenaCarved[arenaIds[arenaAt] as number] === om.arenaTotalPools[arenaIds[arenaAt] as number]) arenaAt++
    const a = arenaIds[arenaAt]
    if (a === undefined) throw new Error('seedObmalloc: the measured pools do not fit the measured arenas')
    const pool = a * MAX_POOLS_IN_ARENA + (om.arenaCarved[a] as number)
    om.arenaCarved[a] = (om.arenaCarved[a] as number) + 1
    om.arenaFreePools[a] = (om.arenaFreePools[a] as number) - 1
    return pool
  }
  const seedPool = (index: number, count: number): number => {
    const pool = carvePool()
    om.poolSizeIndex[pool] = index
    om.poolCount[pool] = count
    om.poolCarvedBlocks[pool] = Math.min(BLOCKS_PER_POOL[index] as number, count + 1)
    om.classPools[index] = (om.classPools[index] as number) + 1
    om.classUsedBlocks[index] = (om.classUsedBlocks[index] as number) + count
    om.requestedBytes += count * blockSizeOf(index)
    return pool
  }
  for (const c of classes) {
    const per = BLOCKS_PER_POOL[c.index] as number
    const layout = c.usedPools
    if (layout !== undefined) {
      const problem = seedLayoutProblem(c)
      if (problem !== null) throw new Error(`seedObmalloc: ${problem}`)
      for (let k = layout.length; k < c.pools; k++) seedPool(c.index, per)
      let prev = NIL
      for (const free of layout) {
        const pool = seedPool(c.index, per - free)
        om.poolPrev[pool] = prev
        om.poolNext[pool] = NIL
        if (prev === NIL) om.usedPools[c.index] = pool
        else om.poolNext[prev] = pool
        prev = pool
      }
      continue
    }
    let remaining = c.usedBlocks
    for (let k = 0; k < c.pools; k++) {
      const poolsLeft = c.pools - k - 1
      const count = Math.max(1, Math.min(per, remaining - poolsLeft))
      remaining -= count
      const pool = seedPool(c.index, count)
      if (count < per) {
        const first = om.usedPools[c.index] as number
        om.poolNext[pool] = first
        om.poolPrev[pool] = NIL
        if (first !== NIL) om.poolPrev[first] = pool
        om.usedPools[c.index] = pool
      }
    }
  }
  // usable_arenas: arenas with free pools, ascending by nfreepools.
  const usable = arenaIds.filter((a) => (om.arenaFreePools[a] as number) > 0).sort((x, y) => (om.arenaFreePools[x] as number) - (om.arenaFreePools[y] as number))
  om.usableArenas = usable[0] ?? NIL
  om.nfp2lasta.fill(NIL)
  usable.forEach((a, i) => {
    om.arenaPrev[a] = i > 0 ? (usable[i - 1] as number) : NIL
    om.arenaNext[a] = i + 1 < usable.length ? (usable[i + 1] as number) : NIL
    om.nfp2lasta[om.arenaFreePools[a] as number] = a
  })
  for (const a of arenaIds) if ((om.arenaFreePools[a] as number) === 0) {
    om.arenaNext[a] = NIL
    om.arenaPrev[a] = NIL
  }
}
