import { beforeAll, describe, expect, it } from 'vitest'
import type { HeapScopeEvents, LoadResult } from '../../shared/contract'
import { buildEngineWorker } from './engine-host/build-engine-worker'
import { createEngineHost } from './engine-host/engine-host'
import { createRunService, type RunEmitter } from './run-service'
import { createScenarioService } from './scenarios/scenario-service'
import { cyclesScenario } from './engine-host/test-fixtures/cycles-scenario'

const CYCLES = cyclesScenario({ name: 'Cycles', preset: 'cpython-3.12' })

type Emitted = { [K in 'runProgress' | 'runStatus']: { event: K; payload: HeapScopeEvents[K] } }['runProgress' | 'runStatus']

function setup(workerPath: string, costModel: ReturnType<Parameters<typeof createRunService>[0]['costModel']> = null) {
  const emitted: Emitted[] = []
  const emit: RunEmitter = (event, payload) => emitted.push({ event, payload } as Emitted)
  const scenarios = createScenarioService({ libraryDir: '/nonexistent', recent: { get: () => [], add: async () => undefined } })
  const presetsAsked: string[] = []
  let changes = 0
  const runs = createRunService({
    host: createEngineHost({ workerPath }),
    scenarios,
    costModel: (preset) => {
      presetsAsked.push(preset)
      return costModel
    },
    emit,
    onRunsChanged: () => changes++,
  })
  const loaded: LoadResult = scenarios.loadScenarioText('cycles.yaml', CYCLES)
  if (!loaded.ok) throw new Error('scenario does not load')
  return { runs, emitted, scenario: loaded.scenario, presetsAsked, changes: () => changes }
}

async function waitFor(check: () => boolean): Promise<void> {
  const t0 = Date.now()
  while (!check()) {
    if (Date.now() - t0 > 20_000) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

describe('run service', () => {
  let workerPath = ''
  beforeAll(async () => {
    workerPath = await buildEngineWorker()
  }, 60_000)

  it('runs a loaded scenario, streams events with the run id and keeps the run with its summary', async () => {
    const { runs, emitted, scenario, changes } = setup(workerPath)
    const started = runs.startRun({ scenarioId: scenario.id })
    expect(started).toEqual({ ok: true, runId: 'run-1' })
    expect(changes()).toBe(1)
    expect(runs.listRuns()[0]).toMatchObject({ runId: 'run-1', name: 'Cycles · CPython 3.12', scenarioId: scenario.id, scenarioName: 'Cycles', preset: 'cpython-3.12', collector: 'cpython' })
    const outcome = await runs.finished('run-1')
    expect(outcome?.state).toBe('done')
    const states = emitted.flatMap((e) => (e.event === 'runStatus' ? [e.payload.state] : []))
    expect(states[0]).toBe('starting')
    const info = runs.listRuns()[0]
    expect(info).toMatchObject({ state: 'done', opsDone: outcome?.opsDone })
    expect(info?.summary?.gc.collections[0]).toBeGreaterThan(0)
    expect(emitted.some((e) => e.event === 'runProgress' && e.payload.runId === 'run-1' && e.payload.batch.samples.count > 0)).toBe(true)
    expect(emitted.filter((e) => e.event === 'runStatus').at(-1)?.payload).toMatchObject({ runId: 'run-1', state: 'done' })
    const reply = await runs.getRunResult('run-1')
    expect(reply.ok && reply.result.summary).toEqual(info?.summary)
  })

  it('applies overrides and the calibrated pause model of the effective preset', async () => {
    const model = { gcFixedNs: 1e9, gcPerExaminedNs: 0, gcPerLongLivedNs: 0, gcPerTraversedNs: 0, gcPerFreedNs: 0, gcPerAuxFreedNs: 0, opNs: 1, allocNs: 0, freeNs: 0 }
    const { runs, scenario, presetsAsked } = setup(workerPath, model)
    const started = runs.startRun({ scenarioId: scenario.id, name: 'custom', overrides: { preset: 'cpython-3.13', thresholds: [100, 10, 10] } })
    if (!started.ok) throw new Error(started.reason)
    const outcome = await runs.finished(started.runId)
    const summary = outcome?.result?.summary
    expect(presetsAsked).toEqual(['cpython-3.13'])
    expect(summary?.preset).toBe('cpython-3.13')
    expect(summary?.thresholds).toEqual([100, 10, 10])
    expect(summary?.gc.pause_ns.total).toBe(1e9 * (summary?.gc.pause_ns.count ?? NaN))
    expect(runs.listRuns()[0]?.name).toBe('custom')
  })

  it('controls runs by id with clear refusals; renames and deletes', async () => {
    const { runs, emitted, scenario } = setup(workerPath)
    expect(runs.startRun({ scenarioId: 'unknown' })).toMatchObject({ ok: false })
    const started = runs.startRun({ scenarioId: scenario.id }, { startPaused: true })
    if (!started.ok) throw new Error(started.reason)
    const id = started.runId
    await waitFor(() => runs.listRuns()[0]?.state === 'paused')
    expect(runs.pauseRun(id)).toEqual({ ok: false, reason: 'only a running run can be paused (the run is paused)' })
    expect(runs.stepRunUntil(id, 'collection')).toEqual({ ok: true })
    await waitFor(() => runs.listRuns()[0]?.state === 'stopped-at-collection')
    const partial = await runs.getRunResult(id)
    expect(partial.ok && partial.result.gcLog.count).toBe(1)
    expect(runs.renameRun(id, '  first collection  ')).toEqual({ ok: true })
    expect(runs.renameRun(id, '   ')).toMatchObject({ ok: false })
    expect(runs.listRuns()[0]?.name).toBe('first collection')
    expect(runs.resumeRun(id)).toEqual({ ok: true })
    await runs.finished(id)
    expect(runs.cancelRun(id)).toMatchObject({ ok: false })
    expect(runs.deleteRun(id)).toEqual({ ok: true })
    expect(runs.listRuns()).toEqual([])
    expect(await runs.getRunResult(id)).toMatchObject({ ok: false })
    expect(runs.pauseRun(id)).toMatchObject({ ok: false, reason: expect.stringMatching(/no such run/) })

    // Deleting a live run cancels it and sends nothing more about it.
    const live = runs.startRun({ scenarioId: scenario.id })
    if (!live.ok) throw new Error(live.reason)
    const finished = runs.finished(live.runId)
    runs.deleteRun(live.runId)
    const before = emitted.length
    expect((await finished)?.state).toBe('cancelled')
    expect(emitted.slice(before).filter((e) => e.payload.runId === live.runId)).toEqual([])
  })

  it('reports a run whose worker cannot start as an error status, and stays usable', async () => {
    const { runs, emitted, scenario } = setup('/nonexistent/engine-worker.js')
    const started = runs.startRun({ scenarioId: scenario.id })
    if (!started.ok) throw new Error(started.reason)
    expect((await runs.finished(started.runId))?.state).toBe('error')
    const statuses = emitted.flatMap((e) => (e.event === 'runStatus' ? [e.payload] : []))
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'error'])
    expect(statuses[1]?.error?.message).toMatch(/crashed|Cannot find/)
    expect(runs.listRuns()[0]?.state).toBe('error')
    expect(await runs.getRunResult(started.runId)).toMatchObject({ ok: false, reason: expect.stringMatching(/no result/) })
  })
})
