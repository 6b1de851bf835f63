/**
 * Reading a scenario named on the command line: the file (size-capped, text), then the parser.
 * Problems become a `CliError` whose one line reads `file:line:column: field: message`.
 */
import { basename, isAbsolute, relative, resolve } from 'node:path'
import { parseScenario, type Scenario } from '@engine'
import { formatScenarioError } from '../main/services/python/simulate'
import { readScenarioFile } from '../main/services/scenarios/read-scenario-file'
import { CliError } from './cli-io'

export interface ScenarioInput {
  /** Absolute path. */
  readonly path: string
  /** The path as messages show it (relative to the working folder when inside it). */
  readonly fileName: string
  readonly text: string
  readonly scenario: Scenario
}

/** How a path is shown: relative to `cwd` when it lies inside, else absolute. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path)
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path
}

/**
 * Reads and parses a scenario file.
 * @param arg the path as given
 * @param cwd the working folder
 * @returns the text and the parsed scenario
 * @throws CliError (exit 2) when the file cannot be read or is not a valid scenario
 */
export async function readScenario(arg: string, cwd: string): Promise<ScenarioInput> {
  const path = resolve(cwd, arg)
  const fileName = displayPath(path, cwd)
  const read = await readScenarioFile(path)
  if (!read.ok) {
    // The reader names the file by its base name; show the path as the user wrote it.
    const base = `${basename(path)}: `
    throw new CliError(read.message.startsWith(base) ? `${fileName}: ${read.message.slice(base.length)}` : `${fileName}: ${read.message}`)
  }
  const parsed = parseScenario(read.text, fileName)
  if (!parsed.ok) {
    const [first, ...more] = parsed.errors
    const extra = more.length > 0 ? ` (and ${more.length} more problem${more.length > 1 ? 's' : ''})` : ''
    throw new CliError(`${first !== undefined ? formatScenarioError(first) : `${fileName}: not a valid scenario`}${extra}`)
  }
  return { path, fileName, text: read.text, scenario: parsed.scenario }
}
