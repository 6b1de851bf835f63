import { describe, expect, it } from 'vitest'
import { fitPauseModel, fitPauseModelToStats, fitVariationToRepeats, type PauseRun } from './calibrate'
import { collectionPauseNs, DEFAULT_COST_MODELS, machineFactor, NO_VARIATION, NOISE_SCALE_NS, pauseNs, variationDraw, variationQuantile, type CollectionWork, type CostModel } from './cost-model'

const MODEL = DEFAULT_COST_MODELS['cpython-3.11']
const WORK = { examined: 700, examinedLongLived: 0, examinedOld: 0, traversed: 700, freed: 700, auxFreed: 0, freedBytes: 700 * 48 }

describe('variation draws', () => {
  it('are a pure function of seed and index', () => {
    const a = Array.from({ length: 250 }, (_, i) => variationDraw(7, i))
    variationDraw(8, 3)
    expect(Array.from({ length: 250 }, (_, i) => variationDraw(7, i))).toEqual(a)
    expect(Array.from({ length: 250 }, (_, i) => variationDraw(8, i))).not.toEqual(a)
  })

  it('fall once in every 1 % stratum of each block of 100 collections', () => {
    for (const block of [0, 1, 17]) {
      const strata = Array.from({ length: 100 }, (_, i) => Math.floor(variationDraw(42, block * 100 + i) * 100)).sort((x, y) => x - y)
      expect(strata).toEqual(Array.from({ length: 100 }, (_, i) => i))
    }
  })
})

describe('machine factor', () => {
  it('is 1 without variation fields (models stored before them)', () => {
    const bare: CostModel = { gcFixedNs: 1, gcPerExaminedNs: 0, gcPerLongLivedNs: 0, gcPerTraversedNs: 0, gcPerFreedNs: 0, gcPerAuxFreedNs: 0, opNs: 0, allocNs: 0, freeNs: 0 }
    for (let i = 0; i < 200; i++) expect(collectionPauseNs(bare, WORK, i, 1)).toBe(1)
    expect(collectionPauseNs({ ...MODEL, ...NO_VARIATION }, WORK, 0, 1)).toBe(pauseNs(MODEL, WORK))
  })

  it('interpolates the quantiles and applies the first factor to collection 0 only', () => {
    expect(variationQuantile(MODEL, 0.5)).toBe(1)
    expect(variationQuantile(MODEL, 0.99)).toBeCloseTo(MODEL.gcNoiseQ99 as number)
    expect(variationQuantile(MODEL, 0.9999)).toBe(MODEL.gcNoiseQ999)
    const noFirst = { ...MODEL, gcFirstFactor: 1 }
    expect(machineFactor(MODEL, 1000, 0, 3) / machineFactor(noFirst, 1000, 0, 3)).toBeCloseTo(MODEL.gcFirstFactor as number)
    expect(machineFactor(MODEL, 1000, 1, 3)).toBe(machineFactor(noFirst, 1000, 1, 3))
  })

  it('spreads long pauses less when the exponent is positive', () => {
    const model = { ...MODEL, gcNoiseExponent: 0.5 }
    const slow = (work: number): number => Math.max(...Array.from({ length: 100 }, (_, i) => machineFactor(model, work, i + 1, 5)))
    expect(slow(NOISE_SCALE_NS)).toBeGreaterThan(slow(100 * NOISE_SCALE_NS))
    expect(slow(100 * NOISE_SCALE_NS) - 1).toBeCloseTo((slow(NOISE_SCALE_NS) - 1) / 10, 1)
  })
})

