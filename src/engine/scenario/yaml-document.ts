/**
 * Reads scenario text into one YAML document (JSON is YAML, so JSON files come through here too).
 * Everyday files take the fast reader (`simple-yaml.ts`); anything it does not handle goes to the
 * `yaml` package, whose nodes are converted to the same source nodes. Turns what is not a usable
 * document into one clear message each: binary data, an empty file, syntax errors (at the YAML
 * library's positions), several documents, unknown tags.
 */
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml'
import type { ScenarioError } from '../types'
import { readSimpleYaml } from './simple-yaml'
import { createLineIndex, positionAt, type LineIndex, type SourceNode } from './source-node'

/** The document, or the errors that make it unusable. */
export type YamlDocumentResult =
  | {
      readonly ok: true
      /** Root node; null for a document without content. */
      readonly root: SourceNode | null
      readonly lines: LineIndex
      /** Problems that still leave a usable tree (duplicate keys: the first occurrence counts). */
      readonly errors: readonly ScenarioError[]
      readonly warnings: readonly ScenarioError[]
    }
  | { readonly ok: false; readonly errors: readonly ScenarioError[] }

/** Most syntax errors reported for one file (the rest are summarised). */
export const MAX_SYNTAX_ERRORS = 20

// C0 controls other than tab/LF/CR, DEL, and the replacement character of undecodable bytes.
const NOT_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD\uFFFE\uFFFF]/g

/** YAML errors after which the tree is still what the author wrote. */
const RECOVERABLE = new Set(['DUPLICATE_KEY'])

function problem(file: string, line: number, column: number, message: string): ScenarioError {
  return { file, line, column, field: '', message }
}

function binaryProblem(text: string, file: string): ScenarioError | null {
  const matches = text.match(NOT_TEXT)
  if (matches === null) return null
  if (matches.length > 3 || matches.includes('\u0000') || matches.includes('\uFFFD')) {
    return problem(file, 0, 0, 'this is not a text file (it contains binary data); a scenario is a YAML or JSON text file')
  }
  const offset = text.search(NOT_TEXT)
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  const col = offset - before.lastIndexOf('\n')
  const code = text.charCodeAt(offset).toString(16).toUpperCase().padStart(4, '0')
  return problem(file, line, col, `control character U+${code} is not allowed in a YAML or JSON file`)
}

/** The key written at `start` (for duplicate-key messages), quotes removed. */
function keyAt(text: string, start: number, end: number): string {
  const match = /^(?:"((?:[^"\\\n]|\\.)*)"|'([^'\n]*)'|([^:\n,{}[\]]*))/.exec(text.slice(start, Math.max(end, start + 200)))
  return (match?.[1] ?? match?.[2] ?? match?.[3] ?? '').trim().slice(0, 60)
}

function yamlMessage(code: string, message: string, source: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return `duplicate key${source === '' ? '' : ` ${JSON.stringify(source)}`}: each key may appear once in a mapping`
    case 'MULTIPLE_DOCS':
      return 'the file holds more than one YAML document (a second --- line); a scenario is exactly one document'
    case 'TAB_AS_INDENT':
      return 'tabs are not allowed as indentation in YAML; indent with spaces'
    case 'TAG_RESOLVE_FAILED':
      return `YAML tags are not supported (${message.replace(/\.$/, '')}); write plain values`
    default:
      return `YAML syntax error: ${message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}`
  }
}

function collect(document: Document.Parsed, text: string, file: string, lines: LineIndex) {
  const errors: ScenarioError[] = []
  const seen = new Set<string>()
  let recoverable = true
  for (const error of [...document.errors, ...document.warnings.filter((warning) => warning.code === 'TAG_RESOLVE_FAILED')]) {
    if (!RECOVERABLE.has(error.code)) recoverable = false
    const [start = 0, end = start] = error.pos
    const { line, column } = positionAt(lines, start)
    const message = yamlMessage(error.code, error.message, keyAt(text, start, end))
    const key = `${line}:${message}`
    if (seen.has(key)) continue
    seen.add(key)
    errors.push(problem(file, line, column, message))
  }
  if (errors.length > MAX_SYNTAX_ERRORS) {
    const more = errors.length - MAX_SYNTAX_ERRORS
    errors.length = MAX_SYNTAX_ERRORS
    errors.push(problem(file, 0, 0, `... and ${more} more YAML error${more === 1 ? '' : 's'}`))
  }
  const warnings = document.warnings
    .filter((warning) => warning.code !== 'TAG_RESOLVE_FAILED')
    .map((warning) => {
      const { line, column } = positionAt(lines, warning.pos[0])
      return problem(file, line, column, warning.message.split('\n')[0] ?? warning.message)
    })
  return { errors, warnings, recoverable }
}

/**
 * Parses `text` as a single YAML 1.2 document (core schema: `yes`/`no` are strings, numbers and
 * booleans as in JSON).
 * @param file the file name, for errors
 */
export function readYamlDocument(input: string, file: string): YamlDocumentResult {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input
  const binary = binaryProblem(text, file)
  if (binary !== null) return { ok: false, errors: [binary] }
  if (text.trim() === '') {
    return { ok: false, errors: [problem(file, 0, 0, 'the file is empty; a scenario is a mapping with at least name and program')] }
  }
  const lines = createLineIndex(text)
  const simple = readSimpleYaml(text)
  if (simple !== null) return { ok: true, root: simple, lines, errors: [], warnings: [] }
  try {
    const document = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true, merge: false, version: '1.2', schema: 'core' })
    const { errors, warnings, recoverable } = collect(document, text, file, lines)
    if (!recoverable) return { ok: false, errors }
    const root = document.contents === null ? null : sourceNodeOfYaml(document.contents, 0)
    return { ok: true, root, lines, errors, warnings }
  } catch {
    return { ok: false, errors: [problem(file, 0, 0, 'the file could not be read as YAML (it is nested too deeply or too large)')] }
  }
}

/** Converts a node of the `yaml` package (or an absent pair value, at `fallbackOffset`). */
export function sourceNodeOfYaml(node: unknown, fallbackOffset: number): SourceNode {
  const range = (node as { range?: readonly number[] | null } | null)?.range
  const offset = range?.[0] ?? fallbackOffset
  const anchor = (node as { anchor?: string } | null)?.anchor || null
  if (isAlias(node)) return { kind: 'alias', name: node.source, offset, anchor: null }
  if (isMap(node)) {
    const pairs = node.items.map((pair) => {
      const key = sourceNodeOfYaml(pair.key, offset)
      return { key, value: sourceNodeOfYaml(pair.value, key.offset) }
    })
    return { kind: 'mapping', pairs, offset, anchor }
  }
  if (isSeq(node)) return { kind: 'sequence', items: node.items.map((item) => sourceNodeOfYaml(item, offset)), offset, anchor }
  if (isScalar(node)) {
    const raw = node.value
    const value = raw === null || typeof raw === 'boolean' || typeof raw === 'number' || typeof raw === 'string' ? raw : undefined
    return { kind: 'scalar', value, offset, empty: raw === null && range !== undefined && range !== null && range[0] === range[1], anchor }
  }
  return { kind: 'scalar', value: null, offset, empty: true, anchor: null }
}
