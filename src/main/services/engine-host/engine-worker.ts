/**
 * Engine worker entry (a `worker_threads` thread, never the Electron main thread): for each
 * `start` message, parses the scenario text it was given, creates the run and drives it with the
 * run loop. Built as its own entry (`out/main/engine-worker.js`, `out/cli/engine-worker.js`).
 *
 * After a run's result the worker may take another run (the host decides, from the result's
 * `reusable`): its engine code is then compiled and optimised already, which a fresh worker
 * spends most of a small run on. Only after runs whose engine held little memory (`reuseMaxBytes`):
 * an idle worker does not collect its garbage, so a large run's arrays would stay with it.
 *
 * Uncaught exceptions are left uncaught on purpose: the host sees them as the worker's `error`
 * event (with out-of-memory as `ERR_WORKER_OUT_OF_MEMORY`) and turns them into an error status.
 */
import { getPriority, setPriority } from 'node:os'
import { performance } from 'node:perf_hooks'
import { parentPort, workerData } from 'node:worker_threads'
import { createRun, engineMemory, parseScenario, runScenario, type Run, type RunResult, type SampleBatch } from '@engine'
import { createRunLoop, type RunLoop } from './run-loop'
import { transferList, type HostToWorker, type RunStart, type WorkerConfig, type WorkerToHost } from './worker-protocol'

function transfersOf(message: WorkerToHost): ArrayBuffer[] {
  if (message.type === 'batch') return transferList(message.batch satisfies SampleBatch)
  if (message.type === 'result' || message.type === 'snapshot') return transferList(message.result satisfies RunResult)
  return []
}

/**
 * Lowers this thread's scheduling priority (the host's `workerNice`), never raises it (a process
 * started at a higher nice value keeps it). On Linux a nice value belongs to a thread, and
 * `setPriority(0, …)` sets the calling thread's; elsewhere it would be the whole process's (the
 * app's main process), so nothing is changed there. Not allowed (a sandbox): left as it is.
 * @param nice the thread's nice value, 0 to leave it as it is
 */
function lowerPriority(nice: number): void {
  if (process.platform !== 'linux' || nice <= 0) return
  try {
    if (getPriority(0) < nice) setPriority(0, nice)
  } catch {
    // The run works the same at the default priority.
  }
}

/**
 * A run of every kind of object the engine makes per run, made twice once the worker's first run
 * is over. V8 creates an object literal's boilerplate at the literal's second execution and from
 * then on fills the literal's fields by stores, which end their tracking as constants; code
 * optimised during the first run relies on that tracking and was all thrown away when the second
 * run made its objects (measured: 43 functions when the second object store was made, the
 * second run of a library scenario 1.4–1.9× slower than with this). Done in idle time instead.
 */
const SETTLING_RUN = `heapscope: 1
name: settling
classes:
  Node: {}
program:
  - let: a
    new: Node
  - setattr: a
    attr: items
    value: { new: list, items: [{ new: dict }, { new: float }] }
  - gc: collect
`

/** Runs SETTLING_RUN twice with the first run's preset and collector. */
function settle(like: Run): void {
  const parsed = parseScenario(SETTLING_RUN, 'settling.yaml')
  if (!parsed.ok) return
  const overrides = { preset: like.preset.id, collector: like.collector }
  runScenario(parsed.scenario, { overrides })
  runScenario(parsed.scenario, { overrides })
}

function main(): void {
  const port = parentPort
  if (port === null) throw new Error('engine-worker must run in a worker thread')
  const config = workerData as WorkerConfig
  lowerPriority(config.nice)
  const post = (message: WorkerToHost): void => port.postMessage(message, transfersOf(message))
  let loop: RunLoop | null = null
  let settled = false

  const startRun = (start: RunStart): void => {
    const parsed = parseScenario(start.text, start.fileName)
    if (!parsed.ok) {
      // The host parsed the same text before starting; report it like a run-time failure anyway.
      const first = parsed.errors[0] ?? { file: start.fileName, line: 0, column: 0, field: '', message: 'the scenario does not parse' }
      post({ type: 'parse-failed', error: first, reusable: true })
      return
    }
    const run = createRun(parsed.scenario, {
      overrides: start.overrides,
      clock: () => performance.now(),
      ...(start.costModel !== null ? { costModel: start.costModel } : {}),
    })
    const postForRun = (message: WorkerToHost): void => {
      if (message.type !== 'result') {
        post(message)
        return
      }
      // The run is over: later messages for it (a late snapshot request) find no loop.
      loop = null
      const reusable = engineMemory(run).bytes <= config.reuseMaxBytes
      post({ ...message, reusable })
      if (reusable && !settled) {
        settled = true
        setImmediate(() => settle(run))
      }
    }
    loop = createRunLoop(run, { now: () => performance.now(), post: postForRun, defer: (task) => setImmediate(task) }, config)
    loop.start(start.startPaused)
  }

  port.on('message', (message: HostToWorker) => {
    if (message.type === 'start') startRun(message.run)
    else loop?.handle(message)
  })
}

main()
