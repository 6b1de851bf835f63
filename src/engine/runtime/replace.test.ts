/**
 * The in-place rebinding paths must leave the heap exactly as the general path does: a new
 * object allocated while the old one is held, then the old one released.
 */
import { describe, expect, it } from 'vitest'
import { obmallocStats } from '../allocator/obmalloc'
import { newFloat, newInt } from './allocate'
import { decref } from './dealloc'
import { createInterp, type Interp } from './interp'
import { getPreset } from './presets'
import { replaceFloat, replaceMediumInt } from './replace'

function interp(version: '3.11' | '3.12' | '3.13'): Interp {
  const it = createInterp(getPreset(`cpython-${version}`), 63, 0)
  it.gc.enabled = false
  return it
}

/** The heap's state: every pool's fill and links, allocator statistics, counters, free lists. */
function observable(it: Interp): unknown {
  const om = it.mem.om
  return {
    allocator: obmallocStats(om),
    usedPools: Array.from(om.usedPools),
    poolCount: Array.from(om.poolCount),
    poolCarved: Array.from(om.poolCarvedBlocks),
    poolNext: Array.from(om.poolNext),
    allocated: it.counters.objectsAllocated,
    freed: it.counters.objectsFreed,
    live: it.store.live,
    peakLive: it.store.peakLive,
    typeLive: Array.from(it.counters.typeLive),
    freeListSizes: Array.from(it.free.size),
    reused: Array.from(it.free.reused),
    released: Array.from(it.free.released),
  }
}

/**
 * Runs `steps` rebindings of one name on two interpreters: `general` allocates the new number
 * and releases the old one; the other tries `replace` first. Between rebindings both allocate
 * and free the same other objects (`noise`), so pools fill, carve, empty and change order.
 */
function compare(version: '3.11' | '3.12' | '3.13', make: (it: Interp) => number, replace: (it: Interp, old: number) => boolean, noise: (it: Interp, step: number, held: number[]) => void, steps: number): number {
  const general = interp(version)
  const fast = interp(version)
  const heldG: number[] = []
  const heldF: number[] = []
  let g = make(general)
  let f = make(fast)
  let inPlace = 0
  for (let step = 0; step < steps; step++) {
    noise(general, step, heldG)
    noise(fast, step, heldF)
    const next = make(general)
    decref(general, g)
    g = next
    if (replace(fast, f)) inPlace++
    else {
      const n = make(fast)
      decref(fast, f)
      f = n
    }
    if (step % 50 === 49) expect(observable(fast), `step ${step}`).toEqual(observable(general))
  }
  return inPlace
}

/**
 * Medium ints (no free list, the numbers' size class), made and dropped pseudo-randomly: for 300
 * steps three are kept and one dropped per step, for the next 300 one is kept and two dropped.
 * Pools fill, carve, empty and gain free blocks, and frees in full pools move them to the front
 * of usedpools, so the number's own pool is often not the one the next block comes from.
 */
function intNoise(it: Interp, step: number, held: number[]): void {
  const growing = step % 600 < 300
  for (let i = growing ? 3 : 1; i > 0; i--) held.push(newInt(it, 1))
  for (let i = growing ? 1 : 2; i > 0 && held.length > 0; i--) {
    const k = (step * 7919 + i * 104729) % held.length
    decref(it, held[k] as number)
    held.splice(k, 1)
  }
}

describe('in-place rebinding', () => {
  for (const version of ['3.11', '3.12', '3.13'] as const) {
    it(`a medium int loop index on ${version}: same heap as allocate-then-release, including carving and pool moves`, () => {
      const inPlace = compare(version, (it) => newInt(it, 1), replaceMediumInt, intNoise, 3000)
      expect(inPlace).toBe(3000)
    })

    it(`a float rebinding on ${version}: same heap as allocate-then-release`, () => {
      const inPlace = compare(version, newFloat, replaceFloat, intNoise, 3000)
      expect(inPlace).toBeGreaterThan(0)
    })
  }
})
