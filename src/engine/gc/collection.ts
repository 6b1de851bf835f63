/**
 * The frame around one collection, for every collector in this folder: the `collecting` flag,
 * the collection record, the simulator's wall time, objects freed, and the `onCollection` hook
 * that feeds the GC log and the pause model.
 */
import { newDict } from '../runtime/allocate'
import { internString, SMALL_INT } from '../runtime/constants'
import { dictSetItem } from '../runtime/dict-ops'
import type { CollectionRecord, Interp } from '../runtime/interp'

/**
 * Runs `body` as one collection and reports it.
 * @param generation the generation the record (and the statistics) name
 * @param reason 0 threshold, 1 explicit `gc.collect()`
 * @param body does the work, fills the record's counts
 * @returns what `body` returns (collected + uncollectable)
 */
export function runCollection(interp: Interp, generation: number, reason: number, body: (record: CollectionRecord) => number): number {
  const gc = interp.gc
  const wasCollecting = gc.collecting
  gc.collecting = true
  const record: CollectionRecord = {
    generation,
    reason,
    examined: 0,
    examinedLongLived: 0,
    examinedOld: 0,
    traversed: 0,
    unreachable: 0,
    collected: 0,
    uncollectable: 0,
    promoted: 0,
    freed: 0,
    auxFreed: 0,
    freedBytes: 0,
    moved: 0,
    countsBefore: [gc.counts[0] as number, gc.counts[1] as number, gc.counts[2] as number],
    wallMs: 0,
  }
  const freedBefore = interp.counters.objectsFreed
  const auxBefore = interp.counters.auxFreed
  const bytesBefore = interp.counters.bytesFreed
  const t0 = interp.clock()
  const result = body(record)
  record.wallMs = interp.clock() - t0
  record.freed = interp.counters.objectsFreed - freedBefore
  record.auxFreed = interp.counters.auxFreed - auxBefore
  record.freedBytes = interp.counters.bytesFreed - bytesBefore
  gc.collecting = wasCollecting
  interp.onCollection(interp, record)
  return result
}

/** `add_stats`: adds a collection's results to a generation's statistics. */
export function addStats(interp: Interp, generation: number, record: CollectionRecord): void {
  const gc = interp.gc
  gc.collections[generation] = (gc.collections[generation] as number) + 1
  gc.collected[generation] = (gc.collected[generation] as number) + record.collected
  gc.uncollectable[generation] = (gc.uncollectable[generation] as number) + record.uncollectable
}

/**
 * The info dict a "start" or "stop" hands the callbacks (`{'generation': …, 'collected': …,
 * 'uncollectable': …}`): from the dict free list when it holds one, else a fresh GC allocation
 * (+1 to count0).
 * @returns a new reference
 */
export function newCallbackInfo(interp: Interp): number {
  const info = newDict(interp)
  for (const key of ['generation', 'collected', 'uncollectable']) dictSetItem(interp, info, internString(interp.constants, key), SMALL_INT)
  return info
}
