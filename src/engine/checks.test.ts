/**
 * Fidelity of HeapScope's own stress workloads (scenarios/checks): finalizers, resurrection,
 * weakrefs with callbacks, freeze, explicit collections, calls and choices, tuples and dicts.
 * Each was measured on the local interpreters with python/heapscope_probe.py
 * (`node scripts/measure-scenarios.mjs --dir scenarios/checks`); the simulation starts from the heap the probe recorded and must
 * reproduce collections and collected per generation exactly. For the allocator, run()'s own
 * effect is compared per size class with the rule of metrics/allocator-delta.ts (the one
 * `validate` applies too).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { MeasuredHeap } from './runtime/baselines'
import { allocatorClassDeltas } from './metrics/allocator-delta'
import { runScenario } from './run'
import { parseScenario } from './scenario/parse'
import type { PresetId } from './scenario/ast'

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
    const measured = { before: m.before, after: m.after, noiseBefore: m.noise_before, noiseAfter: m.noise_after }
    for (const d of allocatorClassDeltas(measured, summary, empty)) {
      expect(Math.abs(d.simulated.used - d.real.used), `${d.size}-byte blocks`).toBeLessThanOrEqual(d.usedTolerance)
      expect(Math.abs(d.simulated.pools - d.real.pools), `${d.size}-byte pools`).toBeLessThanOrEqual(d.poolTolerance)
    }
  })
})
