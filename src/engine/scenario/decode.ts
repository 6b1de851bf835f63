/**
 * The validator: interprets a schema definition (`schema-dsl.ts`) over the nodes of a parsed
 * document (`source-node.ts`), building typed values with source locations and collecting every
 * error it finds (it never stops at the first one and never throws on a malformed document).
 */
import type { ScenarioError } from '../types'
import type { SourceLocation } from './ast'
import { expectedPhrase, joinPath, showNode, showValue } from './describe'
import {
  INVALID,
  type AnyDef,
  type ArrayDef,
  type BuildContext,
  type Def,
  type EnumDef,
  type ExtendDef,
  type Fields,
  type IntegerDef,
  type Invalid,
  type KeyedDef,
  type NumberDef,
  type ObjectDef,
  type RecordDef,
  type RecordEntry,
  type StringDef,
  type TaggedDef,
  type TupleDef,
  type UnionDef
} from './schema-dsl'
import { EMPTY_MAPPING, keyText, positionAt, type LineIndex, type SourceMapping, type SourceNode, type SourcePair } from './source-node'
import { didYouMean } from './suggest'

/** Deepest YAML nesting the validator follows (far beyond any legal scenario). */
export const MAX_YAML_DEPTH = 400

/** Where a decode collects its findings. */
export interface DecodeState {
  readonly file: string
  readonly lines: LineIndex
  readonly errors: ScenarioError[]
  readonly warnings: ScenarioError[]
  depth: number
  tooDeepReported: boolean
}

type Node = SourceNode | undefined
type Excluded = ReadonlySet<string> | null

/** Creates an empty decode state for one document. */
export function createDecodeState(file: string, lines: LineIndex): DecodeState {
  return { file, lines, errors: [], warnings: [], depth: 0, tooDeepReported: false }
}

/** Source location of `node` (line 0 when it has no position). */
export function locationOf(state: DecodeState, node: Node, path: string): SourceLocation {
  const { line, column } = positionAt(state.lines, node === undefined ? -1 : node.offset)
  return { line, column, path }
}

/** Records an error at `node`. */
export function reportAt(state: DecodeState, node: Node, path: string, message: string, warning = false): Invalid {
  const { line, column } = locationOf(state, node, path)
  ;(warning ? state.warnings : state.errors).push({ file: state.file, line, column, field: path, message })
  return INVALID
}

/**
 * Decodes `node` (a YAML node, or null when absent) as `def`.
 * @param path JSON path of the node, for locations and messages
 * @returns the value, or INVALID after reporting why
 */
export function decode<T>(def: Def<T>, node: SourceNode, path: string, state: DecodeState): T | Invalid {
  return decodeAny(def, node, path, state, null) as T | Invalid
}

function decodeAny(def: AnyDef, node: Node, path: string, state: DecodeState, excluded: Excluded): unknown {
  if (node?.kind === 'alias') {
    return reportAt(state, node, path, `aliases (*${node.name}) are not supported; write the value out in full`)
  }
  const anchor = node?.anchor
  if (anchor !== undefined && anchor !== null) {
    return reportAt(state, node, path, `anchors (&${anchor}) are not supported; write each value out in full (use a call block to reuse statements)`)
  }
  switch (def.kind) {
    case 'string':
      return decodeString(def, node, path, state)
    case 'integer':
    case 'number':
      return decodeNumber(def, node, path, state)
    case 'boolean':
      return node?.kind === 'scalar' && typeof node.value === 'boolean' ? node.value : mismatch(def, node, path, state)
    case 'null':
      return node?.kind === 'scalar' && node.value === null ? null : mismatch(def, node, path, state)
    case 'enum':
      return decodeEnum(def, node, path, state)
    case 'ref':
      return decodeAny(def.get(), node, path, state, excluded)
    case 'map': {
      const inner = decodeAny(def.inner, node, path, state, excluded)
      return inner === INVALID ? INVALID : def.convert(inner, createBuildContext(state, node, path))
    }
    case 'union':
      return decodeUnion(def, node, path, state, excluded)
    default:
      return nested(node, path, state, () => decodeCollection(def, node, path, state, excluded))
  }
}

