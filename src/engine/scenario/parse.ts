/**
 * Parses a scenario file (YAML or JSON) into a validated `Scenario`: YAML document → structural
 * validation against the scenario definition (every node located) → semantic checks. Collects
 * every error it can find and never throws.
 */
import type { ScenarioError, ScenarioParseResult } from '../types'
import type { SourceLocation } from './ast'
import { checkDeclarations } from './check-declarations'
import { checkProgram } from './check-program'
import { createDecodeState, decode } from './decode'
import { INVALID, type ObjectDef } from './schema-dsl'
import { SCENARIO } from './scenario-definition'
import { keyText, type SourceNode } from './source-node'
import { closestMatch } from './suggest'
import { readYamlDocument } from './yaml-document'

/** Keys that only a scenario has (a `name` or `description` alone proves nothing). */
const DISTINCTIVE_KEYS = new Set(['$schema', 'heapscope', 'program'])

function byPosition(a: ScenarioError, b: ScenarioError): number {
  return a.line - b.line || a.column - b.column
}

function problem(file: string, message: string): ScenarioError {
  return { file, line: 0, column: 0, field: '', message }
}

/** One clear message when the document is not a mapping, or a mapping of something else. */
function shapeProblem(root: SourceNode | null, file: string): ScenarioError | null {
  if (root === null || (root.kind === 'scalar' && root.value === null)) {
    return problem(file, 'the file has no content (only comments?); a scenario is a mapping with at least name and program')
  }
  if (root.kind === 'sequence') return problem(file, 'expected a mapping of top-level keys (name, program, ...), got a list; a scenario file is a mapping, not a list')
  if (root.kind !== 'mapping') return problem(file, 'this is not a scenario: the file is a single value, not a mapping of keys such as name and program')
  const keys = root.pairs.map((pair) => keyText(pair) ?? '').filter((key) => key !== '')
  if (keys.some((key) => DISTINCTIVE_KEYS.has(key))) return null
  // Without program, a mapping whose keys are mostly neither scenario keys nor typos of them is
  // some other file (a package.json, a run summary): one message says so.
  const known = Object.keys((SCENARIO as ObjectDef<unknown>).fields)
  const foreign = keys.filter((key) => !known.includes(key) && closestMatch(key, known) === null)
  if (foreign.length < 2 || foreign.length * 2 < keys.length) return null
  const shown = keys.slice(0, 6).join(', ') + (keys.length > 6 ? ', ...' : '')
  return problem(file, `this does not look like a HeapScope scenario: it has no program, and its keys (${shown}) are not scenario keys`)
}

/**
 * Parses and validates a scenario.
 * @param text the file's contents
 * @param file the file name, used in error messages
 * @returns the scenario and any warnings, or every error found, each with line, column and field
 */
export function parseScenario(text: string, file: string): ScenarioParseResult {
  try {
    return parseOrFail(text, file)
  } catch (error) {
    // A bug, not a user error: still a message, never an exception across the engine boundary.
    return { ok: false, errors: [problem(file, `internal error while reading the scenario: ${error instanceof Error ? error.message : String(error)}`)] }
  }
}

function parseOrFail(text: string, file: string): ScenarioParseResult {
  const document = readYamlDocument(text, file)
  if (!document.ok) return { ok: false, errors: document.errors }
  const root = document.root
  const shape = shapeProblem(root, file)
  if (shape !== null || root === null) return { ok: false, errors: shape === null ? [] : [shape] }

  const state = createDecodeState(file, document.lines)
  const decoded = decode(SCENARIO, root, '', state)
  const structural = [...document.errors, ...state.errors]
  if (decoded === INVALID || structural.length > 0) return { ok: false, errors: structural.sort(byPosition) }

  const errors: ScenarioError[] = []
  const warnings: ScenarioError[] = [...document.warnings, ...state.warnings]
  const report = (loc: SourceLocation, message: string, warning = false): void => {
    ;(warning ? warnings : errors).push({ file, line: loc.line, column: loc.column, field: loc.path, message })
  }
  const module = checkDeclarations(decoded, report)
  checkProgram(decoded.program, decoded.classes, module, report)
  if (errors.length > 0) return { ok: false, errors: errors.sort(byPosition) }
  return { ok: true, scenario: { file, ...decoded }, warnings: warnings.sort(byPosition) }
}
