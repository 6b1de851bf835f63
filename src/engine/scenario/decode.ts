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
 * Decodes the document node `node` as `def`.
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
      return inner === INVALID ? INVALID : def.convert(inner, new MappingBuildContext(state, node, path))
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
  const [only] = def.values
  if (def.values.length === 1) return reportAt(state, node, path, `expected ${def.noun} ${showValue(only)}, got ${showNode(node)}`)
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
  if (node?.kind === 'mapping') {
    return reportAt(state, node, path, `expected ${expectedPhrase(def)}, got a mapping; in YAML, start each item of a list with "- "`)
  }
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

/** The first pair with string key `key` (mappings are small: a scan beats building a map). */
function pairOf(node: SourceMapping, key: string): SourcePair | undefined {
  for (const pair of node.pairs) if (keyText(pair) === key) return pair
  return undefined
}

/**
 * Decodes the fields of a mapping.
 * @param excluded keys that belong to another definition (not reported as unknown)
 * @param othersAllowed keys that are not fields are somebody else's (`extend`): not reported
 */
function decodeFields(fields: Fields, noun: string, node: SourceMapping, path: string, state: DecodeState, excluded: Excluded, othersAllowed = false): Record<string, unknown> | Invalid {
  let valid = true
  for (const pair of othersAllowed ? [] : node.pairs) {
    const key = keyOf(pair, path, state)
    if (key === null) {
      valid = false
      continue
    }
    if (Object.hasOwn(fields, key) || excluded?.has(key) === true) continue
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
  for (const key in fields) {
    const field = fields[key]!
    const pair = pairOf(node, key)
    if (pair !== undefined) {
      const value = decodeAny(field.def, pair.value, joinPath(path, key), state, null)
      if (value === INVALID) valid = false
      else values[key] = value
    } else if (field.required) {
      reportAt(state, node, joinPath(path, key), `missing required field "${key}" in ${noun} (expected ${expectedPhrase(field.def)})`)
      valid = false
    } else if (field.default !== undefined && 'fromEmptyMapping' in field.default) {
      const value = decodeAny(field.def, EMPTY_MAPPING, joinPath(path, key), state, null)
      if (value === INVALID) valid = false
      else values[key] = value
    } else values[key] = field.default?.value
  }
  return valid ? values : INVALID
}

function decodeObject(def: ObjectDef<unknown>, node: SourceMapping, path: string, state: DecodeState, excluded: Excluded): unknown {
  const values = decodeFields(def.fields, def.noun, node, path, state, excluded)
  return values === INVALID ? INVALID : def.build(values, new MappingBuildContext(state, node, path))
}

const OWN_KEYS = new WeakMap<ExtendDef<unknown>, ReadonlySet<string>>()

function decodeExtend(def: ExtendDef<unknown>, node: SourceMapping, path: string, state: DecodeState, excluded: Excluded): unknown {
  let own = OWN_KEYS.get(def)
  if (own === undefined) {
    own = new Set(Object.keys(def.fields))
    OWN_KEYS.set(def, own)
  }
  const values = decodeFields(def.fields, def.noun, node, path, state, null, true)
  const rest = decodeAny(def.rest, node, path, state, excluded === null ? own : new Set([...excluded, ...own]))
  if (values === INVALID || rest === INVALID) return INVALID
  return def.build(values, rest, new MappingBuildContext(state, node, path))
}

function decodeRecord(def: RecordDef<unknown>, node: SourceMapping, path: string, state: DecodeState): unknown {
  if (def.maxEntries !== undefined && node.pairs.length > def.maxEntries) {
    return reportAt(state, node, path, `expected at most ${def.maxEntries} entries, got ${node.pairs.length}`)
  }
  const entries: RecordEntry<unknown>[] = []
  const seen = new Set<string>()
  let valid = true
  for (const pair of node.pairs) {
    const key = keyOf(pair, path, state)
    if (key === null) {
      valid = false
      continue
    }
    // A duplicate key was reported by the YAML reader; the first occurrence counts.
    if (seen.has(key)) continue
    seen.add(key)
    const keyPath = joinPath(path, key)
    const name = decodeString(def.key, pair.key, keyPath, state)
    const value = decodeAny(def.value, pair.value, keyPath, state, null)
    if (name === INVALID || value === INVALID) valid = false
    else entries.push({ key: name, value, loc: locationOf(state, pair.key, keyPath) })
  }
  return valid ? entries : INVALID
}

function decodeKeyed(def: KeyedDef<unknown>, node: SourceMapping, path: string, state: DecodeState, excluded: Excluded): unknown {
  const variants = def.variants
  if (def.firstKey) {
    const first = node.pairs.find((pair) => excluded?.has(keyText(pair) ?? '') !== true)
    const firstKey = first === undefined ? null : keyText(first)
    if (firstKey !== null && Object.hasOwn(variants, firstKey)) return decodeAny(variants[firstKey]!, node, path, state, excluded)
    const known = Object.keys(variants)
    if (first === undefined) return reportAt(state, node, path, `empty ${def.noun}; expected a mapping whose first key is one of: ${known.join(', ')}`)
    const shown = firstKey ?? showNode(first.key)
    const keyPath = joinPath(path, shown)
    const identifying = node.pairs.map(keyText).find((key) => key !== null && Object.hasOwn(variants, key))
    if (identifying !== undefined) {
      return reportAt(state, first.key, keyPath, `a ${def.noun} starts with its identifying key: put "${identifying}" first (found "${shown}" first)`)
    }
    return reportAt(state, first.key, keyPath, `unknown ${def.noun} key "${shown}"${didYouMean(shown, known)}; expected one of: ${known.join(', ')}`)
  }
  let found: SourcePair | undefined
  let foundKey = ''
  for (const pair of node.pairs) {
    const key = keyText(pair)
    if (key === null || !Object.hasOwn(variants, key) || excluded?.has(key) === true) continue
    if (found !== undefined) {
      return reportAt(state, pair.key, joinPath(path, key), `a ${def.noun} takes only one of "${foundKey}" and "${key}"`)
    }
    found = pair
    foundKey = key
  }
  if (found !== undefined) return decodeAny(variants[foundKey]!, node, path, state, excluded)
  if (def.otherwise !== undefined) return decodeAny(def.otherwise, node, path, state, excluded)
  return reportAt(state, node, path, def.missing ?? `expected ${def.noun} with one of the keys: ${Object.keys(variants).join(', ')}`)
}

function decodeTagged(def: TaggedDef<unknown>, node: SourceMapping, path: string, state: DecodeState, excluded: Excluded): unknown {
  const pair = pairOf(node, def.tag)
  if (pair === undefined) return reportAt(state, node, path, `missing required field "${def.tag}" in ${def.noun}`)
  const value = pair.value.kind === 'scalar' ? pair.value.value : undefined
  if (typeof value === 'string' && Object.hasOwn(def.variants, value)) return decodeAny(def.variants[value]!, node, path, state, excluded)
  const otherwise = def.otherwise
  if (otherwise !== undefined && typeof value === 'string' && matchesString(otherwise.tag, value)) {
    return decodeAny(otherwise.def, node, path, state, excluded)
  }
  const known = Object.keys(def.variants)
  const accepted = otherwise === undefined ? known.join(', ') : `${known.join(', ')} or ${otherwise.description}`
  const tagPath = joinPath(path, def.tag)
  if (typeof value === 'string') {
    return reportAt(state, pair.value, tagPath, `unknown ${def.noun} ${showValue(value)}${didYouMean(value, known)}; expected one of: ${accepted}`)
  }
  return reportAt(state, pair.value, tagPath, `expected ${def.noun} (one of: ${accepted}), got ${showNode(pair.value)}`)
}

/** The context handed to build and convert functions of the node at `path`. */
class MappingBuildContext implements BuildContext {
  readonly loc: SourceLocation
  private readonly state: DecodeState
  private readonly node: Node
  private readonly path: string

  constructor(state: DecodeState, node: Node, path: string) {
    this.state = state
    this.node = node
    this.path = path
    this.loc = locationOf(state, node, path)
  }

  private fieldNode(key: string | undefined): Node {
    const node = this.node
    if (key === undefined || node?.kind !== 'mapping') return node
    return pairOf(node, key)?.value ?? node
  }

  private fieldPath(key: string | undefined): string {
    return key === undefined ? this.path : joinPath(this.path, key)
  }

  error(message: string, key?: string): Invalid {
    return reportAt(this.state, this.fieldNode(key), this.fieldPath(key), message)
  }

  warn(message: string, key?: string): void {
    reportAt(this.state, this.fieldNode(key), this.fieldPath(key), message, true)
  }

  locOf(key: string): SourceLocation {
    return locationOf(this.state, this.fieldNode(key), this.fieldPath(key))
  }
}
