/**
 * The pause-time and mutator-time model (docs/pause-model.md).
 *
 * A collection's modeled pause is the work it did, priced linearly, times a machine factor:
 *   work  = fixed + examined × perExamined + longLived × perLongLived + traversed × perTraversed
 *           + freed × perFreed + auxFreed × perAuxFreed + freedBytes × perFreedByte
 *   pause = work × (first collection of the run ? firstFactor : 1) × variation(seed, index)
 * where `freedBytes` is the request size of the objects freed (bigger objects cost more to clear
 * and free: more memory touched), and `longLived` counts the starting heap's objects examined (their own references, which the
 * model does not hold, are priced into perLongLived). `firstFactor` is deterministic: a run's
 * first collection finds the collector's code and data cold. `variation` models the machine,
 * not the work: the spread of pauses of identical work (frequency changes, interrupts, other
 * processes). It is drawn from a seeded, stratified sequence, so a run is reproducible, and its
 * distribution is the one of the calibration residuals (quantiles `gcNoiseQ*`).
 * The program's own (mutator) time is linear in its operations and allocator traffic.
 * Coefficients are per preset; `heapscope calibrate` refits them locally.
 */
import { createRng, nextFloat, nextUint32 } from '../core/rng'
import type { PresetId } from '../scenario/ast'

export interface CostModel {
  /** Fixed cost of a collection, ns. */
  readonly gcFixedNs: number
  readonly gcPerExaminedNs: number
  readonly gcPerLongLivedNs: number
  readonly gcPerTraversedNs: number
  readonly gcPerFreedNs: number
  readonly gcPerAuxFreedNs: number
  /** Per byte of the objects freed (their memory is touched); absent: 0. */
  readonly gcPerFreedByteNs?: number
  /** Per object of the oldest generation examined (CollectionWork.examinedOld); absent: 0. */
  readonly gcPerExaminedOldNs?: number
  /** Multiplier of a run's first collection (cold caches); absent: 1. The variation fields below may be absent too (no variation). */
  readonly gcFirstFactor?: number
  /**
   * How the variation's spread shrinks for long pauses: a collection of modeled work w > NOISE_SCALE_NS
   * varies by (w / NOISE_SCALE_NS)^−exponent times the quantiles' spread (0: purely relative).
   */
  readonly gcNoiseExponent?: number
  /** Quantiles of the machine-variation multiplier at NOISE_KNOTS for pauses up to NOISE_SCALE_NS (all 1: no variation). */
  readonly gcNoiseQ05?: number
  readonly gcNoiseQ25?: number
  readonly gcNoiseQ50?: number
  readonly gcNoiseQ75?: number
  readonly gcNoiseQ90?: number
  readonly gcNoiseQ95?: number
  readonly gcNoiseQ98?: number
  readonly gcNoiseQ99?: number
  readonly gcNoiseQ995?: number
  readonly gcNoiseQ999?: number
  /** Interpreter cost of one VM instruction (≈ one CPython bytecode), ns. */
  readonly opNs: number
  readonly allocNs: number
  readonly freeNs: number
}

/** Probabilities at which the variation multiplier's quantiles are given. */
export const NOISE_KNOTS = [0.05, 0.25, 0.5, 0.75, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999] as const
/** The model's fields holding those quantiles, in NOISE_KNOTS order. */
export const NOISE_KEYS = ['gcNoiseQ05', 'gcNoiseQ25', 'gcNoiseQ50', 'gcNoiseQ75', 'gcNoiseQ90', 'gcNoiseQ95', 'gcNoiseQ98', 'gcNoiseQ99', 'gcNoiseQ995', 'gcNoiseQ999'] as const satisfies readonly (keyof CostModel)[]

/** Pauses up to this long (ns) vary by the quantiles as given; longer ones less (gcNoiseExponent). */
export const NOISE_SCALE_NS = 50_000

type VariationFields = Required<Pick<CostModel, 'gcFirstFactor' | 'gcNoiseExponent' | (typeof NOISE_KEYS)[number]>>

/** A model without machine variation and without a first-collection factor. */
export const NO_VARIATION: VariationFields = {
  gcFirstFactor: 1,
  gcNoiseExponent: 0,
  gcNoiseQ05: 1,
  gcNoiseQ25: 1,
  gcNoiseQ50: 1,
  gcNoiseQ75: 1,
  gcNoiseQ90: 1,
  gcNoiseQ95: 1,
  gcNoiseQ98: 1,
  gcNoiseQ99: 1,
  gcNoiseQ995: 1,
  gcNoiseQ999: 1,
}

