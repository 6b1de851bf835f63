/**
 * Runtime guards for every argument of every command: the renderer is untrusted, so main checks
 * types, lengths, enums, finite numbers, paths and the shape of every request object (unknown
 * keys refused) before a handler sees anything. A guard returns fresh plain values or the
 * reason it refused, naming the argument.
 */
import { isAbsolute } from 'node:path'
import { COLLECTOR_IDS, PRESET_IDS, type RunOverrides } from '@engine'
import {
  CHART_IDS,
  type CommandArgs,
  type CommandName,
  type ExportChartRequest,
  type ExportReportRequest,
  type RunRequest,
  type SweepRequest,
  type ThemeSource,
} from '../../shared/contract'
import { MAX_SCENARIO_BYTES } from '../services/scenarios/read-scenario-file'
import { checkSweepValue, MAX_SWEEP_VALUES, MAX_THRESHOLD } from '../services/sweep-service'

export type GuardResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string }

/** Checks one value; `at` names it in the reason (`request.overrides.seed`). */
export type Check<T> = (value: unknown, at: string) => GuardResult<T>

/** Checks a command's whole argument list. */
export type ArgsGuard<K extends CommandName> = (args: readonly unknown[]) => GuardResult<CommandArgs<K>>

const MAX_PATH = 4096
const MAX_NAME = 200
const MAX_IDS = 32
const MAX_INTERPRETERS = 16
const MAX_PARAMS = 64
const MAX_PARAM_STRING = 1000
/** Keys that must never become properties of a plain object built from renderer data. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

const ok = <T>(value: T): GuardResult<T> => ({ ok: true, value })
const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason })

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return typeof value === 'object' ? 'an object' : typeof value
}

// --- primitive checks ---------------------------------------------------------------------------

/** A string of `min`..`max` characters without control characters (tab and newline only if `multiline`). */
export function text(options: { readonly min?: number; readonly max: number; readonly multiline?: boolean; readonly pattern?: RegExp; readonly what?: string }): Check<string> {
  const min = options.min ?? 1
  return (value, at) => {
    if (typeof value !== 'string') return fail(`${at} must be a string, got ${describe(value)}`)
    if (value.length < min || value.length > options.max) return fail(`${at} must have ${min} to ${options.max} characters, got ${value.length}`)
    // eslint-disable-next-line no-control-regex
    if (options.multiline === true ? /\0/.test(value) : /[\0-\x1f\x7f]/.test(value)) return fail(`${at} contains control characters`)
    if (options.pattern !== undefined && !options.pattern.test(value)) return fail(`${at} must be ${options.what ?? `like ${options.pattern.source}`}, got ${describe(value)}`)
    return ok(value)
  }
}

/** An id main handed out (`run-3`, a scenario UUID). */
export const id: Check<string> = text({ max: 64, pattern: /^[A-Za-z0-9_-]+$/, what: 'an id (letters, digits, - and _)' })

/** An absolute file-system path. */
export function absolutePath(value: unknown, at: string): GuardResult<string> {
  const checked = text({ max: MAX_PATH })(value, at)
  if (!checked.ok) return checked
  return isAbsolute(checked.value) ? checked : fail(`${at} must be an absolute path, got ${describe(value)}`)
}

/** A bare file name (no folders): what a dropped file is called. */
export function fileName(value: unknown, at: string): GuardResult<string> {
  const checked = text({ max: 255, pattern: /^[^/\\:]+$/, what: 'a file name without folders' })(value, at)
  if (!checked.ok) return checked
  return checked.value === '.' || checked.value === '..' ? fail(`${at} must be a file name, got ${describe(value)}`) : checked
}

/** One of the listed strings. */
export function oneOf<const T extends string>(values: readonly T[]): Check<T> {
  return (value, at) => ((values as readonly unknown[]).includes(value) ? ok(value as T) : fail(`${at} must be one of ${values.join(', ')}, got ${describe(value)}`))
}

/** true or false. */
export function bool(value: unknown, at: string): GuardResult<boolean> {
  return typeof value === 'boolean' ? ok(value) : fail(`${at} must be true or false, got ${describe(value)}`)
}

/** An integer in `min`..`max`. */
export function integer(min: number, max: number): Check<number> {
  return (value, at) =>
    typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? ok(value) : fail(`${at} must be an integer from ${min} to ${max}, got ${describe(value)}`)
}

