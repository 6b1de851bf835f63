/**
 * CPython's allocation rules as the runtime applies them, checked against the numbers measured
 * on 3.11.7, 3.12.1 and 3.13.0 (reference notes §4–6 and tools/python measurements).
 */
import { describe, expect, it } from 'vitest'
import { newDict, newFloat, newList, newTuple } from './allocate'
import { decref } from './dealloc'
import { dictDelItem, dictKeysBytes, dictSetItem, log2KeySize } from './dict-ops'
import { FREE_LIST, TUPLE_BASE } from './free-lists'
import { instanceBytes, newInstance, setAttr } from './instances'
import { createInterp, SHARED_KEYS_MAX_SIZE, type ClassRuntime, type Interp } from './interp'
import { listAllocated, listAppend } from './list-ops'
import { getPreset } from './presets'
import { internString, SMALL_INT } from './constants'
import { FIRST_CLASS_TYPE, OBJECT_TYPE } from '../objects/object-types'
import { createObject } from '../objects/object-store'
import { NO_BLOCK } from '../allocator/memory'

function interp(version: '3.11' | '3.12' | '3.13'): Interp {
  const it = createInterp(getPreset(`cpython-${version}`), 63, 1)
  it.gc.enabled = false
  return it
}

function addClass(it: Interp, attrs: string[] = []): ClassRuntime {
  const cls: ClassRuntime = {
    name: 'Q',
    index: 0,
    typeId: FIRST_CLASS_TYPE,
    slots: null,
    init: attrs.map((a) => internString(it.constants, a)),
    hasDel: false,
    weakrefable: true,
    finalizerPc: -1,
    sharedKeys: [],
    sharedUsable: SHARED_KEYS_MAX_SIZE,
    classObject: createObject(it.store, OBJECT_TYPE.CLASS, NO_BLOCK, 0),
    instances: 0,
  }
  it.classes.push(cls)
  return cls
}

describe('list growth (list_resize)', () => {
  it('over-allocates 0 → 4 → 8 → 16 → 24 → 32 → 40 → 52 → 64 → 76 → 92 → 108 on append', () => {
    const it = interp('3.11')
    const l = newList(it, 0)
    const seen = [listAllocated(it, l)]
    for (let i = 0; i < 100; i++) {
      listAppend(it, l, SMALL_INT)
      const a = listAllocated(it, l)
      if (a !== seen[seen.length - 1]) seen.push(a)
    }
    expect(seen).toEqual([0, 4, 8, 16, 24, 32, 40, 52, 64, 76, 92, 108])
  })
})

describe('dict keys tables', () => {
  it('have CPython sizes for str-only and general keys', () => {
    expect([3, 4, 5, 6, 7, 8].map((l) => dictKeysBytes(l, true))).toEqual([120, 208, 400, 768, 1520, 3264])
    expect([3, 4, 5, 6, 7, 8].map((l) => dictKeysBytes(l, false))).toEqual([160, 288, 568, 1104, 2200, 4624])
  })

  it('grow at the 6th, 11th and 22nd key', () => {
    const it = interp('3.11')
    const d = newDict(it)
    const sizes: number[] = []
    for (let k = 0; k < 22; k++) {
      dictSetItem(it, d, internString(it.constants, `k${k}`), SMALL_INT)
      sizes.push(it.store.auxSize[it.store.container[d] as number] as number)
    }
    expect(sizes[4]).toBe(120)
    expect(sizes[5]).toBe(208)
    expect(sizes[10]).toBe(400)
    expect(sizes[21]).toBe(768)
  })

  it('size a table as calculate_log2_keysize does on 64-bit Linux: bit_length(((minsize | 8) - 1) | 7)', () => {
    expect([0, 1, 3, 6, 8, 9, 15, 16, 17, 24, 32, 33, 63, 64].map(log2KeySize)).toEqual([3, 4, 4, 4, 3, 4, 4, 5, 5, 5, 6, 6, 6, 7])
    expect(log2KeySize(3e9)).toBe(32)
  })

  it.each(['3.11', '3.12', '3.13'] as const)('%s: a full table with one or two live keys grows to 16 slots (sys.getsizeof 272)', (version) => {
    // Measured on 3.11.7, 3.12.1 and 3.13.0: {'keep': 0}, then 'x0'..'x4' each set and deleted
    // (the table's 5 usable entries used up), then one more key: a 208-byte keys table.
    for (const live of [1, 2]) {
      const it = interp(version)
      const d = newDict(it)
      const key = (name: string): number => internString(it.constants, name)
      for (let k = 0; k < live; k++) dictSetItem(it, d, key(`keep${k}`), SMALL_INT)
      for (let i = 0; i < 5 - live; i++) {
        dictSetItem(it, d, key(`x${i}`), SMALL_INT)
        expect(dictDelItem(it, d, key(`x${i}`))).toBe(true)
      }
      expect(it.store.auxSize[it.store.container[d] as number], `${live} live keys, table full`).toBe(120)
      dictSetItem(it, d, key('y'), SMALL_INT)
      expect(it.store.auxSize[it.store.container[d] as number], `${live} live keys`).toBe(208)
    }
  })
})

