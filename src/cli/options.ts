/**
 * Checks of command-line option values (preset, collector, thresholds, seed, sweep parameters,
 * output paths). Each problem is a `CliError` naming the option, what was given and what is expected.
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { COLLECTOR_IDS, parseBudget, PRESET_IDS, type Budget, type CollectorId, type PresetId, type RunOverrides } from '@engine'
import type { SweepRequest } from '../shared/contract'
import { checkSweepValue } from '../main/services/sweep-service'
import { CliError } from './cli-io'

/** @returns the preset named, or throws */
export function checkPreset(value: string, option = '--preset'): PresetId {
  if ((PRESET_IDS as readonly string[]).includes(value)) return value as PresetId
  throw new CliError(`${option} ${JSON.stringify(value)}: expected one of ${PRESET_IDS.join(', ')}`)
}

/** @returns the collector named, or throws */
export function checkCollector(value: string): CollectorId {
  if ((COLLECTOR_IDS as readonly string[]).includes(value)) return value as CollectorId
  throw new CliError(`--collector ${JSON.stringify(value)}: expected one of ${COLLECTOR_IDS.join(', ')}`)
}

/** An integer from `min` (default 0) to `max`, or throws naming the option. */
export function checkInteger(value: string, option: string, max: number, min = 0): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN
  if (!Number.isSafeInteger(n) || n > max || n < min) throw new CliError(`${option} ${JSON.stringify(value)}: expected an integer from ${min} to ${max}`)
  return n
}

/** `700,10,10` → the three thresholds, or throws. */
export function checkThresholds(value: string): [number, number, number] {
  const parts = value.split(',')
  if (parts.length !== 3) throw new CliError(`--threshold ${JSON.stringify(value)}: expected three integers a,b,c (e.g. 700,10,10)`)
  return parts.map((p) => checkInteger(p, '--threshold', 1_000_000_000)) as [number, number, number]
}

export interface RunOptionsText {
  readonly preset?: string
  readonly collector?: string
  readonly threshold?: string
  readonly seed?: string
}

/** The engine overrides of `--preset`, `--collector`, `--threshold`, `--seed`. */
export function runOverrides(options: RunOptionsText): RunOverrides {
  return {
    ...(options.preset !== undefined ? { preset: checkPreset(options.preset) } : {}),
    ...(options.collector !== undefined ? { collector: checkCollector(options.collector) } : {}),
    ...(options.threshold !== undefined ? { thresholds: checkThresholds(options.threshold) } : {}),
    ...(options.seed !== undefined ? { seed: checkInteger(options.seed, '--seed', 0xffffffff) } : {}),
  }
}

/** Parses each `--budget` text, or throws naming the first bad one. */
export function checkBudgets(texts: readonly string[]): Budget[] {
  return texts.map((text, i) => {
    const parsed = parseBudget(text)
    if (!parsed.ok) throw new CliError(`--budget: ${parsed.message}`)
    return { ...parsed.budget, loc: { line: 0, column: 0, path: `--budget[${i}]` } }
  })
}

const SWEEP_PARAMS: readonly SweepRequest['param'][] = ['gc.threshold0', 'gc.threshold1', 'gc.threshold2', 'preset', 'collector', 'gc.enabled', 'seed']

/** `gc.threshold0=700,2000,10000` → the parameter and its checked values, or throws. */
export function checkSweepParam(text: string): { param: SweepRequest['param']; values: (number | string | boolean)[] } {
  const eq = text.indexOf('=')
  const name = eq < 0 ? text : text.slice(0, eq)
  if (eq < 0 || !(SWEEP_PARAMS as readonly string[]).includes(name)) {
    throw new CliError(`--param ${JSON.stringify(text)}: expected <parameter>=<value>,<value>,… with parameter one of ${SWEEP_PARAMS.join(', ')}`)
  }
  const param = name as SweepRequest['param']
  const raw = text.slice(eq + 1).split(',').map((v) => v.trim()).filter((v) => v !== '')
  if (raw.length === 0) throw new CliError(`--param ${name}: no values given (e.g. ${name}=700,2000,10000)`)
  const values = raw.map((v) => {
    const value: number | string | boolean = param === 'preset' || param === 'collector' ? v : param === 'gc.enabled' ? (v === 'true' ? true : v === 'false' ? false : v) : /^\d+$/.test(v) ? Number(v) : v
    const problem = checkSweepValue(param, value)
    if (problem !== null) throw new CliError(`--param: ${problem}`)
    return value
  })
  return { param, values }
}

/**
 * Refuses to replace an existing file (or write into a folder that holds files) without `--force`.
 * @throws CliError (exit 2)
 */
export function checkWritable(path: string, cwd: string, option: string, force: boolean, folder = false): string {
  const full = resolve(cwd, path)
  if (force || !existsSync(full)) return full
  if (folder) {
    if (!statSync(full).isDirectory()) throw new CliError(`${option} ${path}: exists and is not a folder`)
    if (readdirSync(full).length === 0) return full
    throw new CliError(`${option} ${path}: the folder already holds files; pass --force to write into it`)
  }
  throw new CliError(`${option} ${path}: the file already exists; pass --force to replace it`)
}
