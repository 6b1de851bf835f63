/**
 * Pause fidelity (docs/pause-model.md): with the default cost models, every reference workload
 * whose timing run has collections must model the median and the 99th-percentile pause within
 * ±25 % of the real interpreter's timing run (scenarios/reference/NAME.cpythonX.Y.json,
 * `timing_run.pause_ms`), on 3.11, 3.12 and 3.13. The defaults themselves must be what the
 * calibration procedure fits to the stored timing data, so that neither drifts from the other.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { pauseStats } from './metrics/percentiles'
import { runScenario } from './run'
import { fitPauseModel, fitPauseModelToStats, type PauseRun, type TimingSummary } from './runtime/calibrate'
import { collectionPauseNs, DEFAULT_COST_MODELS, NO_VARIATION, type CollectionWork, type CostModel } from './runtime/cost-model'
import type { PresetId, Scenario } from './scenario/ast'
import { parseScenario } from './scenario/parse'
import type { PauseStats } from './types'

const DIR = join(__dirname, '..', '..', 'scenarios', 'reference')
const CHECKS = join(__dirname, '..', '..', 'scenarios', 'checks')
const PRESETS: PresetId[] = ['cpython-3.11', 'cpython-3.12', 'cpython-3.13']
const INTERPRETER: Record<string, string> = { 'cpython-3.11': '3.11.7', 'cpython-3.12': '3.12.1', 'cpython-3.13': '3.13.0' }
const TOLERANCE = 0.25

/**
 * Pairs left out of the ±25 % assertion, with the reason. They must still stay within ±35 %.
 */
const KNOWN: Record<string, string> = {}
const KNOWN_TOLERANCE = 0.35

function load(name: string, dir = DIR): Scenario {
  const file = join(dir, `${name}.yaml`)
  const parsed = parseScenario(readFileSync(file, 'utf8'), file)
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '))
  return parsed.scenario
}

/** The reference timing run's pause statistics, in ns. */
function measured(name: string, preset: PresetId): PauseStats {
  const ms = (JSON.parse(readFileSync(join(DIR, `${name}.cpython${preset.slice(8)}.json`), 'utf8')) as { timing_run: { pause_ms: PauseStats } }).timing_run.pause_ms
  return { count: ms.count, total: ms.total * 1e6, p50: ms.p50 * 1e6, p95: ms.p95 * 1e6, p99: ms.p99 * 1e6, max: ms.max * 1e6 }
}

/** Simulates a workload and returns every collection's work and generation and the summary's pause statistics. */
function simulate(scenario: Scenario, preset: PresetId, gcCallbacks = 0): { works: CollectionWork[]; generations: number[]; pauses: PauseStats } {
  const works: CollectionWork[] = []
  const generations: number[] = []
  const result = runScenario(scenario, {
    overrides: { preset },
    gcCallbacks,
    onCollection: (r) => {
      works.push({ examined: r.examined, examinedLongLived: r.examinedLongLived, examinedOld: r.examinedOld, traversed: r.traversed, freed: r.freed, auxFreed: r.auxFreed, freedBytes: r.freedBytes })
      generations.push(r.generation)
    },
  })
  return { works, generations, pauses: result.summary.gc.pause_ns }
}

/** Items of the list the reference probe's timer kept (preallocated, in the oldest generation). */
const TIMER_LIST_ITEMS = 200_000

/**
 * The reference timing runs' own timer: the reference probe kept its records in a 200 000-item
 * list, a GC container in the oldest generation, so every full collection also examined it and
 * traversed its items, and the measured full pauses include that (on 3.13.0, a bare
 * interpreter's gc.collect() took 1.3 ms, 7.2 ms with two such lists). HeapScope's probe keeps its
 * timer in arrays, which the collector does not see (the per-collection files of `timings/`).
 * @returns the works, each full collection's with the list examined and its items traversed
 */
function withTimerList(works: readonly CollectionWork[], generations: readonly number[]): CollectionWork[] {
  return works.map((w, i) => (generations[i] === 2 ? { ...w, examined: w.examined + 1, examinedOld: w.examinedOld + 1, traversed: w.traversed + TIMER_LIST_ITEMS } : w))
}

/**
 * Per-collection timings of a workload (`<dir>/timings/<name>.<version>.<run>.json`, the probe's
 * `--timing` output), each paired with the simulated collections.
 */
