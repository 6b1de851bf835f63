/**
 * Weak references in the 3.14-era collector (Python/gc.c after gh-135552): weakrefs that have a
 * callback are cleared, and the callbacks of those outside the garbage are run, *before*
 * finalizers (`handle_weakref_callbacks`); weakrefs without a callback are cleared only after
 * finalizers and resurrection (`clear_weakrefs`), so `__del__` methods can still use them.
 * The 3.11–3.13 order (everything cleared first) is `handleWeakrefs` in generational.ts.
 */
import { FLAG } from '../objects/object-store'
import { OBJECT_TYPE } from '../objects/object-types'
import { decref, incref } from '../runtime/dealloc'
import type { Interp } from '../runtime/interp'
import { clearWeakref, runWeakrefCallback, weakrefsOf } from '../runtime/weakrefs'
import { LIST, listInit, listIsEmpty } from './gc-list'
import { moveTo } from './generational'

/**
 * `handle_weakref_callbacks`: clears every weakref with a callback to an object of
 * `unreachable`; the callbacks of those that are not garbage themselves run now.
 * @param old where weakrefs that survive their callback go
 * @returns weakrefs freed by their own callback (counted as collected)
 */
export function handleWeakrefCallbacks(interp: Interp, unreachable: number, old: number): number {
  const s = interp.store
  const wrcb = LIST.WEAKREF_CALLBACKS
  listInit(s, wrcb)
  interp.gc.listSize[wrcb] = 0
  let x = s.gcNext[unreachable] as number
  while (x !== unreachable) {
    const nextX = s.gcNext[x] as number
    if (interp.weakrefsTo.has(x)) {
      for (const wr of weakrefsOf(interp, x)) {
        if (!interp.weakrefHasCallback.has(wr)) continue
        clearWeakref(interp, wr)
        // A weakref that is garbage too keeps its callback uncalled (it stays in the set).
        if (((s.flags[wr] as number) & FLAG.COLLECTING) !== 0) continue
        incref(interp, wr)
        moveTo(interp, wr, wrcb)
      }
    }
    x = nextX
  }
  let freed = 0
  while (!listIsEmpty(s, wrcb)) {
    const wr = s.gcNext[wrcb] as number
    runWeakrefCallback(interp, wr)
    interp.weakrefHasCallback.delete(wr)
    decref(interp, wr)
    if (s.gcNext[wrcb] === wr) moveTo(interp, wr, old)
    else freed++
  }
  return freed
}

/**
 * `clear_weakrefs`: after finalizers, clears weakrefs that are garbage and every weakref still
 * pointing at garbage (callbacks are not run).
 */
export function clearWeakrefs(interp: Interp, garbage: number): void {
  const s = interp.store
  for (let x = s.gcNext[garbage] as number; x !== garbage; x = s.gcNext[x] as number) {
    if (s.type[x] === OBJECT_TYPE.WEAKREF) clearWeakref(interp, x)
    let list = interp.weakrefsTo.get(x)
    while (list !== undefined && list.length > 0) {
      clearWeakref(interp, list[0] as number)
      list = interp.weakrefsTo.get(x)
    }
  }
}
