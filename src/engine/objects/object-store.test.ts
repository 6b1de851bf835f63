import { describe, expect, it } from 'vitest'
import { NO_BLOCK } from '../allocator/memory'
import { nextCapacity } from '../core/typed-array'
import { createObject, createObjectStore, destroyObject, handleOf, isAlive, liveContainerRows, NOT_IN_LIST, pushRef, RESERVED_INDICES } from './object-store'
import { OBJECT_TYPE } from './object-types'

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

describe('container rows', () => {
  it('belong to GC objects only, start in the "none" state and are reused after a free', () => {
    const s = createObjectStore()
    const f = createObject(s, OBJECT_TYPE.FLOAT, 0, 24)
    const l = createObject(s, OBJECT_TYPE.LIST, 0, 56)
    expect(s.container[f]).toBe(0)
    const c = s.container[l] as number
    expect(c).toBeGreaterThanOrEqual(RESERVED_INDICES)
    expect([s.gcList[c], s.aux[c], s.refStart[c], s.refLen[c]]).toEqual([NOT_IN_LIST, NO_BLOCK, 0, 0])
    pushRef(s, l, f)
    expect(s.refLen[c]).toBe(1)
    expect(s.refLen[s.container[f] as number]).toBe(0)
    destroyObject(s, l)
    expect(s.container[l]).toBe(0)
    expect([s.refStart[c], s.refLen[c], liveContainerRows(s)]).toEqual([0, 0, 0])
    const d = createObject(s, OBJECT_TYPE.DICT, 0, 64)
    expect(s.container[d]).toBe(c)
  })

  it('grow with the store: doubling up to 4 M entries, by a quarter past them', () => {
    const s = createObjectStore(64)
    for (let i = 0; i < 10_000; i++) createObject(s, i % 2 === 0 ? OBJECT_TYPE.TUPLE : OBJECT_TYPE.INT, 0, 32)
    expect(s.capacity).toBe(16_384)
    expect(nextCapacity(1 << 21, 0)).toBe(1 << 22)
    expect(liveContainerRows(s)).toBe(5000)
    expect(s.containerCapacity).toBeGreaterThan(s.containerTop)
    expect(nextCapacity(1 << 24, 0)).toBe((1 << 24) + (1 << 22))
  })

  it('grow the last reference region in place, keeping its entries', () => {
    const s = createObjectStore()
    const l = createObject(s, OBJECT_TYPE.LIST, 0, 56)
    for (let i = 1; i <= 5000; i++) pushRef(s, l, i)
    const c = s.container[l] as number
    expect(s.refCapLog2[c]).toBe(13)
    expect(s.edges.top).toBe((s.refStart[c] as number) + 8192)
    expect(s.edges.freeRegions.every((list) => list.length === 0)).toBe(true)
    for (let i = 0; i < 5000; i++) expect(s.edges.data[(s.refStart[c] as number) + i]).toBe(i + 1)
    expect(s.edges.data[(s.refStart[c] as number) + 5000]).toBe(0)
  })
})
