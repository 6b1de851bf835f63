/**
 * Finding the Python interpreters HeapScope can check itself against: every pyenv version
 * 3.11–3.13 (`$PYENV_ROOT/versions/3.1[1-3]*\/bin/python`, PYENV_ROOT defaulting to ~/.pyenv),
 * else `python3` on the PATH. Each is asked for its version, which names the preset that models it.
 */
import { existsSync, readdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { PresetId } from '@engine'
import type { InterpreterInfo } from '../../../shared/contract'
import { runProcess } from './run-process'

/** How long asking an interpreter for its version may take, ms. */
const VERSION_TIMEOUT_MS = 15_000
/** Minor versions with a preset checked against the real interpreter. */
const PRESET_BY_MINOR: Readonly<Record<string, PresetId>> = { '3.11': 'cpython-3.11', '3.12': 'cpython-3.12', '3.13': 'cpython-3.13' }
const VERSION_SCRIPT = 'import sys; print(sys.version.split()[0]); print(sys.executable)'

/**
 * The preset that models a CPython version.
 * @param version e.g. "3.12.1"
 * @returns the preset, or null when HeapScope has none checked against that version
 */
export function presetForVersion(version: string): PresetId | null {
  const minor = /^(\d+\.\d+)/.exec(version)?.[1]
  return minor !== undefined ? (PRESET_BY_MINOR[minor] ?? null) : null
}

export type DescribeResult = { readonly ok: true; readonly interpreter: InterpreterInfo } | { readonly ok: false; readonly message: string }

/**
 * Asks one interpreter for its version.
 * @param path a path or a command on the PATH (`python3`)
 * @param env the environment it runs in (its PATH finds a bare command; default: this process's)
 * @returns its version and preset, or why it could not be asked
 */
export async function describeInterpreter(path: string, env?: NodeJS.ProcessEnv): Promise<DescribeResult> {
  const outcome = await runProcess(path, ['-c', VERSION_SCRIPT], { timeoutMs: VERSION_TIMEOUT_MS, ...(env !== undefined ? { env } : {}) })
  if (!outcome.ok) return { ok: false, message: `interpreter ${path}: ${outcome.message}` }
  const [version = '', executable = ''] = outcome.stdout.trim().split(/\r?\n/)
  if (!/^\d+\.\d+/.test(version)) return { ok: false, message: `interpreter ${path}: did not answer like a Python interpreter (printed ${JSON.stringify(outcome.stdout.slice(0, 80))})` }
  // A bare command is reported by the file it ran; an explicit path stays as the user wrote it.
  const shown = path.includes('/') || executable === '' ? path : executable
  return { ok: true, interpreter: { path: shown, version, preset: presetForVersion(version) } }
}

/** Where pyenv keeps its versions. */
export function pyenvRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.PYENV_ROOT !== undefined && env.PYENV_ROOT !== '' ? env.PYENV_ROOT : join(homedir(), '.pyenv')
}

/**
 * The candidate interpreters: pyenv's 3.11–3.13 builds, sorted by version.
 * @param root pyenv's root folder
 * @returns absolute paths of their `bin/python`
 */
export function pyenvCandidates(root: string): string[] {
  let names: string[]
  try {
    names = readdirSync(join(root, 'versions'))
  } catch {
    return []
  }
  return names
    .filter((name) => /^3\.1[1-3]\./.test(name))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((name) => join(root, 'versions', name, 'bin', 'python'))
    .filter((path) => existsSync(path))
}

export interface DiscoverOptions {
  readonly env?: NodeJS.ProcessEnv
  /** Command tried when pyenv has none (default `python3`). */
  readonly fallback?: string
}

/**
 * Finds the local interpreters HeapScope can validate against.
 * @returns pyenv's 3.11–3.13 interpreters, else `python3` when it answers; empty when none
 */
export async function listInterpreters(options: DiscoverOptions = {}): Promise<InterpreterInfo[]> {
  const found: InterpreterInfo[] = []
  for (const path of pyenvCandidates(pyenvRoot(options.env))) {
    const described = await describeInterpreter(path, options.env)
    if (described.ok) found.push(described.interpreter)
  }
  if (found.length > 0) return found
  const fallback = await describeInterpreter(options.fallback ?? 'python3', options.env)
  return fallback.ok ? [fallback.interpreter] : []
}
