/**
 * Words for messages: what a definition expects ("a positive integer (number of iterations)") and
 * what a YAML node is ("-5", "a list", "an empty value"), plus JSON-path joining.
 */
import type { AnyDef, IntegerDef, NumberDef } from './schema-dsl'
import type { SourceNode } from './source-node'

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/** `program` + `do` → `program.do`; keys that are not plain words are quoted: `items["a b"]`. */
export function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`
  if (!PLAIN_KEY.test(key)) return `${path}[${JSON.stringify(key)}]`
  return path === '' ? key : `${path}.${key}`
}

/** A short rendering of a value for messages: `-5`, `"text"`, `true`. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') {
    const text = value.length > 60 ? `${value.slice(0, 57)}...` : value
    return JSON.stringify(text)
  }
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : String(value).replace('Infinity', '.inf').replace('NaN', '.nan')
  return String(value)
}

/** What a node is, for "got ...": a scalar's value, or "a list" / "a mapping". */
export function showNode(node: SourceNode | undefined): string {
  if (node === undefined) return 'nothing'
  switch (node.kind) {
    case 'mapping':
      return 'a mapping'
    case 'sequence':
      return 'a list'
    case 'alias':
      return `an alias (*${node.name})`
    case 'scalar':
      if (node.value === undefined) return 'a value of an unsupported YAML type'
      return node.empty ? 'an empty value' : showValue(node.value)
  }
}

function withWhat(phrase: string, what: string | undefined, extra?: string): string {
  const inside = [what, extra].filter((part) => part !== undefined && part !== '').join(', ')
  return inside === '' ? phrase : `${phrase} (${inside})`
}

/** "a positive integer", "a non-negative integer", "an integer from 0 to 2", ... */
function numberPhrase(def: IntegerDef | NumberDef, noun: string): { phrase: string; max?: string } {
  const min = def.minimum
  const max = def.maximum
  const exclusiveMin = def.kind === 'number' ? def.exclusiveMinimum : undefined
  const article = noun === 'integer' ? 'an' : 'a'
  // Small ranges read best whole: "an integer from 0 to 2".
  if (min !== undefined && max !== undefined && max - min <= 1000) return { phrase: `${article} ${noun} from ${min} to ${max}` }
  if (exclusiveMin === 0 || (noun === 'integer' && min === 1)) {
    return { phrase: `a positive ${noun}`, ...(max !== undefined ? { max: `at most ${max}` } : {}) }
  }
  if (min === 0) return { phrase: `a non-negative ${noun}`, ...(max !== undefined ? { max: `at most ${max}` } : {}) }
  if (min !== undefined && max !== undefined) return { phrase: `${article} ${noun} from ${min} to ${max}` }
  if (min !== undefined) return { phrase: `${article} ${noun} ≥ ${min}` }
  if (max !== undefined) return { phrase: `${article} ${noun} ≤ ${max}` }
  return { phrase: `${article} ${noun}` }
}

/**
 * The "expected ..." phrase of a definition.
 * @param tooLarge the value broke only the upper bound, so the phrase names that bound
 */
export function expectedPhrase(def: AnyDef, tooLarge = false): string {
  if (def.expected !== undefined) return def.expected
  switch (def.kind) {
    case 'string':
      return 'a string'
    case 'integer':
    case 'number': {
      const { phrase, max } = numberPhrase(def, def.kind)
      return withWhat(phrase, def.what, tooLarge ? max : undefined)
    }
    case 'boolean':
      return 'true or false'
    case 'null':
      return 'null'
    case 'enum':
      return `one of ${def.values.map((value) => showValue(value)).join(', ')}`
    case 'array':
      return 'a list'
    case 'tuple':
      return `a list of ${def.items.length} values`
    case 'object':
      return `a mapping (${def.noun})`
    case 'record':
      return 'a mapping of names'
    case 'keyed':
    case 'tagged':
    case 'extend':
      return `a mapping (${def.noun})`
    case 'union':
      return 'a value'
    case 'ref':
      return expectedPhrase(def.get(), tooLarge)
    case 'map':
      return expectedPhrase(def.inner, tooLarge)
  }
}
