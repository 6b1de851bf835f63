/**
 * Engine runs for the CLI: in worker threads through the engine host (never on the CLI's own
 * thread), with the user's calibrated cost model, and a progress bar on stderr when it is a terminal.
 */
import { createEngineHost, locateEngineWorker, type EngineHost, type EngineRunOutcome } from '../main/services/engine-host/engine-host'
import { createSettingsService, defaultSettingsDir } from '../main/services/settings-service'
import { formatScenarioError } from '../main/services/python/simulate'
import type { CostModel, PresetId, RunOverrides, RunResult } from '@engine'
import { CliError, type CliIo, type CliStream } from './cli-io'

/**
 * An engine host over the built worker.
 * @throws CliError when the worker is not built
 */
export function createCliHost(io: CliIo, maxWorkers?: number): EngineHost {
  let workerPath: string
  try {
    workerPath = io.workerPath ?? locateEngineWorker(import.meta.url)
  } catch (error) {
    throw new CliError(`${(error as Error).message} (start the CLI through bin/heapscope.js, which builds it)`)
  }
  return createEngineHost({ workerPath, ...(maxWorkers !== undefined ? { maxWorkers } : {}) })
}

/** The user's calibrated cost model for a preset (`heapscope calibrate`), or null. */
export function calibratedCostModel(io: CliIo, preset: PresetId): CostModel | null {
  return createSettingsService(io.settingsDir ?? defaultSettingsDir(io.env)).get().costModels[preset] ?? null
}

/** A one-line progress bar redrawn in place (stderr of a terminal only). */
export function createProgressBar(stream: CliStream, label: string): { update(done: number, total: number): void; clear(): void } {
  let last = ''
  return {
    update(done, total) {
      const width = 30
      const fraction = total > 0 ? Math.min(1, done / total) : 0
      const filled = Math.round(fraction * width)
      const text = `${label} [${'█'.repeat(filled)}${'·'.repeat(width - filled)}] ${total > 0 ? `${Math.floor(fraction * 100)}%` : ''} ${done.toLocaleString('en-US')} ops`
      if (text === last) return
      last = text
      stream.write(`\r${text}\x1b[K`)
    },
    clear() {
      if (last !== '') stream.write('\r\x1b[K')
      last = ''
    },
  }
}

/** Why a run produced no result, as a CliError (exit 2: the scenario failed at run time, or the worker crashed). */
export function runFailure(outcome: EngineRunOutcome, what: string): CliError {
  const error = outcome.error
  if (error !== undefined && 'file' in error) return new CliError(formatScenarioError(error))
  return new CliError(`${what}: ${error?.message ?? `the run ended ${outcome.state}`}`)
}

export interface CliRunRequest {
  readonly text: string
  readonly fileName: string
  readonly overrides: RunOverrides
  readonly preset: PresetId
  /** Show a progress bar (the caller decided: stderr is a terminal and not --quiet). */
  readonly progress: boolean
}

/**
 * Runs one scenario in a worker to its end.
 * @returns the result
 * @throws CliError when the run fails or the worker crashes
 */
export async function runInWorker(io: CliIo, host: EngineHost, request: CliRunRequest): Promise<RunResult> {
  const bar = request.progress ? createProgressBar(io.stderr, request.fileName) : null
  const run = host.start({
    text: request.text,
    fileName: request.fileName,
    overrides: request.overrides,
    costModel: calibratedCostModel(io, request.preset),
    onEvent: (event) => {
      if (event.type === 'status') bar?.update(event.opsDone, event.opsTotal)
    },
  })
  const outcome = await run.finished
  bar?.clear()
  if (outcome.state !== 'done' || outcome.result === null) throw runFailure(outcome, request.fileName)
  return outcome.result
}