/** Runs `decodeChildren` one level deeper, refusing absurdly deep documents. */
function nested(node: Node, path: string, state: DecodeState, decodeChildren: () => unknown): unknown {
  if (state.depth >= MAX_YAML_DEPTH) {
    if (!state.tooDeepReported) {
      state.tooDeepReported = true
      reportAt(state, node, path, `the document is nested more than ${MAX_YAML_DEPTH} levels deep`)
    }
    return INVALID
  }
  state.depth++
  try {
    return decodeChildren()
  } finally {
    state.depth--
  }
}

function decodeCollection(def: AnyDef, node: Node, path: string, state: DecodeState, excluded: Excluded): unknown {
  if (def.kind === 'array') return decodeArray(def, node, path, state)
  if (def.kind === 'tuple') return decodeTuple(def, node, path, state)
  if (node?.kind !== 'mapping') return mismatch(def, node, path, state)
  switch (def.kind) {
    case 'object':
      return decodeObject(def, node, path, state, excluded)
    case 'record':
      return decodeRecord(def, node, path, state)
    case 'keyed':
      return decodeKeyed(def, node, path, state, excluded)
    case 'tagged':
      return decodeTagged(def, node, path, state, excluded)
    case 'extend':
      return decodeExtend(def, node, path, state, excluded)
    default:
      return decodeAny(def, node, path, state, excluded)
  }
}

function mismatch(def: AnyDef, node: Node, path: string, state: DecodeState, tooLarge = false): Invalid {
  return reportAt(state, node, path, `expected ${expectedPhrase(def, tooLarge)}, got ${showNode(node)}`)
}

function decodeString(def: StringDef, node: Node, path: string, state: DecodeState): string | Invalid {
  if (node?.kind !== 'scalar' || typeof node.value !== 'string') return mismatch(def, node, path, state)
  const text = node.value
  if (def.minLength !== undefined && text.length < def.minLength) {
    return reportAt(state, node, path, def.minLength === 1 ? `expected ${expectedPhrase(def)}, got an empty string` : `expected ${expectedPhrase(def)} of at least ${def.minLength} characters, got ${text.length}`)
  }
  if (def.maxLength !== undefined && text.length > def.maxLength) {
    return reportAt(state, node, path, `expected ${expectedPhrase(def)} of at most ${def.maxLength} characters, got ${text.length}`)
  }
  if (!matchesString(def, text)) {
    return def.invalid === undefined ? mismatch(def, node, path, state) : reportAt(state, node, path, def.invalid(text))
  }
  return text
}

const PATTERNS = new Map<string, RegExp>()

/** True when `text` satisfies the pattern and exclusions of `def` (lengths aside). */
function matchesString(def: StringDef, text: string): boolean {
  if (def.notOneOf?.includes(text) === true) return false
  if (def.pattern === undefined) return true
  let pattern = PATTERNS.get(def.pattern)
  if (pattern === undefined) {
    pattern = new RegExp(def.pattern, 'u')
    PATTERNS.set(def.pattern, pattern)
  }
  return pattern.test(text)
}

function decodeNumber(def: IntegerDef | NumberDef, node: Node, path: string, state: DecodeState): number | Invalid {
  if (node?.kind !== 'scalar' || typeof node.value !== 'number' || !Number.isFinite(node.value)) return mismatch(def, node, path, state)
  const value = node.value
  if (def.kind === 'integer' && !Number.isSafeInteger(value)) return mismatch(def, node, path, state)
  const tooSmall = (def.minimum !== undefined && value < def.minimum) || (def.kind === 'number' && def.exclusiveMinimum !== undefined && value <= def.exclusiveMinimum)
  if (tooSmall) return mismatch(def, node, path, state)
  if (def.maximum !== undefined && value > def.maximum) return mismatch(def, node, path, state, true)
  return value
}

