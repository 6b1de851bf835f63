/**
 * Rewrites the parameters of one `generate` statement in a scenario's YAML (or JSON) text with
 * the `yaml` package's Document API. When only existing values change, just those values are
 * replaced in the text, so comments and layout stay byte for byte; when parameters are added or
 * removed, the document is re-printed (comments kept, long lines never folded).
 */
import { isMap, isScalar, parseDocument, Scalar, type Document, type Pair } from 'yaml'
import type { GeneratorValue } from '@engine'

export type RewriteResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string }

/**
 * Splits a JSON path such as `program[1].do[0]` into keys and indexes.
 * @returns the segments, or null for a malformed path
 */
export function parseStatementPath(path: string): (string | number)[] | null {
  const segments: (string | number)[] = []
  const token = /(?:^|\.)([A-Za-z_][\w-]*)|\[(\d{1,9})\]/gy
  let at = 0
  while (at < path.length) {
    token.lastIndex = at
    const m = token.exec(path)
    if (m === null) return null
    if (m[1] !== undefined) {
      if (at > 0 && !m[0].startsWith('.')) return null
      segments.push(m[1])
    } else segments.push(Number(m[2]))
    at = token.lastIndex
  }
  return segments.length > 0 && typeof segments[0] === 'string' ? segments : null
}

/** The value as a flow scalar in YAML (also valid JSON). */
function scalarText(value: GeneratorValue): string {
  if (typeof value === 'string') return JSON.stringify(value)
  return String(value)
}

function keyOf(pair: Pair): string | null {
  const key = pair.key
  if (isScalar(key)) return String(key.value)
  return typeof key === 'string' ? key : null
}

const BLOCK_SCALARS = new Set<string | undefined>([Scalar.BLOCK_FOLDED, Scalar.BLOCK_LITERAL])

/**
 * Rewrites a generate statement's parameters to `params`: a parameter written in the text gets
 * its new value; one not written is added unless its value is the generator's default; one
 * written but not in `params` is removed (its default then applies).
 * @param text the scenario's text
 * @param statementPath JSON path of the statement (`GeneratorUse.path`)
 * @param params the wanted parameters (without `generate`)
 * @param defaults the generator's default values
 * @returns the new text, or what went wrong
 */
export function rewriteGeneratorParams(
  text: string,
  statementPath: string,
  params: Readonly<Record<string, GeneratorValue>>,
  defaults: Readonly<Record<string, GeneratorValue>> = {},
): RewriteResult {
  const path = parseStatementPath(statementPath)
  if (path === null) return { ok: false, message: `"${statementPath}" is not a statement path (e.g. program[1])` }
  if ('generate' in params) return { ok: false, message: '"generate" names the generator; it is not a parameter' }
  const doc: Document = parseDocument(text, { keepSourceTokens: false })
  if (doc.errors.length > 0) return { ok: false, message: `the scenario's text does not parse as YAML: ${doc.errors[0]?.message ?? ''}` }
  const node = doc.getIn(path, true)
  if (!isMap(node) || !node.has('generate')) return { ok: false, message: `there is no generate statement at ${statementPath}` }

  const pairs = node.items as Pair[]
  const present = new Map<string, Pair>()
  for (const pair of pairs) {
    const key = keyOf(pair)
    if (key !== null && key !== 'generate') present.set(key, pair)
  }
  const names = Object.keys(params).filter((n) => present.has(n) || params[n] !== defaults[n])
  const sameKeys = names.length === present.size && names.every((n) => present.has(n))
  const spliceable = sameKeys && names.every((n) => {
    const value = present.get(n)?.value
    return isScalar(value) && value.range !== undefined && value.range !== null && !BLOCK_SCALARS.has(value.type)
  })
  if (spliceable) {
    const edits = names
      .map((n) => ({ range: ((present.get(n) as Pair).value as Scalar).range as [number, number, number], text: scalarText(params[n] as GeneratorValue) }))
      .sort((a, b) => b.range[0] - a.range[0])
    let out = text
    for (const edit of edits) out = out.slice(0, edit.range[0]) + edit.text + out.slice(edit.range[1])
    return { ok: true, text: out }
  }

  for (const [key] of present) if (!(key in params)) node.delete(key)
  for (const name of names) {
    const value = params[name] as GeneratorValue
    const existing = node.get(name, true)
    if (isScalar(existing)) {
      // Keep the node (and the comment after it); let the printer choose the style anew.
      existing.value = value
      existing.type = undefined
      existing.format = undefined
    } else node.set(name, value)
  }
  return { ok: true, text: doc.toString({ lineWidth: 0 }) }
}
