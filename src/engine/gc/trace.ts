/**
 * Marking from roots for the what-if tracing collectors: a depth-first walk of the object graph
 * (`store.edges`) with an explicit work stack, marks as epoch stamps so no pass clears them.
 */
import { growColumn } from '../core/typed-array'
import { OBJECT_TYPE } from '../objects/object-types'
import type { Interp } from '../runtime/interp'
import type { TraceScratch } from './collector-state'
import { LIST } from './gc-list'

/** What a trace did. */
export interface TraceWork {
  /** Objects marked (tracked or not). */
  marked: number
  /** References visited. */
  traversed: number
}

/**
 * Starts a trace: a fresh epoch (all marks cleared) and a mark column covering every object.
 * @returns the epoch
 */
function beginTrace(interp: Interp): number {
  const t = interp.gc.trace
  const s = interp.store
  if (t.marks.length < s.capacity) t.marks = growColumn(t.marks, s.capacity)
  if (t.epoch >= 0xfffffffe) {
    t.marks.fill(0)
    t.epoch = 0
  }
  t.epoch++
  return t.epoch
}

/**
 * Marks every object reachable from the roots: the VM's frames and globals, the starting heap's
 * long-lived objects (interpreter objects and classes, which carry external references), the
 * permanent generation (frozen objects are never collected, so what they reach stays alive),
 * and `gc.garbage`.
 * @param heads the lists holding every tracked object that may be garbage
 * @returns the epoch whose stamp marks a reachable object (the work done is added to `work`)
 */
export function markFromRoots(interp: Interp, heads: readonly number[], work: TraceWork): number {
  const s = interp.store
  const trace = interp.gc.trace
  const epoch = beginTrace(interp)
  let sp = 0
  let marked = 0
  const push = (o: number): void => {
    if (o <= 0 || trace.marks[o] === epoch) return
    trace.marks[o] = epoch
    marked++
    // Objects without references only need the mark.
    if ((s.refLen[s.container[o] as number] as number) === 0) return
    if (sp >= trace.stack.length) trace.stack = growColumn(trace.stack, sp + 1)
    trace.stack[sp++] = o
  }
  interp.gcRoots?.forEachFrameRoot(push)
  interp.gcRoots?.forEachGlobalRoot(push)
  for (const o of interp.gc.garbage) push(o)
  for (let x = s.gcNext[LIST.PERMANENT] as number; x !== LIST.PERMANENT; x = s.gcNext[x] as number) push(x)
  for (const head of heads) {
    for (let x = s.gcNext[head] as number; x !== head; x = s.gcNext[x] as number) {
      const type = s.type[x] as number
      if (type === OBJECT_TYPE.INTERPRETER || type === OBJECT_TYPE.CLASS) push(x)
    }
  }
  work.marked += marked
  drain(interp, trace, epoch, sp, work)
  return epoch
}

/** Scans the work stack until empty (depth first), marking and pushing unmarked referents. */
function drain(interp: Interp, trace: TraceScratch, epoch: number, sp: number, work: TraceWork): void {
  const s = interp.store
  const edges = s.edges.data
  // The store does not grow while marking, so the mark column stays the same array.
  const marks = trace.marks
  const row = s.container
  const refStart = s.refStart
  const refLen = s.refLen
  let stack = trace.stack
  let marked = 0
  let traversed = 0
  while (sp > 0) {
    const c = row[stack[--sp] as number] as number
    const start = refStart[c] as number
    const end = start + (refLen[c] as number)
    for (let i = start; i < end; i++) {
      const t = edges[i] as number
      if (t <= 0) continue
      traversed++
      if (marks[t] === epoch) continue
      marks[t] = epoch
      marked++
      if ((refLen[row[t] as number] as number) === 0) continue
      if (sp >= stack.length) {
        trace.stack = growColumn(stack, sp + 1)
        stack = trace.stack
      }
      stack[sp++] = t
    }
  }
  work.marked += marked
  work.traversed += traversed
}

/** @returns whether `o` carries the current trace's mark */
export function isMarked(interp: Interp, o: number, epoch: number): boolean {
  return interp.gc.trace.marks[o] === epoch
}
