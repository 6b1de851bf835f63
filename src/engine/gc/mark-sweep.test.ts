import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { handleOf } from '../objects/object-store'
import { newList } from '../runtime/allocate'
import { listAppend, listClear } from '../runtime/list-ops'
import { verify } from '../verify'
import { LIST } from './gc-list'
import { alive, buildHeap, danglingWeakrefs, graphRun, indexOf, KINDS, reachable, type HeapSpec } from './test-heap'

/** Random heaps: up to 40 objects of every kind, up to 80 references, up to 4 roots. */
const heapSpecs: fc.Arbitrary<HeapSpec> = fc
  .array(fc.constantFrom(...KINDS), { minLength: 1, maxLength: 40 })
  .chain((kinds) =>
    fc.record({
      kinds: fc.constant(kinds),
      edges: fc.array(fc.tuple(fc.nat(kinds.length - 1), fc.nat(kinds.length - 1)), { maxLength: 80 }),
      roots: fc.array(fc.nat(kinds.length - 1), { maxLength: 4 }),
    }),
  )

/** Builds a heap, collects it with gc.collect(), and checks the collector against the oracle. */
function collectAndCheck(collector: string, preset: string, spec: HeapSpec): void {
  const run = graphRun(preset, collector)
  const handles = buildHeap(run, spec)
  expect(verify(run)).toEqual([])
  const expected = reachable(run)
  run.interp.collector.collect(run.interp, 2)
  for (const h of handles) {
    const o = indexOf(h)
    if (expected[o] === 1) expect(alive(run, h), `reachable object ${o} was freed`).toBe(true)
    else expect(alive(run, h), `unreachable object ${o} survived`).toBe(false)
  }
  expect(danglingWeakrefs(run)).toEqual([])
  expect(verify(run)).toEqual([])
}

describe('mark-sweep (what-if, not CPython)', () => {
  it('is selected by the scenario and overrides the preset', () => {
    const run = graphRun('cpython-3.11', 'mark-sweep')
    expect(run.interp.collector.kind).toBe('mark-sweep')
    expect(run.interp.collector.isCPython).toBe(false)
    // Automatic collections wait for a safepoint even where 3.11 collects inside allocations.
    expect(run.interp.gc.collectInAllocation).toBe(false)
  })

  it('never frees a reachable object and frees every unreachable one, finalizers or not', () => {
    fc.assert(
      fc.property(heapSpecs, fc.constantFrom('cpython-3.11', 'cpython-3.13', 'cpython-3.14'), (spec, preset) => collectAndCheck('mark-sweep', preset, spec)),
      { numRuns: 150 },
    )
  })

  it('frees a two-object cycle and keeps what the roots reach', () => {
    const spec: HeapSpec = { kinds: ['node', 'node', 'list', 'list'], edges: [[0, 1], [1, 0], [2, 3], [3, 2]], roots: [2] }
    const run = graphRun('cpython-3.13', 'mark-sweep')
    const [a, b, l1, l2] = buildHeap(run, spec) as [number, number, number, number]
    const logged: number[] = []
    run.interp.onCollection = (_interp, record) => {
      logged.push(record.generation, record.unreachable, record.collected)
    }
    const result = run.interp.collector.collect(run.interp, 0)
    expect(alive(run, a) || alive(run, b)).toBe(false)
    expect(alive(run, l1) && alive(run, l2)).toBe(true)
    expect(result).toBe(2)
    // Recorded as a whole-heap (generation 2) collection.
    expect(logged).toEqual([2, 2, 2])
    expect(run.interp.gc.collections[2]).toBe(1)
    expect(verify(run)).toEqual([])
  })

  it('runs each __del__ once and lets a resurrected object live', () => {
    const run = graphRun('cpython-3.13', 'mark-sweep')
    buildHeap(run, { kinds: ['fin', 'fin'], edges: [[0, 1], [1, 0]], roots: [] })
    const before = run.interp.counters.finalizersCalled
    run.interp.collector.collect(run.interp, 2)
    expect(run.interp.counters.finalizersCalled - before).toBe(2)
    expect(verify(run)).toEqual([])
  })

  it('examines every tracked object each time: no generations', () => {
    const run = graphRun('cpython-3.13', 'mark-sweep', 'bare')
    const tracked = (run.interp.gc.listSize[LIST.GEN0] as number) + (run.interp.gc.listSize[LIST.GEN2] as number)
    const examined: number[] = []
    run.interp.onCollection = (_interp, record) => {
      examined.push(record.examined)
    }
    run.interp.collector.collect(run.interp, 2)
    run.interp.collector.collect(run.interp, 0)
    expect(examined).toEqual([tracked, tracked])
    expect(run.interp.gc.listSize[LIST.GEN0]).toBe(0)
  })

  it('treats frozen objects as roots', () => {
    const run = graphRun('cpython-3.13', 'mark-sweep')
    const interp = run.interp
    // A frozen cycle A <-> B, A -> list L; then a young object Y that only L holds.
    const [, , list] = buildHeap(run, { kinds: ['node', 'node', 'list'], edges: [[0, 1], [1, 0], [0, 2]], roots: [0] }) as [number, number, number]
    interp.collector.freeze(interp)
    expect(interp.collector.freezeCount(interp)).toBeGreaterThan(0)
    const young = newList(interp, 0)
    listAppend(interp, indexOf(list), young)
    const youngHandle = handleOf(interp.store, young)
    listClear(interp, run.vm?.globals[0] as number)
    interp.collector.collect(interp, 2)
    expect(alive(run, list) && alive(run, youngHandle)).toBe(true)
    expect(interp.store.refLen[interp.store.container[indexOf(list)] as number]).toBe(1)
    expect(verify(run)).toEqual([])
  })

  it('waits while a __del__ body runs from a deallocation (not a safepoint)', () => {
    const run = graphRun('cpython-3.13', 'mark-sweep')
    const vm = run.vm!
    vm.nested = 1
    expect(run.interp.collector.collect(run.interp, 2)).toBe(0)
    run.interp.collector.automatic(run.interp)
    expect(run.interp.gc.scheduled).toBe(true)
    expect(run.interp.gc.collections[2]).toBe(0)
    vm.nested = 0
    run.interp.gc.scheduled = false
    run.interp.collector.automatic(run.interp)
    expect(run.interp.gc.collections[2]).toBe(1)
  })
})
