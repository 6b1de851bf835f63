/**
 * The scenario library (scenarios/library): every scenario parses without errors or warnings,
 * has a name, a description of what to look for, phases, a preset and a seed, is listed in
 * scenarios/README.md, and runs in the simulator on the three presets within a CPU budget.
 *
 * Fidelity: each scenario's emitted Python was measured on the local interpreters
 * (scripts/measure-scenarios.mjs, python/heapscope_probe.py). The simulation starts from the heap
 * the probe recorded and must reproduce collections, collected and uncollectable per generation
 * exactly; for the allocator, run()'s own effect (real delta minus the probe's null run, against
 * simulated delta minus an empty run) must agree per size class within the tolerance of
 * checks.test.ts: used blocks within 1 % or 32 blocks, pools within 1 % plus 1. Differences the
 * engine cannot reproduce yet are listed in KNOWN_DIFFERENCES with the measured and simulated
 * numbers and the reason; everything else must match.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { cpuUsage } from 'node:process'
import { beforeAll, describe, expect, it } from 'vitest'
import { expandGenerators } from './generators/expand'
import { allocatorClassDeltas } from './metrics/allocator-delta'
import { runScenario } from './run'
import type { MeasuredHeap } from './runtime/baselines'
import type { PresetId, Scenario, Statement } from './scenario/ast'
import { parseScenario } from './scenario/parse'

const DIR = join(__dirname, '..', '..', 'scenarios', 'library')
const PRESETS: PresetId[] = ['cpython-3.11', 'cpython-3.12', 'cpython-3.13']
/** CPU time one simulation of a library scenario may take (the brief: well under 2 s). */
const CPU_BUDGET_MS = 2_000

interface Heap {
  arenas: number
  classes: [number, number, number, number][]
}

interface Measurement {
  python: string
  tracked_objects: number
  collections: number[]
  collected: number[]
  uncollectable: number
  before: Heap & MeasuredHeapFields
  after: Heap
  noise_before: Heap
  noise_after: Heap
}

type MeasuredHeapFields = Omit<MeasuredHeap, 'python' | 'mode' | 'tracked_objects' | 'gen0_count'>

/**
 * Scenario/preset pairs whose numbers differ from the measured interpreter, each with what was
 * measured, what the engine simulates, and why. GC numbers are always compared exactly; an entry
 * here only widens the pool-count tolerance of the size classes it names. Keep it short.
 */
const KNOWN_DIFFERENCES: readonly { name: string; preset: PresetId; sizes: readonly string[]; poolSlack: number; measured: string; simulated: string; reason: string }[] = [
  // Empty since the probe measures the heap where the simulation starts (after its gc.collect(),
  // with each class's usedpools layout). The three differences listed until then (gc-threshold-50000
  // on 3.11 and 3.12, linked-structures on 3.13) came from starting the simulation from the heap
  // before that collection, whose frees (free lists cleared) the simulation never saw.
  // gc-threshold-50000 on 3.12 (64-byte pools 61 to 64 from one probe process to another, the
  // simulation 61) came from the probe: gc.get_stats()'s nine str keys were not simulated, and the
  // type cache freed dead names at ASLR-dependent moments (docs/cpython-model.md, Starting state).
  // Re-measured after both fixes: measured 63, simulated 63; nine validate runs: 63/63 each time.
]

function phases(body: readonly Statement[]): string[] {
  const out: string[] = []
  for (const s of body) {
    if (s.kind === 'phase') out.push(s.label)
    else if (s.kind === 'repeat' || s.kind === 'call') out.push(...phases(s.body))
    else if (s.kind === 'if') out.push(...phases(s.then), ...phases(s.otherwise))
    else if (s.kind === 'choose') for (const o of s.options) out.push(...phases(o.body))
  }
  return out
}

function measurement(name: string, preset: PresetId): Measurement | null {
  try {
    return JSON.parse(readFileSync(join(DIR, `${name}.cpython${preset.slice(8)}.json`), 'utf8')) as Measurement
  } catch {
    return null
  }
}

const names = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''))
  .sort()

