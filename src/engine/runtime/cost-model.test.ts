import { describe, expect, it } from 'vitest'
import { fitPauseModel, type PauseRun } from './calibrate'
import { collectionPauseNs, DEFAULT_COST_MODELS, machineFactor, NO_VARIATION, NOISE_SCALE_NS, pauseNs, variationDraw, variationQuantile, type CostModel } from './cost-model'

const MODEL = DEFAULT_COST_MODELS['cpython-3.11']
const WORK = { examined: 700, examinedLongLived: 0, traversed: 700, freed: 700, auxFreed: 0, freedBytes: 700 * 48 }

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
        const work = { examined: 700 * scale + (i % 7), examinedLongLived: 0, traversed: 300 * scale + (i % 3) * 50, freed: (i % 5) * 100 * scale, auxFreed: 0, freedBytes: 0 }
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
        const work = { examined: small + large + 300 * (i % 3), examinedLongLived: 0, traversed: small + 2 * large + 100 * (i % 4), freed: small + large, auxFreed: aux ? large : 0, freedBytes: 40 * small + 80 * large }
        return { work, measuredNs: pauseNs(truth, work) }
      }),
    )
  }

  it('recovers a per-byte cost when objects of different sizes are freed', () => {
    const truth: CostModel = { ...MODEL, ...NO_VARIATION, gcFixedNs: 0, gcPerExaminedNs: 7, gcPerLongLivedNs: 0, gcPerTraversedNs: 5, gcPerFreedNs: 38, gcPerAuxFreedNs: 0, gcPerFreedByteNs: 0.2 }
    const fitted = fitPauseModel(twoLayouts(truth, false), MODEL)
    expect(fitted.gcPerFreedByteNs).toBeCloseTo(0.2, 3)
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
