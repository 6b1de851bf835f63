/**
 * The app's validation backend: interpreter discovery in main (it only spawns processes), each
 * validation in its own worker thread (`validation-worker.ts`), so the simulations it needs never
 * block the main process. A worker that crashes or exits without an answer is a failed
 * validation, not a crashed app.
 */
import { Worker } from 'node:worker_threads'
import type { CostModel, PresetId } from '@engine'
import type { ValidationReply } from '../../../shared/contract'
import type { ValidationBackend } from '../app-services'
import { listInterpreters } from './interpreters'

/** What main hands the worker (plain data: it is structured-cloned). */
export interface ValidationWorkerRequest {
  readonly scenario: { readonly text: string; readonly fileName: string }
  readonly interpreterPaths: readonly string[]
  readonly costModels: Readonly<Partial<Record<PresetId, CostModel>>>
}

export interface WorkerValidationOptions {
  /** The built `validation-worker.js`. */
  readonly workerPath: string
  /** Calibrated cost models (the settings'), read when a validation starts. */
  readonly costModels?: () => Readonly<Partial<Record<PresetId, CostModel>>>
}

/**
 * @param options where the worker is and where the calibrated models come from
 * @returns `{ listInterpreters, validateScenario }` for the app's services
 */
export function createWorkerValidationBackend(options: WorkerValidationOptions): ValidationBackend {
  return {
    listInterpreters: () => listInterpreters(),
    validateScenario: (scenario, interpreterPaths) => {
      const request: ValidationWorkerRequest = { scenario, interpreterPaths: [...interpreterPaths], costModels: options.costModels?.() ?? {} }
      return new Promise<ValidationReply>((resolve) => {
        let settled = false
        const settle = (reply: ValidationReply): void => {
          if (settled) return
          settled = true
          resolve(reply)
        }
        const worker = new Worker(options.workerPath, { workerData: request })
        worker.once('message', (reply: ValidationReply) => settle(reply))
        worker.once('error', (error) => settle({ ok: false, reason: `validation failed: ${error.message}` }))
        worker.once('exit', (code) => settle({ ok: false, reason: `validation stopped before answering (worker exit code ${code})` }))
      })
    },
  }
}
