import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { chunkSizeFor, createRawHeap, rawFree, rawLargestFree, rawMalloc, rawRealloc, verifyRawHeap } from './raw-malloc'

describe('the system heap model', () => {
  it('rounds requests to 16-byte chunks with an 8-byte header, 32 bytes at least', () => {
    expect(chunkSizeFor(1)).toBe(32)
    expect(chunkSizeFor(513)).toBe(528)
    expect(chunkSizeFor(520)).toBe(528)
    expect(chunkSizeFor(521)).toBe(544)
  })

  it('reuses the lowest free chunk that fits and coalesces freed neighbours', () => {
    const h = createRawHeap()
    const a = rawMalloc(h, 1000)
    const b = rawMalloc(h, 1000)
    const c = rawMalloc(h, 1000)
    rawMalloc(h, 1000)
    rawFree(h, a)
    rawFree(h, c)
    expect(h.free.count).toBe(2)
    rawFree(h, b)
    // a, b and c are one free chunk now.
    expect(h.free.count).toBe(1)
    expect(rawLargestFree(h)).toBeGreaterThanOrEqual(3 * chunkSizeFor(1000))
    const d = rawMalloc(h, 2000)
    expect(h.chunkAddr[d]).toBe(0)
    expect(verifyRawHeap(h, [d, 3])).toEqual([])
  })

  it('maps large blocks separately and raises the mmap threshold when one is freed', () => {
    const h = createRawHeap()
    const big = rawMalloc(h, 200 * 1024)
    expect(h.chunkMmapped[big]).toBe(1)
    expect(h.heapEnd).toBe(0)
    rawFree(h, big)
    expect(h.mmapThreshold).toBeGreaterThan(200 * 1024)
    const again = rawMalloc(h, 200 * 1024)
    expect(h.chunkMmapped[again]).toBe(0)
  })

  it('grows in place into a free neighbour or the top', () => {
    const h = createRawHeap()
    const a = rawMalloc(h, 1000)
    expect(rawRealloc(h, a, 5000)).toBe(a)
    const b = rawMalloc(h, 1000)
    expect(rawRealloc(h, a, 10000)).not.toBe(a)
    expect(verifyRawHeap(h, [b, 2])).toEqual([])
  })

  it('keeps the heap tiled by chunks under random malloc, realloc and free', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 300_000 }), fc.nat()), { minLength: 50, maxLength: 400, size: 'max' }), (steps) => {
        const h = createRawHeap()
        const live: number[] = []
        for (const [kind, size, pick] of steps) {
          if (kind === 0 || live.length === 0) live.push(rawMalloc(h, size))
          else if (kind === 1) {
            const i = pick % live.length
            live[i] = rawRealloc(h, live[i]!, size)
          } else rawFree(h, live.splice(pick % live.length, 1)[0]!)
          expect(verifyRawHeap(h, live)).toEqual([])
        }
        expect(h.liveChunks).toBe(live.length)
      }),
      { numRuns: 40 },
    )
  })
})
