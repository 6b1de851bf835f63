/**
 * Plain data that leaves the engine: run options, metric samples, the GC log and the run summary.
 * Everything here is structured-clone safe (numbers, strings, plain objects, typed arrays), so it
 * crosses worker and IPC boundaries unchanged. `src/shared/contract.ts` imports these types.
 */
import type { CollectorId, PresetId, Scenario } from './scenario/ast'

export type { Scenario, PresetId, CollectorId } from './scenario/ast'

/** One problem found in a scenario file, with enough context to point at it. */
export interface ScenarioError {
  readonly file: string
  /** 1-based; 0 when the problem has no position (e.g. an empty file). */
  readonly line: number
  readonly column: number
  /** JSON path of the field, e.g. `program[2].repeat`; empty for whole-document errors. */
  readonly field: string
  /** What is wrong and what was expected, in one sentence. */
  readonly message: string
}

export type ScenarioParseResult =
  | { readonly ok: true; readonly scenario: Scenario; readonly warnings: readonly ScenarioError[] }
  | { readonly ok: false; readonly errors: readonly ScenarioError[] }

/** Options a run can override without editing the scenario (compare and sweep use these). */
export interface RunOverrides {
  readonly preset?: PresetId
  readonly collector?: CollectorId
  readonly thresholds?: readonly [number, number, number]
  readonly gcEnabled?: boolean
  readonly seed?: number
  readonly samplingEveryOps?: number
}

/** Where `stepRun` should stop early (the dashboard's "run to next ..." buttons). */
export type StopCondition = 'none' | 'collection' | 'phase'

export type RunState = 'running' | 'stopped-at-collection' | 'stopped-at-phase' | 'done' | 'failed'

export interface StepResult {
  readonly state: RunState
  /** Operations executed so far in the whole run. */
  readonly opsDone: number
  /** Present when `state` is `failed`: a scenario error found at run time (e.g. an unbound name). */
  readonly error?: ScenarioError
}

/** Sizes of the per-size-class matrices: CPython's 32 pymalloc size classes. */
export const SIZE_CLASS_COUNT = 32

/**
 * Metric samples as columns. Row i of every column is one sample. Per-size-class and per-type
 * values are row-major matrices: `classPools[i * SIZE_CLASS_COUNT + c]`.
 */
export interface SampleColumns {
  readonly count: number
  /** Operation index at which the sample was taken. */
  readonly ops: Float64Array
  /** Modeled interpreter time in nanoseconds (mutator + GC pauses). */
  readonly timeNs: Float64Array
  readonly arenas: Uint32Array
  readonly arenasHighwater: Uint32Array
  /** Pools carved and not empty (used or full). */
  readonly poolsInUse: Uint32Array
  /** Unused pools inside mapped arenas (cached empty pools plus never-carved ones). */
  readonly poolsFree: Uint32Array
  /** Bytes in allocated pymalloc blocks (block size, not request). */
  readonly blockBytes: Float64Array
  /** Bytes requested for those blocks (internal fragmentation = blockBytes - requestedBytes). */
  readonly requestedBytes: Float64Array
  /** Bytes in free blocks of used pools (external fragmentation inside pools). */
  readonly availBytes: Float64Array
  readonly poolHeaderBytes: Float64Array
  readonly quantizationBytes: Float64Array
  /** Bytes of live raw-malloc blocks (requests of 0 or > 512 bytes). */
  readonly rawBytes: Float64Array
  /** Size of the modeled system heap (live + free chunks). */
  readonly rawHeapBytes: Float64Array
  readonly rawLargestFree: Float64Array
  /** Arenas × 1 MiB + raw heap. */
  readonly footprintBytes: Float64Array
  readonly liveObjects: Float64Array
  /**
   * Tracked objects per generation list, 4 per row: gen0, gen1, gen2, permanent (frozen); for
   * the 3.14 incremental collector: young, visited old space, pending old space, permanent.
   */
  readonly generationSizes: Float64Array
  /** `gc.get_count()` per row: count0, count1, count2. */
  readonly generationCounts: Float64Array
  /** Pools per size class, SIZE_CLASS_COUNT per row. */
  readonly classPools: Uint32Array
  /** Used blocks per size class, SIZE_CLASS_COUNT per row. */
  readonly classUsedBlocks: Uint32Array
  /** Live objects per object type (see `OBJECT_TYPE_NAMES`), `typeCount` per row. */
  readonly typeLive: Float64Array
  readonly typeCount: number
  /** Per free list (see `FREE_LIST_NAMES`), `freeListCount` per row: entries held now. */
  readonly freeListSizes: Uint32Array
  /** Cumulative allocations served from each free list. */
  readonly freeListReused: Float64Array
  /** Cumulative allocations that found the free list empty (went to pymalloc). */
  readonly freeListMissed: Float64Array
  /** Cumulative deallocations pushed onto each free list. */
  readonly freeListReleased: Float64Array
  /** Cumulative deallocations that found the free list full (freed to pymalloc). */
  readonly freeListDropped: Float64Array
  readonly freeListCount: number
}

/** Why a collection ran. */
export const GC_REASONS = ['threshold', 'explicit', 'shutdown'] as const
export type GcReason = (typeof GC_REASONS)[number]

