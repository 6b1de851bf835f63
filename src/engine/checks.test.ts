/**
 * Fidelity of HeapScope's own stress workloads (scenarios/checks): finalizers, resurrection,
 * weakrefs with callbacks, freeze, explicit collections, calls and choices, tuples and dicts.
 * Each was measured on the local interpreters with python/heapscope_probe.py
 * (`node scripts/measure-scenarios.mjs --dir scenarios/checks`); the simulation starts from the heap the probe recorded and must
 * reproduce collections and collected per generation exactly. For the allocator, run()'s own
 * effect is compared: the real delta minus the probe's null run (program loaded, run() a no-op)
 * against the simulated delta minus a simulation of an empty run(); used blocks per size class
 * must agree within 1 % or 32 blocks, whichever is larger, and pools within 1 % plus 1. The
 * floor covers what CPython allocates on its own while running a function the first times
 * (specialisation and quickening data, measured at 10–25 blocks of 48 and 64 bytes here), which
 * no scenario determines.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { MeasuredHeap } from './runtime/baselines'
import { runScenario } from './run'
import { parseScenario } from './scenario/parse'
import type { PresetId } from './scenario/ast'
import type { RunSummary } from './types'

const DIR = join(__dirname, '..', '..', 'scenarios', 'checks')

interface Heap {
  arenas: number
  arenas_allocated_total: number
  arenas_highwater: number
  misaligned_arenas: number
  unused_pools: number
  classes: [number, number, number, number][]
}

interface Measurement {
  python: string
  tracked_objects: number
  collections: number[]
  collected: number[]
  uncollectable: number
  before: Heap
  after: Heap
  noise_before: Heap
  noise_after: Heap
}

function classDelta(a: Heap, b: Heap, index: number): { pools: number; used: number } {
  const x = a.classes.find((c) => c[0] === index) ?? [index, 0, 0, 0]
  const y = b.classes.find((c) => c[0] === index) ?? [index, 0, 0, 0]
  return { pools: y[1] - x[1], used: y[2] - x[2] }
}

function simDelta(summary: RunSummary, size: string): { pools: number; used: number } {
  const start = summary.allocator.start.pools_by_block_size[size]
  const end = summary.allocator.end.pools_by_block_size[size]
  return { pools: (end?.pools ?? 0) - (start?.pools ?? 0), used: (end?.used_blocks ?? 0) - (start?.used_blocks ?? 0) }
}

const cases = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => {
    const [, name, minor] = /^(.*)\.cpython(3\.\d+)\.json$/.exec(f) ?? []
    return { name: name as string, preset: `cpython-${minor}` as PresetId, file: f }
  })

describe.each(cases)('check $name on $preset', ({ name, preset, file }) => {
  it('matches what the real interpreter did', () => {
    const m = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Measurement
    const parsed = parseScenario(readFileSync(join(DIR, `${name}.yaml`), 'utf8'), `${name}.yaml`)
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '))
    const scenario = { ...parsed.scenario, start: { ...parsed.scenario.start, baseline: 'probe' as const, trackedObjects: m.tracked_objects } }
    const startHeap: MeasuredHeap = { ...m.before, python: m.python, mode: 'probe', tracked_objects: m.tracked_objects, gen0_count: 4 }
    const summary = runScenario(scenario, { overrides: { preset }, startHeap }).summary
    const empty = runScenario({ ...scenario, program: [] }, { overrides: { preset }, startHeap }).summary
    expect(summary.gc.collections).toEqual(m.collections)
    expect(summary.gc.collected).toEqual(m.collected)
    expect(summary.gc.uncollectable).toBe(m.uncollectable)
    for (let index = 0; index < 32; index++) {
      const real = classDelta(m.before, m.after, index)
      const noise = classDelta(m.noise_before, m.noise_after, index)
      const size = String((index + 1) * 16)
      const sim = simDelta(summary, size)
      const simEmpty = simDelta(empty, size)
      const run = { used: real.used - noise.used, pools: real.pools - noise.pools }
      const model = { used: sim.used - simEmpty.used, pools: sim.pools - simEmpty.pools }
      expect(Math.abs(model.used - run.used), `${size}-byte blocks`).toBeLessThanOrEqual(Math.max(Math.abs(run.used) * 0.01, 32))
      expect(Math.abs(model.pools - run.pools), `${size}-byte pools`).toBeLessThanOrEqual(Math.abs(run.pools) * 0.01 + 1)
    }
  })
})
