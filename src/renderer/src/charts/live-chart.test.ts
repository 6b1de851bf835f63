import { describe, expect, it } from 'vitest'
import type { SeriesOption } from 'echarts'
import { livePointBudget, withPositionIds } from './live-chart'

describe('withPositionIds', () => {
  it('names each series by its type, position and name, keeping an id it has', () => {
    const series = [{ type: 'line', name: 'other 3 classes' }, { type: 'line', name: '64 B' }, { type: 'scatter', name: 'gen0', id: 'kept' }] as SeriesOption[]
    expect(withPositionIds(series).map((s) => s.id)).toEqual(['line:0:other 3 classes', 'line:1:64 B', 'kept'])
  })
})

describe('livePointBudget', () => {
  it('is about a point per pixel, 400 to 1000', () => {
    expect(livePointBudget(100)).toBe(400)
    expect(livePointBudget(518.4)).toBe(518)
    expect(livePointBudget(3000)).toBe(1000)
  })
})
