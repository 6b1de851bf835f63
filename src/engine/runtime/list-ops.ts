/**
 * List mutation (Objects/listobject.c): `list_resize` with CPython's over-allocation formula and
 * `PyMem_Realloc` of the item array, append, extend (exact preallocation on an empty list),
 * pop, clear and item assignment.
 */
import { memAlloc, memFree, memRealloc, NO_BLOCK } from '../allocator/memory'
import { reserveRefs } from '../objects/object-store'
import { decref, incref } from './dealloc'
import type { Interp } from './interp'

/** @returns the list's `allocated` (item slots in its array) */
export function listAllocated(interp: Interp, o: number): number {
  return (interp.store.auxSize[interp.store.container[o] as number] as number) >>> 3
}

/** @returns the new `allocated` that `list_resize(newsize)` chooses, or -1 when no realloc */
export function listResizeCapacity(allocated: number, size: number, newsize: number): number {
  if (allocated >= newsize && newsize >= allocated >> 1) return -1
  let next = (newsize + (newsize >> 3) + 6) & ~3
  if (newsize - size > next - newsize) next = (newsize + 3) & ~3
  if (newsize === 0) next = 0
  return next
}

/** `list_resize(self, newsize)`: reallocates the item array when needed; sets the size. */
export function listResize(interp: Interp, o: number, newsize: number): void {
  const s = interp.store
  const c = s.container[o] as number
  const size = s.refLen[c] as number
  const next = listResizeCapacity(listAllocated(interp, o), size, newsize)
  if (next >= 0) {
    s.aux[c] = memRealloc(interp.mem, s.aux[c] as number, s.auxSize[c] as number, next * 8)
    s.auxSize[c] = next * 8
    reserveRefs(s, o, Math.max(next, newsize))
  }
  s.refLen[c] = newsize
}

/** `list.append(value)`: steals `value`. */
export function listAppend(interp: Interp, o: number, value: number): void {
  const s = interp.store
  const c = s.container[o] as number
  const n = s.refLen[c] as number
  if (listAllocated(interp, o) > n) {
    reserveRefs(s, o, n + 1)
    s.refLen[c] = n + 1
  } else listResize(interp, o, n + 1)
  s.edges.data[(s.refStart[c] as number) + n] = value
}

/**
 * `list.extend(source)` for a list or tuple source (items are increfed; the source is not
 * consumed). An empty list is preallocated exactly (rounded up to even).
 */
export function listExtend(interp: Interp, o: number, source: number): void {
  const s = interp.store
  const cSource = s.container[source] as number
  const c = s.container[o] as number
  const n = s.refLen[cSource] as number
  if (n === 0) return
  const m = s.refLen[c] as number
  if (s.aux[c] === NO_BLOCK) {
    const exact = (n + 1) & ~1
    s.aux[c] = memAlloc(interp.mem, exact * 8)
    s.auxSize[c] = exact * 8
    reserveRefs(s, o, exact)
    s.refLen[c] = n
  } else listResize(interp, o, m + n)
  reserveRefs(s, o, m + n)
  const src = s.refStart[cSource] as number
  const dst = s.refStart[c] as number
  for (let i = 0; i < n; i++) {
    const v = s.edges.data[src + i] as number
    incref(interp, v)
    s.edges.data[dst + m + i] = v
  }
}

/**
 * `list.pop(index)`.
 * @returns the removed item (a reference owned by the caller), or null when out of range
 */
export function listPop(interp: Interp, o: number, index: number): number | null {
  const s = interp.store
  const c = s.container[o] as number
  const n = s.refLen[c] as number
  const i = index < 0 ? n + index : index
  if (n === 0 || i < 0 || i >= n) return null
  const start = s.refStart[c] as number
  const v = s.edges.data[start + i] as number
  s.edges.data.copyWithin(start + i, start + i + 1, start + n)
  s.edges.data[start + n - 1] = 0
  listResize(interp, o, n - 1)
  return v
}

/** `list.clear()`: size 0, array freed, items released from the last down. */
export function listClear(interp: Interp, o: number): void {
  const s = interp.store
  const c = s.container[o] as number
  const start = s.refStart[c] as number
  let i = s.refLen[c] as number
  const items = s.aux[c] as number
  const bytes = s.auxSize[c] as number
  s.refLen[c] = 0
  s.aux[c] = NO_BLOCK
  s.auxSize[c] = 0
  // Copy the items out first: decref may run code that touches the list.
  const dropped: number[] = []
  while (--i >= 0) {
    dropped.push(s.edges.data[start + i] as number)
    s.edges.data[start + i] = 0
  }
  for (const v of dropped) decref(interp, v)
  memFree(interp.mem, items, bytes)
}

/** `xs[index] = value`: steals `value`. @returns false when out of range */
export function listSetItem(interp: Interp, o: number, index: number, value: number): boolean {
  const s = interp.store
  const c = s.container[o] as number
  const n = s.refLen[c] as number
  const i = index < 0 ? n + index : index
  if (i < 0 || i >= n) return false
  const at = (s.refStart[c] as number) + i
  const old = s.edges.data[at] as number
  s.edges.data[at] = value
  decref(interp, old)
  return true
}
