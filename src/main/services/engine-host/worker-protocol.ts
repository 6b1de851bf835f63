/**
 * Messages between the engine host (main thread) and an engine worker. Plain structured-clone
 * data: the worker receives the scenario TEXT (never a parsed object graph) and answers with
 * batches, state changes and the final result, typed arrays transferred. A worker runs one run at
 * a time and may be given another after its result (`start` again).
 */
import type { CostModel, RunOverrides, RunResult, RunState, SampleBatch, ScenarioError } from '@engine'

/** What a worker is made with (`workerData`), the same for each of its runs. */
export interface WorkerConfig {
  /** Target wall time of one `stepRun` chunk, ms (the loop sizes chunks to hit it). */
  readonly chunkTargetMs: number
  /** Minimum interval between two progress batches, ms (50 ms = at most 20 per second). */
  readonly batchIntervalMs: number
  /** After a run whose engine held at most this many bytes, the worker offers itself for another run. */
  readonly reuseMaxBytes: number
  /** Nice value of the worker's thread on Linux (0: the process's own priority). */
  readonly nice: number
}

/** One run for a worker (the `start` message). */
export interface RunStart {
  readonly text: string
  readonly fileName: string
  readonly overrides: RunOverrides
  /** Calibrated coefficients for the run's preset, or null for the preset's defaults. */
  readonly costModel: CostModel | null
  /** Start paused (the host resumes or steps it). */
  readonly startPaused: boolean
}

/** Where `stepUntil` stops. */
export type StepTarget = 'collection' | 'phase'

export type HostToWorker =
  | { readonly type: 'start'; readonly run: RunStart }
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  | { readonly type: 'cancel' }
  | { readonly type: 'step-until'; readonly until: StepTarget }
  | { readonly type: 'snapshot'; readonly requestId: number }

/** The messages for the run under way (all but `start`). */
export type RunMessage = Exclude<HostToWorker, { readonly type: 'start' }>

/** Worker-side states while a run lives (its end comes as a `result`). */
export type WorkerRunState = Exclude<RunState, 'done' | 'failed'> | 'paused'

/** How a run ended, as the worker reports it. */
export type WorkerEnd = 'done' | 'failed' | 'cancelled'

export type WorkerToHost =
  | { readonly type: 'state'; readonly state: WorkerRunState; readonly opsDone: number; readonly opsTotal: number }
  | { readonly type: 'batch'; readonly batch: SampleBatch }
  /** The run's end; `reusable`: the worker waits for another `start` (else the host terminates it). */
  | { readonly type: 'result'; readonly end: WorkerEnd; readonly result: RunResult; readonly error?: ScenarioError; readonly reusable?: boolean }
  | { readonly type: 'snapshot'; readonly requestId: number; readonly result: RunResult }
  | { readonly type: 'parse-failed'; readonly error: ScenarioError; readonly reusable?: boolean }

/**
 * The ArrayBuffers behind a batch's or result's sample and GC-log columns, each once (a buffer
 * listed twice makes `postMessage` throw), so they can be transferred instead of copied. Those
 * columns are fresh copies (`sliceSamples`, `sliceGcLog`). Arena-map snapshots are NOT listed:
 * the engine keeps sharing them with later batches and results, so they are cloned.
 * @param value a `SampleBatch` or `RunResult`
 * @returns the distinct buffers
 */
export function transferList(value: { readonly samples: object; readonly gcLog: object }): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>()
  for (const group of [value.samples, value.gcLog]) {
    for (const column of Object.values(group)) {
      if (ArrayBuffer.isView(column) && column.buffer instanceof ArrayBuffer) buffers.add(column.buffer)
    }
  }
  return [...buffers]
}
