/**
 * `heapscope calibrate --python <interpreter> [--preset P] [--runs N] [--dry-run]`: times the
 * reference workloads and checks under the interpreter (N runs each, a collection's pause the
 * median over them), fits the preset's pause and mutator model, prints
 * the fit (measured vs default vs fitted p50/p99 per workload) and stores the model in the
 * settings, where runs of the app and the CLI pick it up.
 */
import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import type { CostModel } from '@engine'
import { calibrate, DEFAULT_TIMING_RUNS, type CalibrationWorkload } from '../../main/services/python/calibrate-service'
import { describeInterpreter } from '../../main/services/python/interpreters'
import { createSettingsService, defaultSettingsDir } from '../../main/services/settings-service'
import { CliError, EXIT, println, type CliIo } from '../cli-io'
import { formatDuration, formatTable } from '../format'
import { checkInteger, checkPreset } from '../options'

/** Folders of `scenarios/` whose workloads calibrate times. */
const WORKLOAD_DIRS = ['reference', 'checks']

async function workloads(root: string, cwd: string): Promise<CalibrationWorkload[]> {
  const found: CalibrationWorkload[] = []
  for (const dir of WORKLOAD_DIRS) {
    const full = join(root, 'scenarios', dir)
    let names: string[]
    try {
      names = (await readdir(full)).filter((n) => n.endsWith('.yaml')).sort()
    } catch {
      continue
    }
    for (const name of names) {
      const path = join(full, name)
      found.push({ name: `${dir}/${name.replace(/\.yaml$/, '')}`, text: await readFile(path, 'utf8'), fileName: relative(cwd, path) })
    }
  }
  return found
}

const relativeError = (model: number, measured: number): string => (measured > 0 ? `${model >= measured ? '+' : '−'}${Math.round((Math.abs(model - measured) / measured) * 100)} %` : '')

/** The model's coefficients, one per line (times in ns; the first factor and variation quantiles are multipliers). */
export function formatModel(model: CostModel): string {
  return Object.entries(model)
    .map(([key, value]) => `  ${key.padEnd(18)} ${Number(value).toPrecision(4)}${key.endsWith('Ns') ? ' ns' : key === 'gcNoiseExponent' ? '' : ' ×'}`)
    .join('\n')
}

/** Most timing runs per workload `--runs` takes. */
const MAX_TIMING_RUNS = 20

export async function calibrateCommand(io: CliIo, root: string, options: { python: string; preset?: string; runs?: string; dryRun?: boolean; quiet?: boolean }): Promise<number> {
  const timingRuns = options.runs !== undefined ? checkInteger(options.runs, '--runs', MAX_TIMING_RUNS, 1) : DEFAULT_TIMING_RUNS
  const described = await describeInterpreter(options.python, io.env)
  if (!described.ok) throw new CliError(`--python: ${described.message}`)
  const interpreter = described.interpreter
  const preset = options.preset !== undefined ? checkPreset(options.preset) : interpreter.preset
  if (preset === null) throw new CliError(`--python ${options.python}: Python ${interpreter.version} has no preset (3.11, 3.12 and 3.13 do); name one with --preset`)
  const list = await workloads(root, io.cwd)
  if (list.length === 0) throw new CliError(`no workloads found under ${join(root, 'scenarios')}`)
  const result = await calibrate(interpreter, preset, list, {
    timingRuns,
    onWorkload: (name) => {
      if (options.quiet !== true) println(io.stderr, `timing ${name} on Python ${interpreter.version}…`)
    },
  })
  for (const s of result.skipped) println(io.stderr, `heapscope: skipped ${s.name}: ${s.reason}`)
  if (!result.ok) throw new CliError(result.message, EXIT.checkFailed)
  println(io.stdout, `Calibration of ${preset} on Python ${interpreter.version} (${interpreter.path}): ${result.pairs} collections of ${result.workloads.length} workloads, each collection's pause the median of ${timingRuns} timing run${timingRuns === 1 ? '' : 's'}\n`)
  println(
    io.stdout,
    formatTable(
      ['workload', 'paired', 'p50 real', 'default', 'fitted', 'p99 real', 'default', 'fitted', 'mutator real', 'fitted'],
      result.workloads.map((w) => [
        w.name,
        `${w.paired}/${w.measured}`,
        formatDuration(w.measuredP50),
        relativeError(w.defaultP50, w.measuredP50),
        relativeError(w.fittedP50, w.measuredP50),
        formatDuration(w.measuredP99),
        relativeError(w.defaultP99, w.measuredP99),
        relativeError(w.fittedP99, w.measuredP99),
        formatDuration(w.measuredMutatorNs),
        relativeError(w.fittedMutatorNs, w.measuredMutatorNs),
      ]),
    ),
  )
  println(io.stdout, `\nfitted model:\n${formatModel(result.model)}`)
  if (options.dryRun === true) {
    println(io.stdout, '\n--dry-run: not stored')
    return EXIT.ok
  }
  const dir = io.settingsDir ?? defaultSettingsDir(io.env)
  const settings = createSettingsService(dir)
  try {
    await settings.setCostModel(preset, result.model)
    await settings.flush()
  } catch (error) {
    throw new CliError(`the fitted model could not be stored in ${dir}: ${(error as Error).message}`)
  }
  println(io.stdout, `\nstored in ${join(dir, 'settings.json')}; runs with ${preset} use it from now on`)
  return EXIT.ok
}
