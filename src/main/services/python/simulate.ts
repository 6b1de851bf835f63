/**
 * Simulations for validation and calibration, run on the caller's thread in chunks: after each
 * chunk of operations the loop yields to the event loop (`setImmediate`), so a main process that
 * validates stays responsive. These runs need engine options the worker protocol does not carry
 * (a measured starting heap, recorded choices, a collection callback).
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import { createRun, emitPython, expandGenerators, finishRun, stepRun, type ChoiceLog, type RunOptions, type RunResult, type Scenario, type ScenarioError } from '@engine'

/** Operations per chunk between two yields. */
const CHUNK_OPS = 50_000

export type SimulationResult = { readonly ok: true; readonly result: RunResult; readonly choices: ChoiceLog } | { readonly ok: false; readonly error: ScenarioError }

/** Monotonic milliseconds for the engine's own wall time. */
const clock = (): number => performance.now()

/**
 * Runs a scenario to its end.
 * @param scenario a parsed scenario
 * @param options engine run options
 * @returns the result (and the choices made, when `recordChoices`), or the run-time error
 */
export async function simulate(scenario: Scenario, options: RunOptions): Promise<SimulationResult> {
  const run = createRun(scenario, { clock, ...options })
  for (;;) {
    const step = stepRun(run, CHUNK_OPS)
    if (step.state === 'failed') return { ok: false, error: step.error ?? { file: scenario.file, line: 0, column: 0, field: '', message: 'the run failed' } }
    if (step.state === 'done') break
    await yieldToEventLoop()
  }
  return { ok: true, result: finishRun(run), choices: run.vm?.choiceLog ?? [] }
}

/** A scenario error as one line: `file:line:column: field: message`. */
export function formatScenarioError(error: ScenarioError): string {
  const where = error.line > 0 ? `${error.file}:${error.line}:${error.column}` : error.file
  return `${where}: ${error.field !== '' ? `${error.field}: ` : ''}${error.message}`
}

/**
 * Whether the scenario (generators expanded) has a `choose` statement, whose branches the
 * emitted program must replay: only then is a simulation needed before emitting.
 */
export function makesChoices(scenario: Scenario): boolean {
  const expanded = expandGenerators(scenario)
  // An expansion error surfaces when emitting; simulate to be safe.
  if (!expanded.ok) return true
  return JSON.stringify(expanded.scenario.program).includes('"kind":"choose"')
}

export type EmitResult = { readonly ok: true; readonly program: string } | { readonly ok: false; readonly message: string }

/**
 * The scenario as a Python program with the choices a simulation made (same seed, same branches).
 * @param scenario a parsed scenario
 * @param options run options (the preset's choices are recorded with them)
 * @returns the program text, or why it could not be emitted
 */
export async function emitProgram(scenario: Scenario, options: RunOptions): Promise<EmitResult> {
  let choices: ChoiceLog = []
  if (makesChoices(scenario)) {
    const sim = await simulate(scenario, { ...options, recordChoices: true })
    if (!sim.ok) return { ok: false, message: formatScenarioError(sim.error) }
    choices = sim.choices
  }
  try {
    return { ok: true, program: emitPython(scenario, choices) }
  } catch (error) {
    return { ok: false, message: `${scenario.file}: cannot be written as Python: ${error instanceof Error ? error.message : String(error)}` }
  }
}
