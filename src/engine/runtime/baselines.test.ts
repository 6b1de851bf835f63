/**
 * The measured starting heap: a usedpools layout measured by python/heapscope_probe.py is seeded
 * pool for pool (order and free blocks), a heap without one is seeded from its totals as before,
 * and a run from a seeded heap stays consistent.
 */
import { describe, expect, it } from 'vitest'
import { blocksPerPool, createObmalloc, obmallocAlloc, obmallocStats, seedObmalloc, verifyObmalloc, type Obmalloc } from '../allocator/obmalloc'
import { createRun, runScenario, stepRun } from '../run'
import { parseScenario } from '../scenario/parse'
import { verify } from '../verify'
import type { MeasuredHeap } from './baselines'

/** Free blocks of each pool of usedpools[index], head first. */
function layoutOf(om: Obmalloc, index: number): number[] {
  const out: number[] = []
  for (let p = om.usedPools[index] as number; p !== -1; p = om.poolNext[p] as number) out.push(blocksPerPool(index) - (om.poolCount[p] as number))
  return out
}

describe('seeding a measured usedpools layout', () => {
  it('links the used pools in the measured order with the measured free blocks; the other pools are full', () => {
    const om = createObmalloc(63)
    // 64-byte class: 255 blocks per pool; 10 pools, 4 of them partly free.
    const layout = [1, 4, 40, 238]
    const free = layout.reduce((a, b) => a + b, 0)
    seedObmalloc(om, 2, 1, [
      { index: 0, pools: 1, usedBlocks: 100 },
      { index: 3, pools: 10, usedBlocks: 10 * 255 - free, usedPools: layout },
      { index: 5, pools: 3, usedBlocks: 400 },
    ])
    expect(verifyObmalloc(om)).toEqual([])
    expect(layoutOf(om, 3)).toEqual(layout)
    expect(om.classPools[3]).toBe(10)
    expect(om.classUsedBlocks[3]).toBe(10 * 255 - free)
    expect(obmallocStats(om).unusedPools).toBe(63 + 64 - 14)
    // Allocation drains the head pool first: its one free block, then the next pool's four.
    const head = om.usedPools[3] as number
    expect(obmallocAlloc(om, 64)).toBe(head)
    expect(layoutOf(om, 3)).toEqual([4, 40, 238])
    for (let i = 0; i < 4; i++) obmallocAlloc(om, 56)
    expect(layoutOf(om, 3)).toEqual([40, 238])
    expect(verifyObmalloc(om)).toEqual([])
  })

  it('seeds a class without a layout from its totals, exactly as before layouts were measured', () => {
    const om = createObmalloc(63)
    seedObmalloc(om, 1, 1, [{ index: 3, pools: 4, usedBlocks: 700 }])
    // Used blocks spread so that every pool holds one: 255, 255, 189 and 1 in carving order, the
    // last carved at the head of usedpools.
    expect(layoutOf(om, 3)).toEqual([254, 66])
    expect(verifyObmalloc(om)).toEqual([])
  })

  it('refuses a layout that contradicts its class totals', () => {
    const seed = (usedPools: number[], pools = 3, usedBlocks = 3 * 255 - 10): void =>
      seedObmalloc(createObmalloc(63), 1, 1, [{ index: 3, pools, usedBlocks, usedPools }])
    expect(() => seed([4, 6])).not.toThrow()
    expect(() => seed([4, 5])).toThrow(/layout has 9 free blocks, the totals 10/)
    expect(() => seed([0, 10])).toThrow(/a used pool with 0 free blocks/)
    expect(() => seed([255, 10], 3, 3 * 255 - 265)).toThrow(/a used pool with 255 free blocks/)
    expect(() => seed([1, 1, 1, 7])).toThrow(/4 used pools in the layout but 3 pools/)
  })
})

const SCENARIO = `heapscope: 1
name: layout run
preset: cpython-3.11
start: { baseline: probe }
classes:
  Node: {}
program:
  - repeat: 3
    do:
      - let: cur
        value: null
      - repeat: 2000
        do:
          - let: n
            new: Node
          - setattr: n
            attr: next
            value: cur
          - let: cur
            value: n
          - let: f
            new: float
          - let: t
            new: tuple
            items: [f, f, f]
          - setattr: n
            attr: payload
            value: t
      - let: cur
        value: null
`

