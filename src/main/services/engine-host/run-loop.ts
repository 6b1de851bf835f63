/**
 * The engine worker's stepping loop, free of `worker_threads` so it can be tested with a fake
 * clock: step the run in chunks sized to take ~`chunkTargetMs`, yield between chunks (so
 * pause/cancel messages arrive), post a progress batch at most every `batchIntervalMs`, and
 * answer pause, resume, cancel, step-until and snapshot requests.
 */
import { drainBatch, finishRun, stepRun, type Run, type StopCondition } from '@engine'
import type { RunMessage, StepTarget, WorkerRunState, WorkerToHost } from './worker-protocol'

/** Bounds of a chunk, in operations. */
export const MIN_CHUNK_OPS = 256
export const MAX_CHUNK_OPS = 50_000_000
const INITIAL_CHUNK_OPS = 4096

/** What the loop needs from its host thread. */
export interface RunLoopDeps {
  /** Monotonic milliseconds. */
  readonly now: () => number
  /** Sends a message to the host. */
  readonly post: (message: WorkerToHost) => void
  /** Runs `task` later, after pending messages (setImmediate in a worker). */
  readonly defer: (task: () => void) => void
}

export interface RunLoopOptions {
  readonly chunkTargetMs: number
  readonly batchIntervalMs: number
}

export interface RunLoop {
  /** Starts stepping (or reports the paused state). */
  start(paused: boolean): void
  /** Handles one message from the host. */
  handle(message: RunMessage): void
  /** True once the final result was posted. */
  readonly finished: boolean
}

type Mode = { readonly kind: 'running'; readonly stop: StopCondition } | { readonly kind: 'paused' } | { readonly kind: 'finished' }

/**
 * Next chunk size from the last one's duration: aim at the target, grow at most 4× and shrink
 * at most 8× per step so one odd chunk (a big collection) does not swing it wildly.
 * @param ops the last chunk's size
 * @param elapsedMs how long it took
 * @param targetMs the wanted duration
 * @returns the next chunk size, within MIN_CHUNK_OPS..MAX_CHUNK_OPS
 */
export function nextChunkOps(ops: number, elapsedMs: number, targetMs: number): number {
  const factor = elapsedMs <= 0 ? 4 : Math.min(4, Math.max(1 / 8, targetMs / elapsedMs))
  return Math.round(Math.min(MAX_CHUNK_OPS, Math.max(MIN_CHUNK_OPS, ops * factor)))
}

/**
 * Creates the loop for a run made with `createRun`.
 * @param run the engine run
 * @param deps clock, message port and scheduler
 * @param options chunk target and batch interval
 * @returns the loop (call `start`, then feed it messages)
 */
export function createRunLoop(run: Run, deps: RunLoopDeps, options: RunLoopOptions): RunLoop {
  let mode: Mode = { kind: 'paused' }
  let scheduled = false
  let chunkOps = INITIAL_CHUNK_OPS
  let lastBatchAt = Number.NEGATIVE_INFINITY
  let opsDone = 0
  let opsTotal = 0

  const postBatch = (): void => {
    const batch = drainBatch(run)
    opsDone = batch.opsDone
    opsTotal = batch.opsTotal
    lastBatchAt = deps.now()
    deps.post({ type: 'batch', batch })
  }
  const postState = (state: WorkerRunState): void => {
    deps.post({ type: 'state', state, opsDone, opsTotal })
  }
  const finish = (end: 'done' | 'failed' | 'cancelled'): void => {
    mode = { kind: 'finished' }
    postBatch()
    const result = finishRun(run)
    const error = run.error
    deps.post(error !== null ? { type: 'result', end, result, error } : { type: 'result', end, result })
  }
  const schedule = (): void => {
    if (scheduled) return
    scheduled = true
    deps.defer(tick)
  }
  const tick = (): void => {
    scheduled = false
    if (mode.kind !== 'running') return
    const t0 = deps.now()
    const step = stepRun(run, chunkOps, mode.stop)
    const t1 = deps.now()
    chunkOps = nextChunkOps(chunkOps, t1 - t0, options.chunkTargetMs)
    opsDone = step.opsDone
    if (step.state === 'done' || step.state === 'failed') {
      finish(step.state)
      return
    }
    if (step.state === 'stopped-at-collection' || step.state === 'stopped-at-phase') {
      mode = { kind: 'paused' }
      postBatch()
      postState(step.state)
      return
    }
    if (t1 - lastBatchAt >= options.batchIntervalMs) postBatch()
    schedule()
  }
  const run_ = (stop: StopCondition): void => {
    if (mode.kind === 'finished') return
    mode = { kind: 'running', stop }
    postState('running')
    schedule()
  }

  const loop: RunLoop = {
    get finished() {
      return mode.kind === 'finished'
    },
    start(paused: boolean): void {
      if (run.state === 'failed') {
        finish('failed')
        return
      }
      postBatch()
      if (paused) postState('paused')
      else run_('none')
    },
    handle(message: RunMessage): void {
      switch (message.type) {
        case 'pause':
          if (mode.kind !== 'running') return
          mode = { kind: 'paused' }
          postBatch()
          postState('paused')
          return
        case 'resume':
          if (mode.kind === 'paused') run_('none')
          return
        case 'step-until':
          if (mode.kind !== 'finished') run_(message.until satisfies StepTarget)
          return
        case 'cancel':
          if (mode.kind !== 'finished') finish('cancelled')
          return
        case 'snapshot':
          deps.post({ type: 'snapshot', requestId: message.requestId, result: finishRun(run) })
          return
      }
    },
  }
  return loop
}
