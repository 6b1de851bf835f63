import { describe, expect, it } from 'vitest'
import { thinPoints, thinRows } from './thin'

describe('thinRows', () => {
  it('keeps every row within the budget', () => {
    expect(Array.from(thinRows(5, 10, () => 1))).toEqual([0, 1, 2, 3, 4])
  })

  it('keeps the first and last row and each bucket\'s extremes, in order, within the budget', () => {
    const values = Float64Array.from({ length: 10_000 }, (_, i) => Math.sin(i / 37) * 100 + (i === 4321 ? 1000 : 0) - (i === 777 ? 1000 : 0))
    const rows = thinRows(values.length, 300, (i) => values[i] as number)
    expect(rows.length).toBeLessThanOrEqual(300)
    expect(rows[0]).toBe(0)
    expect(rows[rows.length - 1]).toBe(values.length - 1)
    for (let j = 1; j < rows.length; j++) expect(rows[j] as number).toBeGreaterThan(rows[j - 1] as number)
    expect(Array.from(rows)).toContain(4321)
    expect(Array.from(rows)).toContain(777)
  })

  it('keeps gaps (NaN) as gaps', () => {
    const values = Float64Array.from({ length: 1000 }, (_, i) => (i < 500 ? NaN : i))
    const rows = Array.from(thinRows(values.length, 60, (i) => values[i] as number))
    expect(rows.some((i) => Number.isNaN(values[i]))).toBe(true)
    expect(rows).toContain(999)
  })
})

describe('thinPoints', () => {
  it('returns the points themselves within the budget or without one', () => {
    const data = Float64Array.of(0, 1, 1, 2)
    expect(thinPoints(data, 10)).toBe(data)
    expect(thinPoints(data, undefined)).toBe(data)
  })

  it('thins wide points whole, by their y', () => {
    const data = new Float64Array(4 * 5000)
    for (let i = 0; i < 5000; i++) data.set([i, i % 97, i, 7], 4 * i)
    const thin = thinPoints(data, 100, 4)
    expect(thin.length / 4).toBeLessThanOrEqual(100)
    for (let j = 0; j < thin.length; j += 4) {
      expect(thin[j + 1]).toBe((thin[j] as number) % 97)
      expect(thin[j + 2]).toBe(thin[j])
    }
  })
})
