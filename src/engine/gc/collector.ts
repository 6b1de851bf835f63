/**
 * Collector dispatch: the one interface through which the runtime reaches the cyclic collector.
 *
 * - `automatic`: a collection the allocation counter asked for. The generational collector of
 *   3.11 runs it inside `_PyObject_GC_Link` (`gcLink`); every other collector runs it at the next
 *   eval-breaker check (`gcLink` only sets `gc.scheduled`). Which of the two is decided once per
 *   run (`gc.collectInAllocation`), so `gcLink`'s hot path is unchanged: a count, a compare, and
 *   in the rare branch one call through `interp.collector`.
 * - `collect`: `gc.collect(generation)`.
 * - `freeze` / `unfreeze`: `gc.freeze()` / `gc.unfreeze()`.
 * - `start`: adopts the starting heap once the run has built it.
 *
 * Collectors: CPython's generational one (presets 3.11–3.13, generational.ts, unchanged), the
 * 3.14.0–3.14.4 incremental one (incremental.ts), and two what-ifs that CPython does not have:
 * mark-sweep and mark-compact (mark-sweep.ts). A scenario's `collector: mark-sweep |
 * mark-compact` overrides the preset's; `cpython` keeps it.
 */
import { FLAG, RESERVED_INDICES } from '../objects/object-store'
import type { CollectorId } from '../scenario/ast'
import { FREE_LIST } from '../runtime/free-lists'
import type { Interp } from '../runtime/interp'
import type { Preset } from '../runtime/presets'
import { freezeCount, gcFreeze, gcUnfreeze } from './freeze'
import { collectAuto, collectExplicit } from './generational'
import { incrementalAutomatic, incrementalCollect, incrementalFreeze, incrementalStart, incrementalUnfreeze } from './incremental'
import { markCompactAutomatic, markCompactCollect, markSweepAutomatic, markSweepCollect } from './mark-sweep'

/** The collectors the engine models. */
export type CollectorKind = 'generational' | 'incremental' | 'mark-sweep' | 'mark-compact'

/** A collector: its entry points, as plain function references (its state is in `interp.gc`). */
export interface Collector {
  readonly kind: CollectorKind
  /** False for the what-if collectors (labelled as not CPython wherever they are named). */
  readonly isCPython: boolean
  /** A collection asked for by the allocation counter. */
  readonly automatic: (interp: Interp) => void
  /** `gc.collect(generation)`. @returns collected + uncollectable */
  readonly collect: (interp: Interp, generation: number) => number
  readonly freeze: (interp: Interp) => void
  readonly unfreeze: (interp: Interp) => void
  readonly freezeCount: (interp: Interp) => number
  /**
   * Adopts the starting heap (long-lived objects in generation 2).
   * @param afterFullCollection the heap was measured right after `gc.collect()`
   */
  readonly start: (interp: Interp, afterFullCollection: boolean) => void
}

function noStart(interp: Interp, afterFullCollection: boolean): void {
  void interp
  void afterFullCollection
}

const COLLECTORS: Readonly<Record<CollectorKind, Collector>> = {
  generational: {
    kind: 'generational',
    isCPython: true,
    automatic: collectAuto,
    collect: collectExplicit,
    freeze: gcFreeze,
    unfreeze: gcUnfreeze,
    freezeCount,
    start: noStart,
  },
  incremental: {
    kind: 'incremental',
    isCPython: true,
    automatic: incrementalAutomatic,
    collect: incrementalCollect,
    freeze: incrementalFreeze,
    unfreeze: incrementalUnfreeze,
    freezeCount,
    start: incrementalStart,
  },
  'mark-sweep': {
    kind: 'mark-sweep',
    isCPython: false,
    automatic: markSweepAutomatic,
    collect: markSweepCollect,
    freeze: gcFreeze,
    unfreeze: gcUnfreeze,
    freezeCount,
    start: noStart,
  },
  'mark-compact': {
    kind: 'mark-compact',
    isCPython: false,
    automatic: markCompactAutomatic,
    collect: markCompactCollect,
    freeze: gcFreeze,
    unfreeze: gcUnfreeze,
    freezeCount,
    start: noStart,
  },
}

/** Display labels; the what-ifs say that CPython does not have them. */
export const COLLECTOR_LABELS: Readonly<Record<CollectorKind, string>> = {
  generational: 'CPython generational collector',
  incremental: 'CPython 3.14.0–3.14.4 incremental collector (not checked by a local interpreter)',
  'mark-sweep': 'Mark-sweep (what-if, not CPython)',
  'mark-compact': 'Mark-compact (what-if, not CPython: CPython never moves objects)',
}

/**
 * Which collector a run uses: the scenario's what-if collector, or else the preset's own.
 * @param preset the run's preset
 * @param scenarioCollector `cpython`, `mark-sweep` or `mark-compact`
 * @returns the collector kind
 */
export function selectCollector(preset: Preset, scenarioCollector: CollectorId): CollectorKind {
  return scenarioCollector === 'cpython' ? preset.collector : scenarioCollector
}

/**
 * @param kind a collector kind
 * @returns its entry points
 */
export function collectorOf(kind: CollectorKind): Collector {
  return COLLECTORS[kind]
}

/**
 * Installs a collector in an interpreter: its entry points, and whether automatic collections
 * run inside the allocation (only CPython 3.11's generational collector does).
 */
export function installCollector(interp: Interp, kind: CollectorKind): void {
  interp.collector = COLLECTORS[kind]
  interp.gc.collectInAllocation = kind === 'generational' && interp.preset.gcTrigger === 'allocation'
}

/**
 * Hands the starting heap to the collector once the run has built it, and sets `heap_size` to
 * what `_PyObject_GC_Link` / `PyObject_GC_Del` would have counted (see `gcHeapSize`).
 * @param afterFullCollection the heap was measured right after `gc.collect()`
 */
export function startCollector(interp: Interp, afterFullCollection: boolean): void {
  interp.gc.heapSize = gcHeapSize(interp)
  interp.collector.start(interp, afterFullCollection)
}

/**
 * What `heap_size` must equal at any time: live objects of GC types plus GC objects' blocks held
 * by free lists (pushing onto a free list is not `PyObject_GC_Del`).
 * @returns that count, walking the whole store
 */
export function gcHeapSize(interp: Interp): number {
  const s = interp.store
  let n = 0
  for (let o = RESERVED_INDICES; o <= s.top; o++) {
    if (((s.flags[o] as number) & FLAG.ALIVE) !== 0 && interp.gcTypes[s.type[o] as number] === 1) n++
  }
  const fl = interp.free
  for (let k = 0; k < fl.size.length; k++) {
    const named = fl.named[k] as number
    if (named === FREE_LIST.TUPLE || named === FREE_LIST.LIST || named === FREE_LIST.DICT) n += fl.size[k] as number
  }
  return n
}
