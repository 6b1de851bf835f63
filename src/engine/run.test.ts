/**
 * The run API the engine host, the CLI and the tests rely on: bounded steps, stop conditions,
 * batches, arena maps, the summary's contract fields, determinism and run-time errors.
 */
import { describe, expect, it } from 'vitest'
import { createRun, drainBatch, finishRun, runScenario, stepRun } from './run'
import { globalListTypes, inlineScenario as scenario } from './test-scenario'

const CYCLES = scenario(`
heapscope: 1
name: cycles
seed: 3
classes:
  Obj: {}
program:
  - phase: build
  - repeat: 3000
    index: i
    do:
      - let: a
        new: Obj
      - let: b
        new: Obj
      - setattr: a
        attr: peer
        value: b
      - setattr: b
        attr: peer
        value: a
  - phase: drop
  - gc: collect
`)

describe('stepping a run', () => {
  it('executes at most the operations asked for, then resumes where it stopped', () => {
    const run = createRun(CYCLES)
    const first = stepRun(run, 100)
    expect(first.state).toBe('running')
    expect(first.opsDone).toBe(100)
    const second = stepRun(run, 250)
    expect(second.opsDone).toBe(350)
    let last = second
    while (last.state !== 'done') last = stepRun(run, 1000)
    const whole = runScenario(CYCLES).summary
    expect(finishRun(run).summary.gc).toEqual(whole.gc)
  })

  it('keeps to the budget after a __del__ ran (the finalizer\'s own execution does not widen it)', () => {
    const run = createRun(scenario(`
heapscope: 1
name: finalizers
classes:
  Fin: { del: true }
program:
  - repeat: 5000
    do:
      - let: f
        new: Fin
`))
    for (let done = 0; done < 600; ) {
      const step = stepRun(run, 7)
      expect(step.opsDone).toBe(done + 7)
      done = step.opsDone
    }
  })

  it('gives the estimated total while running and the real count once done (a done run never shows more done than total)', () => {
    const run = createRun(CYCLES)
    stepRun(run, 100)
    const estimate = drainBatch(run).opsTotal
    expect(estimate).toBeGreaterThanOrEqual(100)
    while (stepRun(run, 1e9).state !== 'done');
    const last = drainBatch(run)
    expect(last.opsTotal).toBe(last.opsDone)
  })

  it('stops after the next collection or at the next phase when asked', () => {
    const run = createRun(CYCLES)
    const atCollection = stepRun(run, 1e9, 'collection')
    expect(atCollection.state).toBe('stopped-at-collection')
    expect(finishRun(run).gcLog.count).toBe(1)
    const atPhase = stepRun(run, 1e9, 'phase')
    expect(atPhase.state).toBe('stopped-at-phase')
    expect(finishRun(run).phases.map((p) => p.label)).toEqual(['build', 'drop'])
  })

  it('hands out each sample, collection, phase and arena map exactly once through batches', () => {
    const run = createRun(CYCLES)
    let samples = 0
    let collections = 0
    let maps = 0
    let state = stepRun(run, 500).state
    for (;;) {
      const batch = drainBatch(run)
      samples += batch.samples.count
      collections += batch.gcLog.count
      maps += batch.arenaMaps.length
      if (state === 'done') break
      state = stepRun(run, 500).state
    }
    const result = finishRun(run)
    expect(samples).toBe(result.samples.count)
    expect(collections).toBe(result.gcLog.count)
    expect(maps).toBe(result.arenaMaps.length)
    expect(maps).toBeGreaterThan(1)
  })
})

