/**
 * `validateScenario`: the scenario emitted as Python (same seed, same choices), run under real
 * interpreters with the probe, simulated with the matching preset from the heap the probe found,
 * and compared (`compare.ts`). Also `createValidationBackend`, the app's `ValidationBackend`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseScenario, type CostModel, type MeasuredHeap, type PresetId, type RunOptions, type RunSummary, type Scenario } from '@engine'
import type { InterpreterInfo, ValidationInterpreterReport, ValidationReply } from '../../../shared/contract'
import type { ValidationBackend } from '../app-services'
import { compareRun } from './compare'
import { describeInterpreter, listInterpreters, pyenvRoot, type DiscoverOptions } from './interpreters'
import { runProbe, type ProbeCounts, type ProbeOptions, type ProbeOutput } from './probe'
import { emitProgram, formatScenarioError, simulate } from './simulate'

/** count0 the probe leaves between gc.collect() and run() (its gc.get_stats() list of dicts). */
const PROBE_GEN0_COUNT = 4
export interface ValidateOptions extends ProbeOptions, DiscoverOptions {
  /** A calibrated cost model per preset (pause p50/p99 rows); null: the preset's defaults. */
  readonly costModel?: (preset: PresetId) => CostModel | null
  /** Called as each interpreter starts and ends (CLI progress). */
  readonly onInterpreter?: (interpreter: InterpreterInfo, phase: 'start' | 'done') => void
}

/** The message when no interpreter was found. */
export function noInterpreterMessage(env: NodeJS.ProcessEnv = process.env): string {
  return `no Python interpreter found: looked for ${join(pyenvRoot(env), 'versions', '3.1[1-3]*', 'bin', 'python')} and python3 on the PATH; name one with --python <path>`
}

/**
 * The scenario starting from the heap the probe measured (as src/engine/checks.test.ts does).
 * @returns the scenario and the measured heap to pass as `startHeap`
 */
export function fromMeasuredStart(scenario: Scenario, counts: ProbeCounts, python: string): { scenario: Scenario; startHeap: MeasuredHeap } {
  return {
    scenario: { ...scenario, start: { ...scenario.start, baseline: 'probe', trackedObjects: counts.tracked_objects } },
    startHeap: { ...counts.before, python, mode: 'probe', tracked_objects: counts.tracked_objects, gen0_count: PROBE_GEN0_COUNT },
  }
}

type Simulations = { ok: true; run: RunSummary; empty: RunSummary; timed: RunSummary } | { ok: false; message: string }

async function simulateMeasured(scenario: Scenario, output: ProbeOutput, options: RunOptions): Promise<Simulations> {
  const start = fromMeasuredStart(scenario, output.counts, output.python)
  const base: RunOptions = { ...options, startHeap: start.startHeap }
  const run = await simulate(start.scenario, base)
  if (!run.ok) return { ok: false, message: formatScenarioError(run.error) }
  const empty = await simulate({ ...start.scenario, program: [] }, base)
  if (!empty.ok) return { ok: false, message: formatScenarioError(empty.error) }
  const timed = await simulate(start.scenario, { ...base, gcCallbacks: start.scenario.gc.callbacks + 1 })
  if (!timed.ok) return { ok: false, message: formatScenarioError(timed.error) }
  return { ok: true, run: run.result.summary, empty: empty.result.summary, timed: timed.result.summary }
}

/**
 * Validates a parsed scenario against one interpreter.
 * @param scenario the scenario
 * @param interpreter the interpreter (with its preset)
 * @param workDir a folder for the emitted program
 * @returns the report (an `error` and no rows when the interpreter could not be measured)
 */
export async function validateOn(scenario: Scenario, interpreter: InterpreterInfo, workDir: string, options: ValidateOptions = {}): Promise<ValidationInterpreterReport> {
  const preset = interpreter.preset
  const failed = (error: string): ValidationInterpreterReport => ({ interpreter, preset: preset ?? scenario.preset, rows: [], match: false, error })
  if (preset === null) return failed(`HeapScope has no preset checked against Python ${interpreter.version} (3.11, 3.12 and 3.13 are)`)
  const costModel = options.costModel?.(preset) ?? null
  const runOptions: RunOptions = { overrides: { preset }, ...(costModel !== null ? { costModel } : {}) }
  const emitted = await emitProgram(scenario, runOptions)
  if (!emitted.ok) return failed(emitted.message)
  const program = join(workDir, `scenario_${preset.replace(/\W/g, '_')}.py`)
  await writeFile(program, emitted.program)
  const probe = await runProbe(interpreter.path, program, options)
  if (!probe.ok) {
    // A scenario that fails at run time fails in Python too: name the statement, not the traceback.
    const check = await simulate(scenario, runOptions)
    return failed(check.ok ? probe.message : formatScenarioError(check.error))
  }
  const sims = await simulateMeasured(scenario, probe.output, runOptions)
  if (!sims.ok) return failed(sims.message)
  const rows = compareRun(sims, { counts: probe.output.counts, null: probe.output.null, timing: probe.output.timing })
  return { interpreter, preset, rows, match: rows.every((r) => r.match) }
}

/**
 * Validates a scenario against interpreters.
 * @param scenario the scenario text and its file name (for messages)
 * @param interpreterPaths interpreters to use; empty: every local one (`listInterpreters`)
 * @returns one report per interpreter, or why nothing could be validated (bad scenario, no interpreter)
 */
export async function validateScenario(scenario: { readonly text: string; readonly fileName: string }, interpreterPaths: readonly string[], options: ValidateOptions = {}): Promise<ValidationReply> {
  const parsed = parseScenario(scenario.text, scenario.fileName)
  if (!parsed.ok) return { ok: false, reason: parsed.errors.map(formatScenarioError).join('\n') }
  const interpreters: InterpreterInfo[] = []
  const reports: ValidationInterpreterReport[] = []
  if (interpreterPaths.length === 0) {
    interpreters.push(...(await listInterpreters(options)))
    if (interpreters.length === 0) return { ok: false, reason: noInterpreterMessage(options.env) }
  } else {
    for (const path of interpreterPaths) {
      const described = await describeInterpreter(path, options.env)
      if (described.ok) interpreters.push(described.interpreter)
      else reports.push({ interpreter: { path, version: '?', preset: null }, preset: parsed.scenario.preset, rows: [], match: false, error: described.message })
    }
  }
  const workDir = await mkdtemp(join(tmpdir(), 'heapscope-validate-'))
  try {
    for (const interpreter of interpreters) {
      options.onInterpreter?.(interpreter, 'start')
      reports.push(await validateOn(parsed.scenario, interpreter, workDir, options))
      options.onInterpreter?.(interpreter, 'done')
    }
  } finally {
    await rm(workDir, { recursive: true, force: true })
  }
  return { ok: true, scenarioName: parsed.scenario.name, reports }
}

/**
 * The validation backend of the app.
 * @param options cost models (from settings), probe location, time limit
 * @returns `{ listInterpreters, validateScenario }`
 */
export function createValidationBackend(options: ValidateOptions = {}): ValidationBackend {
  return {
    listInterpreters: () => listInterpreters(options),
    validateScenario: (scenario, paths) => validateScenario(scenario, paths, options),
  }
}
