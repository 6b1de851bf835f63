/**
 * The JSON export of one or more runs: each run's summary (the `heapscope run --json` shape),
 * phases, column names and every series and GC log column as plain number arrays. Arena-map
 * snapshots are left out (megabytes of per-pool bytes; the HTML report draws them).
 */
import type { RunResult } from '@engine'

/** A run as exports see it. */
export interface ExportRun {
  readonly runId: string
  readonly name: string
  readonly result: RunResult
}

/** Columns as plain arrays (typed arrays do not survive JSON.stringify as arrays). */
function plainColumns(columns: object): Record<string, number | number[]> {
  const out: Record<string, number | number[]> = {}
  for (const [key, value] of Object.entries(columns)) {
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) out[key] = Array.from(value as unknown as ArrayLike<number>)
    else if (typeof value === 'number') out[key] = value
  }
  return out
}

/**
 * Builds the JSON text of an export.
 * @param runs the runs, in order
 * @returns pretty-printed JSON (`heapscope: 1`, `runs: [...]`)
 */
export function runsToJson(runs: readonly ExportRun[]): string {
  const document = {
    heapscope: 1,
    runs: runs.map(({ runId, name, result }) => ({
      runId,
      name,
      summary: result.summary,
      phases: result.phases,
      typeNames: result.typeNames,
      freeListNames: result.freeListNames,
      samples: plainColumns(result.samples),
      gcLog: plainColumns(result.gcLog),
    })),
  }
  return `${JSON.stringify(document, null, 1)}\n`
}