describe('results', () => {
  it('carries the summary fields other tools rely on', () => {
    const s = runScenario(CYCLES).summary
    expect(s.preset).toBe('cpython-3.11')
    expect(Object.keys(s.allocator.start.arenas)).toEqual(['current', 'highwater', 'allocated', 'reclaimed'])
    for (const v of Object.values(s.allocator.end.pools_by_block_size)) expect(Object.keys(v)).toEqual(['pools', 'used_blocks', 'avail_blocks'])
    expect(Object.keys(s.freelists)).toContain('float')
    expect(s.freelists['list']).toHaveProperty('reused')
    expect(s.freelists['list']).toHaveProperty('released')
    expect(Object.keys(s.objects)).toEqual(['allocated', 'freed', 'live', 'peak_live'])
    expect(s.gc.collections).toHaveLength(3)
    expect(s.gc.collected).toHaveLength(3)
    expect(Object.keys(s.gc.pause_ns)).toEqual(['count', 'total', 'p50', 'p95', 'p99', 'max'])
    expect(s.gc.overhead_pct).toBeGreaterThan(0)
    expect(s.sim.ops).toBeGreaterThan(0)
  })

  it('logs each collection at its start on the modeled clock: collections do not overlap and end within the run', () => {
    const r = runScenario(CYCLES)
    const g = r.gcLog
    expect(g.count).toBeGreaterThan(2)
    for (let i = 1; i < g.count; i++) expect(g.timeNs[i] as number).toBeGreaterThanOrEqual((g.timeNs[i - 1] as number) + (g.pauseNs[i - 1] as number))
    expect((g.timeNs[g.count - 1] as number) + (g.pauseNs[g.count - 1] as number)).toBeLessThanOrEqual(r.summary.time.modeled_ns)
    const pauses = Array.from(g.pauseNs).reduce((a, b) => a + b, 0)
    expect(pauses).toBeCloseTo(r.summary.time.gc_ns, 3)
  })

  it('is deterministic for a seed', () => {
    const a = runScenario(CYCLES)
    const b = runScenario(CYCLES)
    expect(a.summary).toEqual({ ...b.summary, sim: a.summary.sim })
    expect(Array.from(a.samples.footprintBytes)).toEqual(Array.from(b.samples.footprintBytes))
  })

  it('keeps arena maps that agree with the pools counted per size class', () => {
    const result = runScenario(CYCLES)
    const last = result.arenaMaps[result.arenaMaps.length - 1]!
    const perClass = new Map<number, number>()
    for (let i = 0; i < last.fill.length; i++) if (last.fill[i]! > 0) perClass.set(last.sizeClass[i]!, (perClass.get(last.sizeClass[i]!) ?? 0) + 1)
    for (const [size, counts] of Object.entries(result.summary.allocator.end.pools_by_block_size)) {
      expect(perClass.get(Number(size) / 16 - 1) ?? 0).toBe(counts.pools)
    }
  })

  it('reports a run-time error at the statement that raised it', () => {
    const run = createRun(
      scenario(`
heapscope: 1
name: error
program:
  - let: xs
    new: list
  - let: d
    new: dict
  - append: d
    value: xs
`),
    )
    const step = stepRun(run, 1e9)
    expect(step.state).toBe('failed')
    expect(step.error).toMatchObject({ line: 9, column: 5, field: 'program[2]' })
    expect(step.error?.message).toMatch(/'dict' object has no attribute 'append'/)
  })

  it('reports an error raised in __del__ at the body\'s statement, and says what CPython would do', () => {
    const run = createRun(
      scenario(`
heapscope: 1
name: error in __del__
classes:
  C:
    slots: [a]
    del:
      - setattr: self
        attr: b
        value: 1
program:
  - let: c
    new: C
  - del: c
`),
    )
    const step = stepRun(run, 1e9)
    expect(step.state).toBe('failed')
    expect(step.error).toMatchObject({ line: 8, column: 9, field: 'classes.C.del[0]' })
    expect(step.error?.message).toBe(`'C' object has no attribute 'b' (not in its __slots__) (raised in C.__del__: CPython would print "Exception ignored in: <function C.__del__>" and go on, allocating a traceback HeapScope does not model, so the run stops here; change the __del__ body)`)
  })
})

describe('instances of __slots__ classes', () => {
  it('release their slots in the order CPython sorts the slot names, not the declared one', () => {
    // type_new sorts __slots__: subtype_dealloc clears `a` before `b` although `b` is declared first.
    const run = createRun(
      scenario(`
heapscope: 1
name: slot order
classes:
  Pair: { slots: [b, a] }
  A: { del: [{ append: log, value: { new: float } }] }
  B: { del: [{ append: log, value: { new: list } }] }
globals: { log: list }
program:
  - let: p
    new: Pair
  - setattr: p
    attr: b
    value: { new: B }
  - setattr: p
    attr: a
    value: { new: A }
  - del: p
`),
    )
    stepRun(run, Number.POSITIVE_INFINITY)
    expect(globalListTypes(run, 1)).toEqual(['float', 'list'])
  })
})
