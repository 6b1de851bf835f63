import { describe, expect, it } from 'vitest'
import { parseSweepValues } from './compare'

const CHOICES = { presets: ['cpython-3.11', 'cpython-3.13'], collectors: ['cpython', 'mark-sweep'] }

describe('parseSweepValues', () => {
  it('reads whole numbers for thresholds and seeds', () => {
    expect(parseSweepValues('gc.threshold0', '700, 2000,10000', CHOICES)).toEqual({ ok: true, values: [700, 2000, 10000] })
    expect(parseSweepValues('seed', '1,2', CHOICES)).toEqual({ ok: true, values: [1, 2] })
  })

  it('names the value that is wrong', () => {
    expect(parseSweepValues('gc.threshold0', '700, 1e3', CHOICES)).toEqual({ ok: false, message: 'values: "1e3" is not a whole number from 0 to 1000000000' })
    expect(parseSweepValues('preset', 'cpython-3.11, 3.12', CHOICES)).toEqual({ ok: false, message: 'values: "3.12" is not a preset; expected one of cpython-3.11, cpython-3.13' })
    expect(parseSweepValues('gc.enabled', 'yes', CHOICES)).toMatchObject({ ok: false })
    expect(parseSweepValues('gc.threshold1', ' , ', CHOICES)).toMatchObject({ ok: false, message: expect.stringMatching(/at least one value/) })
    expect(parseSweepValues('gc.threshold1', '5,5', CHOICES)).toMatchObject({ ok: false, message: 'values: each value only once' })
  })

  it('reads booleans and names', () => {
    expect(parseSweepValues('gc.enabled', 'true,false', CHOICES)).toEqual({ ok: true, values: [true, false] })
    expect(parseSweepValues('collector', 'cpython, mark-sweep', CHOICES)).toEqual({ ok: true, values: ['cpython', 'mark-sweep'] })
  })
})
