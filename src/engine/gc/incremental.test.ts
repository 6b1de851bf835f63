import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isTracked } from '../runtime/tracking'
import { newDict, newInt, newList, newTuple } from '../runtime/allocate'
import { internString, SMALL_INT } from '../runtime/constants'
import { decref } from '../runtime/dealloc'
import { dictSetItem } from '../runtime/dict-ops'
import { FREE_LIST, freeListSize } from '../runtime/free-lists'
import type { CollectionRecord } from '../runtime/interp'
import { listAppend, listClear } from '../runtime/list-ops'
import { getPreset } from '../runtime/presets'
import { stepRun, type Run } from '../run'
import { verify } from '../verify'
import { gcHeapSize } from './collector'
import { INCREMENTAL_PHASE, INITIAL_WORK_TO_DO } from './collector-state'
import { LIST } from './gc-list'
import { oldSpaceSizes } from './incremental'
import { alive, buildHeap, danglingWeakrefs, graphRun, indexOf, KINDS, reachable, scenarioRun, type HeapSpec } from './test-heap'

const heapSpecs: fc.Arbitrary<HeapSpec> = fc
  .array(fc.constantFrom(...KINDS), { minLength: 1, maxLength: 40 })
  .chain((kinds) =>
    fc.record({
      kinds: fc.constant(kinds),
      edges: fc.array(fc.tuple(fc.nat(kinds.length - 1), fc.nat(kinds.length - 1)), { maxLength: 80 }),
      roots: fc.array(fc.nat(kinds.length - 1), { maxLength: 4 }),
    }),
  )

/** A 3.14 run creating `iterations` two-object garbage cycles, one per loop iteration. */
function cyclesRun(iterations: number, baseline = 'probe'): Run {
  return scenarioRun(
    [
      'name: cycles',
      'preset: cpython-3.14',
      `start: { baseline: ${baseline} }`,
      'classes:',
      '  Node: { slots: [other] }',
      'program:',
      `  - repeat: ${iterations}`,
      '    do:',
      '      - { let: a, new: Node }',
      '      - { let: b, new: Node }',
      '      - { setattr: a, attr: other, value: b }',
      '      - { setattr: b, attr: other, value: a }',
      '',
    ].join('\n'),
  )
}

/** Records every collection of a run. */
function recordCollections(run: Run): CollectionRecord[] {
  const records: CollectionRecord[] = []
  const log = run.interp.onCollection
  run.interp.onCollection = (interp, record) => {
    records.push(record)
    log(interp, record)
  }
  return records
}