function timedRuns(dir: string, name: string, preset: PresetId): PauseRun[] {
  // The timing runs had a gc.callbacks timer: simulate with one, as calibration does.
  const { works, generations } = simulate(load(name, dir), preset, 1)
  const folder = join(dir, 'timings')
  return readdirSync(folder)
    .filter((f) => f.startsWith(`${name}.${INTERPRETER[preset]}.`))
    .map((file) => {
      const pauses = (JSON.parse(readFileSync(join(folder, file), 'utf8')) as { pauses: [number, number][] }).pauses
      expect(pauses.map((p) => p[0])).toEqual(generations)
      return pauses.map(([, ns], i) => ({ work: works[i] as CollectionWork, measuredNs: ns }))
    })
}

/** The pause statistics `model` gives a run's collections. */
function priced(model: CostModel, works: readonly CollectionWork[], seed: number): PauseStats {
  return pauseStats(Float64Array.from(works, (w, i) => collectionPauseNs(model, w, i, seed)), works.length)
}

const relative = (model: number, real: number): number => model / real - 1

const workloads = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''))
  .filter((name) => PRESETS.some((preset) => measured(name, preset).count > 0))

describe('modeled pauses vs the reference timing runs', () => {
  const cases = workloads.flatMap((name) => PRESETS.map((preset) => [name, preset] as const))
  const runs = new Map<string, { works: CollectionWork[]; pauses: PauseStats; seed: number }>()
  const get = (name: string, preset: PresetId): { works: CollectionWork[]; pauses: PauseStats; seed: number } => {
    const key = `${name} ${preset}`
    let run = runs.get(key)
    if (run === undefined) {
      const scenario = load(name)
      run = { ...simulate(scenario, preset), seed: scenario.seed }
      runs.set(key, run)
    }
    return run
  }

  it.each(cases)('%s on %s: p50 and p99 within ±25 %', (name, preset) => {
    const real = measured(name, preset)
    const { pauses } = get(name, preset)
    expect(pauses.count).toBe(real.count)
    for (const stat of ['p50', 'p99'] as const) {
      const reason = KNOWN[`${name} ${preset} ${stat}`]
      const error = relative(pauses[stat], real[stat])
      expect(Math.abs(error), `${stat}: model ${pauses[stat].toFixed(0)} ns, real ${real[stat].toFixed(0)} ns${reason !== undefined ? ` (KNOWN: ${reason})` : ''}`).toBeLessThanOrEqual(
        reason !== undefined ? KNOWN_TOLERANCE : TOLERANCE,
      )
    }
  })

  it('prices every logged collection as collectionPauseNs does', () => {
    const { works, pauses, seed } = get('threshold_cycles', 'cpython-3.11')
    expect(priced(DEFAULT_COST_MODELS['cpython-3.11'], works, seed)).toEqual(pauses)
  })

  it('would fail without the variation term (the tails are not the work)', () => {
    const outside = cases.filter(([name, preset]) => {
      const { works, seed } = get(name, preset)
      const p99 = priced({ ...DEFAULT_COST_MODELS[preset], ...NO_VARIATION }, works, seed).p99
      return Math.abs(relative(p99, measured(name, preset).p99)) > TOLERANCE
    })
    expect(outside.length).toBeGreaterThan(0)
  })
})

describe('the default pause models are the fit of the timing data', () => {
  it.each(PRESETS)('%s', (preset) => {
    // Per-collection timings of the reference workloads and of the full collections of growing heaps.
    const local: PauseRun[] = [...workloads.flatMap((name) => timedRuns(DIR, name, preset)), ...timedRuns(CHECKS, 'full_collections', preset)]
    const summaries: TimingSummary[] = workloads.map((name) => {
      const { works, generations } = simulate(load(name), preset, 1)
      return { works: withTimerList(works, generations), measured: measured(name, preset) }
    })
    const fitted = fitPauseModelToStats(summaries, fitPauseModel(local, DEFAULT_COST_MODELS[preset]))
    const defaults = DEFAULT_COST_MODELS[preset]
    for (const [key, value] of Object.entries(fitted)) {
      const d = defaults[key as keyof CostModel] as number
      expect(Math.abs((value as number) - d), `${key}: fitted ${value}, default ${d}`).toBeLessThanOrEqual(Math.abs(d) * 0.005 + 1e-9)
    }
  })
})
