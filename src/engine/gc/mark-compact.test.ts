import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { blocksPerPool, MAX_POOLS_IN_ARENA, sizeClassOf, SIZE_CLASSES } from '../allocator/obmalloc'
import { FLAG, RESERVED_INDICES } from '../objects/object-store'
import { newBytes, newFloat, newList, newStr, newTuple } from '../runtime/allocate'
import { decref } from '../runtime/dealloc'
import type { CollectionRecord } from '../runtime/interp'
import { listAppend, listClear } from '../runtime/list-ops'
import type { Run } from '../run'
import { verify } from '../verify'
import { alive, buildHeap, danglingWeakrefs, graphRun, indexOf, KINDS, reachable, type HeapSpec } from './test-heap'

const heapSpecs: fc.Arbitrary<HeapSpec> = fc
  .array(fc.constantFrom(...KINDS), { minLength: 1, maxLength: 40 })
  .chain((kinds) =>
    fc.record({
      kinds: fc.constant(kinds),
      edges: fc.array(fc.tuple(fc.nat(kinds.length - 1), fc.nat(kinds.length - 1)), { maxLength: 80 }),
      roots: fc.array(fc.nat(kinds.length - 1), { maxLength: 4 }),
    }),
  )

/** Pools each size class needs at least: ceil(used blocks / blocks per pool). */
function minimumPools(run: Run, c: number): number {
  return Math.ceil((run.interp.mem.om.classUsedBlocks[c] as number) / blocksPerPool(c))
}

/** Every block reference (objects, buffers, free lists) names a pool of the right size class. */
function misplacedBlocks(run: Run): string[] {
  const interp = run.interp
  const s = interp.store
  const om = interp.mem.om
  const out: string[] = []
  const check = (what: string, ref: number, bytes: number): void => {
    if (ref < 0 || bytes === 0 || bytes > 512) return
    if (om.poolSizeIndex[ref] !== sizeClassOf(bytes) || (om.poolCount[ref] as number) === 0) out.push(`${what} in pool ${ref}`)
  }
  for (let o = RESERVED_INDICES; o <= s.top; o++) {
    if (((s.flags[o] as number) & FLAG.ALIVE) === 0) continue
    check(`object ${o}`, s.block[o] as number, s.size[o] as number)
    check(`buffer of ${o}`, s.aux[s.container[o] as number] as number, s.auxSize[s.container[o] as number] as number)
  }
  const fl = interp.free
  for (let k = 0; k < fl.size.length; k++) {
    for (let i = 0; i < (fl.size[k] as number); i++) check(`free list ${k}`, fl.data[(fl.offset[k] as number) + i] as number, fl.blockBytes[k] as number)
  }
  return out
}

/** Allocates `n` objects of mixed sizes kept in a list, then frees a pattern of them. */
function fragment(run: Run, n: number, keepEvery: number): void {
  const interp = run.interp
  const holder = newList(interp, 0)
  for (let i = 0; i < n; i++) {
    const kind = i % 4
    const o = kind === 0 ? newFloat(interp) : kind === 1 ? newStr(interp, 10 + (i % 200), 0) : kind === 2 ? newBytes(interp, 100 + (i % 300)) : newTuple(interp, 1 + (i % 5))
    if (i % keepEvery === 0) listAppend(interp, run.vm?.globals[0] as number, o)
    else listAppend(interp, holder, o)
  }
  decref(interp, holder)
}

describe('mark-compact (what-if, not CPython: CPython never moves objects)', () => {
  it('never frees a reachable object and frees every unreachable one', () => {
    fc.assert(
      fc.property(heapSpecs, (spec) => {
        const run = graphRun('cpython-3.13', 'mark-compact')
        const handles = buildHeap(run, spec)
        const expected = reachable(run)
        run.interp.collector.collect(run.interp, 2)
        for (const h of handles) expect(alive(run, h)).toBe(expected[indexOf(h)] === 1)
        expect(danglingWeakrefs(run)).toEqual([])
        expect(verify(run)).toEqual([])
        expect(misplacedBlocks(run)).toEqual([])
      }),
      { numRuns: 100 },
    )
  })

  it('packs every size class into the fewest pools, all full but one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 200, max: 6000 }), fc.integer({ min: 2, max: 9 }), fc.constantFrom('empty', 'bare'), (n, keepEvery, baseline) => {
        const run = graphRun('cpython-3.12', 'mark-compact', baseline)
        fragment(run, n, keepEvery)
        let moved = 0
        run.interp.onCollection = (_interp, record: CollectionRecord) => {
          moved = record.moved
        }
        run.interp.collector.collect(run.interp, 2)
        const om = run.interp.mem.om
        for (let c = 0; c < SIZE_CLASSES; c++) {
          expect(om.classPools[c]).toBe(minimumPools(run, c))
          let partial = 0
          for (let p = om.usedPools[c] as number; p !== -1; p = om.poolNext[p] as number) partial++
          expect(partial).toBeLessThanOrEqual(1)
        }
        // The arenas hold the pools with at most one arena's worth of room to spare.
        let pools = 0
        for (let c = 0; c < SIZE_CLASSES; c++) pools += om.classPools[c] as number
        expect(om.arenasCurrent).toBeLessThanOrEqual(Math.ceil(pools / (MAX_POOLS_IN_ARENA - 1)) + 1)
        expect(moved).toBeGreaterThanOrEqual(0)
        expect(verify(run)).toEqual([])
        expect(misplacedBlocks(run)).toEqual([])
      }),
      { numRuns: 30 },
    )
  })

  it('counts the blocks it moves and releases the arenas it empties', () => {
    const run = graphRun('cpython-3.13', 'mark-compact')
    fragment(run, 40000, 8)
    const om = run.interp.mem.om
    const arenasBefore = om.arenasCurrent
    const records: CollectionRecord[] = []
    run.interp.onCollection = (_interp, record) => {
      records.push(record)
    }
    run.interp.collector.collect(run.interp, 2)
    expect(records[0]?.moved).toBeGreaterThan(0)
    expect(om.arenasCurrent).toBeLessThan(arenasBefore)
    // A second compaction has nothing left to move.
    run.interp.collector.collect(run.interp, 2)
    expect(records[1]?.moved).toBe(0)
    expect(verify(run)).toEqual([])
  })

  it('leaves the heap usable: allocation and deallocation after compaction keep every invariant', () => {
    const run = graphRun('cpython-3.13', 'mark-compact', 'bare')
    fragment(run, 20000, 5)
    run.interp.collector.collect(run.interp, 2)
    fragment(run, 20000, 3)
    listClear(run.interp, run.vm?.globals[0] as number)
    expect(verify(run)).toEqual([])
    expect(misplacedBlocks(run)).toEqual([])
  })
})