describe('CPython 3.14.0–3.14.4 incremental collector (not checked by a local interpreter)', () => {
  it('is the cpython-3.14 preset collector, with thresholds (2000, 10, 0)', () => {
    const run = graphRun('cpython-3.14', 'cpython', 'bare')
    expect(run.interp.collector.kind).toBe('incremental')
    expect(getPreset('cpython-3.14').thresholds).toEqual([2000, 10, 0])
    expect(Array.from(run.interp.gc.thresholds)).toEqual([2000, 10, 0])
    // The starting heap (after gc.collect()) waits in the pending space; a cycle starts marking.
    const st = run.interp.gc.incremental
    expect(st.phase).toBe(INCREMENTAL_PHASE.MARK)
    expect(st.workToDo).toBe(0)
    expect(oldSpaceSizes(run.interp).pending).toBeGreaterThan(7000)
    expect(oldSpaceSizes(run.interp).visited).toBe(0)
    expect(run.interp.gc.listSize[LIST.GEN2]).toBe(0)
  })

  it('schedules a collection when young.count passes 2000 and runs it at the next eval-breaker check', () => {
    const run = cyclesRun(1500)
    const records = recordCollections(run)
    stepRun(run, Number.MAX_SAFE_INTEGER, 'collection')
    const first = records[0] as CollectionRecord
    // Probe baseline: count0 starts at 4, two GC allocations per iteration.
    expect(first.countsBefore[0]).toBeGreaterThan(2000)
    expect(first.countsBefore[0]).toBeLessThanOrEqual(2002)
    expect(first.generation).toBe(1)
    expect(first.reason).toBe(0)
  })

  it('first automatic collection only marks: it collects nothing and is not counted in get_stats', () => {
    const run = cyclesRun(1500)
    const records = recordCollections(run)
    const heapBefore = run.interp.gc.heapSize
    stepRun(run, Number.MAX_SAFE_INTEGER, 'collection')
    const first = records[0] as CollectionRecord
    expect(first.collected).toBe(0)
    expect(first.unreachable).toBe(0)
    expect(first.examined).toBeGreaterThan(10000)
    expect(Array.from(run.interp.gc.collections)).toEqual([0, 0, 0])
    const st = run.interp.gc.incremental
    expect(st.phase).toBe(INCREMENTAL_PHASE.COLLECT)
    // work_to_do = 0 + new + min(heap/10/10, new*3/2) − 2 × marked (the source subtracts twice).
    const heap = heapBefore + 2 * 999
    const expected = first.countsBefore[0] + Math.min(Math.trunc(Math.trunc(heap / 10) / 10), Math.trunc((first.countsBefore[0] * 3) / 2)) - 2 * first.examined
    expect(st.workToDo).toBe(expected)
    expect(oldSpaceSizes(run.interp).visited).toBe(first.examined)
    expect(verify(run)).toEqual([])
  })

  it('later increments collect the garbage cycles, as generation 1', () => {
    const run = cyclesRun(20000)
    const records = recordCollections(run)
    let state = stepRun(run, Number.MAX_SAFE_INTEGER, 'collection')
    while (state.state !== 'done') {
      expect(verify(run)).toEqual([])
      state = stepRun(run, Number.MAX_SAFE_INTEGER, 'collection')
    }
    expect(records.every((r) => r.generation === 1)).toBe(true)
    // heap_size: +1 per GC allocation, −1 per GC free, so it always equals the live GC objects
    // plus the GC blocks the free lists hold.
    expect(run.interp.gc.heapSize).toBe(gcHeapSize(run.interp))
    const collected = records.reduce((n, r) => n + r.collected, 0)
    expect(run.interp.gc.collected[1]).toBe(collected)
    // Garbage does not pile up: at most what the last ~2 thresholds' worth of allocations left.
    const liveNodes = run.interp.counters.typeLive[32] as number
    expect(liveNodes).toBeLessThan(2 * 2000 + 100)
    expect(collected).toBeGreaterThan(2 * 20000 - 2 * 2000 - 100)
  })

  it('increments eventually collect all cyclic garbage in the old spaces', () => {
    const run = graphRun('cpython-3.14', 'cpython', 'bare')
    const interp = run.interp
    const n = 400
    const kinds = Array.from({ length: 2 * n }, () => 'pair' as const)
    const edges = Array.from({ length: n }, (_, i) => [[2 * i, 2 * i + 1] as const, [2 * i + 1, 2 * i] as const]).flat()
    const roots = Array.from({ length: n }, (_, i) => 2 * i)
    const handles = buildHeap(run, { kinds, edges, roots })
    // A full collection moves the (reachable) cycles to the old spaces; then they become garbage.
    interp.collector.collect(interp, 2)
    listClear(interp, run.vm?.globals[0] as number)
    expect(handles.every((h) => alive(run, h))).toBe(true)
    let increments = 0
    while (handles.some((h) => alive(run, h)) && increments < 2000) {
      interp.collector.collect(interp, 1)
      increments++
      if (increments % 50 === 0) expect(verify(run)).toEqual([])
    }
    expect(handles.some((h) => alive(run, h))).toBe(false)
    expect(interp.gc.collected[1]).toBe(2 * n)
    expect(verify(run)).toEqual([])
  })

  it('gc.collect(2) collects every unreachable object and never a reachable one', () => {
    fc.assert(
      fc.property(heapSpecs, fc.boolean(), (spec, markFirst) => {
        const run = graphRun('cpython-3.14', 'cpython')
        const interp = run.interp
        if (markFirst) interp.collector.collect(interp, 1)
        const handles = buildHeap(run, spec)
        const expected = reachable(run)
        interp.collector.collect(interp, 2)
        for (const h of handles) expect(alive(run, h)).toBe(expected[indexOf(h)] === 1)
        expect(danglingWeakrefs(run)).toEqual([])
        expect(Array.from(interp.gc.counts)).toEqual([0, 0, 0])
        expect(interp.gc.collections[2]).toBe(1)
        expect(interp.gc.incremental.phase).toBe(INCREMENTAL_PHASE.MARK)
        expect(interp.gc.incremental.workToDo).toBe(0)
        expect(oldSpaceSizes(interp).visited).toBe(0)
        expect(verify(run)).toEqual([])
      }),
      { numRuns: 150 },
    )
  })

  it('increments never free a reachable object', () => {
    fc.assert(
      fc.property(heapSpecs, fc.integer({ min: 1, max: 6 }), (spec, increments) => {
        const run = graphRun('cpython-3.14', 'cpython')
        const interp = run.interp
        const handles = buildHeap(run, spec)
        const expected = reachable(run)
        for (let i = 0; i < increments; i++) interp.collector.collect(interp, 1)
        for (const h of handles) if (expected[indexOf(h)] === 1) expect(alive(run, h)).toBe(true)
        expect(interp.gc.heapSize).toBe(gcHeapSize(interp))
        expect(danglingWeakrefs(run)).toEqual([])
        expect(verify(run)).toEqual([])
      }),
      { numRuns: 150 },
    )
  })

  it('gc.collect(0) collects the young generation; survivors join the visited space', () => {
    const run = graphRun('cpython-3.14', 'cpython')
    const interp = run.interp
    const [a, b, kept] = buildHeap(run, { kinds: ['node', 'node', 'list'], edges: [[0, 1], [1, 0]], roots: [2] }) as [number, number, number]
    const visitedBefore = oldSpaceSizes(interp).visited
    interp.collector.collect(interp, 0)
    expect(alive(run, a) || alive(run, b)).toBe(false)
    expect(alive(run, kept)).toBe(true)
    expect(interp.gc.listSize[LIST.GEN0]).toBe(0)
    expect(oldSpaceSizes(interp).visited).toBeGreaterThan(visitedBefore)
    // gc.get_count() = (young, visited space, pending space).
    expect(Array.from(interp.gc.counts)).toEqual([0, 1, 0])
    expect(Array.from(interp.gc.collections)).toEqual([1, 0, 0])
    expect(verify(run)).toEqual([])
  })

  it('starts from work_to_do = −5000 on a fresh interpreter', () => {
    const run = graphRun('cpython-3.14', 'cpython', 'empty')
    expect(run.interp.gc.incremental.workToDo).toBe(INITIAL_WORK_TO_DO)
  })

  it('untracks tuples of untrackable items in the young generation; never untracks dicts', () => {
    const run = graphRun('cpython-3.14', 'cpython')
    const interp = run.interp
    const keep = run.vm?.globals[0] as number
    const tuple = newTuple(interp, 2)
    interp.store.edges.data.fill(SMALL_INT, interp.store.refStart[interp.store.container[tuple] as number] as number, (interp.store.refStart[interp.store.container[tuple] as number] as number) + 2)
    const dict = newDict(interp)
    dictSetItem(interp, dict, internString(interp.constants, 'x'), SMALL_INT)
    expect(isTracked(interp, tuple) && isTracked(interp, dict)).toBe(true)
    listAppend(interp, keep, tuple)
    listAppend(interp, keep, dict)
    interp.collector.collect(interp, 1)
    expect(isTracked(interp, tuple)).toBe(false)
    interp.collector.collect(interp, 2)
    expect(isTracked(interp, dict)).toBe(true)
    expect(verify(run)).toEqual([])
  })

  it('gc.freeze() moves young and both old spaces to the permanent generation; unfreeze() to visited', () => {
    const run = graphRun('cpython-3.14', 'cpython', 'bare')
    const interp = run.interp
    buildHeap(run, { kinds: ['list', 'node'], edges: [[0, 1]], roots: [0] })
    const tracked = (interp.gc.listSize[LIST.GEN0] as number) + oldSpaceSizes(interp).pending + oldSpaceSizes(interp).visited
    interp.collector.freeze(interp)
    expect(interp.collector.freezeCount(interp)).toBe(tracked)
    expect(Array.from(interp.gc.counts)).toEqual([0, 0, 0])
    // With a permanent generation, a completed cycle moves the visited space back to pending.
    interp.collector.collect(interp, 2)
    expect(oldSpaceSizes(interp).visited).toBe(0)
    interp.collector.unfreeze(interp)
    expect(oldSpaceSizes(interp).visited).toBe(tracked)
    expect(verify(run)).toEqual([])
  })

  it('clears the free lists on full collections only', () => {
    const run = graphRun('cpython-3.14', 'cpython')
    const interp = run.interp
    for (let i = 0; i < 5; i++) decref(interp, newList(interp, 0))
    expect(freeListSize(interp.free, FREE_LIST.LIST)).toBeGreaterThan(0)
    interp.collector.collect(interp, 1)
    interp.collector.collect(interp, 0)
    expect(freeListSize(interp.free, FREE_LIST.LIST)).toBeGreaterThan(0)
    interp.collector.collect(interp, 2)
    expect(freeListSize(interp.free, FREE_LIST.LIST)).toBe(0)
  })
})

