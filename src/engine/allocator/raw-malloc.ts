/**
 * A model of the system heap (`malloc`) that serves CPython's raw requests: 0 or > 512 bytes from
 * PyObject_Malloc/PyMem_Malloc, and PyMem_RawMalloc. It is a textbook model after glibc's main
 * arena, so large-object fragmentation is visible:
 *
 * - chunks carry an 8-byte size header and are 16-byte aligned, 32 bytes at least;
 * - free chunks are kept in address order; allocation is address-ordered first fit, splitting the
 *   chunk when the remainder can hold a chunk; freeing coalesces with free neighbours and with the
 *   top of the heap;
 * - the heap grows with `brk` by the shortfall plus a 128 KiB pad and is trimmed when more than
 *   the trim threshold is free at the top;
 * - requests of at least the mmap threshold (128 KiB, raised dynamically up to 32 MiB when such a
 *   chunk is freed, as glibc does) get their own mapping.
 *
 * glibc's tcache and fastbins (which delay coalescing of small chunks) are not modelled.
 */
import { growColumn } from '../core/typed-array'
import {
  createTreap,
  treapFirstFit,
  treapInsert,
  treapLargest,
  treapPredecessor,
  treapRemove,
  treapSuccessor,
  type FreeChunkTreap,
} from './free-chunk-treap'

const SIZE_SZ = 8
const MALLOC_ALIGN = 16
const MIN_CHUNK = 32
const PAGE = 4096
const DEFAULT_MMAP_THRESHOLD = 128 * 1024
const MAX_MMAP_THRESHOLD = 32 * 1024 * 1024
const DEFAULT_TOP_PAD = 128 * 1024
const NIL = -1

export interface RawHeap {
  /** Chunks handed out, by id. */
  chunkAddr: Float64Array
  chunkSize: Float64Array
  chunkRequest: Float64Array
  chunkMmapped: Uint8Array
  freeIds: Int32Array
  freeIdCount: number
  nextId: number
  free: FreeChunkTreap
  /** End of the brk heap and start of its top (wilderness) chunk. */
  heapEnd: number
  topStart: number
  mmapThreshold: number
  trimThreshold: number
  mmappedBytes: number
  /** Live chunks and the bytes requested for them. */
  liveChunks: number
  liveChunkBytes: number
  requestedBytes: number
  /** Bytes obtained from the OS: brk heap + mappings. */
  peakFootprint: number
}

/** Creates an empty heap (the brk heap starts at address 0 of its own address space). */
export function createRawHeap(): RawHeap {
  return {
    chunkAddr: new Float64Array(64),
    chunkSize: new Float64Array(64),
    chunkRequest: new Float64Array(64),
    chunkMmapped: new Uint8Array(64),
    freeIds: new Int32Array(64),
    freeIdCount: 0,
    nextId: 0,
    free: createTreap(),
    heapEnd: 0,
    topStart: 0,
    mmapThreshold: DEFAULT_MMAP_THRESHOLD,
    trimThreshold: DEFAULT_MMAP_THRESHOLD,
    mmappedBytes: 0,
    liveChunks: 0,
    liveChunkBytes: 0,
    requestedBytes: 0,
    peakFootprint: 0,
  }
}

/** @returns the chunk size glibc uses for an n-byte request */
export function chunkSizeFor(nbytes: number): number {
  const size = (nbytes + SIZE_SZ + MALLOC_ALIGN - 1) & ~(MALLOC_ALIGN - 1)
  return size < MIN_CHUNK ? MIN_CHUNK : size
}

function pageAlign(n: number): number {
  return Math.ceil(n / PAGE) * PAGE
}

function newId(h: RawHeap): number {
  if (h.freeIdCount > 0) return h.freeIds[--h.freeIdCount] as number
  const id = h.nextId++
  if (id >= h.chunkAddr.length) {
    h.chunkAddr = growColumn(h.chunkAddr, id + 1)
    h.chunkSize = growColumn(h.chunkSize, id + 1)
    h.chunkRequest = growColumn(h.chunkRequest, id + 1)
    h.chunkMmapped = growColumn(h.chunkMmapped, id + 1)
  }
  return id
}

function releaseId(h: RawHeap, id: number): void {
  if (h.freeIdCount >= h.freeIds.length) h.freeIds = growColumn(h.freeIds, h.freeIdCount + 1)
  h.freeIds[h.freeIdCount++] = id
}

