import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  blockSizeOf,
  blocksPerPool,
  createObmalloc,
  obmallocAlloc,
  obmallocFree,
  obmallocStats,
  seedObmalloc,
  sizeClassOf,
  verifyObmalloc,
  MAX_POOLS_IN_ARENA,
} from './obmalloc'

describe('size classes', () => {
  it('maps a request to (n - 1) >> 4 and blocks of 16 * (index + 1) bytes', () => {
    expect(sizeClassOf(1)).toBe(0)
    expect(sizeClassOf(16)).toBe(0)
    expect(sizeClassOf(17)).toBe(1)
    expect(sizeClassOf(512)).toBe(31)
    expect(blockSizeOf(31)).toBe(512)
  })

  it('fits (16384 - 48) / size blocks in a pool, as the reference table says', () => {
    expect([0, 1, 2, 3, 6, 15, 31].map(blocksPerPool)).toEqual([1021, 510, 340, 255, 145, 63, 31])
  })
})

describe('pools and arenas', () => {
  it('carves pools from one 63-pool arena and maps a new arena only when every pool is used', () => {
    const om = createObmalloc(63)
    const pools = new Set<number>()
    for (let i = 0; i < 63 * 31; i++) pools.add(obmallocAlloc(om, 512))
    expect(pools.size).toBe(63)
    expect(om.arenasCurrent).toBe(1)
    obmallocAlloc(om, 512)
    expect(om.arenasCurrent).toBe(2)
    expect(verifyObmalloc(om)).toEqual([])
  })

  it('puts a pool that stops being full at the front of usedpools', () => {
    const om = createObmalloc(63)
    const a = obmallocAlloc(om, 512)
    for (let i = 1; i < 31; i++) obmallocAlloc(om, 512)
    const b = obmallocAlloc(om, 512)
    expect(b).not.toBe(a)
    obmallocFree(om, a, 512)
    expect(om.usedPools[31]).toBe(a)
    expect(obmallocAlloc(om, 512)).toBe(a)
  })

  it('returns a wholly free arena to the OS unless it is the last usable one', () => {
    const om = createObmalloc(63)
    const first: number[] = []
    for (let i = 0; i < 63 * 31; i++) first.push(obmallocAlloc(om, 512))
    const second = obmallocAlloc(om, 512)
    expect(om.arenasCurrent).toBe(2)
    obmallocFree(om, second, 512)
    // The second arena is wholly free but it is the only usable arena: kept.
    expect(om.arenasCurrent).toBe(2)
    for (const p of first) obmallocFree(om, p, 512)
    // Now the first arena is wholly free too; the list holds two, so one goes.
    expect(om.arenasCurrent).toBe(1)
    expect(om.arenasAllocatedTotal - om.arenasCurrent).toBe(1)
    expect(verifyObmalloc(om)).toEqual([])
  })

  it('keeps every invariant under random allocation and free sequences', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 512 }), fc.nat()), { minLength: 200, maxLength: 3000, size: 'max' }), (steps) => {
        const om = createObmalloc(63)
        const live: { pool: number; size: number }[] = []
        for (const [alloc, size, pick] of steps) {
          if (alloc || live.length === 0) live.push({ pool: obmallocAlloc(om, size), size })
          else {
            const [x] = live.splice(pick % live.length, 1)
            obmallocFree(om, x!.pool, x!.size)
          }
        }
        expect(verifyObmalloc(om)).toEqual([])
        const stats = obmallocStats(om)
        const used = live.reduce((a, x) => a + blockSizeOf(sizeClassOf(x.size)), 0)
        expect(stats.allocatedBlockBytes).toBe(used)
        expect(om.requestedBytes).toBe(live.reduce((a, x) => a + x.size, 0))
        // Every byte of every arena is accounted for, as _debugmallocstats' totals are.
        const total = stats.allocatedBlockBytes + stats.availableBlockBytes + stats.unusedPoolBytes + stats.poolHeaderBytes + stats.quantizationBytes + stats.arenaAlignmentBytes
        expect(total).toBe(om.arenasCurrent * (1 << 20))
      }),
      { numRuns: 60 },
    )
  })
})

describe('seeding a measured heap', () => {
  it('reproduces the measured pools, blocks and unused pools', () => {
    const om = createObmalloc(63)
    seedObmalloc(om, 2, 1, [
      { index: 0, pools: 1, usedBlocks: 100 },
      { index: 3, pools: 3, usedBlocks: 700 },
    ])
    const stats = obmallocStats(om)
    expect(om.classPools[3]).toBe(3)
    expect(om.classUsedBlocks[3]).toBe(700)
    expect(stats.unusedPools).toBe(63 + MAX_POOLS_IN_ARENA - 4)
    expect(verifyObmalloc(om)).toEqual([])
  })
})
