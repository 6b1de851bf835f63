/**
 * Repeated timing runs of one program, combined. CPython's collector is deterministic: each run
 * makes the same collections in the same order, so the i-th pause of every run timed the same
 * work. Its median over the runs drops what the machine added to one run (another process on the
 * core, a burst of page faults) and keeps what the work itself varies by.
 */
import { median } from '@engine'
import type { ProbeTiming } from './probe'

/**
 * @param runs timing runs of one program (at least one)
 * @returns each collection's median pause, for the collections every run made with the same
 *   generation at the same position (the runs' common prefix), and the median wall time
 */
export function medianTiming(runs: readonly ProbeTiming[]): ProbeTiming {
  const first = runs[0]
  if (first === undefined) throw new Error('medianTiming needs at least one run')
  const pauses: [number, number][] = []
  for (let i = 0; i < first.pauses.length; i++) {
    const generation = (first.pauses[i] as readonly [number, number])[0]
    const at = runs.map((run) => run.pauses[i])
    if (at.some((p) => p === undefined || p[0] !== generation)) break
    pauses.push([generation, median(at.map((p) => (p as readonly [number, number])[1]))])
  }
  return { wall_s: median(runs.map((run) => run.wall_s)), pauses }
}