/** @returns bytes currently obtained from the OS (brk heap + mappings) */
export function rawFootprint(h: RawHeap): number {
  return h.heapEnd + h.mmappedBytes
}

function notePeak(h: RawHeap): void {
  const f = rawFootprint(h)
  if (f > h.peakFootprint) h.peakFootprint = f
}

/**
 * Carves a chunk of at least `size` bytes inside the brk heap (first free chunk that fits, else
 * the top) into chunk `id`; a free chunk whose remainder could not hold a chunk is used whole.
 */
function carve(h: RawHeap, id: number, size: number): void {
  const node = treapFirstFit(h.free, size)
  if (node !== NIL) {
    const addr = h.free.addr[node] as number
    const chunk = h.free.size[node] as number
    treapRemove(h.free, addr)
    let used = chunk
    if (chunk - size >= MIN_CHUNK) {
      treapInsert(h.free, addr + size, chunk - size)
      used = size
    }
    h.chunkAddr[id] = addr
    h.chunkSize[id] = used
    return
  }
  const top = h.heapEnd - h.topStart
  if (top < size + MIN_CHUNK) {
    h.heapEnd += pageAlign(size + MIN_CHUNK - top + DEFAULT_TOP_PAD)
    notePeak(h)
  }
  h.chunkAddr[id] = h.topStart
  h.chunkSize[id] = size
  h.topStart += size
}

/**
 * `malloc(n)` (n = 0 allocates a minimum chunk, as PyMem_RawMalloc(0) → malloc(1) does).
 * @returns the chunk id
 */
export function rawMalloc(h: RawHeap, nbytes: number): number {
  const id = newId(h)
  const size = chunkSizeFor(Math.max(1, nbytes))
  h.chunkRequest[id] = nbytes
  h.liveChunks++
  h.requestedBytes += nbytes
  if (size >= h.mmapThreshold) {
    const mapped = pageAlign(nbytes + 2 * SIZE_SZ)
    h.chunkAddr[id] = -1
    h.chunkSize[id] = mapped
    h.chunkMmapped[id] = 1
    h.mmappedBytes += mapped
    h.liveChunkBytes += mapped
    notePeak(h)
    return id
  }
  h.chunkMmapped[id] = 0
  carve(h, id, size)
  h.liveChunkBytes += h.chunkSize[id] as number
  return id
}

/** Returns a chunk's bytes to the free set, coalescing with neighbours and the top. */
function release(h: RawHeap, addr: number, size: number): void {
  let start = addr
  let end = addr + size
  const pred = treapPredecessor(h.free, addr)
  if (pred !== NIL && (h.free.addr[pred] as number) + (h.free.size[pred] as number) === start) {
    start = h.free.addr[pred] as number
    treapRemove(h.free, start)
  }
  const succ = treapSuccessor(h.free, end)
  if (succ !== NIL && h.free.addr[succ] === end) {
    end += h.free.size[succ] as number
    treapRemove(h.free, h.free.addr[succ] as number)
  }
  if (end === h.topStart) {
    h.topStart = start
    const top = h.heapEnd - h.topStart
    if (top > h.trimThreshold + DEFAULT_TOP_PAD) {
      const extra = Math.floor((top - DEFAULT_TOP_PAD - MIN_CHUNK) / PAGE) * PAGE
      if (extra > 0) h.heapEnd -= extra
    }
  } else {
    treapInsert(h.free, start, end - start)
  }
}

/** `free(p)` of a chunk id. */
export function rawFree(h: RawHeap, id: number): void {
  const size = h.chunkSize[id] as number
  h.liveChunks--
  h.liveChunkBytes -= size
  h.requestedBytes -= h.chunkRequest[id] as number
  if (h.chunkMmapped[id] === 1) {
    h.mmappedBytes -= size
    // glibc's dynamic threshold: freeing a mapped chunk raises the threshold to its size.
    if (size > h.mmapThreshold && size <= MAX_MMAP_THRESHOLD) {
      h.mmapThreshold = size
      h.trimThreshold = 2 * size
    }
  } else {
    release(h, h.chunkAddr[id] as number, size)
  }
  releaseId(h, id)
}

/**
 * `realloc(p, n)`: shrinks in place, grows in place into a free neighbour or the top, else moves.
 * @returns the (possibly new) chunk id
 */
