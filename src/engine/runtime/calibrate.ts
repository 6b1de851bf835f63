/**
 * Fitting the time model (docs/pause-model.md). A simulation reproduces CPython's exact sequence
 * of collections, so the i-th measured pause pairs with the i-th simulated collection's work; the
 * mutator time of a run (wall time minus pauses) pairs with its operation and allocation counts.
 * Linear fits minimise the squared relative error (each observation weighted by 1/measured²) and
 * keep every coefficient non-negative (a coordinate that would go negative is dropped and the fit
 * repeated, and so is a feature that the others already determine: on 3.11 and 3.12 the bytes
 * freed by the reference workloads are a fixed sum of objects and values arrays freed). The pause
 * model's first-collection factor comes from the residuals of that fit (measured / modeled work),
 * each run normalised by its median residual; its variation quantiles too, or, when each workload
 * was timed several times, from how those runs' pauses of the same collection spread.
 */
import { median } from '../metrics/percentiles'
import type { PauseStats } from '../types'
import { NOISE_KEYS, NOISE_KNOTS, NOISE_SCALE_NS, pauseNs, WORK_COEFFICIENTS, workFeatures, type CollectionWork, type CostModel } from './cost-model'

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
    if (Math.abs(m[p]![i]!) < 1e-9) return null
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
  // A feature that is zero in every observation cannot be fitted (it would make the system singular).
  let active = Array.from({ length: features }, (_, i) => i).filter((f) => x.some((row) => row[f] !== 0))
  let coef = new Array<number>(features).fill(0)
  for (let round = 0; round < 2 * features && active.length > 0; round++) {
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
    // Solved on unit-scaled features, so that a near-dependent one shows as a vanishing pivot.
    const norm = a.map((row, i) => Math.sqrt(row[i]!))
    const sol = solve(
      a.map((row, i) => row.map((v, j) => v / (norm[i]! * norm[j]!))),
      b.map((v, i) => v / norm[i]!),
    )
    if (sol === null) {
      // The last feature adds nothing the others do not explain: fit without it.
      active = active.slice(0, -1)
      continue
    }
    coef = new Array<number>(features).fill(0)
    active.forEach((f, i) => (coef[f] = sol[i]! / norm[i]!))
    if (active.every((f) => (coef[f] as number) >= 0)) break
    active = active.filter((f) => (coef[f] as number) > 0)
  }
  return coef.map((v) => Math.max(0, v))
}

/** One timed run's collections, in order: [0] is the run's first collection. */
export type PauseRun = readonly PausePair[]

/** Probabilities at which each run's residual quantiles are compared with the fitted variation's. */
const VARIATION_TARGETS = [0.75, 0.9, 0.95, 0.99] as const

/** Fewest collections of a run whose residuals inform the first factor and the variation. */
const MIN_RUN_PAIRS = 5

/**
 * Weighted quantiles of a sample (the smallest value whose cumulative weight reaches q of the total).
 * @returns the quantile function (1 without samples)
 */
export function weightedQuantiles(samples: readonly { value: number; weight: number }[]): (q: number) => number {
  const sorted = [...samples].sort((a, b) => a.value - b.value)
  const cumulative = new Float64Array(sorted.length)
  let total = 0
  sorted.forEach((s, i) => (cumulative[i] = total += s.weight))
  return (q: number): number => {
    if (sorted.length === 0 || total <= 0) return 1
    let lo = 0
    let hi = sorted.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((cumulative[mid] as number) >= q * total) hi = mid
      else lo = mid + 1
    }
    return (sorted[lo] as { value: number }).value
  }
}

/** A collection's residual (measured over modeled, over its run's median) and its modeled work. */
interface VariationSample {
  readonly value: number
  readonly weight: number
  readonly workNs: number
}

/** One run's residuals and the quantiles of them (probability, residual) the variation should reproduce. */
interface VariationGroup {
  readonly samples: readonly VariationSample[]
  readonly workNs: number
  readonly targets: readonly (readonly [number, number])[]
}

const spreadAt = (workNs: number, exponent: number): number => (workNs <= NOISE_SCALE_NS ? 1 : (workNs / NOISE_SCALE_NS) ** -exponent)
/** Exponents tried for the variation's spread (0 = relative, 1 = a fixed time whatever the pause). */
const EXPONENTS = Array.from({ length: 21 }, (_, i) => i / 20)