describe('3.14 int free list', () => {
  it('keeps up to 100 freed compact ints and reuses them', () => {
    const run = graphRun('cpython-3.14', 'cpython')
    const interp = run.interp
    const ints = Array.from({ length: 150 }, () => newInt(interp, 1))
    const used = interp.mem.om.classUsedBlocks[1] as number
    for (const o of ints) decref(interp, o)
    expect(freeListSize(interp.free, FREE_LIST.INT)).toBe(100)
    expect(interp.mem.om.classUsedBlocks[1]).toBe(used - 50)
    const again = newInt(interp, 1)
    expect(freeListSize(interp.free, FREE_LIST.INT)).toBe(99)
    expect(interp.mem.om.classUsedBlocks[1]).toBe(used - 50)
    decref(interp, again)
    expect(verify(run)).toEqual([])
  })

  it('never keeps multi-digit ints, even of the same block size', () => {
    const run = graphRun('cpython-3.14', 'cpython')
    const interp = run.interp
    decref(interp, newInt(interp, 2))
    expect(freeListSize(interp.free, FREE_LIST.INT)).toBe(0)
  })

  it('does not exist before 3.14', () => {
    const run = graphRun('cpython-3.13', 'cpython')
    const interp = run.interp
    decref(interp, newInt(interp, 1))
    expect(freeListSize(interp.free, FREE_LIST.INT)).toBe(0)
    expect(interp.free.missed[FREE_LIST.INT]).toBe(0)
  })
})