export function rawRealloc(h: RawHeap, id: number, nbytes: number): number {
  const size = chunkSizeFor(Math.max(1, nbytes))
  const old = h.chunkSize[id] as number
  if (h.chunkMmapped[id] === 1) {
    // mremap: the mapping is resized in place.
    const mapped = pageAlign(nbytes + 2 * SIZE_SZ)
    if (size < h.mmapThreshold || mapped !== old) {
      if (size < h.mmapThreshold) {
        const moved = rawMalloc(h, nbytes)
        rawFree(h, id)
        return moved
      }
      h.mmappedBytes += mapped - old
      h.liveChunkBytes += mapped - old
      h.chunkSize[id] = mapped
      notePeak(h)
    }
    h.requestedBytes += nbytes - (h.chunkRequest[id] as number)
    h.chunkRequest[id] = nbytes
    return id
  }
  const addr = h.chunkAddr[id] as number
  if (size <= old) {
    if (old - size >= MIN_CHUNK) {
      h.chunkSize[id] = size
      h.liveChunkBytes -= old - size
      release(h, addr + size, old - size)
    }
    h.requestedBytes += nbytes - (h.chunkRequest[id] as number)
    h.chunkRequest[id] = nbytes
    return id
  }
  const end = addr + old
  const need = size - old
  if (end === h.topStart && size < h.mmapThreshold) {
    const top = h.heapEnd - h.topStart
    if (top < need + MIN_CHUNK) {
      h.heapEnd += pageAlign(need + MIN_CHUNK - top + DEFAULT_TOP_PAD)
      notePeak(h)
    }
    h.topStart += need
    return grownInPlace(h, id, size, old, nbytes)
  }
  const succ = treapSuccessor(h.free, end)
  if (succ !== NIL && h.free.addr[succ] === end && (h.free.size[succ] as number) >= need && size < h.mmapThreshold) {
    const free = h.free.size[succ] as number
    treapRemove(h.free, end)
    if (free - need >= MIN_CHUNK) treapInsert(h.free, end + need, free - need)
    return grownInPlace(h, id, free - need >= MIN_CHUNK ? size : old + free, old, nbytes)
  }
  const moved = rawMalloc(h, nbytes)
  rawFree(h, id)
  return moved
}

function grownInPlace(h: RawHeap, id: number, size: number, old: number, nbytes: number): number {
  h.chunkSize[id] = size
  h.liveChunkBytes += size - old
  h.requestedBytes += nbytes - (h.chunkRequest[id] as number)
  h.chunkRequest[id] = nbytes
  return id
}

/** @returns free bytes inside the brk heap (free chunks + top) */
export function rawFreeBytes(h: RawHeap): number {
  return h.free.totalBytes + (h.heapEnd - h.topStart)
}

/** @returns the largest block that could be served without growing the heap */
export function rawLargestFree(h: RawHeap): number {
  return Math.max(treapLargest(h.free), h.heapEnd - h.topStart)
}

/** Checks the heap's invariants (chunks tile the heap; no two adjacent free chunks). */
export function verifyRawHeap(h: RawHeap, liveIds: Iterable<number>): string[] {
  const problems: string[] = []
  const spans: [number, number, boolean][] = []
  for (const id of liveIds) {
    if (h.chunkMmapped[id] === 1) continue
    spans.push([h.chunkAddr[id] as number, h.chunkSize[id] as number, false])
  }
  const stack: number[] = []
  let n = h.free.root
  while (n !== NIL || stack.length) {
    while (n !== NIL) { stack.push(n); n = h.free.left[n] as number }
    n = stack.pop() as number
    spans.push([h.free.addr[n] as number, h.free.size[n] as number, true])
    n = h.free.right[n] as number
  }
  spans.sort((a, b) => a[0] - b[0])
  let at = 0
  let prevFree = false
  for (const [addr, size, isFree] of spans) {
    if (addr !== at) problems.push(`raw heap gap or overlap at ${at} (next chunk at ${addr})`)
    if (isFree && prevFree) problems.push(`adjacent free chunks at ${addr}`)
    at = addr + size
    prevFree = isFree
  }
  if (at !== h.topStart) problems.push(`chunks end at ${at}, top starts at ${h.topStart}`)
  if (prevFree) problems.push('a free chunk borders the top chunk')
  if (h.topStart > h.heapEnd) problems.push('top start beyond heap end')
  return problems
}
