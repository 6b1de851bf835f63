/**
 * The engine host: runs engine work in `worker_threads` (never on the caller's thread), one
 * worker per run, at most `maxWorkers` at a time (further runs wait in `starting`). It relays
 * progress batches, turns worker state messages into status events with operations per second,
 * and turns a worker crash, an uncaught exception or out-of-memory into an `error` outcome.
 * Plain Node: used by the Electron main process, the e2e test process and the CLI alike.
 *
 * A worker whose run ended with a result it calls reusable waits, idle, for the next run (up to
 * `maxIdleWorkers` of them, each for `idleTimeoutMs`): a fresh worker spends most of a small run
 * compiling and optimising the engine (a library scenario: 0.3–1.1 s in a fresh worker, 0.05–0.4 s
 * in one that ran before). A worker that crashed, was terminated or ran out of memory is never reused.
 */
import { existsSync } from 'node:fs'
import { availableParallelism, totalmem } from 'node:os'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { CostModel, RunOverrides, RunResult, SampleBatch, ScenarioError } from '@engine'
import type { RunStatusState } from '../../../shared/contract'
import type { HostToWorker, StepTarget, WorkerConfig, WorkerToHost } from './worker-protocol'

export interface EngineHostOptions {
  /** The built worker entry (`out/main/engine-worker.js`, `out/cli/engine-worker.js`). */
  readonly workerPath: string
  /** Runs whose workers run at once; more runs wait (default: 2 × cores, at least 4). */
  readonly maxWorkers?: number
  /** Heap cap of each worker, MB (default: half the machine's memory, at most 4096). */
  readonly heapLimitMb?: number
  /** Monotonic milliseconds (default `performance.now`). */
  readonly now?: () => number
  /** Wanted duration of one engine step, ms (default 20). */
  readonly chunkTargetMs?: number
  /** Minimum interval between progress batches, ms (default 50: at most 20 per second). */
  readonly batchIntervalMs?: number
  /** Interval of `running` status refreshes (operations per second), ms (default 500). */
  readonly statusIntervalMs?: number
  /** How long a cancelled worker may take to answer before it is terminated, ms (default 2000). */
  readonly cancelGraceMs?: number
  /** Workers kept idle for later runs (default 2; 0: a fresh worker per run). */
  readonly maxIdleWorkers?: number
  /** How long an idle worker is kept, ms (default 60 000). */
  readonly idleTimeoutMs?: number
  /** A worker is kept only after runs whose engine held at most this much, MB (default 64). */
  readonly reuseMaxMb?: number
  /**
   * Nice value of each worker's thread on Linux, 0–19 (default 0: the process's priority). The app
   * lowers it so the window's threads win a core the simulation also wants; the CLI has no window.
   */
  readonly workerNice?: number
}

export interface EngineRunRequest {
  readonly text: string
  readonly fileName: string
  readonly overrides?: RunOverrides
  /** Calibrated pause model for the run's preset (null: the preset's defaults). */
  readonly costModel?: CostModel | null
  /** Start paused at operation 0 (resume or step it). */
  readonly startPaused?: boolean
  /** Receives progress and status events, in order. */
  readonly onEvent?: (event: EngineRunEvent) => void
}

/** A failure that is not a scenario error: a crashed or out-of-memory worker. */
export interface HostFailure {
  readonly message: string
}

export interface EngineStatus {
  readonly state: RunStatusState
  readonly opsDone: number
  readonly opsTotal: number
  /** Operations per second over the last second. */
  readonly opsPerSecond: number
  readonly error?: ScenarioError | HostFailure
}

export type EngineRunEvent = ({ readonly type: 'status' } & EngineStatus) | { readonly type: 'progress'; readonly batch: SampleBatch }

/** How a run ended. `result` is null when there is nothing to summarise (crash, cancelled before start). */
export interface EngineRunOutcome {
  readonly state: 'done' | 'failed' | 'cancelled' | 'error'
  readonly result: RunResult | null
  readonly opsDone: number
  readonly opsTotal: number
  readonly error?: ScenarioError | HostFailure
}

