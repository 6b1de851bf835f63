import { describe, expect, it } from 'vitest'
import { median } from './percentiles'

describe('median', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([5, 1, 9])).toBe(5)
    expect(median([4, 1, 9, 2])).toBe(3)
    expect(median([])).toBeNaN()
    expect(median([], 1)).toBe(1)
  })
})
