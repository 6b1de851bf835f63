/**
 * Messages between the engine host (main thread) and an engine worker. Plain structured-clone
 * data: the worker receives the scenario TEXT (never a parsed object graph) and answers with
 * batches, state changes and the final result, typed arrays transferred.
 */
import type { CostModel, RunOverrides, RunResult, RunState, SampleBatch, ScenarioError } from '@engine'

/** What the worker starts from (`workerData`). */
export interface WorkerStart {
  readonly text: string
  readonly fileName: string
  readonly overrides: RunOverrides
  /** Calibrated coefficients for the run's preset, or null for the preset's defaults. */
  readonly costModel: CostModel | null
  /** Target wall time of one `stepRun` chunk, ms (the loop sizes chunks to hit it). */
  readonly chunkTargetMs: number
  /** Minimum interval between two progress batches, ms (50 ms = at most 20 per second). */
  readonly batchIntervalMs: number
  /** Start paused (the host resumes or steps it). */
  readonly startPaused: boolean
}

/** Where `stepUntil` stops. */
export type StepTarget = 'collection' | 'phase'

export type HostToWorker =
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  | { readonly type: 'cancel' }
  | { readonly type: 'step-until'; readonly until: StepTarget }
  | { readonly type: 'snapshot'; readonly requestId: number }

/** Worker-side states while a run lives (its end comes as a `result`). */
export type WorkerRunState = Exclude<RunState, 'done' | 'failed'> | 'paused'

/** How a run ended, as the worker reports it. */
export type WorkerEnd = 'done' | 'failed' | 'cancelled'

export type WorkerToHost =
  | { readonly type: 'state'; readonly state: WorkerRunState; readonly opsDone: number; readonly opsTotal: number }
  | { readonly type: 'batch'; readonly batch: SampleBatch }
  | { readonly type: 'result'; readonly end: WorkerEnd; readonly result: RunResult; readonly error?: ScenarioError }
  | { readonly type: 'snapshot'; readonly requestId: number; readonly result: RunResult }
  | { readonly type: 'parse-failed'; readonly error: ScenarioError }

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