function decodeEnum(def: EnumDef<string | number>, node: Node, path: string, state: DecodeState): string | number | Invalid {
  if (node?.kind === 'scalar' && (typeof node.value === 'string' || typeof node.value === 'number')) {
    const value = node.value
    if (def.values.includes(value)) return value
    if (typeof value === 'string') {
      const known = def.values.map((candidate) => String(candidate))
      return reportAt(state, node, path, `unknown ${def.noun} ${showValue(value)}${didYouMean(value, known)}; expected one of: ${known.join(', ')}`)
    }
  }
  return reportAt(state, node, path, `expected ${def.noun}: one of ${def.values.map((value) => showValue(value)).join(', ')}; got ${showNode(node)}`)
}

function decodeUnion(def: UnionDef<unknown>, node: Node, path: string, state: DecodeState, excluded: Excluded): unknown {
  let branch: AnyDef | undefined
  if (node?.kind === 'mapping') branch = def.branches.mapping
  else if (node?.kind === 'sequence') branch = def.branches.array
  else if (node?.kind === 'scalar') {
    const value = node.value
    if (value === null) branch = def.branches.null
    else if (typeof value === 'string') branch = def.branches.string
    else if (typeof value === 'number') branch = def.branches.number
    else if (typeof value === 'boolean') branch = def.branches.boolean
  }
  if (branch === undefined) return mismatch(def, node, path, state)
  return decodeAny(branch, node, path, state, excluded)
}

function decodeArray(def: ArrayDef<unknown>, node: Node, path: string, state: DecodeState): unknown {
  if (node?.kind !== 'sequence') return mismatch(def, node, path, state)
  const items = node.items
  if (def.minItems !== undefined && items.length < def.minItems) {
    return reportAt(state, node, path, `expected ${expectedPhrase(def)} with at least ${def.minItems} item${def.minItems === 1 ? '' : 's'}, got ${items.length}`)
  }
  if (def.maxItems !== undefined && items.length > def.maxItems) {
    return reportAt(state, node, path, `expected ${expectedPhrase(def)} with at most ${def.maxItems} items, got ${items.length}`)
  }
  const values: unknown[] = []
  let valid = true
  const seen = def.uniqueItems === true ? new Set<unknown>() : null
  items.forEach((item, index) => {
    const itemPath = joinPath(path, index)
    const value = decodeAny(def.items, item, itemPath, state, null)
    if (value === INVALID) valid = false
    else if (seen !== null && seen.has(value)) {
      reportAt(state, item, itemPath, `${showValue(value)} is listed twice`)
      valid = false
    } else {
      seen?.add(value)
      values.push(value)
    }
  })
  return valid ? values : INVALID
}

function decodeTuple(def: TupleDef<unknown>, node: Node, path: string, state: DecodeState): unknown {
  if (node?.kind !== 'sequence' || node.items.length !== def.items.length) {
    const got = node?.kind === 'sequence' ? `a list of ${node.items.length}` : showNode(node)
    return reportAt(state, node, path, `expected ${expectedPhrase(def)}, got ${got}`)
  }
  const values = def.items.map((itemDef, index) => decodeAny(itemDef, node.items[index], joinPath(path, index), state, null))
  return values.includes(INVALID) ? INVALID : values
}

/** The string key of a pair, or null after reporting a non-string key. */
function keyOf(pair: SourcePair, path: string, state: DecodeState): string | null {
  const key = pair.key
  if (key.kind === 'scalar' && typeof key.value === 'string') return key.value
  if (key.kind === 'scalar' && (typeof key.value === 'number' || typeof key.value === 'boolean' || key.value === null)) {
    reportAt(state, key, path, `keys must be strings, got ${showNode(key)}; quote it ("${String(key.value)}") if that is the intended name`)
    return null
  }
  reportAt(state, key, path, `keys must be strings, got ${showNode(key)}`)
  return null
}

