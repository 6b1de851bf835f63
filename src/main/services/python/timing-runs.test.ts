import { describe, expect, it } from 'vitest'
import { medianTiming } from './timing-runs'

describe('medianTiming', () => {
  it('drops a spike that one run had at one collection', () => {
    const quiet = { wall_s: 1.0, pauses: [[0, 100], [0, 110], [1, 400]] as [number, number][] }
    const spiked = { wall_s: 1.3, pauses: [[0, 101], [0, 5000], [1, 398]] as [number, number][] }
    const other = { wall_s: 1.1, pauses: [[0, 99], [0, 112], [1, 405]] as [number, number][] }
    expect(medianTiming([quiet, spiked, other])).toEqual({ wall_s: 1.1, pauses: [[0, 100], [0, 112], [1, 400]] })
  })

  it('keeps only the collections every run made at the same position with the same generation', () => {
    const a = { wall_s: 1, pauses: [[0, 10], [0, 20], [2, 30]] as [number, number][] }
    const b = { wall_s: 1, pauses: [[0, 12], [1, 22], [2, 32]] as [number, number][] }
    const short = { wall_s: 1, pauses: [[0, 11]] as [number, number][] }
    expect(medianTiming([a, b]).pauses).toEqual([[0, 11]])
    expect(medianTiming([a, short]).pauses).toEqual([[0, 10.5]])
    expect(medianTiming([a]).pauses).toEqual(a.pauses)
  })
})
