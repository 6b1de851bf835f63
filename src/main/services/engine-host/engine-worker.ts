/**
 * Engine worker entry (a `worker_threads` thread, never the Electron main thread): parses the
 * scenario text it was given, creates the run and drives it with the run loop. Built as its own
 * entry (`out/main/engine-worker.js`, `out/cli/engine-worker.js`).
 *
 * The host terminates the worker once it has the final message (`result` or `parse-failed`).
 * Uncaught exceptions are left uncaught on purpose: the host sees them as the worker's `error`
 * event (with out-of-memory as `ERR_WORKER_OUT_OF_MEMORY`) and turns them into an error status.
 */
import { setPriority } from 'node:os'
import { performance } from 'node:perf_hooks'
import { parentPort, workerData } from 'node:worker_threads'
import { createRun, parseScenario, type RunResult, type SampleBatch } from '@engine'
import { createRunLoop } from './run-loop'
import { transferList, type HostToWorker, type WorkerStart, type WorkerToHost } from './worker-protocol'

function transfersOf(message: WorkerToHost): ArrayBuffer[] {
  if (message.type === 'batch') return transferList(message.batch satisfies SampleBatch)
  if (message.type === 'result' || message.type === 'snapshot') return transferList(message.result satisfies RunResult)
  return []
}

/** The simulation's nice value: below the window's threads, which then win a busy core (a long-running run keeps one core busy). */
const WORKER_NICE = 10

/**
 * Lowers this thread's scheduling priority. On Linux a nice value belongs to a thread, and
 * `setPriority(0, …)` sets the calling thread's; elsewhere it would be the whole process's (the
 * app's main process), so nothing is changed there. Not allowed (a sandbox): left as it is.
 */
function yieldToTheWindow(): void {
  if (process.platform !== 'linux') return
  try {
    setPriority(0, WORKER_NICE)
  } catch {
    // The run works the same at the default priority.
  }
}

function main(): void {
  yieldToTheWindow()
  const port = parentPort
  if (port === null) throw new Error('engine-worker must run in a worker thread')
  const start = workerData as WorkerStart
  const post = (message: WorkerToHost): void => port.postMessage(message, transfersOf(message))

  const parsed = parseScenario(start.text, start.fileName)
  if (!parsed.ok) {
    // The host parsed the same text before starting; report it like a run-time failure anyway.
    const first = parsed.errors[0] ?? { file: start.fileName, line: 0, column: 0, field: '', message: 'the scenario does not parse' }
    post({ type: 'parse-failed', error: first })
    return
  }
  const run = createRun(parsed.scenario, {
    overrides: start.overrides,
    clock: () => performance.now(),
    ...(start.costModel !== null ? { costModel: start.costModel } : {}),
  })
  const loop = createRunLoop(run, { now: () => performance.now(), post, defer: (task) => setImmediate(task) }, start)
  port.on('message', (message: HostToWorker) => loop.handle(message))
  loop.start(start.startPaused)
}

main()
