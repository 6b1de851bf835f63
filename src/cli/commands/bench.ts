/**
 * `heapscope bench` (`npm run bench`): for each reference workload (`scenarios/reference/*.yaml`
 * with its `.py`) and each local 3.11–3.13 interpreter, the simulation's wall time (in-process,
 * after a warm-up run, best of N) against real CPython running the same workload program (the
 * time of `run()` alone, measured inside the interpreter, best of N fresh processes; start-up
 * and import excluded). Prints sim/real per row and the geometric mean. Not a test: timings
 * depend on the machine and its load.
 */
import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createRun, engineMemory, parseScenario, runScenario, stepRun, type PresetId, type Scenario } from '@engine'
import type { InterpreterInfo } from '../../shared/contract'
import { describeInterpreter, listInterpreters } from '../../main/services/python/interpreters'
import { runProcess } from '../../main/services/python/run-process'
import { formatScenarioError } from '../../main/services/python/simulate'
import { noInterpreterMessage } from '../../main/services/python/validate-service'
import { CliError, EXIT, println, type CliIo } from '../cli-io'
import { formatTable } from '../format'
import { checkInteger } from '../options'

/** Times run() of a workload program inside the interpreter, seconds. */
const TIME_RUN = "import runpy, sys, time\nrun = runpy.run_path(sys.argv[1])['run']\nt0 = time.perf_counter()\nrun()\nprint(time.perf_counter() - t0)"
/**
 * Times run() and the collections inside it (a `gc.callbacks` timer, in a process of its own so
 * that the run() timings above carry no callback): prints run() seconds, then seconds in collections.
 */
const TIME_COLLECTOR = [
  'import gc, runpy, sys, time',
  "run = runpy.run_path(sys.argv[1])['run']",
  'spent = [0.0, 0.0]',
  'def timer(phase, info):',
  "    if phase == 'start': spent[1] = time.perf_counter()",
  '    else: spent[0] += time.perf_counter() - spent[1]',
  'gc.callbacks.append(timer)',
  't0 = time.perf_counter()',
  'run()',
  't1 = time.perf_counter()',
  'gc.disable()',
  'print(t1 - t0, spent[0])',
].join('\n')
const REAL_TIMEOUT_MS = 10 * 60_000

export interface BenchRow {
  readonly workload: string
  readonly python: string
  readonly preset: PresetId
  readonly simMs: number
  readonly realMs: number
  readonly ratio: number
  /** The simulation's own time in collections (its best run), ms. */
  readonly simGcMs: number
  /** CPython's time in collections and its share of that process's run(), or null without collections. */
  readonly realGc: { readonly ms: number; readonly share: number } | null
}

/** Geometric mean of positive numbers (NaN when empty). */
export function geometricMean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  return Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length)
}

/**
 * Best of `repeat` in-process simulations after one warm-up.
 * @returns the best run's wall time and the part of it spent in collections (the GC log's wall times), ms, and its collections
 */
export function timeSimulation(scenario: Scenario, preset: PresetId, repeat: number): { ms: number; gcMs: number; collections: number } {
  const clock = (): number => performance.now()
  runScenario(scenario, { overrides: { preset }, clock })
  let best = { ms: Number.POSITIVE_INFINITY, gcMs: 0, collections: 0 }
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now()
    const result = runScenario(scenario, { overrides: { preset }, clock })
    const ms = performance.now() - t0
    if (ms < best.ms) best = { ms, gcMs: result.gcLog.wallNs.reduce((sum, ns) => sum + ns, 0) / 1e6, collections: result.gcLog.count }
  }
  return best
}

/** Best of `repeat` fresh interpreters, each timing run() alone, ms. */
async function timeReal(interpreter: InterpreterInfo, program: string, repeat: number): Promise<number> {
  let best = Number.POSITIVE_INFINITY
  for (let i = 0; i < repeat; i++) {
    const out = await runProcess(interpreter.path, ['-c', TIME_RUN, program], { timeoutMs: REAL_TIMEOUT_MS })
    if (!out.ok) throw new CliError(`${program} under Python ${interpreter.version}: ${out.message}`, EXIT.checkFailed)
    const seconds = Number(out.stdout.trim())
    if (!Number.isFinite(seconds)) throw new CliError(`${program} under Python ${interpreter.version}: unexpected timing output ${JSON.stringify(out.stdout.slice(0, 60))}`, EXIT.checkFailed)
    best = Math.min(best, seconds * 1000)
  }
  return best
}

/** CPython's time in collections during run() (one process), or null when it made none. */
async function timeRealCollector(interpreter: InterpreterInfo, program: string): Promise<{ ms: number; share: number } | null> {
  const out = await runProcess(interpreter.path, ['-c', TIME_COLLECTOR, program], { timeoutMs: REAL_TIMEOUT_MS })
  if (!out.ok) throw new CliError(`${program} under Python ${interpreter.version}: ${out.message}`, EXIT.checkFailed)
  const [run, collector] = out.stdout.trim().split(/\s+/).map(Number)
  if (run === undefined || collector === undefined || !Number.isFinite(run) || !Number.isFinite(collector)) {
    throw new CliError(`${program} under Python ${interpreter.version}: unexpected timing output ${JSON.stringify(out.stdout.slice(0, 60))}`, EXIT.checkFailed)
  }
  return collector > 0 ? { ms: collector * 1000, share: collector / run } : null
}

/** Ten million floats kept alive (in the global keep-alive list): the engine's memory per simulated object. */
const TEN_MILLION_OBJECTS = `heapscope: 1
name: ten million objects
preset: cpython-3.12
sampling: { every: 10000000 }
program:
  - repeat: 10000000
    do:
      - keep: { new: float }
`

