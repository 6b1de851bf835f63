/**
 * Fitting the time model. A simulation reproduces CPython's exact sequence of collections, so
 * the i-th measured pause pairs with the i-th simulated collection's work; the mutator time of a
 * run (wall time minus pauses) pairs with its operation and allocation counts. Fits minimise the
 * squared relative error (each observation weighted by 1/measured²) and keep every coefficient
 * non-negative (a coordinate that would go negative is dropped and the fit repeated).
 */
import type { CollectionWork, CostModel } from './cost-model'

/** One measured pause and the simulated collection it belongs to. */
export interface PausePair {
  readonly work: CollectionWork
  readonly measuredNs: number
}

/** One measured run: its mutator time and the simulation's counts. */
export interface MutatorSample {
  readonly ops: number
  readonly allocations: number
  readonly frees: number
  readonly measuredNs: number
}

/** Solves A x = b (small dense system, partial pivoting). @returns x, or null when singular */
function solve(a: number[][], b: number[]): number[] | null {
  const n = b.length
  const m = a.map((row, i) => [...row, b[i] as number])
  for (let i = 0; i < n; i++) {
    let p = i
    for (let r = i + 1; r < n; r++) if (Math.abs(m[r]![i]!) > Math.abs(m[p]![i]!)) p = r
    if (Math.abs(m[p]![i]!) < 1e-12) return null
    ;[m[i], m[p]] = [m[p]!, m[i]!]
    for (let r = 0; r < n; r++) {
      if (r === i) continue
      const f = m[r]![i]! / m[i]![i]!
      for (let c = i; c <= n; c++) m[r]![c] = m[r]![c]! - f * m[i]![c]!
    }
  }
  return m.map((row, i) => row[n]! / row[i]!)
}

/**
 * Non-negative least squares on relative error.
 * @param x one feature row per observation
 * @param y the measured values (> 0)
 * @returns one coefficient per feature (≥ 0)
 */
export function fitNonNegative(x: readonly (readonly number[])[], y: readonly number[]): number[] {
  const features = x[0]?.length ?? 0
  let active = Array.from({ length: features }, (_, i) => i)
  let coef = new Array<number>(features).fill(0)
  for (let round = 0; round < features && active.length > 0; round++) {
    const k = active.length
    const a = Array.from({ length: k }, () => new Array<number>(k).fill(0))
    const b = new Array<number>(k).fill(0)
    x.forEach((row, obs) => {
      const yv = y[obs] as number
      const w = 1 / Math.max(1, yv) ** 2
      for (let i = 0; i < k; i++) {
        const xi = row[active[i]!]!
        b[i] = b[i]! + w * xi * yv
        for (let j = 0; j < k; j++) a[i]![j] = a[i]![j]! + w * xi * row[active[j]!]!
      }
    })
    const sol = solve(a, b)
    if (sol === null) break
    coef = new Array<number>(features).fill(0)
    active.forEach((f, i) => (coef[f] = sol[i]!))
    if (active.every((f) => (coef[f] as number) >= 0)) break
    active = active.filter((f) => (coef[f] as number) > 0)
  }
  return coef.map((v) => Math.max(0, v))
}

/** Fits the GC coefficients to measured pauses (mutator coefficients kept from `base`). */
export function fitPauseModel(pairs: readonly PausePair[], base: CostModel): CostModel {
  const c = fitNonNegative(
    pairs.map((p) => [1, p.work.examined, p.work.examinedLongLived, p.work.traversed, p.work.freed, p.work.auxFreed]),
    pairs.map((p) => p.measuredNs),
  )
  return { ...base, gcFixedNs: c[0]!, gcPerExaminedNs: c[1]!, gcPerLongLivedNs: c[2]!, gcPerTraversedNs: c[3]!, gcPerFreedNs: c[4]!, gcPerAuxFreedNs: c[5]! }
}

/** Fits the mutator coefficients to measured run times (GC coefficients kept from `base`). */
export function fitMutatorModel(samples: readonly MutatorSample[], base: CostModel): CostModel {
  const c = fitNonNegative(
    samples.map((s) => [s.ops, s.allocations, s.frees]),
    samples.map((s) => s.measuredNs),
  )
  return { ...base, opNs: c[0]!, allocNs: c[1]!, freeNs: c[2]! }
}
