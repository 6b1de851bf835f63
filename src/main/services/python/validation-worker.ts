/**
 * Worker-thread entry of validation: the simulations a validation needs (the scenario, an empty
 * program, the timed run) are engine work, which never runs on the Electron main thread. Main
 * posts one request; the worker answers with the `ValidationReply` and is done.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { ValidationReply } from '../../../shared/contract'
import { validateScenario } from './validate-service'
import type { ValidationWorkerRequest } from './validation-in-worker'

const request = workerData as ValidationWorkerRequest
const models = request.costModels

void validateScenario(request.scenario, request.interpreterPaths, { costModel: (preset) => models[preset] ?? null }).then(
  (reply) => parentPort?.postMessage(reply satisfies ValidationReply),
  (error: unknown) => parentPort?.postMessage({ ok: false, reason: `validation failed: ${error instanceof Error ? error.message : String(error)}` } satisfies ValidationReply),
)
