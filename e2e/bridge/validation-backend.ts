/**
 * Interpreter discovery and validation (`src/main/services/python`), wired as main wires it: the
 * simulations run in the built `validation-worker.js`, with the calibrated cost models of the
 * bridge's settings. Without a built worker, the in-process backend (same service, no worker).
 */
import { existsSync } from 'node:fs'
import type { ValidationBackend } from '../../src/main/services/app-services'
import type { SettingsService } from '../../src/main/services/settings-service'
import { createValidationBackend } from '../../src/main/services/python/validate-service'
import { createWorkerValidationBackend } from '../../src/main/services/python/validation-in-worker'
import { BUILT_VALIDATION_WORKER } from '../support/paths'

/**
 * @param settings read when a validation starts (calibrated cost models)
 * @returns the backend
 */
export function validationBackend(settings: () => SettingsService): ValidationBackend {
  if (!existsSync(BUILT_VALIDATION_WORKER)) return createValidationBackend()
  return createWorkerValidationBackend({ workerPath: BUILT_VALIDATION_WORKER, costModels: () => settings().get().costModels })
}