/** An array of `min`..`max` items, each checked. */
export function list<T>(item: Check<T>, min: number, max: number): Check<T[]> {
  return (value, at) => {
    if (!Array.isArray(value)) return fail(`${at} must be an array, got ${describe(value)}`)
    if (value.length < min || value.length > max) return fail(`${at} must have ${min} to ${max} items, got ${value.length}`)
    const out: T[] = []
    for (let i = 0; i < value.length; i++) {
      const checked = item(value[i], `${at}[${i}]`)
      if (!checked.ok) return checked
      out.push(checked.value)
    }
    return ok(out)
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value) as unknown
  return proto === Object.prototype || proto === null
}

type Fields<T> = { readonly [K in keyof T]-?: Check<Exclude<T[K], undefined>> }
type OptionalKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? K : never }[keyof T]

/**
 * A plain object with exactly the given fields (optional ones may be absent; unknown keys are refused).
 * @param fields a check per field
 * @param optional the optional field names
 */
export function object<T extends object>(fields: Fields<T>, optional: readonly OptionalKeys<T>[] = []): Check<T> {
  const names = Object.keys(fields) as (keyof T & string)[]
  return (value, at) => {
    if (!isPlainObject(value)) return fail(`${at} must be an object, got ${describe(value)}`)
    for (const key of Object.keys(value)) if (!names.includes(key as keyof T & string)) return fail(`${at} has an unknown field "${key}"; expected ${names.join(', ')}`)
    const out: Record<string, unknown> = {}
    for (const name of names) {
      const raw = value[name]
      if (raw === undefined) {
        if ((optional as readonly string[]).includes(name)) continue
        return fail(`${at}.${name} is required`)
      }
      const checked = (fields[name] as Check<unknown>)(raw, `${at}.${name}`)
      if (!checked.ok) return checked
      out[name] = checked.value
    }
    return ok(out as T)
  }
}

// --- domain checks ------------------------------------------------------------------------------

const threshold = integer(0, MAX_THRESHOLD)
const thresholds: Check<readonly [number, number, number]> = (value, at) => {
  const checked = list(threshold, 3, 3)(value, at)
  return checked.ok ? ok([checked.value[0], checked.value[1], checked.value[2]] as [number, number, number]) : checked
}

export const runOverrides: Check<RunOverrides> = object<RunOverrides>(
  {
    preset: oneOf(PRESET_IDS),
    collector: oneOf(COLLECTOR_IDS),
    thresholds,
    gcEnabled: bool,
    seed: integer(0, 0xffffffff),
    samplingEveryOps: integer(1, 1_000_000_000),
  },
  ['preset', 'collector', 'thresholds', 'gcEnabled', 'seed', 'samplingEveryOps'],
)

const runName = text({ max: MAX_NAME })

export const runRequest: Check<RunRequest> = object<RunRequest>({ scenarioId: id, name: runName, overrides: runOverrides }, ['name', 'overrides'])

const sweepParam = oneOf(['gc.threshold0', 'gc.threshold1', 'gc.threshold2', 'preset', 'collector', 'gc.enabled', 'seed'] as const)
const sweepValue: Check<number | string | boolean> = (value, at) => {
  if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return ok(value)
  if (typeof value === 'string' && value.length <= MAX_NAME) return ok(value)
  return fail(`${at} must be a finite number, a short string or a boolean, got ${describe(value)}`)
}

/** A sweep request, each value checked against the swept parameter. */
export function sweepRequest(value: unknown, at: string): GuardResult<SweepRequest> {
  const checked = object<SweepRequest>({ scenarioId: id, param: sweepParam, values: list(sweepValue, 1, MAX_SWEEP_VALUES), overrides: runOverrides }, ['overrides'])(value, at)
  if (!checked.ok) return checked
  const request = checked.value
  for (let i = 0; i < request.values.length; i++) {
    const problem = checkSweepValue(request.param, request.values[i] as number | string | boolean)
    if (problem !== null) return fail(`${at}.values[${i}]: ${problem}`)
  }
  return checked
}

const theme = oneOf(['light', 'dark'] as const)
const runIds = list(id, 1, MAX_IDS)

