/**
 * Calibration: times workloads under a local interpreter (the probe's timing runs: every
 * collection's duration, in order, and run()'s wall time; by default five runs in fresh
 * processes, whose median per collection the work is fitted to and whose spread per collection
 * is the machine's variation), simulates each from the heap the probe
 * measured with the probe's gc callback, pairs the i-th measured pause with the i-th simulated
 * collection, and fits the preset's cost model (src/engine/runtime/calibrate.ts: the work
 * coefficients by non-negative least squares on relative error, the first-collection factor from
 * the residuals, the machine variation from how the runs' pauses of each collection spread).
 * Reports the fit per workload, before and after.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  collectionPauseNs,
  DEFAULT_COST_MODELS,
  fitMutatorModel,
  fitPauseModel,
  fitVariationToRepeats,
  median,
  mutatorNs,
  parseScenario,
  type CollectionWork,
  type CostModel,
  type MutatorSample,
  type PausePair,
  type PresetId,
} from '@engine'
import type { InterpreterInfo } from '../../../shared/contract'
import { percentile } from './compare'
import { runProbe, type ProbeOptions } from './probe'
import { emitProgram, formatScenarioError, simulate } from './simulate'
import { medianTiming } from './timing-runs'
import { fromMeasuredStart } from './validate-service'

/** Fewest paired collections a fit needs (six coefficients). */
export const MIN_PAIRS = 12

/** Timing runs per workload by default: each collection's pause is its median over them. */
export const DEFAULT_TIMING_RUNS = 5

export interface CalibrationWorkload {
  readonly name: string
  readonly text: string
  readonly fileName: string
}

/** How well the model fits one workload. Times in ns. */
export interface WorkloadFit {
  readonly name: string
  /** Collections measured / simulated / paired (a pair needs the same position and generation). */
  readonly measured: number
  readonly simulated: number
  readonly paired: number
  /** A run's measured p50 and p99 (the median over the timing runs of each run's own). */
  readonly measuredP50: number
  readonly measuredP99: number
  readonly defaultP50: number
  readonly defaultP99: number
  readonly fittedP50: number
  readonly fittedP99: number
  readonly measuredMutatorNs: number
  readonly defaultMutatorNs: number
  readonly fittedMutatorNs: number
}

export interface SkippedWorkload {
  readonly name: string
  readonly reason: string
}

export type CalibrationResult =
  | { readonly ok: true; readonly preset: PresetId; readonly model: CostModel; readonly workloads: readonly WorkloadFit[]; readonly skipped: readonly SkippedWorkload[]; readonly pairs: number }
  | { readonly ok: false; readonly message: string; readonly skipped: readonly SkippedWorkload[] }

interface Measured {
  readonly name: string
  /** The run's paired collections, in order from its first (each pause the median of the runs'). */
  readonly pairs: PausePair[]
  /** Every timing run's pauses of the paired collections (`repeats[k][i]` pairs with `pairs[i]`). */
  readonly repeats: number[][]
  /** The scenario's seed (the variation's draws follow it). */
  readonly seed: number
  readonly measured: number
  readonly simulated: number
  readonly sample: MutatorSample
  readonly instructions: number
}

export interface CalibrateOptions extends ProbeOptions {
  readonly onWorkload?: (name: string) => void
}

