import { describe, expect, it } from 'vitest'
import { DEFAULT_COST_MODELS } from '@engine'
import { toCostModel } from './settings-service'

const BARE = { gcFixedNs: 300, gcPerExaminedNs: 7, gcPerLongLivedNs: 400, gcPerTraversedNs: 2, gcPerFreedNs: 50, gcPerAuxFreedNs: 10, opNs: 8, allocNs: 0, freeNs: 0 }

describe('stored pause models', () => {
  it('keep the first factor and the variation of a calibration', () => {
    const model = DEFAULT_COST_MODELS['cpython-3.12']
    expect(toCostModel(JSON.parse(JSON.stringify(model)))).toEqual(model)
  })

  it('load without them (calibrated before they existed)', () => {
    expect(toCostModel(BARE)).toEqual(BARE)
  })

  it('refuse an invalid variation field', () => {
    expect(toCostModel({ ...BARE, gcNoiseQ99: -1 })).toBeNull()
    expect(toCostModel({ ...BARE, gcFirstFactor: 'x' })).toBeNull()
    expect(toCostModel({ ...BARE, gcPerExaminedOldNs: Number.NaN })).toBeNull()
  })
})
