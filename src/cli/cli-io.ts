/**
 * What a CLI command talks to: the output streams, working folder, environment and paths, all
 * injectable so tests run commands in-process. `CliError` is a user mistake or an input problem:
 * `main` prints its one-line message on stderr and exits with its code, never a stack trace.
 */
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface CliStream {
  write(text: string): unknown
  readonly isTTY?: boolean
  readonly columns?: number
}

export interface CliIo {
  readonly stdout: CliStream
  readonly stderr: CliStream
  /** Folder relative paths are resolved against. */
  readonly cwd: string
  readonly env: NodeJS.ProcessEnv
  /** The built engine worker (default: `locateEngineWorker`, i.e. $HEAPSCOPE_ENGINE_WORKER). */
  readonly workerPath?: string
  /** Where settings (calibrated cost models) live (default: the app's settings folder). */
  readonly settingsDir?: string
  /** The checkout or install root holding `scenarios/` and `python/` (default: found from this module). */
  readonly rootDir?: string
}

/** Exit codes of the CLI. */
export const EXIT = { ok: 0, checkFailed: 1, usage: 2 } as const

/** A failure the user can act on: printed as one line, no stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message)
    this.name = 'CliError'
  }
}

/**
 * The folder holding `scenarios/` and `python/`: this module's folder or the nearest parent with
 * a `scenarios` folder (sources: two levels up from src/cli; the bundle: two up from out/cli).
 */
export function findRoot(moduleUrl: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(moduleUrl))
  for (let depth = 0; depth < 6; depth++) {
    if (existsSync(join(dir, 'scenarios')) && existsSync(join(dir, 'package.json'))) return dir
    dir = resolve(dir, '..')
  }
  return resolve(dirname(fileURLToPath(moduleUrl)), '..', '..')
}

/** Writes a line. */
export function println(stream: CliStream, text = ''): void {
  stream.write(`${text}\n`)
}
