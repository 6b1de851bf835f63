/**
 * Scalars for the fast YAML reader (`simple-yaml.ts`): plain scalars resolved with the YAML 1.2
 * core schema exactly as the yaml package resolves them, and one-line quoted scalars.
 */
import type { ScalarValue } from './source-node'

const NULL_PATTERN = /^(?:~|[Nn]ull|NULL)?$/
const BOOL_PATTERN = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/
const OCT_PATTERN = /^0o[0-7]+$/
const INT_PATTERN = /^[-+]?[0-9]+$/
const HEX_PATTERN = /^0x[0-9a-fA-F]+$/
const SPECIAL_FLOAT_PATTERN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/
const FLOAT_PATTERN = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/

/** The value of a plain scalar under the YAML 1.2 core schema, as the yaml package resolves it. */
export function resolvePlainScalar(source: string): ScalarValue {
  const first = source.charCodeAt(0)
  // Most scalars are words: skip the tests when the text cannot be a null, bool or number.
  if ((first >= 97 && first <= 122 && first !== 110 && first !== 116 && first !== 102) || first === 95) return source
  if (NULL_PATTERN.test(source)) return null
  if (BOOL_PATTERN.test(source)) return source.charCodeAt(0) === 116 || source.charCodeAt(0) === 84
  if (OCT_PATTERN.test(source)) return parseInt(source.slice(2), 8)
  if (INT_PATTERN.test(source)) return parseInt(source, 10)
  if (HEX_PATTERN.test(source)) return parseInt(source.slice(2), 16)
  if (SPECIAL_FLOAT_PATTERN.test(source)) {
    if (source.slice(-3).toLowerCase() === 'nan') return NaN
    return source.charCodeAt(0) === 45 /* - */ ? -Infinity : Infinity
  }
  if (FLOAT_PATTERN.test(source)) return parseFloat(source)
  return source
}

/** End (after the closing quote) of a one-line double-quoted scalar at `pos`, or -1. */
export function skipDoubleQuoted(text: string, pos: number): number {
  for (let i = pos + 1; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code === 92 /* \ */) i++
    else if (code === 34 /* " */) return i + 1
    else if (code === 10 || code === 13) return -1
  }
  return -1
}

/** End (after the closing quote) of a one-line single-quoted scalar at `pos`, or -1. */
export function skipSingleQuoted(text: string, pos: number): number {
  for (let i = pos + 1; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code === 39 /* ' */) {
      if (text.charCodeAt(i + 1) === 39) i++
      else return i + 1
    } else if (code === 10 || code === 13) return -1
  }
  return -1
}

const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029'
}
const HEX_DIGITS: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 }

/** The value of a double-quoted scalar's body, or null for an escape the fast reader leaves to the yaml package. */
export function unescapeDoubleQuoted(body: string): string | null {
  if (!body.includes('\\')) return body
  let out = ''
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!
    if (char !== '\\') {
      out += char
      continue
    }
    const escape = body[++i] ?? ''
    const simple = ESCAPES[escape]
    if (simple !== undefined) {
      out += simple
      continue
    }
    const digits = HEX_DIGITS[escape]
    if (digits === undefined) return null
    const hex = body.slice(i + 1, i + 1 + digits)
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) return null
    const code = parseInt(hex, 16)
    if (code > 0x10ffff) return null
    out += String.fromCodePoint(code)
    i += digits
  }
  return out
}