/** The work of one collection, as the pause model reads it. */
export interface CollectionWork {
  readonly examined: number
  readonly examinedLongLived: number
  /** Objects of the oldest generation examined (3.14: of the old spaces), the starting heap's aside. */
  readonly examinedOld: number
  readonly traversed: number
  readonly freed: number
  readonly auxFreed: number
  readonly freedBytes: number
}

/** The work coefficients, in the order of `workFeatures`' counts (fixed cost first). */
export const WORK_COEFFICIENTS = ['gcFixedNs', 'gcPerExaminedNs', 'gcPerLongLivedNs', 'gcPerTraversedNs', 'gcPerFreedNs', 'gcPerAuxFreedNs', 'gcPerExaminedOldNs', 'gcPerFreedByteNs'] as const satisfies readonly (keyof CostModel)[]

/** @returns the counts the work coefficients price, in WORK_COEFFICIENTS order (1 for the fixed cost) */
export function workFeatures(w: CollectionWork): number[] {
  return [1, w.examined, w.examinedLongLived, w.traversed, w.freed, w.auxFreed, w.examinedOld, w.freedBytes]
}

/**
 * Defaults (docs/pause-model.md, "Fitting"): the work coefficients' proportions and the first
 * factor from per-collection timings (calibrate's fit) of the reference workloads on the
 * development machine; one speed factor per preset and the variation quantiles above the median
 * fitted to the reference timing runs (scenarios/reference/*.json). 3.14 reuses 3.13's.
 */
export const DEFAULT_COST_MODELS: Readonly<Record<PresetId, CostModel>> = {
  'cpython-3.11': { gcFixedNs: 0, gcPerExaminedNs: 6.923, gcPerLongLivedNs: 80.38, gcPerTraversedNs: 5.513, gcPerFreedNs: 40.22, gcPerAuxFreedNs: 17.84, gcPerFreedByteNs: 0, gcPerExaminedOldNs: 15.33, gcFirstFactor: 1.262, gcNoiseExponent: 0.25, gcNoiseQ05: 0.845, gcNoiseQ25: 0.9476, gcNoiseQ50: 1, gcNoiseQ75: 1.266, gcNoiseQ90: 1.582, gcNoiseQ95: 1.772, gcNoiseQ98: 1.936, gcNoiseQ99: 2.043, gcNoiseQ995: 2.133, gcNoiseQ999: 2.172, opNs: 8.52, allocNs: 0.15, freeNs: 0 },
  'cpython-3.12': { gcFixedNs: 0, gcPerExaminedNs: 6.779, gcPerLongLivedNs: 66.75, gcPerTraversedNs: 5.836, gcPerFreedNs: 44.65, gcPerAuxFreedNs: 13.61, gcPerFreedByteNs: 0, gcPerExaminedOldNs: 11.37, gcFirstFactor: 1.411, gcNoiseExponent: 0.9, gcNoiseQ05: 0.7012, gcNoiseQ25: 0.9394, gcNoiseQ50: 1, gcNoiseQ75: 1.233, gcNoiseQ90: 1.539, gcNoiseQ95: 1.761, gcNoiseQ98: 2.084, gcNoiseQ99: 2.294, gcNoiseQ995: 2.593, gcNoiseQ999: 3.199, opNs: 7.95, allocNs: 10.5, freeNs: 0 },
  'cpython-3.13': { gcFixedNs: 0, gcPerExaminedNs: 7.987, gcPerLongLivedNs: 86.75, gcPerTraversedNs: 8.263, gcPerFreedNs: 29.65, gcPerAuxFreedNs: 0, gcPerFreedByteNs: 0.3175, gcPerExaminedOldNs: 2.026, gcFirstFactor: 1.253, gcNoiseExponent: 0.6, gcNoiseQ05: 0.6884, gcNoiseQ25: 0.936, gcNoiseQ50: 1, gcNoiseQ75: 1.175, gcNoiseQ90: 1.39, gcNoiseQ95: 1.52, gcNoiseQ98: 1.836, gcNoiseQ99: 1.912, gcNoiseQ995: 2.054, gcNoiseQ999: 2.321, opNs: 8.83, allocNs: 0, freeNs: 0 },
  'cpython-3.14': { gcFixedNs: 0, gcPerExaminedNs: 7.987, gcPerLongLivedNs: 86.75, gcPerTraversedNs: 8.263, gcPerFreedNs: 29.65, gcPerAuxFreedNs: 0, gcPerFreedByteNs: 0.3175, gcPerExaminedOldNs: 2.026, gcFirstFactor: 1.253, gcNoiseExponent: 0.6, gcNoiseQ05: 0.6884, gcNoiseQ25: 0.936, gcNoiseQ50: 1, gcNoiseQ75: 1.175, gcNoiseQ90: 1.39, gcNoiseQ95: 1.52, gcNoiseQ98: 1.836, gcNoiseQ99: 1.912, gcNoiseQ995: 2.054, gcNoiseQ999: 2.321, opNs: 8.83, allocNs: 0, freeNs: 0 },
}

