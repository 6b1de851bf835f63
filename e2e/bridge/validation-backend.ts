/**
 * The interpreter discovery and validation service (`src/main/services/python`), as main wires
 * it into the services; undefined while that service has not landed (the app then says
 * validation is not available).
 */
import type { ValidationBackend } from '../../src/main/services/app-services'
import { importIfPresent } from './optional-module'

interface ValidateServiceModule {
  createValidationBackend(options?: Record<string, unknown>): ValidationBackend
}

/** @returns the backend, or undefined when the service is absent */
export async function loadValidationBackend(): Promise<ValidationBackend | undefined> {
  const module = await importIfPresent<ValidateServiceModule>('src/main/services/python/validate-service.ts')
  return module?.createValidationBackend()
}