function load(name: string): { text: string; scenario: Scenario; warnings: string[] } {
  const text = readFileSync(join(DIR, `${name}.yaml`), 'utf8')
  const parsed = parseScenario(text, `${name}.yaml`)
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.file}:${e.line} ${e.field}: ${e.message}`).join('; '))
  return { text, scenario: parsed.scenario, warnings: parsed.warnings.map((w) => `${w.line} ${w.field}: ${w.message}`) }
}

describe('scenario library', () => {
  it('has at least 12 scenarios, each listed in scenarios/README.md', () => {
    expect(names.length).toBeGreaterThanOrEqual(12)
    const readme = readFileSync(join(DIR, '..', 'README.md'), 'utf8')
    for (const name of names) expect(readme, name).toContain(`library/${name}.yaml`)
  })

  it('every measured result belongs to a scenario of the library', () => {
    for (const f of readdirSync(DIR).filter((x) => x.endsWith('.json'))) {
      const match = /^(.*)\.cpython3\.1[123]\.json$/.exec(f)
      expect(match, f).not.toBeNull()
      expect(names, f).toContain(match![1])
    }
  })

  it.each(names)('%s is complete: name, description, preset, seed, phases, no warnings', (name) => {
    const { text, scenario, warnings } = load(name)
    expect(warnings).toEqual([])
    expect(scenario.name.length).toBeGreaterThan(3)
    expect(scenario.description).toMatch(/Look for|Compare|watch/)
    expect(text).toMatch(/^preset: cpython-3\.1[123]$/m)
    expect(text).toMatch(/^seed: \d+$/m)
    const expanded = expandGenerators(scenario)
    expect(expanded.ok).toBe(true)
    if (expanded.ok) expect(phases(expanded.scenario.program).length).toBeGreaterThanOrEqual(1)
  })
})

// The CPU budget is for a warmed-up engine (as in the app, where the engine worker stays up):
// the first simulation in a process also pays for compiling the engine's hot paths.
beforeAll(() => {
  runScenario(load('gc-threshold-700').scenario)
})

describe.each(names)('library scenario %s', (name) => {
  it.each(PRESETS)('on %s runs within budget and matches the measured interpreter', (preset) => {
    const { scenario } = load(name)
    const m = measurement(name, preset)
    const known = KNOWN_DIFFERENCES.find((k) => k.name === name && k.preset === preset)
    if (m === null) {
      // Not measured (no interpreter of this version when the library was measured): run it only.
      const before = cpuUsage()
      const summary = runScenario(scenario, { overrides: { preset } }).summary
      const cpu = cpuUsage(before)
      expect((cpu.user + cpu.system) / 1000).toBeLessThan(CPU_BUDGET_MS)
      expect(summary.objects.allocated).toBeGreaterThan(0)
      return
    }
    const start = { ...scenario, start: { ...scenario.start, baseline: 'probe' as const, trackedObjects: m.tracked_objects } }
    const startHeap: MeasuredHeap = { ...m.before, python: m.python, mode: 'probe', tracked_objects: m.tracked_objects, gen0_count: 4 }
    const before = cpuUsage()
    const summary = runScenario(start, { overrides: { preset }, startHeap }).summary
    const cpu = cpuUsage(before)
    expect((cpu.user + cpu.system) / 1000, 'CPU time of one simulation (ms)').toBeLessThan(CPU_BUDGET_MS)
    const gc = { collections: summary.gc.collections, collected: summary.gc.collected, uncollectable: summary.gc.uncollectable }
    const real = { collections: m.collections, collected: m.collected, uncollectable: m.uncollectable }
    expect(gc).toEqual(real)
    const empty = runScenario({ ...start, program: [] }, { overrides: { preset }, startHeap }).summary
    let stillDifferent = false
    const measured = { before: m.before, after: m.after, noiseBefore: m.noise_before, noiseAfter: m.noise_after }
    for (const d of allocatorClassDeltas(measured, summary, empty)) {
      const size = String(d.size)
      expect(Math.abs(d.simulated.used - d.real.used), `${size}-byte blocks: simulated ${d.simulated.used}, measured ${d.real.used}`).toBeLessThanOrEqual(d.usedTolerance)
      const slack = known !== undefined && known.sizes.includes(size) ? known.poolSlack - 1 : 0
      if (Math.abs(d.simulated.pools - d.real.pools) > d.poolTolerance) stillDifferent = true
      expect(Math.abs(d.simulated.pools - d.real.pools), `${size}-byte pools: simulated ${d.simulated.pools}, measured ${d.real.pools}`).toBeLessThanOrEqual(d.poolTolerance + slack)
    }
    // A known difference that has gone away (engine fixed, or re-measured) must leave the list.
    if (known !== undefined) expect(stillDifferent, `${name} on ${preset} now matches: remove it from KNOWN_DIFFERENCES`).toBe(true)
  })
})
