/**
 * The pause-time and mutator-time model. A collection's modeled pause is linear in what it did:
 *   pause = fixed + examined × perExamined + traversed × perTraversed + freed × perFreed
 * and the program's own (mutator) time is linear in its operations and allocator traffic.
 * Coefficients are per preset; `heapscope calibrate` fits them to a local interpreter.
 */
import type { PresetId } from '../scenario/ast'

export interface CostModel {
  /** Fixed cost of a collection (callbacks, bookkeeping), ns. */
  readonly gcFixedNs: number
  readonly gcPerExaminedNs: number
  readonly gcPerTraversedNs: number
  readonly gcPerFreedNs: number
  /** Interpreter cost of one operation (a statement or loop iteration), ns. */
  readonly opNs: number
  readonly allocNs: number
  readonly freeNs: number
}

/** Default coefficients (see docs/pause-model.md for how they were fitted). */
export const DEFAULT_COST_MODELS: Readonly<Record<PresetId, CostModel>> = {
  'cpython-3.11': { gcFixedNs: 2000, gcPerExaminedNs: 12, gcPerTraversedNs: 4, gcPerFreedNs: 36, opNs: 9, allocNs: 5, freeNs: 4 },
  'cpython-3.12': { gcFixedNs: 2000, gcPerExaminedNs: 12, gcPerTraversedNs: 4, gcPerFreedNs: 36, opNs: 10, allocNs: 5, freeNs: 4 },
  'cpython-3.13': { gcFixedNs: 2000, gcPerExaminedNs: 12, gcPerTraversedNs: 4, gcPerFreedNs: 36, opNs: 9, allocNs: 5, freeNs: 4 },
  'cpython-3.14': { gcFixedNs: 2000, gcPerExaminedNs: 12, gcPerTraversedNs: 4, gcPerFreedNs: 36, opNs: 9, allocNs: 5, freeNs: 4 },
}

/** @returns the modeled pause of a collection, ns */
export function pauseNs(model: CostModel, examined: number, traversed: number, freed: number): number {
  return model.gcFixedNs + examined * model.gcPerExaminedNs + traversed * model.gcPerTraversedNs + freed * model.gcPerFreedNs
}

/** @returns the modeled mutator time, ns */
export function mutatorNs(model: CostModel, ops: number, allocations: number, frees: number): number {
  return ops * model.opNs + allocations * model.allocNs + frees * model.freeNs
}