describe('fitting the pause model', () => {
  it('recovers the work coefficients, the first factor and the variation of synthetic runs', () => {
    const truth: CostModel = { ...MODEL, ...NO_VARIATION, gcFixedNs: 500, gcPerExaminedNs: 10, gcPerTraversedNs: 3, gcPerFreedNs: 60, gcPerAuxFreedNs: 0, gcPerLongLivedNs: 0, gcFirstFactor: 1.3 }
    const runs: PauseRun[] = [1, 3, 10].map((scale) =>
      Array.from({ length: 400 }, (_, i) => {
        const work = { examined: 700 * scale + (i % 7), examinedLongLived: 0, examinedOld: 0, traversed: 300 * scale + (i % 3) * 50, freed: (i % 5) * 100 * scale, auxFreed: 0, freedBytes: 0 }
        const u = variationDraw(scale, i)
        const noise = i > 0 && u > 0.95 ? 1.5 : 1
        return { work, measuredNs: pauseNs(truth, work) * (i === 0 ? 1.3 : 1) * noise }
      }),
    )
    const fitted = fitPauseModel(runs, MODEL)
    // 5 % of the collections are 1.5× slower: least squares on relative error moves the coefficients a little.
    expect(Math.abs(fitted.gcPerExaminedNs / 10 - 1)).toBeLessThan(0.1)
    expect(Math.abs(fitted.gcPerFreedNs / 60 - 1)).toBeLessThan(0.1)
    expect(fitted.gcFirstFactor).toBeCloseTo(1.3, 1)
    expect(fitted.gcNoiseQ50).toBeCloseTo(1, 2)
    expect(fitted.gcNoiseQ99).toBeCloseTo(1.5, 1)
  })

  /** Runs whose collections free objects of one of two layouts (40 or 80 bytes) in turn; `aux`: one values array per 80-byte object. */
  function twoLayouts(truth: CostModel, aux: boolean): PauseRun[] {
    return [1, 2, 5].map((scale) =>
      Array.from({ length: 60 }, (_, i) => {
        const small = i % 2 === 0 ? 1000 * scale : 0
        const large = i % 2 === 1 ? 700 * scale : 0
        const work = { examined: small + large + 300 * (i % 3), examinedLongLived: 0, examinedOld: 0, traversed: small + 2 * large + 100 * (i % 4), freed: small + large, auxFreed: aux ? large : 0, freedBytes: 40 * small + 80 * large }
        return { work, measuredNs: pauseNs(truth, work) }
      }),
    )
  }

  it('takes the first factor from first collections of the variation\'s scale and up', () => {
    const truth: CostModel = { ...MODEL, ...NO_VARIATION, gcFixedNs: 0, gcPerExaminedNs: 10, gcPerTraversedNs: 3, gcPerFreedNs: 60, gcPerAuxFreedNs: 0, gcPerLongLivedNs: 0 }
    // A cold start costs 2 µs more: ×5 on a 0.5 µs collection, ×1.02 on a 100 µs one.
    const runs: PauseRun[] = [0.01, 1, 3].map((scale) =>
      Array.from({ length: 50 }, (_, i) => {
        const work = { examined: Math.round(7000 * scale) + (i % 7), examinedLongLived: 0, examinedOld: 0, traversed: Math.round(3000 * scale) + (i % 3) * 5, freed: Math.round(1000 * scale), auxFreed: 0, freedBytes: 0 }
        return { work, measuredNs: pauseNs(truth, work) + (i === 0 ? 2000 : 0) }
      }),
    )
    expect(pauseNs(truth, runs[0]![0]!.work)).toBeLessThan(NOISE_SCALE_NS)
    expect(pauseNs(truth, runs[1]![0]!.work)).toBeGreaterThan(NOISE_SCALE_NS)
    expect(fitPauseModel(runs, MODEL).gcFirstFactor).toBeLessThan(1.05)
  })

  it('recovers a per-byte cost when objects of different sizes are freed', () => {
    const truth: CostModel = { ...MODEL, ...NO_VARIATION, gcFixedNs: 0, gcPerExaminedNs: 7, gcPerLongLivedNs: 0, gcPerTraversedNs: 5, gcPerFreedNs: 38, gcPerAuxFreedNs: 0, gcPerFreedByteNs: 0.2 }
    const fitted = fitPauseModel(twoLayouts(truth, false), MODEL)
    expect(fitted.gcPerFreedByteNs).toBeCloseTo(0.2, 3)
  })

  it('recovers the oldest generation\'s own per-object cost from full collections among young ones', () => {
    const truth: CostModel = { ...MODEL, ...NO_VARIATION, gcFixedNs: 0, gcPerExaminedNs: 7, gcPerLongLivedNs: 100, gcPerTraversedNs: 5, gcPerFreedNs: 38, gcPerAuxFreedNs: 0, gcPerFreedByteNs: 0, gcPerExaminedOldNs: 60 }
    // Young collections of ~700 objects; every 20th a full one over a heap of 10 000 × k objects.
    const runs: PauseRun[] = [1, 5, 25].map((k) =>
      Array.from({ length: 100 }, (_, i) => {
        const old = i % 20 === 19 ? 10_000 * k : 0
        const young = 700 + (i % 7) * 10
        const longLived = old > 0 ? 11_000 : 0
        const work = { examined: young + old + longLived, examinedLongLived: longLived, examinedOld: old, traversed: 2 * young + 3 * old + (i % 3) * 15, freed: young - (i % 5) * 20, auxFreed: 0, freedBytes: 0 }
        return { work, measuredNs: pauseNs(truth, work) }
      }),
    )
    const fitted = fitPauseModel(runs, MODEL)
    expect(fitted.gcPerExaminedOldNs).toBeCloseTo(60, 3)
    expect(fitted.gcPerLongLivedNs).toBeCloseTo(100, 3)
    expect(fitted.gcPerExaminedNs).toBeCloseTo(7, 3)
  })

  it('leaves out the per-byte cost when bytes are a fixed sum of objects and values arrays freed', () => {
    const truth: CostModel = { ...MODEL, ...NO_VARIATION, gcFixedNs: 0, gcPerExaminedNs: 7, gcPerLongLivedNs: 0, gcPerTraversedNs: 5, gcPerFreedNs: 38, gcPerAuxFreedNs: 12, gcPerFreedByteNs: 0 }
    const fitted = fitPauseModel(twoLayouts(truth, true), MODEL)
    expect(fitted.gcPerFreedByteNs).toBe(0)
    for (const key of ['gcFixedNs', 'gcPerExaminedNs', 'gcPerTraversedNs', 'gcPerFreedNs', 'gcPerAuxFreedNs'] as const) expect(Number.isFinite(fitted[key]), key).toBe(true)
    const work = twoLayouts(truth, true)[0]![1]!.work
    expect(pauseNs(fitted, work) / pauseNs(truth, work)).toBeCloseTo(1, 6)
  })
})