/** @returns the engine's typed-array bytes per live simulated object, at the end of TEN_MILLION_OBJECTS */
export function engineBytesPerObject(text: string = TEN_MILLION_OBJECTS): { bytesPerObject: number; liveObjects: number; bytes: number } {
  const parsed = parseScenario(text, 'ten-million-objects.yaml')
  if (!parsed.ok) throw new Error(formatScenarioError(parsed.errors[0] as (typeof parsed.errors)[number]))
  const run = createRun(parsed.scenario)
  let state = stepRun(run, Number.MAX_SAFE_INTEGER).state
  while (state !== 'done' && state !== 'failed') state = stepRun(run, Number.MAX_SAFE_INTEGER).state
  const { bytes, liveObjects } = engineMemory(run)
  return { bytesPerObject: bytes / liveObjects, liveObjects, bytes }
}

export async function benchCommand(io: CliIo, root: string, options: { python?: readonly string[]; repeat: string; workload?: readonly string[]; quiet?: boolean }): Promise<number> {
  const repeat = Math.max(1, checkInteger(options.repeat, '--repeat', 100))
  const interpreters: InterpreterInfo[] = []
  if (options.python !== undefined && options.python.length > 0) {
    for (const path of options.python) {
      const d = await describeInterpreter(path, io.env)
      if (!d.ok) throw new CliError(`--python: ${d.message}`)
      if (d.interpreter.preset === null) throw new CliError(`--python ${path}: Python ${d.interpreter.version} has no preset (3.11, 3.12 and 3.13 do)`)
      interpreters.push(d.interpreter)
    }
  } else {
    interpreters.push(...(await listInterpreters({ env: io.env })).filter((i) => i.preset !== null))
    if (interpreters.length === 0) throw new CliError(noInterpreterMessage(io.env))
  }
  const dir = join(root, 'scenarios', 'reference')
  let names = (await readdir(dir)).filter((n) => n.endsWith('.yaml') && existsSync(join(dir, n.replace(/\.yaml$/, '.py')))).map((n) => n.replace(/\.yaml$/, '')).sort()
  if (options.workload !== undefined && options.workload.length > 0) {
    const unknown = options.workload.filter((w) => !names.includes(w))
    if (unknown.length > 0) throw new CliError(`--workload ${unknown[0]}: not a reference workload (known: ${names.join(', ')})`)
    names = names.filter((n) => options.workload?.includes(n))
  }
  const rows: BenchRow[] = []
  for (const name of names) {
    const parsed = parseScenario(await readFile(join(dir, `${name}.yaml`), 'utf8'), `scenarios/reference/${name}.yaml`)
    if (!parsed.ok) throw new CliError(formatScenarioError(parsed.errors[0] as (typeof parsed.errors)[number]))
    for (const interpreter of interpreters) {
      const preset = interpreter.preset as PresetId
      if (options.quiet !== true) println(io.stderr, `bench ${name} on ${preset} / Python ${interpreter.version}…`)
      const sim = timeSimulation(parsed.scenario, preset, repeat)
      const realMs = await timeReal(interpreter, join(dir, `${name}.py`), repeat)
      // The simulation collects exactly when CPython does: no collections, no process to time them.
      const realGc = sim.collections > 0 ? await timeRealCollector(interpreter, join(dir, `${name}.py`)) : null
      rows.push({ workload: name, python: interpreter.version, preset, simMs: sim.ms, realMs, ratio: sim.ms / realMs, simGcMs: sim.gcMs, realGc })
    }
  }
  const mean = geometricMean(rows.map((r) => r.ratio))
  println(io.stdout, `Simulation vs real CPython, best of ${repeat} (simulation in-process after a warm-up; CPython: run() alone, start-up excluded)\n`)
  println(
    io.stdout,
    formatTable(
      ['workload', 'python', 'sim ms', 'real ms', 'sim/real', 'sim GC ms', 'real GC ms', 'real GC share'],
      rows.map((r) => [r.workload, r.python, r.simMs.toFixed(1), r.realMs.toFixed(1), r.ratio.toFixed(2), r.simGcMs.toFixed(1), r.realGc === null ? '–' : r.realGc.ms.toFixed(1), r.realGc === null ? '–' : `${(100 * r.realGc.share).toFixed(0)} %`]),
    ),
  )
  println(
    io.stdout,
    '\nGC columns: time inside collections, the simulation\'s (its best run) and CPython\'s (a process of its own, timed with gc.callbacks; share = of that run()). ' +
      'Where CPython spends half its run() or more collecting, sim/real ≤ 0.5 would need the model\'s collector, which does the same steps per object, to run faster than CPython\'s own.',
  )
  println(io.stdout, `\ngeometric mean sim/real: ${mean.toFixed(2)} over ${rows.length} rows (${mean <= 1 ? `the simulator is ${(1 / mean).toFixed(1)}× faster than CPython` : `the simulator is ${mean.toFixed(1)}× SLOWER than CPython`} on these workloads)`)
  if (options.quiet !== true) println(io.stderr, 'bench engine memory: 10 M live objects…')
  const memory = engineBytesPerObject()
  println(io.stdout, `engine memory: ${memory.bytesPerObject.toFixed(1)} bytes per live simulated object (${(memory.bytes / 2 ** 20).toFixed(0)} MiB of typed arrays for ${memory.liveObjects.toLocaleString('en')} objects, growth slack included; target ≤ 48)`)
  return EXIT.ok
}
