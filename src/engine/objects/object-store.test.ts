import { describe, expect, it } from 'vitest'
import { createObject, createObjectStore, destroyObject, handleOf, isAlive } from './object-store'

describe('object handles', () => {
  it('name the live object they were made for and go stale when the slot is reused', () => {
    const s = createObjectStore()
    const o = createObject(s, 2, 0, 24)
    const h = handleOf(s, o)
    expect(isAlive(s, h)).toBe(true)
    destroyObject(s, o)
    expect(isAlive(s, h)).toBe(false)
    const reused = createObject(s, 2, 0, 24)
    expect(reused).toBe(o)
    expect(isAlive(s, h)).toBe(false)
    expect(isAlive(s, handleOf(s, reused))).toBe(true)
  })
})
