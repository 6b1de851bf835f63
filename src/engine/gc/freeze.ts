/**
 * `gc.freeze()` / `gc.unfreeze()` / `gc.get_freeze_count()`: the permanent generation.
 * Freezing moves every tracked object out of the generations and resets all counts (measured
 * on 3.11.7, 3.12.1 and 3.13.0: `gc.get_count()` is (0, 0, 0) right after `gc.freeze()`);
 * unfreezing appends the permanent generation to the oldest one without touching the counts.
 */
import type { Interp } from '../runtime/interp'
import { generationHead, LIST } from './gc-list'
import { mergeInto } from './generational'

/** `gc.freeze()`. */
export function gcFreeze(interp: Interp): void {
  for (let g = 0; g < 3; g++) {
    mergeInto(interp, generationHead(g), LIST.PERMANENT)
    interp.gc.counts[g] = 0
  }
}

/** `gc.unfreeze()`. */
export function gcUnfreeze(interp: Interp): void {
  mergeInto(interp, LIST.PERMANENT, generationHead(2))
}

/** `gc.get_freeze_count()`. */
export function freezeCount(interp: Interp): number {
  return interp.gc.listSize[LIST.PERMANENT] as number
}