describe('fitPauseModelToStats', () => {
  /** 300 young collections of 700 objects and, at 200, one full collection over `heap` objects. */
  function run(heap: number): CollectionWork[] {
    return Array.from({ length: 300 }, (_, i) =>
      i === 200
        ? { examined: heap + 11_000, examinedLongLived: 11_000, examinedOld: heap, traversed: 2 * heap, freed: 0, auxFreed: 0, freedBytes: 0 }
        : { examined: 700, examinedLongLived: 0, examinedOld: 0, traversed: 1400, freed: 700, auxFreed: 0, freedBytes: 0 },
    )
  }
  const base: CostModel = { ...MODEL, ...NO_VARIATION, gcFixedNs: 0, gcPerExaminedNs: 7, gcPerLongLivedNs: 100, gcPerTraversedNs: 5, gcPerFreedNs: 40, gcPerAuxFreedNs: 0, gcPerFreedByteNs: 0, gcPerExaminedOldNs: 60 }

  it('takes the oldest generation\'s per-object cost from the maximum when a full collection stands alone at the top', () => {
    const works = run(200_000)
    const young = pauseNs(base, works[0]!)
    // The measured run: the same speed, but a full collection at 20 ns per old object, not 60.
    const full = pauseNs({ ...base, gcPerExaminedOldNs: 20 }, works[200]!)
    const measured = { count: 300, total: 299 * young + full, p50: young, p95: young, p99: young, max: full }
    const fitted = fitPauseModelToStats([{ works, measured }], base)
    expect(fitted.gcPerExaminedNs).toBeCloseTo(7, 6)
    expect(fitted.gcPerExaminedOldNs).toBeCloseTo(20, 6)
  })

  it('keeps the term when no run has a full collection far above the others', () => {
    // A generation-2 collection of a small heap: twice a young one's work.
    const works = run(0).map((w, i) => (i === 200 ? { ...w, examined: 1400, examinedLongLived: 0, examinedOld: 700, traversed: 2800 } : w))
    const young = pauseNs(base, works[0]!)
    const measured = { count: 300, total: 300 * young, p50: young, p95: young, p99: young, max: young * 1.5 }
    expect(fitPauseModelToStats([{ works, measured }], base).gcPerExaminedOldNs).toBe(60)
  })
})

describe('fitVariationToRepeats', () => {
  it('measures the machine\'s spread from repeated runs, not the work model\'s misfit', () => {
    const model: CostModel = { ...MODEL, ...NO_VARIATION, gcFixedNs: 0, gcPerExaminedNs: 10, gcPerTraversedNs: 0, gcPerFreedNs: 0, gcPerAuxFreedNs: 0, gcPerLongLivedNs: 0 }
    // 200 collections of 200 µs; every 10th really costs 3× what the model says (misfit). Five
    // runs, the second 1.5× slower as a whole; within a run, 2 % of the pauses 1.4× slow.
    const works = Array.from({ length: 200 }, (_, i) => ({ examined: 20_000 + i, examinedLongLived: 0, examinedOld: 0, traversed: 0, freed: 0, auxFreed: 0, freedBytes: 0 }))
    const real = works.map((w, i) => pauseNs(model, w) * (i % 10 === 9 ? 3 : 1))
    const runs = [0, 1, 2, 3, 4].map((k) => real.map((ns, i) => ns * (k === 1 ? 1.5 : 1) * (variationDraw(k + 1, i) > 0.98 ? 1.4 : 1)))
    const fitted = fitVariationToRepeats([{ works, runs }], model)
    expect(fitted.gcNoiseQ50).toBeCloseTo(1, 2)
    expect(fitted.gcNoiseQ90).toBeLessThan(1.05)
    expect(fitted.gcNoiseQ995).toBeGreaterThan(1.3)
    expect(fitted.gcNoiseQ995).toBeLessThan(1.5)
    // The residuals of one run would have put the misfit (3×, a tenth of the collections) into the spread.
    const fromResiduals = fitPauseModel([works.map((work, i) => ({ work, measuredNs: runs[0]![i] as number }))], model)
    expect(fromResiduals.gcNoiseQ95).toBeGreaterThan(2)
  })

  it('leaves the model alone without enough runs', () => {
    const works = Array.from({ length: 50 }, () => WORK)
    expect(fitVariationToRepeats([{ works, runs: [works.map(() => 1000), works.map(() => 2000)] }], MODEL)).toEqual(MODEL)
  })
})