export const exportChartRequest: Check<ExportChartRequest> = object<ExportChartRequest>({ chart: oneOf(CHART_IDS), runIds, format: oneOf(['png', 'svg'] as const), theme })
export const exportReportRequest: Check<ExportReportRequest> = object<ExportReportRequest>({ runIds, format: oneOf(['html', 'json', 'csv', 'pdf'] as const), theme })

/** A generate statement's JSON path, e.g. `program[1].do[0]`. */
export const statementPath: Check<string> = text({ max: 500, pattern: /^[A-Za-z_]\w*(\[\d{1,9}\]|\.[A-Za-z_]\w*)*$/, what: 'a statement path such as program[1]' })

const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/

/** Generator parameters: up to 64 names, each a number, boolean or short string. */
export function generatorParams(value: unknown, at: string): GuardResult<Record<string, number | boolean | string>> {
  if (!isPlainObject(value)) return fail(`${at} must be an object of parameter values, got ${describe(value)}`)
  const keys = Object.keys(value)
  if (keys.length > MAX_PARAMS) return fail(`${at} has ${keys.length} parameters; at most ${MAX_PARAMS}`)
  const out: Record<string, number | boolean | string> = Object.create(null) as Record<string, number | boolean | string>
  for (const key of keys) {
    if (!PARAM_NAME.test(key) || FORBIDDEN_KEYS.has(key)) return fail(`${at} has a parameter name that is not allowed: ${describe(key)}`)
    const v = value[key]
    if (typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) out[key] = v
    else if (typeof v === 'string' && v.length <= MAX_PARAM_STRING) out[key] = v
    else return fail(`${at}.${key} must be a finite number, a boolean or a string of at most ${MAX_PARAM_STRING} characters, got ${describe(v)}`)
  }
  return ok({ ...out })
}

export const themeSource: Check<ThemeSource> = oneOf(['system', 'light', 'dark'] as const)

/** The text of a scenario the renderer has (at most 10 MB worth of characters). */
export const scenarioText: Check<string> = text({ min: 0, max: MAX_SCENARIO_BYTES, multiline: true })

// --- argument lists -----------------------------------------------------------------------------

/**
 * Checks an argument list: exactly as many arguments as checks, each checked in turn.
 * @param checks one check per argument, with the argument's name
 */
export function args<T extends unknown[]>(...checks: { [I in keyof T]: readonly [name: string, check: Check<T[I]>] }): (values: readonly unknown[]) => GuardResult<T> {
  return (values) => {
    if (values.length !== checks.length) return fail(`expected ${checks.length} argument${checks.length === 1 ? '' : 's'}, got ${values.length}`)
    const out: unknown[] = []
    for (let i = 0; i < checks.length; i++) {
      const [name, check] = checks[i] as readonly [string, Check<unknown>]
      const checked = check(values[i], name)
      if (!checked.ok) return checked
      out.push(checked.value)
    }
    return ok(out as T)
  }
}

/** The guard of every command; a command without one is a compile error. */
export const COMMAND_GUARDS: { readonly [K in CommandName]: ArgsGuard<K> } = {
  getAppInfo: args(),
  listScenarios: args(),
  openScenarioDialog: args(),
  openScenarioPath: args(['path', absolutePath]),
  loadScenarioText: args(['fileName', fileName], ['text', scenarioText]),
  applyGeneratorParams: args(['scenarioId', id], ['statementPath', statementPath], ['params', generatorParams]),
  startRun: args(['request', runRequest]),
  pauseRun: args(['runId', id]),
  resumeRun: args(['runId', id]),
  cancelRun: args(['runId', id]),
  stepRunUntil: args(['runId', id], ['until', oneOf(['collection', 'phase'] as const)]),
  listRuns: args(),
  renameRun: args(['runId', id], ['name', runName]),
  deleteRun: args(['runId', id]),
  getRunResult: args(['runId', id]),
  listInterpreters: args(),
  validateScenario: args(['scenarioId', id], ['interpreterPaths', list(absolutePath, 0, MAX_INTERPRETERS)]),
  startSweep: args(['request', sweepRequest]),
  cancelSweep: args(['sweepId', id]),
  exportChart: args(['request', exportChartRequest]),
  exportReport: args(['request', exportReportRequest]),
  setTheme: args(['source', themeSource]),
}
