import { beforeAll, describe, expect, it } from 'vitest'
import type { SweepProgress } from '../../shared/contract'
import { buildEngineWorker } from './engine-host/build-engine-worker'
import { createEngineHost } from './engine-host/engine-host'
import { createRunService } from './run-service'
import { createScenarioService } from './scenarios/scenario-service'
import { checkSweepValue, createSweepService, sweepOverrides } from './sweep-service'
import { cyclesScenario } from './engine-host/test-fixtures/cycles-scenario'

const CYCLES = cyclesScenario({ name: 'Cycles', iterations: 10000 })

describe('sweep values', () => {
  it('checks each value against its parameter', () => {
    expect(checkSweepValue('gc.threshold0', 700)).toBeNull()
    expect(checkSweepValue('gc.threshold0', -1)).toMatch(/integers from 0/)
    expect(checkSweepValue('gc.threshold1', 1.5)).not.toBeNull()
    expect(checkSweepValue('preset', 'cpython-3.13')).toBeNull()
    expect(checkSweepValue('preset', 'cpython-2.7')).toMatch(/one of/)
    expect(checkSweepValue('collector', 'mark-sweep')).toBeNull()
    expect(checkSweepValue('gc.enabled', 'yes')).toMatch(/true or false/)
    expect(checkSweepValue('seed', 2 ** 32)).not.toBeNull()
  })

  it('sets the swept parameter on top of the request’s overrides', () => {
    const scenario = { preset: 'cpython-3.13' as const, thresholds: null }
    expect(sweepOverrides(scenario, {}, 'gc.threshold0', 50)).toEqual({ thresholds: [50, 10, 10] })
    expect(sweepOverrides({ preset: 'cpython-3.11', thresholds: [900, 5, 5] }, {}, 'gc.threshold2', 1)).toEqual({ thresholds: [900, 5, 1] })
    expect(sweepOverrides(scenario, { thresholds: [1, 2, 3], seed: 4 }, 'gc.threshold1', 9)).toEqual({ thresholds: [1, 9, 3], seed: 4 })
    expect(sweepOverrides(scenario, { seed: 4 }, 'preset', 'cpython-3.11')).toEqual({ seed: 4, preset: 'cpython-3.11' })
    expect(sweepOverrides(scenario, {}, 'gc.enabled', false)).toEqual({ gcEnabled: false })
    expect(sweepOverrides(scenario, {}, 'collector', 'mark-compact')).toEqual({ collector: 'mark-compact' })
    expect(sweepOverrides(scenario, {}, 'seed', 7)).toEqual({ seed: 7 })
  })
})

describe('sweep service', () => {
  let workerPath = ''
  beforeAll(async () => {
    workerPath = await buildEngineWorker()
  }, 60_000)

  function setup(parallelism: number) {
    const progress: SweepProgress[] = []
    const scenarios = createScenarioService({ libraryDir: '/nonexistent', recent: { get: () => [], add: async () => undefined } })
    const host = createEngineHost({ workerPath })
    let peak = 0
    const runs = createRunService({
      host,
      scenarios,
      costModel: () => null,
      emit: (event) => {
        if (event === 'runProgress') throw new Error('sweep runs must not stream progress')
        peak = Math.max(peak, host.activeWorkers)
      },
    })
    const sweeps = createSweepService({ runs, scenarios, emit: (_event, payload) => progress.push(payload), parallelism })
    const loaded = scenarios.loadScenarioText('cycles.yaml', CYCLES)
    if (!loaded.ok) throw new Error('does not load')
    return { sweeps, runs, progress, scenario: loaded.scenario, peak: () => peak }
  }

  it('runs one run per value, at most `parallelism` at once, and reports every point', async () => {
    const { sweeps, runs, progress, scenario, peak } = setup(2)
    const started = sweeps.startSweep({ scenarioId: scenario.id, param: 'gc.threshold0', values: [100, 700, 5000] })
    expect(started).toEqual({ ok: true, sweepId: 'sweep-1' })
    await new Promise<void>((resolve) => {
      const poll = (): void => (progress.at(-1)?.state === 'running' ? void setTimeout(poll, 20) : resolve())
      poll()
    })
    const last = progress.at(-1) as SweepProgress
    expect(last).toMatchObject({ sweepId: 'sweep-1', state: 'done', done: 3, total: 3 })
    expect(progress[0]).toMatchObject({ state: 'running', done: 0, total: 3, points: [] })
    const byValue = new Map(last.points.map((p) => [p.value, p.summary]))
    expect(byValue.get(100)?.thresholds).toEqual([100, 10, 10])
    const collections = [100, 700, 5000].map((v) => byValue.get(v)?.gc.collections[0] ?? 0)
    expect(collections[0]).toBeGreaterThan(collections[1] as number)
    expect(collections[1]).toBeGreaterThan(collections[2] as number)
    expect(peak()).toBeLessThanOrEqual(2)
    expect(runs.listRuns().map((r) => r.name)).toEqual(['Cycles · gc.threshold0=100', 'Cycles · gc.threshold0=700', 'Cycles · gc.threshold0=5000'])
  })

  it('refuses bad requests and cancels a running sweep', async () => {
    const { sweeps, progress, scenario, runs } = setup(1)
    expect(sweeps.startSweep({ scenarioId: 'nope', param: 'seed', values: [1] })).toMatchObject({ ok: false })
    expect(sweeps.startSweep({ scenarioId: scenario.id, param: 'seed', values: [] })).toMatchObject({ ok: false })
    expect(sweeps.startSweep({ scenarioId: scenario.id, param: 'preset', values: ['cpython-3.11', 'x'] })).toMatchObject({ ok: false, reason: expect.stringMatching(/one of/) })
    const started = sweeps.startSweep({ scenarioId: scenario.id, param: 'seed', values: [1, 2, 3] })
    if (!started.ok) throw new Error(started.reason)
    expect(sweeps.cancelSweep(started.sweepId)).toEqual({ ok: true })
    expect(sweeps.cancelSweep(started.sweepId)).toMatchObject({ ok: false })
    expect(progress.at(-1)).toMatchObject({ state: 'cancelled' })
    await Promise.all(runs.listRuns().map((r) => runs.finished(r.runId)))
    expect(runs.listRuns().map((r) => r.state)).toEqual(['cancelled'])
  })
})
