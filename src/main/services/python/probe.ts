/**
 * The probe runner: runs `python/heapscope_probe.py` on an emitted scenario program under one
 * interpreter and checks the JSON it prints. The probe runs the program in three fresh processes
 * (counts, null run, timing; see the probe's docstring).
 */
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runProcess } from './run-process'

/**
 * `sys._debugmallocstats()` in numbers: classes are [index, pools, used blocks, avail blocks].
 * The heap before run() also has `usedpools`: per size class, [index, free blocks of each
 * partially used pool in usedpools order, head first] (absent from older measurements).
 */
export interface ProbeHeap {
  readonly arenas: number
  readonly arenas_allocated_total: number
  readonly arenas_highwater: number
  readonly misaligned_arenas: number
  readonly unused_pools: number
  readonly classes: readonly (readonly [number, number, number, number])[]
  readonly usedpools?: readonly (readonly [number, readonly number[]])[]
}

/** A counts (or null) run: the heap before and after run(), and gc.get_stats() deltas. */
export interface ProbeCounts {
  readonly tracked_objects: number
  readonly before: ProbeHeap
  readonly after: ProbeHeap
  readonly collections: readonly [number, number, number]
  readonly collected: readonly [number, number, number]
  readonly uncollectable: number
  readonly final_counts: readonly [number, number, number]
  readonly wall_s: number
}

/** A timing run: run()'s wall time and every collection's generation and duration (ns), in order. */
export interface ProbeTiming {
  readonly wall_s: number
  readonly pauses: readonly (readonly [number, number])[]
}

export interface ProbeOutput {
  readonly python: string
  readonly executable: string
  readonly counts: ProbeCounts
  readonly null: ProbeCounts
  readonly timing: ProbeTiming
  /** Every timing run when more than one was asked for (`timingRuns`); the first is `timing`. */
  readonly timing_runs?: readonly ProbeTiming[]
}

export type ProbeResult = { readonly ok: true; readonly output: ProbeOutput } | { readonly ok: false; readonly message: string }

/** Environment variable naming the probe script (else it is looked up from this module). */
export const PROBE_ENV = 'HEAPSCOPE_PROBE'
/** Default time limit of one probe (three runs of the program), ms. */
export const PROBE_TIMEOUT_MS = 10 * 60_000

/**
 * Finds `python/heapscope_probe.py`: `$HEAPSCOPE_PROBE`, else in a `python/` folder of this module's
 * folder or one of its parents (sources: four levels up; the CLI and app bundles: two).
 * @param moduleUrl the caller's `import.meta.url`
 * @returns the absolute path
 * @throws when it cannot be found
 */
export function locateProbe(moduleUrl: string = import.meta.url): string {
  const fromEnv = process.env[PROBE_ENV]
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv
  let dir = dirname(fileURLToPath(moduleUrl))
  for (let depth = 0; depth < 6; depth++) {
    const candidate = join(dir, 'python', 'heapscope_probe.py')
    if (existsSync(candidate)) return candidate
    dir = resolve(dir, '..')
  }
  throw new Error(`python/heapscope_probe.py was not found near ${fileURLToPath(moduleUrl)}; set ${PROBE_ENV} to its path`)
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
const isTriple = (v: unknown): boolean => Array.isArray(v) && v.length === 3 && v.every(isNumber)

function isHeap(v: unknown): v is ProbeHeap {
  if (typeof v !== 'object' || v === null) return false
  const h = v as Record<string, unknown>
  return (
    ['arenas', 'arenas_allocated_total', 'arenas_highwater', 'misaligned_arenas', 'unused_pools'].every((k) => isNumber(h[k])) &&
    Array.isArray(h.classes) &&
    h.classes.every((c) => Array.isArray(c) && c.length === 4 && c.every(isNumber)) &&
    (h.usedpools === undefined || (Array.isArray(h.usedpools) && h.usedpools.every((u) => Array.isArray(u) && u.length === 2 && isNumber(u[0]) && Array.isArray(u[1]) && u[1].every(isNumber))))
  )
}

function isCounts(v: unknown): v is ProbeCounts {
  if (typeof v !== 'object' || v === null) return false
  const c = v as Record<string, unknown>
  return isNumber(c.tracked_objects) && isHeap(c.before) && isHeap(c.after) && isTriple(c.collections) && isTriple(c.collected) && isNumber(c.uncollectable) && isTriple(c.final_counts) && isNumber(c.wall_s)
}

function isTiming(v: unknown): v is ProbeTiming {
  if (typeof v !== 'object' || v === null) return false
  const t = v as Record<string, unknown>
  return isNumber(t.wall_s) && Array.isArray(t.pauses) && t.pauses.every((p) => Array.isArray(p) && p.length === 2 && p.every(isNumber))
}

/**
 * Checks the probe's JSON.
 * @returns the typed output, or null when the shape is not the probe's
 */
export function toProbeOutput(value: unknown): ProbeOutput | null {
  if (typeof value !== 'object' || value === null) return null
  const o = value as Record<string, unknown>
  if (typeof o.python !== 'string' || typeof o.executable !== 'string') return null
  if (!isCounts(o.counts) || !isCounts(o.null) || !isTiming(o.timing)) return null
  if (o.timing_runs !== undefined && !(Array.isArray(o.timing_runs) && o.timing_runs.length > 0 && o.timing_runs.every(isTiming))) return null
  return value as ProbeOutput
}

/**
 * The exception a probe child died of: the last `SomeError: …` line of the stderr that is not the
 * parent probe's own `CalledProcessError` (which only says that a child failed).
 * @returns the line, or null when there is none
 */
export function programError(stderr: string): string | null {
  const lines = stderr.split(/\r?\n/).filter((l) => /^[\w.]*(Error|Exception|Exit|Interrupt)\b.*/.test(l) && !l.includes('CalledProcessError'))
  return lines[lines.length - 1]?.trim() ?? null
}

export interface ProbeOptions {
  readonly timeoutMs?: number
  /** The probe script (default: `locateProbe()`). */
  readonly probePath?: string
  /** Timing runs, each in a fresh process (default 1; more give `timing_runs`). */
  readonly timingRuns?: number
}

/**
 * Runs the probe on a program under an interpreter.
 * @param python the interpreter
 * @param programPath the emitted program (defines `run()`)
 * @returns the measurements, or a one-line reason (interpreter missing or crashed, timeout, bad output)
 */
export async function runProbe(python: string, programPath: string, options: ProbeOptions = {}): Promise<ProbeResult> {
  let probe: string
  try {
    probe = options.probePath ?? locateProbe()
  } catch (error) {
    return { ok: false, message: (error as Error).message }
  }
  const runs = options.timingRuns ?? 1
  const args = runs > 1 ? [probe, '--timing-runs', String(runs), programPath] : [probe, programPath]
  const outcome = await runProcess(python, args, { timeoutMs: (options.timeoutMs ?? PROBE_TIMEOUT_MS) * (runs > 1 ? (2 + runs) / 3 : 1) })
  if (!outcome.ok) {
    const cause = outcome.stderr !== undefined ? programError(outcome.stderr) : null
    return { ok: false, message: cause !== null ? `${python}: the program failed in a probe run: ${cause}` : outcome.message }
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(outcome.stdout)
  } catch {
    return { ok: false, message: `${python}: the probe printed something that is not JSON (${JSON.stringify(outcome.stdout.slice(0, 80))})` }
  }
  const output = toProbeOutput(parsed)
  return output !== null ? { ok: true, output } : { ok: false, message: `${python}: the probe's JSON does not have the expected fields (counts, null, timing)` }
}
