/**
 * The run's GC log: one row per collection, as growable columns.
 */
import { growColumn } from '../core/typed-array'
import type { CollectionRecord } from '../runtime/interp'
import type { GcLogColumns } from '../types'

export interface GcLog {
  count: number
  ops: Float64Array
  timeNs: Float64Array
  generation: Uint8Array
  reason: Uint8Array
  examined: Float64Array
  traversed: Float64Array
  unreachable: Float64Array
  collected: Float64Array
  uncollectable: Float64Array
  promoted: Float64Array
  moved: Float64Array
  pauseNs: Float64Array
  wallNs: Float64Array
  countsBefore: Float64Array
}

export function createGcLog(): GcLog {
  const n = 256
  return {
    count: 0,
    ops: new Float64Array(n),
    timeNs: new Float64Array(n),
    generation: new Uint8Array(n),
    reason: new Uint8Array(n),
    examined: new Float64Array(n),
    traversed: new Float64Array(n),
    unreachable: new Float64Array(n),
    collected: new Float64Array(n),
    uncollectable: new Float64Array(n),
    promoted: new Float64Array(n),
    moved: new Float64Array(n),
    pauseNs: new Float64Array(n),
    wallNs: new Float64Array(n),
    countsBefore: new Float64Array(n * 3),
  }
}

/** Appends one collection. */
export function logCollection(log: GcLog, record: CollectionRecord, ops: number, timeNs: number, pauseNs: number, wallNs: number): void {
  const i = log.count
  if (i >= log.ops.length) {
    const cap = log.ops.length * 2
    log.ops = growColumn(log.ops, cap)
    log.timeNs = growColumn(log.timeNs, cap)
    log.generation = growColumn(log.generation, cap)
    log.reason = growColumn(log.reason, cap)
    log.examined = growColumn(log.examined, cap)
    log.traversed = growColumn(log.traversed, cap)
    log.unreachable = growColumn(log.unreachable, cap)
    log.collected = growColumn(log.collected, cap)
    log.uncollectable = growColumn(log.uncollectable, cap)
    log.promoted = growColumn(log.promoted, cap)
    log.moved = growColumn(log.moved, cap)
    log.pauseNs = growColumn(log.pauseNs, cap)
    log.wallNs = growColumn(log.wallNs, cap)
    log.countsBefore = growColumn(log.countsBefore, cap * 3)
  }
  log.ops[i] = ops
  log.timeNs[i] = timeNs
  log.generation[i] = record.generation
  log.reason[i] = record.reason
  log.examined[i] = record.examined
  log.traversed[i] = record.traversed
  log.unreachable[i] = record.unreachable
  log.collected[i] = record.collected
  log.uncollectable[i] = record.uncollectable
  log.promoted[i] = record.promoted
  log.moved[i] = record.moved
  log.pauseNs[i] = pauseNs
  log.wallNs[i] = wallNs
  log.countsBefore[i * 3] = record.countsBefore[0]
  log.countsBefore[i * 3 + 1] = record.countsBefore[1]
  log.countsBefore[i * 3 + 2] = record.countsBefore[2]
  log.count = i + 1
}

/** Copies rows [from, to) into a plain DTO. */
export function sliceGcLog(log: GcLog, from: number, to: number): GcLogColumns {
  return {
    count: to - from,
    ops: log.ops.slice(from, to),
    timeNs: log.timeNs.slice(from, to),
    generation: log.generation.slice(from, to),
    reason: log.reason.slice(from, to),
    examined: log.examined.slice(from, to),
    traversed: log.traversed.slice(from, to),
    unreachable: log.unreachable.slice(from, to),
    collected: log.collected.slice(from, to),
    uncollectable: log.uncollectable.slice(from, to),
    promoted: log.promoted.slice(from, to),
    moved: log.moved.slice(from, to),
    pauseNs: log.pauseNs.slice(from, to),
    wallNs: log.wallNs.slice(from, to),
    countsBefore: log.countsBefore.slice(from * 3, to * 3),
  }
}