/** A run's variation group: its samples, the median of their modeled work, and their own quantiles at VARIATION_TARGETS. */
function variationGroup(samples: readonly VariationSample[]): VariationGroup {
  const own = weightedQuantiles(samples)
  return { samples, workNs: median(samples.map((x) => x.workNs), 1), targets: VARIATION_TARGETS.map((p) => [p, own(p)] as const) }
}

/** @returns the model fields of a fitted variation (quantiles and exponent) */
function variationFields(variation: { exponent: number; quantiles: number[] }): Partial<CostModel> {
  return { ...Object.fromEntries(NOISE_KEYS.map((key, k) => [key, variation.quantiles[k] as number])), gcNoiseExponent: variation.exponent }
}

/**
 * Fits the variation: its exponent (grid search) and quantiles, the residuals being brought to
 * the reference scale (NOISE_SCALE_NS) before pooling; the exponent is the one whose pooled
 * quantiles, scaled back, best meet every run's own (least squares on their logarithms).
 * @param level maps a knot's probability to the pooled samples' (they may be one part of the distribution)
 */
function fitVariation(groups: readonly VariationGroup[], level: (knot: number) => number): { exponent: number; quantiles: number[] } {
  let best = { exponent: 0, quantiles: NOISE_KNOTS.map(() => 1), loss: Number.POSITIVE_INFINITY }
  for (const exponent of EXPONENTS) {
    const pooled = groups.flatMap((g) => g.samples.map((x) => ({ value: Math.max(0, 1 + (x.value - 1) / spreadAt(x.workNs, exponent)), weight: x.weight })))
    const quantile = weightedQuantiles(pooled)
    const q = (p: number): number => quantile(level(p))
    let loss = 0
    for (const g of groups) {
      for (const [p, target] of g.targets) {
        const predicted = Math.max(1e-3, 1 + (q(p) - 1) * spreadAt(g.workNs, exponent))
        loss += Math.log(predicted / Math.max(1e-3, target)) ** 2
      }
    }
    if (loss < best.loss - 1e-12) best = { exponent, quantiles: NOISE_KNOTS.map((p) => q(p)), loss }
  }
  return best
}

/**
 * Fits the GC coefficients to measured pauses (mutator coefficients kept from `base`): the work
 * coefficients by least squares on every collection but each run's first; the first factor as
 * the geometric mean of the first collections' residual over their run's median residual (first
 * collections of at least NOISE_SCALE_NS of work, when there are some); the
 * variation quantiles from all other residuals over their run's median, each run weighing the
 * same whatever its number of collections.
 * @param runs the timed runs, each its collections in order
 */
export function fitPauseModel(runs: readonly PauseRun[], base: CostModel): CostModel {
  const rest = runs.flatMap((r) => (r.length > 1 ? r.slice(1) : r))
  const c = fitNonNegative(
    rest.map((p) => workFeatures(p.work)),
    rest.map((p) => p.measuredNs),
  )
  const work: CostModel = { ...base, ...Object.fromEntries(WORK_COEFFICIENTS.map((key, i) => [key, c[i] as number])) }
  const firsts: { log: number; long: boolean }[] = []
  const groups: VariationGroup[] = []
  for (const r of runs) {
    if (r.length < MIN_RUN_PAIRS) continue
    const modeled = r.map((p) => Math.max(1e-9, pauseNs(work, p.work)))
    const residual = r.map((p, i) => p.measuredNs / (modeled[i] as number))
    const m = median(residual.slice(1), 1)
    if (!(m > 0)) continue
    firsts.push({ log: Math.log((residual[0] as number) / m), long: (modeled[0] as number) >= NOISE_SCALE_NS })
    groups.push(variationGroup(residual.slice(1).map((v, i) => ({ value: v / m, weight: 1 / (residual.length - 1), workNs: modeled[i + 1] as number }))))
  }
  if (groups.length === 0) return work
  // A cold start costs a few microseconds more whatever the pause: it multiplies a 2 µs first
  // collection several times over and a 1 ms one by a few percent. The factor is for pauses the
  // variation's scale and up (NOISE_SCALE_NS), so it comes from first collections of that size
  // when there are some.
  const long = firsts.filter((f) => f.long)
  const used = long.length > 0 ? long : firsts
  return { ...work, ...variationFields(fitVariation(groups, (p) => p)), gcFirstFactor: Math.exp(used.reduce((sum, f) => sum + f.log, 0) / used.length) }
}

/** One workload timed in several processes: its collections' work and every run's pause of each. */
export interface RepeatedTiming {
  /** The simulated collections' work, in order ([0] is the run's first collection). */
  readonly works: readonly CollectionWork[]
  /** `runs[k][i]`: run k's pause of collection i, ns (every run made the same collections). */
  readonly runs: readonly (readonly number[])[]
}