/** One run in the host. Commands return false when they do not apply to the current state. */
export interface EngineRun {
  readonly state: RunStatusState
  readonly opsDone: number
  readonly opsTotal: number
  pause(): boolean
  resume(): boolean
  cancel(): boolean
  stepUntil(until: StepTarget): boolean
  /** The run's result so far (summary and full series), or null when there is none. */
  snapshot(): Promise<RunResult | null>
  /** Settles (never rejects) when the run ends, however it ends. */
  readonly finished: Promise<EngineRunOutcome>
}

export interface EngineHost {
  start(request: EngineRunRequest): EngineRun
  /** Workers running a run now. */
  readonly activeWorkers: number
  /** Workers waiting, idle, for a later run. */
  readonly idleWorkers: number
  /** Cancels every run and terminates every worker. */
  dispose(): Promise<void>
}

const OOM_CODE = 'ERR_WORKER_OUT_OF_MEMORY'

/** Environment variable naming the worker entry (set by bin/heapscope.js for the CLI). */
export const ENGINE_WORKER_ENV = 'HEAPSCOPE_ENGINE_WORKER'

/**
 * Finds the built engine worker: `$HEAPSCOPE_ENGINE_WORKER`, else `engine-worker.js` next to the
 * calling bundle (or one folder up, when the caller ended up in a `chunks/` file).
 * @param moduleUrl the caller's `import.meta.url`
 * @returns the worker's absolute path
 * @throws when no built worker is found (run `npm run build`, or start the CLI through bin/heapscope.js)
 */
export function locateEngineWorker(moduleUrl: string): string {
  const fromEnv = process.env[ENGINE_WORKER_ENV]
  const candidates = [
    ...(fromEnv !== undefined && fromEnv !== '' ? [fromEnv] : []),
    fileURLToPath(new URL('./engine-worker.js', moduleUrl)),
    fileURLToPath(new URL('../engine-worker.js', moduleUrl)),
  ]
  const found = candidates.find((path) => existsSync(path))
  if (found === undefined) throw new Error(`the engine worker is not built (looked for ${candidates.join(', ')}); run npm run build`)
  return found
}
const ONE_SECOND_MS = 1000

/** Default heap cap of a worker, MB. */
export function defaultHeapLimitMb(): number {
  return Math.max(512, Math.min(4096, Math.floor(totalmem() / (2 * 1024 * 1024))))
}

function describeWorkerError(error: unknown, heapLimitMb: number): HostFailure {
  const code = typeof error === 'object' && error !== null && 'code' in error ? (error as { code: unknown }).code : undefined
  if (code === OOM_CODE) {
    return { message: `The run ran out of memory: the engine worker exceeded its ${heapLimitMb} MB heap. Try fewer operations or a coarser sampling interval.` }
  }
  const text = error instanceof Error ? error.message : String(error)
  return { message: `The engine worker crashed: ${text}` }
}

/** Operations per second over a sliding one-second window. */
function createRateMeter(now: () => number): { add(ops: number): void; rate(): number } {
  const points: { t: number; ops: number }[] = []
  return {
    add(ops) {
      const t = now()
      points.push({ t, ops })
      while (points.length > 2 && (points[1] as { t: number }).t <= t - ONE_SECOND_MS) points.shift()
    },
    rate() {
      const first = points[0]
      const last = points[points.length - 1]
      if (first === undefined || last === undefined || last.t - first.t <= 0) return 0
      return Math.max(0, ((last.ops - first.ops) * ONE_SECOND_MS) / (last.t - first.t))
    },
  }
}

/**
 * Creates an engine host.
 * @param options the worker entry and limits
 * @returns the host
 */