/** The run's GC log as columns: one row per collection. */
export interface GcLogColumns {
  readonly count: number
  readonly ops: Float64Array
  /** Modeled time when the collection started (it ends `pauseNs` later). */
  readonly timeNs: Float64Array
  readonly generation: Uint8Array
  /** Index into GC_REASONS. */
  readonly reason: Uint8Array
  /** Objects in the generations being collected when the collection started. */
  readonly examined: Float64Array
  /** References visited by traverse during the collection. */
  readonly traversed: Float64Array
  readonly unreachable: Float64Array
  readonly collected: Float64Array
  readonly uncollectable: Float64Array
  /** Survivors moved to the next generation. */
  readonly promoted: Float64Array
  /** Blocks moved by compaction (mark-compact what-if only). */
  readonly moved: Float64Array
  readonly pauseNs: Float64Array
  /** Simulator wall time spent on this collection, in nanoseconds (diagnostic only). */
  readonly wallNs: Float64Array
  /** count0, count1, count2 at the start of the collection; 3 per row. */
  readonly countsBefore: Float64Array
}

export interface PhaseMark {
  readonly ops: number
  readonly timeNs: number
  readonly label: string
}

/**
 * The arena map at one moment: each mapped arena a row of 64 pools. A run keeps up to about a
 * hundred of them (evenly spaced, plus the end) for the arena-map chart's time scrubber.
 */
export interface ArenaMapSnapshot {
  readonly ops: number
  readonly timeNs: number
  /** Rows (mapped arenas, at most 1024 shown). */
  readonly arenas: number
  /** Mapped arenas in all (may exceed `arenas`). */
  readonly arenasTotal: number
  /** Per pool, row-major (arenas × 64): 0 = unused, else the fill 1..255 (used / capacity). */
  readonly fill: Uint8Array
  /** Per pool: size class 0..31, or 255 when unused. */
  readonly sizeClass: Uint8Array
}

/** What the engine sends while a run progresses: new rows since the previous batch. */
export interface SampleBatch {
  readonly samples: SampleColumns
  readonly gcLog: GcLogColumns
  readonly phases: readonly PhaseMark[]
  /** Arena maps taken since the previous batch. */
  readonly arenaMaps: readonly ArenaMapSnapshot[]
  readonly opsDone: number
  /** Total operations the run will execute, when known in advance (else 0). */
  readonly opsTotal: number
  /** Names of the per-type columns (`samples.typeLive`), the scenario's classes included. */
  readonly typeNames: readonly string[]
  /** Names of the per-free-list columns. */
  readonly freeListNames: readonly string[]
}

export interface ArenaCounts {
  readonly current: number
  readonly highwater: number
  readonly allocated: number
  readonly reclaimed: number
}

export interface PoolClassCounts {
  readonly pools: number
  readonly used_blocks: number
  readonly avail_blocks: number
}

/** What `sys._debugmallocstats()` would print, in numbers. */
export interface AllocatorSnapshot {
  readonly arenas: ArenaCounts
  /** Keyed by block size in bytes ("16" … "512"); classes with no pools are omitted. */
  readonly pools_by_block_size: Readonly<Record<string, PoolClassCounts>>
}

export interface PauseStats {
  readonly count: number
  readonly total: number
  readonly p50: number
  readonly p95: number
  readonly p99: number
  readonly max: number
}

/**
 * The summary `heapscope run --json` prints. Field names are a public contract (snake_case as in
 * CPython's own `gc.get_stats()`); see docs/summary-json.md.
 */
export interface RunSummary {
  readonly heapscope: 1
  readonly scenario: string
  readonly preset: PresetId
  readonly collector: CollectorId
  readonly thresholds: readonly [number, number, number]
  readonly allocator: {
    readonly start: AllocatorSnapshot
    readonly end: AllocatorSnapshot
    readonly peak_footprint_bytes: number
    readonly raw: { readonly live_bytes: number; readonly heap_bytes: number; readonly largest_free: number }
  }
  readonly freelists: Readonly<Record<string, { readonly reused: number; readonly released: number; readonly missed: number; readonly dropped: number }>>
  readonly objects: {
    readonly allocated: number
    readonly freed: number
    readonly live: number
    readonly peak_live: number
  }
  readonly gc: {
    readonly collections: readonly [number, number, number]
    readonly collected: readonly [number, number, number]
    readonly uncollectable: number
    readonly final_counts: readonly [number, number, number]
    readonly pause_ns: PauseStats
    readonly overhead_pct: number
  }
  readonly time: { readonly modeled_ns: number; readonly mutator_ns: number; readonly gc_ns: number }
  readonly sim: { readonly ops: number; readonly instructions: number; readonly wall_ms: number }
}

/** Everything a finished run produced: the summary plus full series and log. */
export interface RunResult {
  readonly summary: RunSummary
  readonly samples: SampleColumns
  readonly gcLog: GcLogColumns
  readonly phases: readonly PhaseMark[]
  readonly arenaMaps: readonly ArenaMapSnapshot[]
  /** Names for the per-type and per-free-list matrix columns. */
  readonly typeNames: readonly string[]
  readonly freeListNames: readonly string[]
}