/** Fewest timing runs of a workload whose spread measures the variation. */
const MIN_REPEATS = 3

/**
 * The machine variation from repeated timings: CPython's collector is deterministic, so the runs'
 * pauses of collection i timed the same work, and how they spread around their median is the
 * machine's doing alone. The residuals of one run against the work model also carry what the model
 * gets wrong about the work (a workload whose collections differ in kind), which made the fitted
 * spread of long, uniform collections as wide as that misfit (noise exponent 0). Each run's pauses
 * are first divided by its own median ratio to the per-collection medians (a process can run at
 * another speed as a whole, which is not a collection's variation); each run's first collection
 * stays out (the first factor is its own term); each workload weighs the same.
 * @param timings workloads timed at least MIN_REPEATS times (others are left out)
 * @param model the fitted work model (it sizes each collection's work for the exponent)
 * @returns `model` with the variation's exponent and quantiles refitted, or `model` when no workload has enough runs
 */
export function fitVariationToRepeats(timings: readonly RepeatedTiming[], model: CostModel): CostModel {
  const groups: VariationGroup[] = []
  for (const t of timings) {
    const n = t.works.length
    if (t.runs.length < MIN_REPEATS || n < MIN_RUN_PAIRS || t.runs.some((r) => r.length !== n)) continue
    const medians = t.works.map((_, i) => median(t.runs.map((r) => r[i] as number), 1))
    const modeled = t.works.map((w) => Math.max(1e-9, pauseNs(model, w)))
    const samples: VariationSample[] = []
    const weight = 1 / (t.runs.length * (n - 1))
    for (const run of t.runs) {
      const speed = median(run.slice(1).map((ns, j) => ns / Math.max(1e-9, medians[j + 1] as number)), 1)
      for (let i = 1; i < n; i++) samples.push({ value: (run[i] as number) / Math.max(1e-9, (medians[i] as number) * speed), weight, workNs: modeled[i] as number })
    }
    groups.push(variationGroup(samples))
  }
  if (groups.length === 0) return model
  return { ...model, ...variationFields(fitVariation(groups, (p) => p)) }
}

/** A timing run known only by its pause statistics (the reference data), with its simulated collections. */
export interface TimingSummary {
  /** The simulated collections' work, in order. */
  readonly works: readonly CollectionWork[]
  /** The measured pauses' statistics (ns), percentiles as pauseStats computes them. */
  readonly measured: PauseStats
}

/** @returns each collection's modeled work, the run's first with the first-collection factor (no variation) */
function modeledWork(model: CostModel, works: readonly CollectionWork[]): number[] {
  return works.map((w, i) => pauseNs(model, w) * (i === 0 ? (model.gcFirstFactor ?? 1) : 1))
}

/** A run's largest collection stands alone (its pause is the measured maximum) at this many times its median work. */
const ALONE_AT_TOP = 20

/**
 * The oldest generation's per-object cost from runs known by their statistics: in a run whose
 * largest collection examined objects of the oldest generation and is far above all the others
 * (a full collection of a large heap among young ones), the measured maximum is that collection,
 * and the term is what makes its modeled work meet it. How much more an old object costs depends
 * on the machine's caches and memory more than anything else the model prices.
 * @returns `model` with the term refitted (the mean over such runs), or `model` when none has one
 */
function fitOldToMaxima(runs: readonly TimingSummary[], model: CostModel): CostModel {
  const perOld = model.gcPerExaminedOldNs ?? 0
  const estimates: number[] = []
  for (const r of runs) {
    const work = modeledWork(model, r.works)
    let top = 0
    for (let i = 1; i < work.length; i++) if ((work[i] as number) > (work[top] as number)) top = i
    const old = r.works[top]?.examinedOld ?? 0
    if (old === 0 || (work[top] as number) < ALONE_AT_TOP * median(work)) continue
    estimates.push(Math.max(0, (r.measured.max - ((work[top] as number) - old * perOld)) / old))
  }
  if (estimates.length === 0) return model
  return { ...model, gcPerExaminedOldNs: estimates.reduce((sum, v) => sum + v, 0) / estimates.length }
}