/** The pairs of a mapping with string keys, first occurrence of each, minus excluded keys. */
function pairsOf(node: SourceMapping, path: string, state: DecodeState, excluded: Excluded): Map<string, SourcePair> | null {
  const pairs = new Map<string, SourcePair>()
  let valid = true
  for (const pair of node.pairs) {
    const key = keyOf(pair, path, state)
    if (key === null) valid = false
    else if (!pairs.has(key) && excluded?.has(key) !== true) pairs.set(key, pair)
  }
  return valid ? pairs : null
}

function decodeFields(fields: Fields, noun: string, node: SourceMapping, path: string, state: DecodeState, excluded: Excluded): Record<string, unknown> | Invalid {
  const pairs = pairsOf(node, path, state, excluded)
  if (pairs === null) return INVALID
  let valid = true
  for (const [key, pair] of pairs) {
    if (Object.hasOwn(fields, key)) continue
    valid = false
    const keyPath = joinPath(path, key)
    if (key === '<<') reportAt(state, pair.key, keyPath, 'merge keys (<<) are not supported; write the fields out in full')
    else {
      const known = Object.keys(fields)
      const hint = didYouMean(key, known)
      reportAt(state, pair.key, keyPath, `unknown field "${key}" in ${noun}${hint === '' ? `; expected one of: ${known.join(', ')}` : hint}`)
    }
  }
  const values: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(fields)) {
    const pair = pairs.get(key)
    const fieldPath = joinPath(path, key)
    if (pair === undefined) {
      if (field.required) {
        reportAt(state, node, fieldPath, `missing required field "${key}" in ${noun} (expected ${expectedPhrase(field.def)})`)
        valid = false
      } else if (field.default !== undefined && 'fromEmptyMapping' in field.default) {
        const value = decodeAny(field.def, EMPTY_MAPPING, fieldPath, state, null)
        if (value === INVALID) valid = false
        else values[key] = value
      } else values[key] = field.default?.value
      continue
    }
    const value = decodeAny(field.def, pair.value, fieldPath, state, null)
    if (value === INVALID) valid = false
    else values[key] = value
  }
  return valid ? values : INVALID
}

function decodeObject(def: ObjectDef<unknown>, node: SourceMapping, path: string, state: DecodeState, excluded: Excluded): unknown {
  const values = decodeFields(def.fields, def.noun, node, path, state, excluded)
  return values === INVALID ? INVALID : def.build(values, createBuildContext(state, node, path))
}

function decodeExtend(def: ExtendDef<unknown>, node: SourceMapping, path: string, state: DecodeState, excluded: Excluded): unknown {
  const own = new Set(Object.keys(def.fields))
  const ownExcluded = new Set<string>(excluded ?? [])
  for (const pair of node.pairs) {
    const key = keyText(pair)
    if (key !== null && !own.has(key)) ownExcluded.add(key)
  }
  const values = decodeFields(def.fields, def.noun, node, path, state, ownExcluded)
  const restExcluded = new Set<string>([...(excluded ?? []), ...own])
  const rest = decodeAny(def.rest, node, path, state, restExcluded)
  if (values === INVALID || rest === INVALID) return INVALID
  return def.build(values, rest, createBuildContext(state, node, path))
}

function decodeRecord(def: RecordDef<unknown>, node: SourceMapping, path: string, state: DecodeState): unknown {
  const pairs = pairsOf(node, path, state, null)
  if (pairs === null) return INVALID
  if (def.maxEntries !== undefined && pairs.size > def.maxEntries) {
    return reportAt(state, node, path, `expected at most ${def.maxEntries} entries, got ${pairs.size}`)
  }
  const entries: RecordEntry<unknown>[] = []
  let valid = true
  for (const [key, pair] of pairs) {
    const keyPath = joinPath(path, key)
    const name = decodeString(def.key, pair.key, keyPath, state)
    const value = decodeAny(def.value, pair.value, keyPath, state, null)
    if (name === INVALID || value === INVALID) valid = false
    else entries.push({ key: name, value, loc: locationOf(state, pair.key, keyPath) })
  }
  return valid ? entries : INVALID
}