describe('instances with a __dict__ (measured by instsize.py)', () => {
  const requests = (version: '3.11' | '3.12' | '3.13', n: number): number[] => {
    const it = interp(version)
    const cls = addClass(it)
    const out: number[] = []
    for (let i = 0; i < n; i++) {
      const bytes = instanceBytes(it, cls)
      const o = newInstance(it, cls)
      out.push(bytes + (it.store.auxSize[it.store.container[o] as number] as number))
    }
    return out
  }
  it('3.11: a 56-byte object plus a values array that shrinks from 264 to 16 bytes', () => {
    expect(requests('3.11', 40)).toEqual([320, 312, 304, 296, 288, 280, 272, 256, 248, 240, 232, 224, 216, 208, 200, 184, 176, 168, 160, 152, 144, 136, 128, 112, 104, 96, 88, 80, 72, ...new Array(11).fill(72)])
  })
  it('3.12: a 48-byte object plus the same values arrays', () => {
    expect(requests('3.12', 30).slice(0, 3)).toEqual([312, 304, 296])
    expect(requests('3.12', 40).slice(-1)).toEqual([64])
  })
  it('3.13: values inline, sized before the shrink', () => {
    expect(requests('3.13', 40).slice(0, 4)).toEqual([328, 320, 312, 304])
    expect(requests('3.13', 40).slice(-1)).toEqual([72])
  })
  it.each(['3.11', '3.12', '3.13'] as const)('%s: a name that no longer fits the shared keys materialises a dict that keeps the earlier values', (version) => {
    const it = interp(version)
    const cls = addClass(it)
    const first = newInstance(it, cls)
    for (let i = 0; i < 40; i++) newInstance(it, cls)
    const q = newFloat(it)
    const p = newFloat(it)
    expect(setAttr(it, first, cls, internString(it.constants, 'q'), q)).toBe('ok')
    // The shared keys are now full: `p` moves q into a real dict first.
    expect(setAttr(it, first, cls, internString(it.constants, 'p'), p)).toBe('ok')
    const dict = it.store.edges.data[it.store.refStart[it.store.container[first] as number] as number] as number
    const entries = Array.from(it.store.edges.data.subarray(it.store.refStart[it.store.container[dict] as number] as number, (it.store.refStart[it.store.container[dict] as number] as number) + (it.store.refLen[it.store.container[dict] as number] as number)))
    expect(entries.filter((v) => v === q || v === p)).toEqual([q, p])
  })
})

describe('free lists', () => {
  it('3.11 and 3.12 push 20-tuples but never pop them; 3.13 reuses them', () => {
    for (const [version, reused] of [['3.11', 0], ['3.12', 0], ['3.13', 1]] as const) {
      const it = interp(version)
      const t = newTuple(it, 20)
      decref(it, t)
      expect(it.free.size[TUPLE_BASE + 19]).toBe(1)
      newTuple(it, 20)
      expect(it.free.reused[TUPLE_BASE + 19]).toBe(reused)
    }
  })

  it('keep at most 100 floats', () => {
    const it = interp('3.11')
    const floats = Array.from({ length: 150 }, () => newFloat(it))
    for (const f of floats) decref(it, f)
    expect(it.free.size[FREE_LIST.FLOAT]).toBe(100)
    expect(it.free.dropped[FREE_LIST.FLOAT]).toBe(50)
  })
})

describe('generation-0 count (_PyObject_GC_Link / PyObject_GC_Del)', () => {
  it('counts fresh GC allocations, not free-list reuse; a GC free lowers it, floored at 0', () => {
    const it = interp('3.11')
    // 100 fresh [] with one list already on the free list: +99 (measured).
    decref(it, newList(it, 0))
    it.gc.counts[0] = 0
    const lists = Array.from({ length: 100 }, () => newList(it, 0))
    expect(it.gc.counts[0]).toBe(99)
    // Deleting them: 80 go to the free list, 20 are freed with −1 each.
    for (const l of lists) decref(it, l)
    expect(it.gc.counts[0]).toBe(79)
    // Floats are not GC objects.
    newFloat(it)
    expect(it.gc.counts[0]).toBe(79)
  })
})