/** @returns the modeled cost of a collection's work, ns (no first-collection factor, no variation) */
export function pauseNs(model: CostModel, w: CollectionWork): number {
  return (
    model.gcFixedNs +
    w.examined * model.gcPerExaminedNs +
    w.examinedLongLived * model.gcPerLongLivedNs +
    w.traversed * model.gcPerTraversedNs +
    w.freed * model.gcPerFreedNs +
    w.auxFreed * model.gcPerAuxFreedNs +
    w.freedBytes * (model.gcPerFreedByteNs ?? 0) +
    w.examinedOld * (model.gcPerExaminedOldNs ?? 0)
  )
}

/** Collections per stratification block: each block draws every 1 % stratum exactly once. */
const STRATA = 100
/** Separates the variation stream from the program's own (the VM's) stream of the same seed. */
const VARIATION_STREAM = 0x5ca1ab1e

/** The last block's draws (a pure function of seed and block, kept to draw each block once). */
const drawCache = { seed: Number.NaN, block: -1, order: new Uint8Array(STRATA), u: new Float64Array(STRATA) }

/**
 * The variation draw of collection `index`: a point of [0, 1). Within each block of STRATA
 * consecutive collections the draws fall one in each 1 % stratum, in a seeded random order, so
 * that even a run of a hundred collections sees the distribution's tail as often as it should.
 * @returns u in [0, 1)
 */
export function variationDraw(seed: number, index: number): number {
  const block = Math.floor(index / STRATA)
  if (drawCache.seed !== seed || drawCache.block !== block) {
    const rng = createRng((seed ^ VARIATION_STREAM ^ Math.imul(block + 1, 0x9e3779b1)) >>> 0)
    const order = drawCache.order
    for (let i = 0; i < STRATA; i++) order[i] = i
    for (let i = STRATA - 1; i > 0; i--) {
      const j = nextUint32(rng) % (i + 1)
      const t = order[i] as number
      order[i] = order[j] as number
      order[j] = t
    }
    for (let i = 0; i < STRATA; i++) drawCache.u[i] = ((order[i] as number) + nextFloat(rng)) / STRATA
    drawCache.seed = seed
    drawCache.block = block
  }
  return drawCache.u[index % STRATA] as number
}

/** @returns the variation multiplier's quantile at u (piecewise linear between the knots, flat outside) */
export function variationQuantile(model: CostModel, u: number): number {
  const knots = NOISE_KNOTS
  const at = (k: number): number => model[NOISE_KEYS[k] as (typeof NOISE_KEYS)[number]] ?? 1
  if (u <= knots[0]) return at(0)
  for (let k = 1; k < knots.length; k++) {
    const hi = knots[k] as number
    if (u <= hi) {
      const lo = knots[k - 1] as number
      const a = at(k - 1)
      const b = at(k)
      return a + ((b - a) * (u - lo)) / (hi - lo)
    }
  }
  return at(NOISE_KEYS.length - 1)
}

/** @returns how much of the quantiles' spread a collection of modeled work `workNs` sees (1 up to NOISE_SCALE_NS) */
export function variationSpread(model: CostModel, workNs: number): number {
  return workNs <= NOISE_SCALE_NS ? 1 : (workNs / NOISE_SCALE_NS) ** -(model.gcNoiseExponent ?? 0)
}

/**
 * @param workNs the collection's modeled work (pauseNs)
 * @param index the collection's position in its run (0 = the first)
 * @param seed the run's seed
 * @returns the multiplier of the collection's work cost: first-collection factor × variation
 */
export function machineFactor(model: CostModel, workNs: number, index: number, seed: number): number {
  const q = variationQuantile(model, variationDraw(seed, index))
  return (index === 0 ? (model.gcFirstFactor ?? 1) : 1) * Math.max(0, 1 + (q - 1) * variationSpread(model, workNs))
}

/** @returns the modeled pause of the run's `index`-th collection, ns */
export function collectionPauseNs(model: CostModel, w: CollectionWork, index: number, seed: number): number {
  const work = pauseNs(model, w)
  return work * machineFactor(model, work, index, seed)
}

/** @returns the modeled mutator time, ns */
export function mutatorNs(model: CostModel, instructions: number, allocations: number, frees: number): number {
  return instructions * model.opNs + allocations * model.allocNs + frees * model.freeNs
}
