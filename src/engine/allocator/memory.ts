/**
 * CPython's allocator routing (Objects/obmalloc.c): `PyObject_Malloc`/`PyMem_Malloc` serve
 * 1..512-byte requests from pymalloc and send 0 or > 512 bytes to the system heap;
 * `_PyObject_Realloc` keeps a pymalloc block when the new size still fits and shrinks by less
 * than 25 %, and a raw block never migrates back into pymalloc.
 *
 * A block reference is a pool id (≥ 0) for pymalloc blocks, or `-(chunk id) - 1` for raw chunks.
 */
import {
  ALIGNMENT_SHIFT,
  SMALL_REQUEST_THRESHOLD,
  createObmalloc,
  obmallocAlloc,
  obmallocFree,
  type Obmalloc,
} from './obmalloc'
import { createRawHeap, rawFree, rawMalloc, rawRealloc, type RawHeap } from './raw-malloc'

/** "No block": a NULL pointer (objects of the starting heap, empty item arrays). */
export const NO_BLOCK = -0x80000000

export interface Memory {
  om: Obmalloc
  raw: RawHeap
  /** `raw_allocated_blocks`: PyObject/PyMem requests that went to the raw heap. */
  rawAllocatedBlocks: number
}

/** Creates the allocator pair with no arenas and an empty system heap. */
export function createMemory(poolsPerArena: number): Memory {
  return { om: createObmalloc(poolsPerArena), raw: createRawHeap(), rawAllocatedBlocks: 0 }
}

/** @returns true when `ref` is a pymalloc block */
export function isPoolBlock(ref: number): boolean {
  return ref >= 0
}

/** `PyObject_Malloc(n)` / `PyMem_Malloc(n)`. @returns a block reference */
export function memAlloc(mem: Memory, nbytes: number): number {
  if (nbytes > 0 && nbytes <= SMALL_REQUEST_THRESHOLD) return obmallocAlloc(mem.om, nbytes)
  mem.rawAllocatedBlocks++
  return -rawMalloc(mem.raw, nbytes) - 1
}

/**
 * `PyObject_Free(p)` / `PyMem_Free(p)`.
 * @param nbytes the size the block was requested with
 */
export function memFree(mem: Memory, ref: number, nbytes: number): void {
  if (ref === NO_BLOCK) return
  if (ref >= 0) {
    obmallocFree(mem.om, ref, nbytes)
    return
  }
  mem.rawAllocatedBlocks--
  rawFree(mem.raw, -ref - 1)
}

/**
 * `PyObject_Realloc(p, n)` / `PyMem_Realloc(p, n)`.
 * @param oldBytes the size the block currently holds (its last request)
 * @returns the block reference after the call (the same one when resized in place)
 */
export function memRealloc(mem: Memory, ref: number, oldBytes: number, nbytes: number): number {
  if (ref === NO_BLOCK) return memAlloc(mem, nbytes)
  if (ref >= 0) {
    const size = ((mem.om.poolSizeIndex[ref] as number) + 1) << ALIGNMENT_SHIFT
    if (nbytes <= size && 4 * nbytes > 3 * size) {
      mem.om.requestedBytes += nbytes - oldBytes
      return ref
    }
    const moved = memAlloc(mem, nbytes)
    obmallocFree(mem.om, ref, oldBytes)
    return moved
  }
  return -rawRealloc(mem.raw, -ref - 1, nbytes) - 1
}

/** `PyMem_RawMalloc(n)`: always the system heap, not counted as a pymalloc fallback. */
export function memRawAlloc(mem: Memory, nbytes: number): number {
  return -rawMalloc(mem.raw, nbytes) - 1
}

/** `PyMem_RawFree(p)`. */
export function memRawFree(mem: Memory, ref: number): void {
  if (ref === NO_BLOCK) return
  rawFree(mem.raw, -ref - 1)
}
