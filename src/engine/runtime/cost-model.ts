/**
 * The pause-time and mutator-time model. A collection's modeled pause is linear in what it did:
 *   pause = fixed + examined × perExamined + longLived × perLongLived + traversed × perTraversed
 *           + freed × perFreed + auxFreed × perAuxFreed
 * where `longLived` counts the starting heap's objects examined (their own references, which the
 * model does not hold, are priced into perLongLived). The program's own (mutator) time is linear
 * in its operations and allocator traffic. Coefficients are per preset, fitted to pauses measured
 * on real interpreters (docs/pause-model.md); `heapscope calibrate` refits them locally.
 */
import type { PresetId } from '../scenario/ast'

export interface CostModel {
  /** Fixed cost of a collection, ns. */
  readonly gcFixedNs: number
  readonly gcPerExaminedNs: number
  readonly gcPerLongLivedNs: number
  readonly gcPerTraversedNs: number
  readonly gcPerFreedNs: number
  readonly gcPerAuxFreedNs: number
  /** Interpreter cost of one VM instruction (≈ one CPython bytecode), ns. */
  readonly opNs: number
  readonly allocNs: number
  readonly freeNs: number
}

/** The work of one collection, as the pause model reads it. */
export interface CollectionWork {
  readonly examined: number
  readonly examinedLongLived: number
  readonly traversed: number
  readonly freed: number
  readonly auxFreed: number
}

/**
 * Defaults fitted on the development machine (x86-64, 3.11.7 / 3.12.1 / 3.13.0) to 10,271
 * collections of eight workloads measured with python/heapscope_probe.py (docs/pause-model.md).
 * 3.14 reuses 3.13's (no local interpreter to fit it against).
 */
export const DEFAULT_COST_MODELS: Readonly<Record<PresetId, CostModel>> = {
  'cpython-3.11': { gcFixedNs: 277, gcPerExaminedNs: 7.41, gcPerLongLivedNs: 344, gcPerTraversedNs: 2.29, gcPerFreedNs: 51.9, gcPerAuxFreedNs: 10.8, opNs: 8.52, allocNs: 0.15, freeNs: 0 },
  'cpython-3.12': { gcFixedNs: 295, gcPerExaminedNs: 7.5, gcPerLongLivedNs: 772, gcPerTraversedNs: 0.5, gcPerFreedNs: 60.4, gcPerAuxFreedNs: 5.47, opNs: 7.95, allocNs: 10.5, freeNs: 0 },
  'cpython-3.13': { gcFixedNs: 412, gcPerExaminedNs: 7.13, gcPerLongLivedNs: 502, gcPerTraversedNs: 3.28, gcPerFreedNs: 61.6, gcPerAuxFreedNs: 0, opNs: 8.83, allocNs: 0, freeNs: 0 },
  'cpython-3.14': { gcFixedNs: 412, gcPerExaminedNs: 7.13, gcPerLongLivedNs: 502, gcPerTraversedNs: 3.28, gcPerFreedNs: 61.6, gcPerAuxFreedNs: 0, opNs: 8.83, allocNs: 0, freeNs: 0 },
}

/** @returns the modeled pause of a collection, ns */
export function pauseNs(model: CostModel, w: CollectionWork): number {
  return (
    model.gcFixedNs +
    w.examined * model.gcPerExaminedNs +
    w.examinedLongLived * model.gcPerLongLivedNs +
    w.traversed * model.gcPerTraversedNs +
    w.freed * model.gcPerFreedNs +
    w.auxFreed * model.gcPerAuxFreedNs
  )
}

/** @returns the modeled mutator time, ns */
export function mutatorNs(model: CostModel, instructions: number, allocations: number, frees: number): number {
  return instructions * model.opNs + allocations * model.allocNs + frees * model.freeNs
}