async function measureWorkload(workload: CalibrationWorkload, interpreter: InterpreterInfo, preset: PresetId, dir: string, options: CalibrateOptions): Promise<Measured | SkippedWorkload> {
  const parsed = parseScenario(workload.text, workload.fileName)
  if (!parsed.ok) return { name: workload.name, reason: formatScenarioError(parsed.errors[0] as (typeof parsed.errors)[number]) }
  const emitted = await emitProgram(parsed.scenario, { overrides: { preset } })
  if (!emitted.ok) return { name: workload.name, reason: emitted.message }
  const program = join(dir, `${workload.name.replace(/\W/g, '_')}.py`)
  await writeFile(program, emitted.program)
  const probe = await runProbe(interpreter.path, program, { ...options, timingRuns: options.timingRuns ?? DEFAULT_TIMING_RUNS })
  if (!probe.ok) return { name: workload.name, reason: probe.message }
  const start = fromMeasuredStart(parsed.scenario, probe.output.counts, probe.output.python)
  const works: { generation: number; work: CollectionWork }[] = []
  const sim = await simulate(start.scenario, {
    overrides: { preset },
    startHeap: start.startHeap,
    gcCallbacks: start.scenario.gc.callbacks + 1,
    onCollection: (r) => works.push({ generation: r.generation, work: { examined: r.examined, examinedLongLived: r.examinedLongLived, examinedOld: r.examinedOld, traversed: r.traversed, freed: r.freed, auxFreed: r.auxFreed, freedBytes: r.freedBytes } }),
  })
  if (!sim.ok) return { name: workload.name, reason: formatScenarioError(sim.error) }
  // One run's pauses carry whatever else the machine did meanwhile: the median of each
  // collection over the runs (the collector is deterministic, so the runs pair position by position).
  const timingRuns = probe.output.timing_runs ?? [probe.output.timing]
  const timing = medianTiming(timingRuns)
  const pauses = timing.pauses
  const pairs: PausePair[] = []
  const paired: number[] = []
  // The sequences are the same when the model is right; pair the common prefix only.
  for (let i = 0; i < Math.min(pauses.length, works.length); i++) {
    const [generation, ns] = pauses[i] as readonly [number, number]
    const w = works[i] as { generation: number; work: CollectionWork }
    if (w.generation !== generation) break
    if (ns <= 0) continue
    pairs.push({ work: w.work, measuredNs: ns })
    paired.push(i)
  }
  // medianTiming kept the prefix every run has: each run has a pause at every paired position.
  const repeats = timingRuns.map((run) => paired.map((i) => (run.pauses[i] as readonly [number, number])[1]))
  const totalPause = pauses.reduce((sum, p) => sum + p[1], 0)
  const s = sim.result.summary
  return {
    name: workload.name,
    pairs,
    repeats,
    seed: start.scenario.seed,
    measured: pauses.length,
    simulated: works.length,
    sample: { ops: s.sim.instructions, allocations: s.objects.allocated, frees: s.objects.freed, measuredNs: Math.max(1, timing.wall_s * 1e9 - totalPause) },
    instructions: s.sim.instructions,
  }
}

function fitOf(m: Measured, base: CostModel, fitted: CostModel): WorkloadFit {
  // What one run shows (the median over the runs of each run's percentile): the medians of each
  // collection's pauses would hide the machine's variation, which the model reproduces.
  const measured = (q: number): number => median(m.repeats.map((run) => percentile(run, q)))
  const modeled = (model: CostModel): number[] => m.pairs.map((p, i) => collectionPauseNs(model, p.work, i, m.seed))
  const before = modeled(base)
  const after = modeled(fitted)
  return {
    name: m.name,
    measured: m.measured,
    simulated: m.simulated,
    paired: m.pairs.length,
    measuredP50: measured(0.5),
    measuredP99: measured(0.99),
    defaultP50: percentile(before, 0.5),
    defaultP99: percentile(before, 0.99),
    fittedP50: percentile(after, 0.5),
    fittedP99: percentile(after, 0.99),
    measuredMutatorNs: m.sample.measuredNs,
    defaultMutatorNs: mutatorNs(base, m.sample.ops, m.sample.allocations, m.sample.frees),
    fittedMutatorNs: mutatorNs(fitted, m.sample.ops, m.sample.allocations, m.sample.frees),
  }
}

/**
 * Calibrates a preset's cost model against an interpreter.
 * @param interpreter the interpreter to time
 * @param preset the preset whose model is fitted
 * @param workloads scenarios to time (the reference workloads and checks)
 * @returns the fitted model and its fit per workload, or why no fit was possible
 */
export async function calibrate(interpreter: InterpreterInfo, preset: PresetId, workloads: readonly CalibrationWorkload[], options: CalibrateOptions = {}): Promise<CalibrationResult> {
  const dir = await mkdtemp(join(tmpdir(), 'heapscope-calibrate-'))
  const measured: Measured[] = []
  const skipped: SkippedWorkload[] = []
  try {
    for (const workload of workloads) {
      options.onWorkload?.(workload.name)
      const m = await measureWorkload(workload, interpreter, preset, dir, options)
      if ('reason' in m) skipped.push(m)
      else measured.push(m)
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
  const pairs = measured.flatMap((m) => m.pairs)
  if (pairs.length < MIN_PAIRS) return { ok: false, message: `only ${pairs.length} collections could be paired with the simulation (at least ${MIN_PAIRS} are needed to fit the pause model)`, skipped }
  const base = DEFAULT_COST_MODELS[preset]
  const pause = fitPauseModel(
    measured.map((m) => m.pairs),
    base,
  )
  // With repeated runs the variation comes from their spread, which is the machine's alone.
  const varied = fitVariationToRepeats(
    measured.map((m) => ({ works: m.pairs.map((p) => p.work), runs: m.repeats })),
    pause,
  )
  const model = fitMutatorModel(
    measured.map((m) => m.sample),
    varied,
  )
  return { ok: true, preset, model, workloads: measured.map((m) => fitOf(m, base, model)), skipped, pairs: pairs.length }
}
