/**
 * Parameter sweeps: one engine run per value of one parameter (threshold, preset, collector,
 * gc enabled, seed), at most `availableParallelism()` at a time, each a run of the session
 * (so it can be compared and exported). Progress reaches the renderer as `sweepProgress`.
 */
import { availableParallelism } from 'node:os'
import { COLLECTOR_IDS, PRESET_IDS, PRESETS, type CollectorId, type PresetId, type RunOverrides } from '@engine'
import type { LoadedScenario, Result, StartSweepResult, SweepPoint, SweepProgress, SweepRequest } from '../../shared/contract'
import type { RunService } from './run-service'
import type { ScenarioService } from './scenarios/scenario-service'

/** Most values one sweep may have. */
export const MAX_SWEEP_VALUES = 64
/** Largest threshold a sweep may set (CPython takes any int; beyond this nothing changes). */
export const MAX_THRESHOLD = 1_000_000_000

type SweepValue = SweepRequest['values'][number]

/**
 * Checks one value against the swept parameter.
 * @returns null when it fits, else the reason
 */
export function checkSweepValue(param: SweepRequest['param'], value: SweepValue): string | null {
  switch (param) {
    case 'gc.threshold0':
    case 'gc.threshold1':
    case 'gc.threshold2':
      return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_THRESHOLD ? null : `${param} takes integers from 0 to ${MAX_THRESHOLD}, got ${JSON.stringify(value)}`
    case 'seed':
      return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff ? null : `seed takes integers from 0 to 4294967295, got ${JSON.stringify(value)}`
    case 'preset':
      return typeof value === 'string' && (PRESET_IDS as readonly string[]).includes(value) ? null : `preset takes one of ${PRESET_IDS.join(', ')}, got ${JSON.stringify(value)}`
    case 'collector':
      return typeof value === 'string' && (COLLECTOR_IDS as readonly string[]).includes(value) ? null : `collector takes one of ${COLLECTOR_IDS.join(', ')}, got ${JSON.stringify(value)}`
    case 'gc.enabled':
      return typeof value === 'boolean' ? null : `gc.enabled takes true or false, got ${JSON.stringify(value)}`
  }
}

/**
 * The overrides of one sweep run: the request's own with the swept parameter set.
 * @param scenario the loaded scenario (its thresholds are the base of a threshold sweep)
 * @param base the request's overrides
 * @param param the swept parameter
 * @param value a value checked with `checkSweepValue`
 * @returns the run's overrides
 */
export function sweepOverrides(scenario: Pick<LoadedScenario, 'preset' | 'thresholds'>, base: RunOverrides, param: SweepRequest['param'], value: SweepValue): RunOverrides {
  switch (param) {
    case 'gc.threshold0':
    case 'gc.threshold1':
    case 'gc.threshold2': {
      const t = [...(base.thresholds ?? scenario.thresholds ?? PRESETS[base.preset ?? scenario.preset].thresholds)] as [number, number, number]
      t[Number(param.slice(-1))] = value as number
      return { ...base, thresholds: t }
    }
    case 'seed':
      return { ...base, seed: value as number }
    case 'preset':
      return { ...base, preset: value as PresetId }
    case 'collector':
      return { ...base, collector: value as CollectorId }
    case 'gc.enabled':
      return { ...base, gcEnabled: value as boolean }
  }
}

export interface SweepServiceDeps {
  readonly runs: Pick<RunService, 'startRun' | 'cancelRun' | 'finished'>
  readonly scenarios: Pick<ScenarioService, 'get'>
  readonly emit: (event: 'sweepProgress', payload: SweepProgress) => void
  /** Runs at once (default: the machine's cores). */
  readonly parallelism?: number
}

export interface SweepService {
  startSweep(request: SweepRequest): StartSweepResult
  cancelSweep(sweepId: string): Result
}

interface SweepState {
  state: SweepProgress['state']
  readonly runIds: Set<string>
  /** Emits the sweep's progress as it stands. */
  report: () => void
}

/**
 * Creates the sweep service.
 * @param deps runs, scenarios, emitter, parallelism
 * @returns the service
 */
export function createSweepService(deps: SweepServiceDeps): SweepService {
  const sweeps = new Map<string, SweepState>()
  const parallelism = Math.max(1, deps.parallelism ?? availableParallelism())
  let counter = 0

  return {
    startSweep(request) {
      const scenario = deps.scenarios.get(request.scenarioId)
      if (scenario === undefined) return { ok: false, reason: 'the scenario is no longer loaded; open it again' }
      if (request.values.length === 0 || request.values.length > MAX_SWEEP_VALUES) return { ok: false, reason: `a sweep takes 1 to ${MAX_SWEEP_VALUES} values` }
      for (const value of request.values) {
        const problem = checkSweepValue(request.param, value)
        if (problem !== null) return { ok: false, reason: problem }
      }
      const sweepId = `sweep-${++counter}`
      const sweep: SweepState = { state: 'running', runIds: new Set(), report: () => undefined }
      sweeps.set(sweepId, sweep)
      const total = request.values.length
      const points: (SweepPoint | null)[] = request.values.map(() => null)
      let done = 0
      let next = 0
      let error: string | undefined

      const report = (): void => {
        const payload: SweepProgress = { sweepId, done, total, points: points.filter((p): p is SweepPoint => p !== null), state: sweep.state }
        deps.emit('sweepProgress', error !== undefined ? { ...payload, error } : payload)
      }
      sweep.report = report
      const fail = (message: string): void => {
        if (sweep.state !== 'running') return
        sweep.state = 'error'
        error = message
        for (const runId of sweep.runIds) deps.runs.cancelRun(runId)
        report()
      }
      const launchNext = (): void => {
        if (sweep.state !== 'running' || next >= total) return
        const index = next++
        const value = request.values[index] as SweepValue
        const started = deps.runs.startRun(
          { scenarioId: scenario.id, name: `${scenario.name} · ${request.param}=${String(value)}`, overrides: sweepOverrides(scenario, request.overrides ?? {}, request.param, value) },
          { streamProgress: false },
        )
        if (!started.ok) {
          fail(started.reason)
          return
        }
        sweep.runIds.add(started.runId)
        void deps.runs.finished(started.runId)?.then((outcome) => {
          sweep.runIds.delete(started.runId)
          if (sweep.state !== 'running') return
          if (outcome.result === null || outcome.state !== 'done') {
            fail(`${request.param}=${String(value)}: ${outcome.error?.message ?? `the run ended ${outcome.state}`}`)
            return
          }
          points[index] = { value, runId: started.runId, summary: outcome.result.summary }
          done++
          if (done === total) sweep.state = 'done'
          report()
          launchNext()
        })
      }
      report()
      for (let i = 0; i < Math.min(parallelism, total); i++) launchNext()
      return { ok: true, sweepId }
    },
    cancelSweep(sweepId) {
      const sweep = sweeps.get(sweepId)
      if (sweep === undefined) return { ok: false, reason: 'no such sweep' }
      if (sweep.state !== 'running') return { ok: false, reason: `the sweep has already ended (${sweep.state})` }
      sweep.state = 'cancelled'
      for (const runId of sweep.runIds) deps.runs.cancelRun(runId)
      sweep.report()
      return { ok: true }
    },
  }
}
