/**
 * Runs of the session: started from a loaded scenario on the engine host, controlled by id,
 * named, kept with their summary and full result until deleted. Progress and status reach the
 * renderer through the injected emitter as `runProgress` and `runStatus` events.
 */
import { PRESETS, type CostModel, type PresetId } from '@engine'
import type { HeapScopeEvents, Result, RunInfo, RunRequest, RunResultReply, StartRunResult } from '../../shared/contract'
import type { EngineHost, EngineRun, EngineRunEvent, EngineRunOutcome } from './engine-host/engine-host'
import type { StepTarget } from './engine-host/worker-protocol'
import type { ScenarioService } from './scenarios/scenario-service'

/** Pushes an event to the renderer (main's `emit`, or a test's recorder). */
export type RunEmitter = <K extends 'runProgress' | 'runStatus'>(event: K, payload: HeapScopeEvents[K]) => void

export interface RunServiceDeps {
  readonly host: EngineHost
  readonly scenarios: Pick<ScenarioService, 'get'>
  /** The calibrated pause model for a preset, or null for the preset's defaults. */
  readonly costModel: (preset: PresetId) => CostModel | null
  readonly emit: RunEmitter
  /** Called when runs are added or removed (the menu enables Export Report…). */
  readonly onRunsChanged?: () => void
}

export interface StartOptions {
  /** Send `runProgress` batches (false for sweep runs: only their status). */
  readonly streamProgress?: boolean
  /** Start paused at operation 0. */
  readonly startPaused?: boolean
}

export interface RunService {
  startRun(request: RunRequest, options?: StartOptions): StartRunResult
  pauseRun(runId: string): Result
  resumeRun(runId: string): Result
  cancelRun(runId: string): Result
  stepRunUntil(runId: string, until: StepTarget): Result
  listRuns(): RunInfo[]
  renameRun(runId: string, name: string): Result
  deleteRun(runId: string): Result
  getRunResult(runId: string): Promise<RunResultReply>
  /** Settles when the run ends (undefined for an unknown id). */
  finished(runId: string): Promise<EngineRunOutcome> | undefined
  /** Cancels every live run. */
  cancelAll(): void
}

interface RunRecord {
  info: RunInfo
  readonly engine: EngineRun
  outcome: EngineRunOutcome | null
}

const NOT_FOUND = { ok: false, reason: 'no such run (deleted, or from another session)' } as const satisfies Result

/**
 * Creates the run service.
 * @param deps engine host, scenarios, cost models and emitter
 * @returns the service
 */
export function createRunService(deps: RunServiceDeps): RunService {
  const runs = new Map<string, RunRecord>()
  let counter = 0

  const control = (runId: string, action: (engine: EngineRun) => boolean, refusal: string): Result => {
    const record = runs.get(runId)
    if (record === undefined) return NOT_FOUND
    return action(record.engine) ? { ok: true } : { ok: false, reason: `${refusal} (the run is ${record.engine.state})` }
  }

  return {
    startRun(request, options = {}) {
      const scenario = deps.scenarios.get(request.scenarioId)
      if (scenario === undefined) return { ok: false, reason: 'the scenario is no longer loaded; open it again' }
      const overrides = request.overrides ?? {}
      const preset = overrides.preset ?? scenario.preset
      const collector = overrides.collector ?? scenario.collector
      const runId = `run-${++counter}`
      const name = request.name ?? `${scenario.name} · CPython ${PRESETS[preset].version}`
      // The record exists once `start` returns; events sent from inside `start` (its `starting`
      // status, or a worker that could not even be created) wait in `early` until then.
      const slot: { record?: RunRecord } = {}
      const early: EngineRunEvent[] = []
      const relay = (event: EngineRunEvent): void => {
        const record = slot.record
        if (record === undefined) {
          early.push(event)
          return
        }
        if (runs.get(runId) !== record) return
        if (event.type === 'progress') {
          if (options.streamProgress !== false) deps.emit('runProgress', { runId, batch: event.batch })
          return
        }
        record.info = { ...record.info, state: event.state, opsDone: event.opsDone, opsTotal: event.opsTotal }
        const { type: _type, ...status } = event
        deps.emit('runStatus', { runId, ...status })
      }
      const engine = deps.host.start({
        text: scenario.text,
        fileName: scenario.fileName,
        overrides,
        costModel: deps.costModel(preset),
        startPaused: options.startPaused === true,
        onEvent: relay,
      })
      const record: RunRecord = {
        info: { runId, name, scenarioId: scenario.id, scenarioName: scenario.name, preset, collector, state: engine.state, opsDone: 0, opsTotal: scenario.estimatedOps },
        engine,
        outcome: null,
      }
      slot.record = record
      runs.set(runId, record)
      for (const event of early.splice(0)) relay(event)
      void engine.finished.then((outcome) => {
        record.outcome = outcome
        const summary = outcome.result?.summary
        record.info = { ...record.info, state: outcome.state, opsDone: outcome.opsDone, ...(summary !== undefined ? { summary } : {}) }
      })
      deps.onRunsChanged?.()
      return { ok: true, runId }
    },
    pauseRun: (runId) => control(runId, (e) => e.pause(), 'only a running run can be paused'),
    resumeRun: (runId) => control(runId, (e) => e.resume(), 'only a paused run can be resumed'),
    cancelRun: (runId) => control(runId, (e) => e.cancel(), 'the run has already ended'),
    stepRunUntil: (runId, until) => control(runId, (e) => e.stepUntil(until), 'the run cannot step now'),
    listRuns: () => [...runs.values()].map((r) => r.info),
    renameRun(runId, name) {
      const record = runs.get(runId)
      if (record === undefined) return NOT_FOUND
      const trimmed = name.trim()
      if (trimmed === '') return { ok: false, reason: 'a run name cannot be empty' }
      record.info = { ...record.info, name: trimmed }
      return { ok: true }
    },
    deleteRun(runId) {
      const record = runs.get(runId)
      if (record === undefined) return NOT_FOUND
      runs.delete(runId)
      record.engine.cancel()
      deps.onRunsChanged?.()
      return { ok: true }
    },
    async getRunResult(runId) {
      const record = runs.get(runId)
      if (record === undefined) return NOT_FOUND
      const result = record.outcome !== null ? record.outcome.result : await record.engine.snapshot()
      if (result === null) {
        const why = record.outcome?.error?.message
        return { ok: false, reason: why !== undefined ? `the run has no result: ${why}` : 'the run has no result yet' }
      }
      return { ok: true, result }
    },
    finished: (runId) => runs.get(runId)?.engine.finished,
    cancelAll() {
      for (const record of runs.values()) record.engine.cancel()
    },
  }
}
