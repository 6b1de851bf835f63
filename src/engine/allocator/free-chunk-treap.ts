/**
 * Free chunks of the raw heap, ordered by address: a treap (randomised balanced binary search tree)
 * over typed arrays, each node augmented with the largest chunk size in its subtree, so that
 * address-ordered first fit, predecessor and successor are all O(log n).
 */
import { growColumn } from '../core/typed-array'

const NIL = -1

export interface FreeChunkTreap {
  root: number
  /** Chunk address (key). */
  addr: Float64Array
  size: Float64Array
  /** Largest `size` in the node's subtree. */
  maxSize: Float64Array
  left: Int32Array
  right: Int32Array
  priority: Uint32Array
  freeNodes: number[]
  nextNode: number
  /** Deterministic priorities (xorshift), so runs are reproducible. */
  seed: number
  count: number
  totalBytes: number
}

/** Creates an empty treap. */
export function createTreap(): FreeChunkTreap {
  return {
    root: NIL,
    addr: new Float64Array(64),
    size: new Float64Array(64),
    maxSize: new Float64Array(64),
    left: new Int32Array(64),
    right: new Int32Array(64),
    priority: new Uint32Array(64),
    freeNodes: [],
    nextNode: 0,
    seed: 0x2545f491,
    count: 0,
    totalBytes: 0,
  }
}

function newNode(t: FreeChunkTreap, addr: number, size: number): number {
  let n = t.freeNodes.pop()
  if (n === undefined) {
    n = t.nextNode++
    if (n >= t.addr.length) {
      const len = n + 1
      t.addr = growColumn(t.addr, len)
      t.size = growColumn(t.size, len)
      t.maxSize = growColumn(t.maxSize, len)
      t.left = growColumn(t.left, len)
      t.right = growColumn(t.right, len)
      t.priority = growColumn(t.priority, len)
    }
  }
  let x = t.seed
  x ^= x << 13
  x ^= x >>> 17
  x ^= x << 5
  t.seed = x >>> 0
  t.addr[n] = addr
  t.size[n] = size
  t.maxSize[n] = size
  t.left[n] = NIL
  t.right[n] = NIL
  t.priority[n] = t.seed
  return n
}

function update(t: FreeChunkTreap, n: number): void {
  let m = t.size[n] as number
  const l = t.left[n] as number
  const r = t.right[n] as number
  if (l !== NIL && (t.maxSize[l] as number) > m) m = t.maxSize[l] as number
  if (r !== NIL && (t.maxSize[r] as number) > m) m = t.maxSize[r] as number
  t.maxSize[n] = m
}

/** Splits the subtree at `n` into keys < addr (left result) and ≥ addr (right result). */
function split(t: FreeChunkTreap, n: number, addr: number, out: Int32Array): void {
  if (n === NIL) {
    out[0] = NIL
    out[1] = NIL
    return
  }
  if ((t.addr[n] as number) < addr) {
    split(t, t.right[n] as number, addr, out)
    t.right[n] = out[0] as number
    update(t, n)
    out[0] = n
  } else {
    split(t, t.left[n] as number, addr, out)
    t.left[n] = out[1] as number
    update(t, n)
    out[1] = n
  }
}

function merge(t: FreeChunkTreap, a: number, b: number): number {
  if (a === NIL) return b
  if (b === NIL) return a
  if ((t.priority[a] as number) > (t.priority[b] as number)) {
    t.right[a] = merge(t, t.right[a] as number, b)
    update(t, a)
    return a
  }
  t.left[b] = merge(t, a, t.left[b] as number)
  update(t, b)
  return b
}

const SPLIT_OUT = new Int32Array(2)

/** Inserts a free chunk. */
export function treapInsert(t: FreeChunkTreap, addr: number, size: number): void {
  const n = newNode(t, addr, size)
  split(t, t.root, addr, SPLIT_OUT)
  const l = SPLIT_OUT[0] as number
  const r = SPLIT_OUT[1] as number
  t.root = merge(t, merge(t, l, n), r)
  t.count++
  t.totalBytes += size
}

/** Removes the free chunk at exactly `addr`; returns its size (0 when absent). */
export function treapRemove(t: FreeChunkTreap, addr: number): number {
  let parent = NIL
  let n = t.root
  while (n !== NIL && t.addr[n] !== addr) {
    parent = n
    n = (addr < (t.addr[n] as number) ? t.left[n] : t.right[n]) as number
  }
  if (n === NIL) return 0
  const size = t.size[n] as number
  const replacement = merge(t, t.left[n] as number, t.right[n] as number)
  if (parent === NIL) t.root = replacement
  else if (t.left[parent] === n) t.left[parent] = replacement
  else t.right[parent] = replacement
  t.freeNodes.push(n)
  t.count--
  t.totalBytes -= size
  // Recompute maxSize along the path from the root to parent.
  fixPath(t, addr)
  return size
}

function fixPath(t: FreeChunkTreap, addr: number): void {
  const path: number[] = []
  for (let n = t.root; n !== NIL; n = (addr < (t.addr[n] as number) ? t.left[n] : t.right[n]) as number) path.push(n)
  for (let i = path.length - 1; i >= 0; i--) update(t, path[i] as number)
}

/** @returns the node of the lowest-address chunk with size ≥ `size`, or -1 */
export function treapFirstFit(t: FreeChunkTreap, size: number): number {
  let n = t.root
  if (n === NIL || (t.maxSize[n] as number) < size) return NIL
  for (;;) {
    const l = t.left[n] as number
    if (l !== NIL && (t.maxSize[l] as number) >= size) n = l
    else if ((t.size[n] as number) >= size) return n
    else n = t.right[n] as number
  }
}

/** @returns the node with the largest address < `addr`, or -1 */
export function treapPredecessor(t: FreeChunkTreap, addr: number): number {
  let best = NIL
  let n = t.root
  while (n !== NIL) {
    if ((t.addr[n] as number) < addr) {
      best = n
      n = t.right[n] as number
    } else n = t.left[n] as number
  }
  return best
}

/** @returns the node with the smallest address ≥ `addr`, or -1 */
export function treapSuccessor(t: FreeChunkTreap, addr: number): number {
  let best = NIL
  let n = t.root
  while (n !== NIL) {
    if ((t.addr[n] as number) >= addr) {
      best = n
      n = t.left[n] as number
    } else n = t.right[n] as number
  }
  return best
}

/** @returns the largest free chunk size in the treap */
export function treapLargest(t: FreeChunkTreap): number {
  return t.root === NIL ? 0 : (t.maxSize[t.root] as number)
}

/** Visits chunks in address order (for verification and tests). */
export function treapForEach(t: FreeChunkTreap, visit: (addr: number, size: number) => void): void {
  const stack: number[] = []
  let n = t.root
  while (n !== NIL || stack.length > 0) {
    while (n !== NIL) {
      stack.push(n)
      n = t.left[n] as number
    }
    n = stack.pop() as number
    visit(t.addr[n] as number, t.size[n] as number)
    n = t.right[n] as number
  }
}