/**
 * Fits a model to timing runs known only by their statistics: one speed factor scales `base`'s
 * work coefficients so that the modeled medians meet the measured ones (least squares on their
 * logarithms); the oldest generation's per-object cost is refitted to the maxima of runs whose
 * largest collection is a full one alone at the top (`fitOldToMaxima`); and the variation
 * quantiles above the median are refitted by quantile matching:
 * the upper half of each run's collections, ordered by modeled work, is paired rank by rank with
 * the measured distribution (through p50, p95 and p99, linear in log(1 − u) between them, and the
 * maximum), and the ratios,
 * over the median's, are pooled with each run weighing the same. The first factor and the
 * quantiles below the median (which the statistics do not show) stay `base`'s.
 */
export function fitPauseModelToStats(runs: readonly TimingSummary[], base: CostModel): CostModel {
  const usable = runs.filter((r) => r.works.length >= MIN_RUN_PAIRS && r.measured.p50 > 0)
  if (usable.length === 0) return base
  const modeled = (model: CostModel, r: TimingSummary): number[] => modeledWork(model, r.works).sort((a, b) => a - b)
  const at = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number
  const logs = usable.map((r) => Math.log(r.measured.p50 / at(modeled(base, r), 0.5)))
  const speed = Math.exp(logs.reduce((sum, v) => sum + v, 0) / logs.length)
  const scaled = fitOldToMaxima(usable, { ...base, ...Object.fromEntries(WORK_COEFFICIENTS.map((key) => [key, (base[key] ?? 0) * speed])) })
  const groups: VariationGroup[] = []
  for (const r of usable) {
    const sorted = modeled(scaled, r)
    const n = sorted.length
    const m = r.measured
    const points = [
      [Math.floor(0.5 * n), m.p50],
      [Math.min(n - 1, Math.floor(0.95 * n)), m.p95],
      [Math.min(n - 1, Math.floor(0.99 * n)), m.p99],
      [n - 1, m.max],
    ].filter((p, i, all) => i === 0 || (p[0] as number) > (all[i - 1]![0] as number)) as [number, number][]
    // Between known points the quantile is linear in log(1 − u) (an exponential tail), u = rank / n.
    const tail = (j: number): number => Math.log(Math.max(0.5, n - j) / n)
    const measuredAt = (j: number): number => {
      for (let k = 1; k < points.length; k++) {
        const [j0, v0] = points[k - 1]!
        const [j1, v1] = points[k]!
        if (j <= j1) return v0 + ((v1 - v0) * (tail(j) - tail(j0))) / (tail(j1) - tail(j0))
      }
      return points[points.length - 1]![1]
    }
    const j50 = points[0]![0]
    const center = measuredAt(j50) / Math.max(1e-9, sorted[j50] as number)
    const ratio = (j: number): number => measuredAt(j) / Math.max(1e-9, sorted[j] as number) / center
    // Between p99 and the maximum the measured shape is unknown (a few slowest collections can be
    // far apart): only the maximum itself is paired there.
    const j95 = Math.min(n - 1, Math.floor(0.95 * n))
    const j99 = Math.min(n - 1, Math.floor(0.99 * n))
    const ranks = Array.from({ length: j99 - j50 + 1 }, (_, k) => j50 + k)
    if (j99 < n - 1) ranks.push(n - 1)
    const samples = ranks.map((j) => ({ value: ratio(j), weight: j === n - 1 && j99 < n - 1 ? (n - 1 - j99) / (n - j50) : 1 / (n - j50), workNs: sorted[j] as number }))
    groups.push({ samples, workNs: sorted[j50] as number, targets: [[0.95, ratio(j95)], [0.99, ratio(j99)]] })
  }
  const variation = fitVariation(groups, (p) => Math.max(0, (p - 0.5) / 0.5))
  // The median is the runs' centre (1) by construction; above it the quantiles never decrease.
  let previous = 1
  const upper = Object.fromEntries(
    NOISE_KEYS.map((key, k) => {
      const p = NOISE_KNOTS[k] as number
      if (p < 0.5) return [key, Math.min(1, scaled[key] ?? 1)]
      previous = p === 0.5 ? 1 : Math.max(previous, variation.quantiles[k] as number)
      return [key, previous]
    }),
  )
  return { ...scaled, ...upper, gcNoiseExponent: variation.exponent }
}

/** Fits the mutator coefficients to measured run times (GC coefficients kept from `base`). */
export function fitMutatorModel(samples: readonly MutatorSample[], base: CostModel): CostModel {
  const c = fitNonNegative(
    samples.map((s) => [s.ops, s.allocations, s.frees]),
    samples.map((s) => s.measuredNs),
  )
  return { ...base, opNs: c[0]!, allocNs: c[1]!, freeNs: c[2]! }
}