describe('a run from a heap with a measured layout', () => {
  const parsed = parseScenario(SCENARIO, 'layout.yaml')
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '))
  const per = blocksPerPool(3)
  const heap: MeasuredHeap = {
    python: '3.11.7',
    mode: 'probe',
    tracked_objects: 11000,
    gen0_count: 4,
    arenas: 5,
    arenas_allocated_total: 5,
    arenas_highwater: 5,
    misaligned_arenas: 5,
    unused_pools: 50,
    classes: [
      [0, 1, 100, 921],
      [1, 8, 4000, 80],
      [2, 18, 4700, 1420],
      [3, 61, 61 * per - 309, 309],
      [4, 38, 7600, 152],
    ],
    usedpools: [
      [1, [30, 50]],
      [3, [1, 4, 1, 1, 2, 18, 1, 2, 1, 40, 238]],
    ],
  }

  it('starts with the measured usedpools and stays consistent', () => {
    const run = createRun(parsed.scenario, { startHeap: heap })
    // The module's global (`keep`, a list: class 3) was in the measured heap already: it takes
    // back a block seeded free for it, leaving the head pool as measured. What the probe
    // allocates after its measurement (its preamble: the gc.get_objects() list, three dicts and
    // their nine str keys, ...) then comes from the head pools of the measured layout: 13 blocks
    // of class 3 (1 + 4 + 1 + 1 + 2 + 4), 3 of class 1 (the count, the stats list's item array,
    // the float).
    expect(layoutOf(run.interp.mem.om, 3)).toEqual([14, 1, 2, 1, 40, 238])
    expect(layoutOf(run.interp.mem.om, 1)).toEqual([27, 50])
    let step = stepRun(run, 5000)
    while (step.state === 'running') {
      expect(verify(run)).toEqual([])
      step = stepRun(run, 5000)
    }
    expect(step.state).toBe('done')
    expect(verify(run)).toEqual([])
  })

  it.each(['cpython-3.11', 'cpython-3.12', 'cpython-3.13'] as const)('on %s, runs the probe\'s preamble with the blocks CPython allocates for it', (preset) => {
    // python/heapscope_probe.py between its measurement and run(): `tracked =
    // len(gc.get_objects())`, `s0 = gc.get_stats()`, `t0 = time.perf_counter()`. Measured with
    // sys._debugmallocstats() around each statement on 3.11.7, 3.12.1 and 3.13.0 (the same on all
    // three): get_objects 1 block of 64 bytes (the list, left on the free list) and 1 of 32 (the
    // count); get_stats 12 of 64 (three dicts and their keys "collections", "collected" and
    // "uncollectable", new str objects made by Py_BuildValue; the list is the free list's), 3 of
    // 128 (the dicts' keys tables) and 1 of 32 (the list's item array); perf_counter 1 of 32.
    const run = createRun(parsed.scenario, { startHeap: heap, overrides: { preset } })
    const om = run.interp.mem.om
    const start = run.startSnapshot.pools_by_block_size
    const grown: Record<string, number> = {}
    for (let index = 0; index < 32; index++) {
      const size = String((index + 1) * 16)
      const d = (om.classUsedBlocks[index] as number) - (start[size]?.used_blocks ?? 0)
      if (d !== 0) grown[size] = d
    }
    expect(grown).toEqual({ '32': 3, '64': 13, '128': 3 })
  })

  it('gives the module\'s globals back the blocks they hold in the measured heap', () => {
    // Without the probe's preamble (baseline bare), nothing else is allocated before run(): the
    // two globals (a list and a dict, both 64-byte blocks on 3.11) leave the layout as measured.
    const globals = parseScenario('name: globals\nstart: { baseline: bare }\nglobals: { keep: list, index: dict }\nprogram: []\n', 'globals.yaml')
    if (!globals.ok) throw new Error(globals.errors.map((e) => e.message).join('; '))
    const run = createRun(globals.scenario, { startHeap: heap })
    expect(layoutOf(run.interp.mem.om, 3)).toEqual([1, 4, 1, 1, 2, 18, 1, 2, 1, 40, 238])
    expect(run.startSnapshot.pools_by_block_size['64']?.used_blocks).toBe(61 * per - 309)
  })

  it('has the same totals as the same heap without a layout, and the same collections', () => {
    const withLayout = runScenario(parsed.scenario, { startHeap: heap }).summary
    const withoutLayout = runScenario(parsed.scenario, { startHeap: { ...heap, usedpools: undefined } }).summary
    expect(withLayout.allocator.start).toEqual(withoutLayout.allocator.start)
    expect(withLayout.gc).toEqual(withoutLayout.gc)
  })
})
