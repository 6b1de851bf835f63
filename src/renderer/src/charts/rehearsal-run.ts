/**
 * A made-up run shaped like a live one (the same typed columns, widths and kinds of values, a few
 * hundred rows), for the warm-up to draw every chart family with the real builders before any
 * run exists. Deterministic; its numbers mean nothing.
 */
import type { ArenaMapSnapshot, GcLogColumns, SampleColumns } from '@engine'
import type { ReportRun } from '@report'
import { emptyGcLog, emptySamples } from '@renderer/live/growing-columns'

/** obmalloc's size classes (the engine's SIZE_CLASS_COUNT: the renderer imports engine types only). */
const SIZE_CLASS_COUNT = 32
const SAMPLES = 600
const COLLECTIONS = 400
const TYPES = 6
const FREE_LISTS = 5
const ARENAS = 4
const POOLS_PER_ARENA = 64
const OPS_PER_SAMPLE = 2000

/** Values per row of the matrix columns (the rest have one). */
const ROW_WIDTHS: Readonly<Record<string, number>> = {
  classPools: SIZE_CLASS_COUNT,
  classUsedBlocks: SIZE_CLASS_COUNT,
  generationSizes: 4,
  generationCounts: 3,
  typeLive: TYPES,
  freeListSizes: FREE_LISTS,
  freeListReused: FREE_LISTS,
  freeListMissed: FREE_LISTS,
  freeListReleased: FREE_LISTS,
  freeListDropped: FREE_LISTS,
}

/** A small deterministic generator of numbers in [0, 1). */
function noise(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 4294967296
  }
}

type Column = Float64Array | Uint32Array | Uint8Array

/** Fills the columns of `shape` with `count` rows from `value(key, row, column)`. */
function columns<T extends object>(shape: T, count: number, value: (key: string, row: number, column: number) => number): T {
  const out: Record<string, unknown> = { ...shape, count }
  for (const [key, empty] of Object.entries(shape)) {
    if (!ArrayBuffer.isView(empty)) continue
    const width = ROW_WIDTHS[key] ?? 1
    const column = new (empty.constructor as new (length: number) => Column)(count * width)
    for (let row = 0; row < count; row++) for (let c = 0; c < width; c++) column[row * width + c] = value(key, row, c)
    out[key] = column
  }
  return out as T
}

/** The sample columns: churn around a level in a dozen size classes, growing counters elsewhere. */
function samples(random: () => number): SampleColumns {
  const classes = new Set([0, 1, 2, 3, 4, 5, 7, 9, 12, 15, 20, 24])
  const filled = columns(emptySamples(), SAMPLES, (key, row, column) => {
    switch (key) {
      case 'ops':
        return row * OPS_PER_SAMPLE
      case 'timeNs':
        return row * OPS_PER_SAMPLE * 35
      case 'classPools':
        return classes.has(column) ? 1 + Math.floor(random() * 6) : 0
      case 'classUsedBlocks':
        return classes.has(column) ? Math.floor(random() * 400) : 0
      case 'arenas':
      case 'arenasHighwater':
        return ARENAS
      default:
        return Math.floor(random() * 1000 * (1 + row / SAMPLES))
    }
  })
  return { ...filled, typeCount: TYPES, freeListCount: FREE_LISTS }
}

/** The GC log: mostly young collections, a few older ones, pauses and counts that vary. */
function gcLog(random: () => number): GcLogColumns {
  return columns(emptyGcLog(), COLLECTIONS, (key, row) => {
    switch (key) {
      case 'ops':
        return Math.floor(((row + random()) * SAMPLES * OPS_PER_SAMPLE) / COLLECTIONS)
      case 'timeNs':
        return Math.floor(((row + 0.5) * SAMPLES * OPS_PER_SAMPLE * 35) / COLLECTIONS)
      case 'generation':
        return row % 50 === 49 ? 2 : row % 10 === 9 ? 1 : 0
      case 'reason':
        return 0
      case 'pauseNs':
      case 'wallNs':
        return 100_000 + Math.floor(random() * 120_000)
      default:
        return Math.floor(random() * 5000)
    }
  })
}

/** Snapshots of a few arenas with pools of several size classes, more or less full. */
function arenaMaps(random: () => number): ArenaMapSnapshot[] {
  return [1, 2, 3].map((k) => {
    const cells = ARENAS * POOLS_PER_ARENA
    const fill = new Uint8Array(cells)
    const sizeClass = new Uint8Array(cells)
    for (let i = 0; i < cells; i++) {
      if (random() < 0.2) continue
      fill[i] = 1 + Math.floor(random() * 254)
      sizeClass[i] = Math.floor(random() * SIZE_CLASS_COUNT)
    }
    return { ops: (k * SAMPLES * OPS_PER_SAMPLE) / 3, timeNs: (k * SAMPLES * OPS_PER_SAMPLE * 35) / 3, arenas: ARENAS, arenasTotal: ARENAS, fill, sizeClass }
  })
}

/**
 * @param seed varies the numbers (a rehearsal redraws with other data, as a live run does)
 * @returns a run as the live view passes it to the builders (no summary yet)
 */
export function rehearsalRun(seed: number): ReportRun {
  const random = noise(seed)
  return {
    runId: 'warm-up',
    name: 'warm-up',
    result: {
      samples: samples(random),
      gcLog: gcLog(random),
      phases: [
        { ops: 0, timeNs: 0, label: 'start' },
        { ops: (SAMPLES * OPS_PER_SAMPLE) / 2, timeNs: (SAMPLES * OPS_PER_SAMPLE * 35) / 2, label: 'churn' },
      ],
      arenaMaps: arenaMaps(random),
      typeNames: ['int', 'float', 'str', 'tuple', 'dict', 'Node'],
      freeListNames: ['float', 'list', 'dict', 'dict keys', 'tuple'],
    },
  }
}
