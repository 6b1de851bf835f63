import { describe, expect, it } from 'vitest'
import type { SeriesOption } from 'echarts'
import { livePointBudget, withSeriesIds } from './live-chart'

describe('withSeriesIds', () => {
  it('names each series by type and name, numbering series that share a name, and keeps given ids', () => {
    const series = [
      { type: 'line', name: '64 B' },
      { type: 'scatter', name: 'gen0' },
      { type: 'scatter', name: 'gen0' },
      { type: 'line', name: 'mine', id: 'kept' },
    ] as SeriesOption[]
    expect(withSeriesIds(series).map((s) => s.id)).toEqual(['line:64 B:0', 'scatter:gen0:0', 'scatter:gen0:1', 'kept'])
  })

  it('gives a series the same id when others come and go around it', () => {
    const before = withSeriesIds([{ type: 'line', name: 'other 3 classes' }, { type: 'line', name: '64 B' }] as SeriesOption[])
    const after = withSeriesIds([{ type: 'line', name: 'other 2 classes' }, { type: 'line', name: '128 B' }, { type: 'line', name: '64 B' }] as SeriesOption[])
    expect(after.find((s) => s.name === '64 B')?.id).toBe(before.find((s) => s.name === '64 B')?.id)
  })
})

describe('livePointBudget', () => {
  it('is about a point per pixel, 400 to 1000', () => {
    expect(livePointBudget(100)).toBe(400)
    expect(livePointBudget(518.4)).toBe(518)
    expect(livePointBudget(3000)).toBe(1000)
  })
})
