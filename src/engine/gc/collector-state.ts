/**
 * Per-interpreter state of the collectors other than CPython's generational one: the 3.14
 * incremental collector's bookkeeping and the tracing collectors' scratch (mark stamps and work
 * stack). Plain records of numbers and typed arrays; they live in `interp.gc`.
 */

/** Phases of the 3.14 incremental collector (`GC_PHASE_MARK` / `GC_PHASE_COLLECT`). */
export const INCREMENTAL_PHASE = {
  MARK: 0,
  COLLECT: 1,
} as const

/** `work_to_do` of a freshly initialised 3.14 interpreter (`pycore_runtime_init.h`). */
export const INITIAL_WORK_TO_DO = -5000

/** The 3.14 incremental collector's state (`struct _gc_runtime_state` in 3.14.0–3.14.4). */
export interface IncrementalState {
  /** `visited_space`: which old space (0 or 1) holds the objects already scanned this cycle. */
  visitedSpace: number
  /** `work_to_do`: objects the collector still owes (negative: ahead of schedule). */
  workToDo: number
  /** `phase`: INCREMENTAL_PHASE.MARK or .COLLECT. */
  phase: number
  /** `old[0].count`, `old[1].count` (by space, not by visited/pending). */
  readonly oldCounts: Float64Array
}

/** @returns the state of an interpreter that has just started (visited space 0, MARK phase) */
export function createIncrementalState(): IncrementalState {
  return { visitedSpace: 0, workToDo: INITIAL_WORK_TO_DO, phase: INCREMENTAL_PHASE.MARK, oldCounts: new Float64Array(2) }
}

/**
 * Scratch of the tracing collectors. An object is marked in the current trace when
 * `marks[o] === epoch`; bumping the epoch clears every mark at once.
 */
export interface TraceScratch {
  marks: Uint32Array
  epoch: number
  /** Work stack of objects still to scan. */
  stack: Int32Array
}

/** @returns empty scratch (grown on first use) */
export function createTraceScratch(): TraceScratch {
  return { marks: new Uint32Array(0), epoch: 0, stack: new Int32Array(256) }
}