function decodeKeyed(def: KeyedDef<unknown>, node: SourceMapping, path: string, state: DecodeState, excluded: Excluded): unknown {
  const keys: { key: string; pair: SourcePair }[] = []
  for (const pair of node.pairs) {
    const key = keyText(pair)
    if (key !== null && excluded?.has(key) !== true) keys.push({ key, pair })
  }
  const known = Object.keys(def.variants)
  const present = keys.filter(({ key }) => Object.hasOwn(def.variants, key))
  if (def.firstKey) {
    const first = keys[0]
    if (first === undefined) return reportAt(state, node, path, `empty ${def.noun}; expected a mapping whose first key is one of: ${known.join(', ')}`)
    if (Object.hasOwn(def.variants, first.key)) return decodeAny(def.variants[first.key]!, node, path, state, excluded)
    const identifying = present[0]
    if (identifying !== undefined) {
      return reportAt(state, first.pair.key, joinPath(path, first.key), `a ${def.noun} starts with its identifying key: put "${identifying.key}" first (found "${first.key}" first)`)
    }
    return reportAt(state, first.pair.key, joinPath(path, first.key), `unknown ${def.noun} key "${first.key}"${didYouMean(first.key, known)}; expected one of: ${known.join(', ')}`)
  }
  if (present.length === 0 && def.otherwise !== undefined) return decodeAny(def.otherwise, node, path, state, excluded)
  if (present.length === 0) return reportAt(state, node, path, def.missing ?? `expected ${def.noun} with one of the keys: ${known.join(', ')}`)
  if (present.length > 1) {
    const [, second] = present
    return reportAt(state, second!.pair.key, joinPath(path, second!.key), `a ${def.noun} takes only one of ${present.map(({ key }) => `"${key}"`).join(', ')}`)
  }
  return decodeAny(def.variants[present[0]!.key]!, node, path, state, excluded)
}

function decodeTagged(def: TaggedDef<unknown>, node: SourceMapping, path: string, state: DecodeState, excluded: Excluded): unknown {
  const pair = node.pairs.find((item) => keyText(item) === def.tag)
  if (pair === undefined) return reportAt(state, node, path, `missing required field "${def.tag}" in ${def.noun}`)
  const tagPath = joinPath(path, def.tag)
  const known = Object.keys(def.variants)
  const value = pair.value.kind === 'scalar' ? pair.value.value : undefined
  if (typeof value === 'string' && Object.hasOwn(def.variants, value)) return decodeAny(def.variants[value]!, node, path, state, excluded)
  const otherwise = def.otherwise
  if (otherwise !== undefined && typeof value === 'string' && matchesString(otherwise.tag, value)) {
    return decodeAny(otherwise.def, node, path, state, excluded)
  }
  if (typeof value === 'string') {
    const accepted = otherwise === undefined ? known.join(', ') : `${known.join(', ')} or ${otherwise.description}`
    return reportAt(state, pair.value, tagPath, `unknown ${def.noun} ${showValue(value)}${didYouMean(value, known)}; expected one of: ${accepted}`)
  }
  const accepted = otherwise === undefined ? known.join(', ') : `${known.join(', ')} or ${otherwise.description}`
  return reportAt(state, pair.value, tagPath, `expected ${def.noun} (one of: ${accepted}), got ${showNode(pair.value)}`)
}

/** The context handed to build and convert functions of a node at `path`. */
function createBuildContext(state: DecodeState, node: Node, path: string): BuildContext {
  const fieldNode = (key: string): Node => {
    if (node?.kind !== 'mapping') return node
    const pair = node.pairs.find((item) => keyText(item) === key)
    return pair === undefined ? node : pair.value
  }
  const fieldPath = (key: string | undefined): string => (key === undefined ? path : joinPath(path, key))
  return {
    loc: locationOf(state, node, path),
    error: (message, key) => reportAt(state, key === undefined ? node : fieldNode(key), fieldPath(key), message),
    warn: (message, key) => {
      reportAt(state, key === undefined ? node : fieldNode(key), fieldPath(key), message, true)
    },
    locOf: (key) => locationOf(state, fieldNode(key), joinPath(path, key))
  }
}