export function createEngineHost(options: EngineHostOptions): EngineHost {
  const maxWorkers = Math.max(1, options.maxWorkers ?? Math.max(4, 2 * availableParallelism()))
  const heapLimitMb = options.heapLimitMb ?? defaultHeapLimitMb()
  const now = options.now ?? ((): number => performance.now())
  const statusIntervalMs = options.statusIntervalMs ?? 500
  const cancelGraceMs = options.cancelGraceMs ?? 2000
  const maxIdle = Math.max(0, options.maxIdleWorkers ?? 2)
  const idleTimeoutMs = options.idleTimeoutMs ?? 60_000
  const config: WorkerConfig = {
    chunkTargetMs: options.chunkTargetMs ?? 20,
    batchIntervalMs: options.batchIntervalMs ?? 50,
    reuseMaxBytes: (options.reuseMaxMb ?? 64) * 2 ** 20,
    nice: Math.min(19, Math.max(0, Math.trunc(options.workerNice ?? 0))),
  }
  const waiting: (() => void)[] = []
  const live = new Set<{ cancelNow(): void }>()
  /** Idle workers, each with the timer that ends it and its listener for a crash while idle. */
  const idle = new Map<Worker, { readonly timer: ReturnType<typeof setTimeout>; readonly forget: () => void }>()
  let active = 0
  let disposed = false

  /** @returns an idle worker (which then keeps the process alive again), or a fresh one */
  const takeWorker = (): Worker => {
    // Listeners are removed one by one: the Worker's own (which ref and unref its port) stay.
    for (const [worker, { timer, forget }] of idle) {
      idle.delete(worker)
      clearTimeout(timer)
      worker.off('error', forget)
      worker.off('exit', forget)
      worker.ref()
      return worker
    }
    return new Worker(options.workerPath, { workerData: config, resourceLimits: { maxOldGenerationSizeMb: heapLimitMb }, stdout: false, stderr: false })
  }
  /** Keeps a worker whose run ended for a later run, or terminates it when enough are idle. */
  const park = (worker: Worker): void => {
    if (disposed || idle.size >= maxIdle) {
      worker.on('error', () => undefined)
      void worker.terminate()
      return
    }
    const forget = (): void => {
      clearTimeout(idle.get(worker)?.timer)
      idle.delete(worker)
    }
    // An idle worker does not keep the process alive (the CLI exits when its work is done).
    worker.unref()
    worker.on('error', forget)
    worker.on('exit', forget)
    const timer = setTimeout(() => {
      forget()
      void worker.terminate()
    }, idleTimeoutMs)
    timer.unref()
    idle.set(worker, { timer, forget })
  }

  /** Starts waiting runs while there are free slots (a cancelled waiting run starts nothing). */
  const pump = (): void => {
    while (active < maxWorkers) {
      const next = waiting.shift()
      if (next === undefined) return
      next()
    }
  }
  const release = (): void => {
    active--
    pump()
  }

  function start(request: EngineRunRequest): EngineRun {
    let state: RunStatusState = 'starting'
    let opsDone = 0
    let opsTotal = 0
    let worker: Worker | null = null
    let ended = false
    let lastStatusAt = Number.NEGATIVE_INFINITY
    let cancelTimer: ReturnType<typeof setTimeout> | null = null
    let nextRequestId = 1
    let finalResult: RunResult | null = null
    const snapshots = new Map<number, (result: RunResult | null) => void>()
    const meter = createRateMeter(now)
    let resolveFinished: (outcome: EngineRunOutcome) => void = () => undefined
    const finished = new Promise<EngineRunOutcome>((resolve) => (resolveFinished = resolve))
    const emit = (event: EngineRunEvent): void => request.onEvent?.(event)

    const emitStatus = (error?: ScenarioError | HostFailure): void => {
      lastStatusAt = now()
      const status: EngineStatus = { state, opsDone, opsTotal, opsPerSecond: state === 'running' ? meter.rate() : 0 }
      emit(error !== undefined ? { type: 'status', ...status, error } : { type: 'status', ...status })
    }
    /** Ends the run; `reusable`: the worker said it can take another run. */
    const end = (outcomeState: EngineRunOutcome['state'], result: RunResult | null, error?: ScenarioError | HostFailure, reusable = false): void => {
      if (ended) return
      ended = true
      finalResult = result
      state = outcomeState
      if (cancelTimer !== null) clearTimeout(cancelTimer)
      for (const resolve of snapshots.values()) resolve(result)
      snapshots.clear()
      if (worker !== null) {
        const w = worker
        worker = null
        w.off('message', onMessage)
        w.off('error', onError)
        w.off('exit', onExit)
        if (reusable) park(w)
        else {
          // Whatever it still reports on its way out is no longer this run's.
          w.on('error', () => undefined)
          void w.terminate()
        }
        release()
      }
      live.delete(entry)
      emitStatus(error)
      resolveFinished(error !== undefined ? { state: outcomeState, result, opsDone, opsTotal, error } : { state: outcomeState, result, opsDone, opsTotal })
    }
    const send = (message: HostToWorker): boolean => {
      if (worker === null || ended) return false
      worker.postMessage(message)
      return true
    }
    const onMessage = (message: WorkerToHost): void => {
      if (ended) return
      switch (message.type) {
        case 'batch':
          opsDone = message.batch.opsDone
          opsTotal = message.batch.opsTotal
          meter.add(opsDone)
          emit({ type: 'progress', batch: message.batch })
          if (state === 'running' && now() - lastStatusAt >= statusIntervalMs) emitStatus()
          return
        case 'state':
          opsDone = message.opsDone
          opsTotal = message.opsTotal
          if (cancelTimer !== null) return
          state = message.state
          meter.add(opsDone)
          emitStatus()
          return
        case 'snapshot': {
          const resolve = snapshots.get(message.requestId)
          snapshots.delete(message.requestId)
          resolve?.(message.result)
          return
        }
        case 'result':
          opsDone = message.result.summary.sim.ops
          end(message.end, message.result, message.error, message.reusable === true)
          return
        case 'parse-failed':
          end('failed', null, message.error, message.reusable === true)
          return
      }
    }
    const onError = (error: unknown): void => end('error', null, describeWorkerError(error, heapLimitMb))
    const onExit = (code: number): void => {
      if (cancelTimer !== null) end('cancelled', null)
      else end('error', null, { message: `The engine worker stopped unexpectedly (exit code ${code}).` })
    }
    const launch = (): void => {
      if (ended) return
      active++
      try {
        worker = takeWorker()
      } catch (error) {
        active--
        end('error', null, describeWorkerError(error, heapLimitMb))
        pump()
        return
      }
      worker.on('message', onMessage)
      worker.on('error', onError)
      worker.on('exit', onExit)
      send({
        type: 'start',
        run: { text: request.text, fileName: request.fileName, overrides: request.overrides ?? {}, costModel: request.costModel ?? null, startPaused: request.startPaused === true },
      })
    }

    const entry = {
      cancelNow(): void {
        end('cancelled', null)
      },
    }
    live.add(entry)
    const run: EngineRun = {
      get state() {
        return state
      },
      get opsDone() {
        return opsDone
      },
      get opsTotal() {
        return opsTotal
      },
      pause: () => state === 'running' && send({ type: 'pause' }),
      resume: () => (state === 'paused' || state === 'stopped-at-collection' || state === 'stopped-at-phase') && send({ type: 'resume' }),
      stepUntil: (until) => cancelTimer === null && send({ type: 'step-until', until }),
      cancel(): boolean {
        if (ended || cancelTimer !== null) return false
        if (worker === null) {
          end('cancelled', null)
          return true
        }
        send({ type: 'cancel' })
        cancelTimer = setTimeout(() => end('cancelled', null), cancelGraceMs)
        return true
      },
      snapshot(): Promise<RunResult | null> {
        if (ended) return Promise.resolve(finalResult)
        const requestId = nextRequestId++
        if (!send({ type: 'snapshot', requestId })) return Promise.resolve(null)
        return new Promise((resolve) => snapshots.set(requestId, resolve))
      },
      finished,
    }
    emitStatus()
    waiting.push(launch)
    pump()
    return run
  }

  return {
    start,
    get activeWorkers() {
      return active
    },
    get idleWorkers() {
      return idle.size
    },
    async dispose(): Promise<void> {
      disposed = true
      waiting.length = 0
      for (const entry of [...live]) entry.cancelNow()
      const idleNow = [...idle.keys()]
      for (const { timer } of idle.values()) clearTimeout(timer)
      idle.clear()
      await Promise.all(idleNow.map((worker) => worker.terminate()))
    },
  }
}
