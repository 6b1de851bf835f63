/**
 * A fast reader for the YAML that scenario files are made of: block mappings and sequences,
 * flow collections (so all of JSON), plain and quoted one-line scalars, `|` literal blocks and
 * comments, resolved with the YAML 1.2 core schema. It is several times faster than the `yaml`
 * package, which matters for generated scenarios with thousands of statements.
 *
 * Anything else (anchors, tags, folded or multi-line scalars, tabs in indentation, several
 * documents, duplicate keys, any syntax error) makes it return null, and the caller reads the text
 * with the `yaml` package instead, which also reports every syntax error. Its tests check that
 * both readers give the same nodes and offsets for everything this one accepts.
 */
import type { ScalarValue, SourceMapping, SourceNode, SourcePair, SourceScalar, SourceSequence } from './source-node'
import { resolvePlainScalar, skipDoubleQuoted, skipSingleQuoted, unescapeDoubleQuoted } from './yaml-scalars'

/** Thrown to give up on the fast path. */
const NOT_SIMPLE: unique symbol = Symbol('not simple YAML')

function giveUp(): never {
  throw NOT_SIMPLE
}

/** Deepest nesting the fast reader follows (the `yaml` package handles deeper documents). */
const MAX_DEPTH = 200

const SPACE = 32
const TAB = 9
const LF = 10
const CR = 13
const HASH = 35
const COLON = 58
const DASH = 45
const COMMA = 44
const QUOTE = 34
const APOSTROPHE = 39
const OPEN_BRACKET = 91
const CLOSE_BRACKET = 93
const OPEN_BRACE = 123
const CLOSE_BRACE = 125
const PIPE = 124

interface Reader {
  readonly text: string
  pos: number
  /** Indentation of the line `pos` is on, after `nextLine` (-1 at the end of the text). */
  indent: number
  /** Offset where that line starts. */
  lineStart: number
  depth: number
}

/**
 * Reads `text` if it is made only of the everyday YAML subset.
 * @returns the root node, or null when the `yaml` package must read the text
 */
export function readSimpleYaml(text: string): SourceNode | null {
  const reader: Reader = { text, pos: 0, indent: 0, lineStart: 0, depth: 0 }
  try {
    nextLine(reader)
    if (reader.indent < 0) return null
    const root = readRoot(reader)
    if (reader.indent >= 0) giveUp()
    return root
  } catch (error) {
    if (error === NOT_SIMPLE || error instanceof RangeError) return null
    throw error
  }
}

function readRoot(reader: Reader): SourceNode {
  const code = reader.text.charCodeAt(reader.pos)
  if (code === OPEN_BRACKET || code === OPEN_BRACE) {
    const node = readFlow(reader, -1)
    endLine(reader)
    nextLine(reader)
    return node
  }
  if (code === DASH && isBlankOrEnd(reader.text.charCodeAt(reader.pos + 1))) return readBlockSequence(reader, reader.indent)
  if (startsKey(reader)) return readBlockMapping(reader, reader.indent)
  return giveUp()
}

// ---------------------------------------------------------------------------------------------
// Lines

function isBlankOrEnd(code: number): boolean {
  return code === SPACE || code === LF || code === CR || Number.isNaN(code)
}

function isLineEnd(code: number): boolean {
  return code === LF || code === CR || Number.isNaN(code)
}

/**
 * From anywhere on a line (or at a line start), moves to the first character of the next line
 * with content, skipping blank and comment lines, and sets `indent` (-1 at the end).
 */
function nextLine(reader: Reader): void {
  const text = reader.text
  let pos = reader.pos
  // Only called at a line start or at the end of a line's content.
  if (pos > 0 && text.charCodeAt(pos - 1) !== LF) pos = skipLineBreak(text, pos)
  for (;;) {
    if (pos >= text.length) {
      reader.pos = pos
      reader.indent = -1
      return
    }
    const start = pos
    while (text.charCodeAt(pos) === SPACE) pos++
    const code = text.charCodeAt(pos)
    if (code === TAB) giveUp()
    if (code === HASH || isLineEnd(code)) {
      while (!isLineEnd(text.charCodeAt(pos))) pos++
      if (pos >= text.length) continue
      pos = skipLineBreak(text, pos)
      continue
    }
    if (pos === start && (code === 37 /* % */ || ((code === DASH || code === 46) /* - . */ && isMarker(text, pos)))) giveUp()
    reader.pos = pos
    reader.indent = pos - start
    reader.lineStart = start
    return
  }
}

/** `---` or `...` at a line start: a document marker. */
function isMarker(text: string, pos: number): boolean {
  const code = text.charCodeAt(pos)
  return text.charCodeAt(pos + 1) === code && text.charCodeAt(pos + 2) === code && isBlankOrEnd(text.charCodeAt(pos + 3))
}

/** At a line end, moves past the line break (`\n` or `\r\n`). */
function skipLineBreak(text: string, pos: number): number {
  const code = text.charCodeAt(pos)
  if (code === LF) return pos + 1
  if (code === CR) {
    if (text.charCodeAt(pos + 1) !== LF) giveUp()
    return pos + 2
  }
  if (Number.isNaN(code)) return pos
  return giveUp()
}

/** After a node: only spaces and a comment may follow on its line. Leaves `pos` at the line end. */
function endLine(reader: Reader): void {
  const text = reader.text
  let pos = reader.pos
  const start = pos
  while (text.charCodeAt(pos) === SPACE) pos++
  const code = text.charCodeAt(pos)
  if (code === HASH && pos > start) {
    while (!isLineEnd(text.charCodeAt(pos))) pos++
  } else if (!isLineEnd(code)) giveUp()
  reader.pos = pos
}

function enter(reader: Reader): void {
  if (++reader.depth > MAX_DEPTH) giveUp()
}

// ---------------------------------------------------------------------------------------------
// Block collections

/** Does the line at `pos` start with `key:` (a plain or quoted key followed by `: ` or `:` at the end)? */
function startsKey(reader: Reader): boolean {
  const text = reader.text
  let pos = reader.pos
  const code = text.charCodeAt(pos)
  if (code === QUOTE || code === APOSTROPHE) {
    pos = code === QUOTE ? skipDoubleQuoted(text, pos) : skipSingleQuoted(text, pos)
    while (text.charCodeAt(pos) === SPACE) pos++
    return text.charCodeAt(pos) === COLON && isBlankOrEnd(text.charCodeAt(pos + 1))
  }
  if (!isPlainStart(text, pos, false)) return false
  for (;; pos++) {
    const next = text.charCodeAt(pos)
    if (isLineEnd(next)) return false
    if (next === COLON && isBlankOrEnd(text.charCodeAt(pos + 1))) return true
    if (next === HASH && text.charCodeAt(pos - 1) === SPACE) return false
    if (next === TAB) giveUp()
  }
}

function readBlockMapping(reader: Reader, column: number): SourceMapping {
  enter(reader)
  const offset = reader.pos
  const pairs: SourcePair[] = []
  const seen = new Set<ScalarValue>()
  for (;;) {
    if (!startsKey(reader)) giveUp()
    const key = readKey(reader)
    if (seen.has(key.value)) giveUp()
    seen.add(key.value)
    const value = readBlockValue(reader, column, true)
    pairs.push({ key, value })
    if (reader.indent < column) break
    if (reader.indent > column) giveUp()
  }
  reader.depth--
  return { kind: 'mapping', pairs, offset, anchor: null }
}

/** Reads a key and its `:`; `pos` ends after the colon. */
function readKey(reader: Reader): SourceScalar {
  const text = reader.text
  const code = text.charCodeAt(reader.pos)
  let key: SourceScalar
  if (code === QUOTE || code === APOSTROPHE) key = readQuoted(reader)
  else {
    const start = reader.pos
    let pos = start
    while (!(text.charCodeAt(pos) === COLON && isBlankOrEnd(text.charCodeAt(pos + 1)))) pos++
    if (pos - start > 1024) giveUp()
    key = plainScalar(text.slice(start, pos).trimEnd(), start)
    reader.pos = pos
  }
  while (text.charCodeAt(reader.pos) === SPACE) reader.pos++
  if (text.charCodeAt(reader.pos) !== COLON) giveUp()
  reader.pos++
  return key
}

function readBlockSequence(reader: Reader, column: number): SourceSequence {
  enter(reader)
  const offset = reader.pos
  const items: SourceNode[] = []
  for (;;) {
    // At a "-" followed by a blank.
    reader.pos++
    items.push(readBlockValue(reader, column, false))
    if (reader.indent !== column) break
    const text = reader.text
    if (text.charCodeAt(reader.pos) !== DASH || !isBlankOrEnd(text.charCodeAt(reader.pos + 1))) break
  }
  if (reader.indent > column) giveUp()
  reader.depth--
  return { kind: 'sequence', items, offset, anchor: null }
}

/**
 * Reads what follows a mapping's `:` or a sequence's `-` at `column`: the rest of the line, or an
 * indented block below. Ends at the next content line (reader.indent set).
 */
function readBlockValue(reader: Reader, column: number, inMapping: boolean): SourceNode {
  const text = reader.text
  while (text.charCodeAt(reader.pos) === SPACE) reader.pos++
  const start = reader.pos
  const code = text.charCodeAt(start)
  if (code === TAB) giveUp()
  if (isLineEnd(code) || code === HASH) {
    if (code === HASH && text.charCodeAt(start - 1) !== SPACE) giveUp()
    endLine(reader)
    nextLine(reader)
    if (reader.indent > column) return readNestedBlock(reader, column)
    if (inMapping && reader.indent === column && text.charCodeAt(reader.pos) === DASH && isBlankOrEnd(text.charCodeAt(reader.pos + 1))) {
      return readBlockSequence(reader, column)
    }
    return { kind: 'scalar', value: null, offset: start, empty: true, anchor: null }
  }
  const here = start - reader.lineStart
  if (code === DASH && isBlankOrEnd(text.charCodeAt(start + 1))) {
    if (inMapping) giveUp()
    return readBlockSequence(reader, here)
  }
  if (code === PIPE) return readLiteral(reader, column)
  let node: SourceNode
  if (code === OPEN_BRACKET || code === OPEN_BRACE) node = readFlow(reader, column)
  else if (code === QUOTE || code === APOSTROPHE) {
    if (startsKey(reader)) {
      if (inMapping) giveUp()
      return readBlockMapping(reader, here)
    }
    node = readQuoted(reader)
  } else {
    if (startsKey(reader)) {
      if (inMapping) giveUp()
      return readBlockMapping(reader, here)
    }
    node = readPlain(reader, false)
  }
  endLine(reader)
  nextLine(reader)
  // A more indented line after a one-line value would continue it (or be an error).
  if (reader.indent > column) giveUp()
  return node
}

/** A block collection on the lines below a key or dash. */
function readNestedBlock(reader: Reader, column: number): SourceNode {
  const text = reader.text
  const code = text.charCodeAt(reader.pos)
  if (code === DASH && isBlankOrEnd(text.charCodeAt(reader.pos + 1))) return readBlockSequence(reader, reader.indent)
  if (code === OPEN_BRACKET || code === OPEN_BRACE) {
    const node = readFlow(reader, column)
    endLine(reader)
    nextLine(reader)
    if (reader.indent > column) giveUp()
    return node
  }
  if (startsKey(reader)) return readBlockMapping(reader, reader.indent)
  return giveUp()
}

/** A `|`, `|-` or `|+` literal block scalar below a key or dash at `column`. */
function readLiteral(reader: Reader, column: number): SourceScalar {
  const text = reader.text
  const offset = reader.pos
  const indicator = text.charCodeAt(offset + 1)
  const chomp = indicator === DASH ? 'strip' : indicator === 43 /* + */ ? 'keep' : 'clip'
  reader.pos = chomp === 'clip' ? offset + 1 : offset + 2
  endLine(reader)
  if (reader.pos >= text.length) giveUp()
  let pos = skipLineBreak(text, reader.pos)
  // The block runs until a line with content indented no deeper than its first content line.
  const lines: string[] = []
  let indent = -1
  let widestLeadingBlank = 0
  while (pos < text.length) {
    let end = text.indexOf('\n', pos)
    if (end === -1) end = text.length
    let line = text.slice(pos, end)
    if (line.endsWith('\r')) line = line.slice(0, -1)
    if (line.includes('\r')) giveUp()
    let spaces = 0
    while (line.charCodeAt(spaces) === SPACE) spaces++
    const blank = spaces === line.length
    if (indent < 0 && !blank) {
      if (spaces <= column || spaces < widestLeadingBlank) break
      indent = spaces
    }
    if (indent < 0) widestLeadingBlank = Math.max(widestLeadingBlank, spaces)
    else if (!blank && spaces < indent) break
    lines.push(indent < 0 || (blank && spaces <= indent) ? '' : line.slice(indent))
    pos = end + 1
  }
  if (indent < 0) giveUp()
  let trailing = 0
  while (trailing < lines.length && lines[lines.length - 1 - trailing] === '') trailing++
  const content = lines.slice(0, lines.length - trailing).join('\n')
  let value = content
  if (chomp === 'clip') value += '\n'
  else if (chomp === 'keep') value += '\n'.repeat(trailing + 1)
  reader.pos = Math.min(pos, text.length)
  nextLineFromStart(reader)
  if (reader.indent > column) giveUp()
  return { kind: 'scalar', value, offset, empty: false, anchor: null }
}

/** `nextLine` for a position already at a line start (or the end). */
function nextLineFromStart(reader: Reader): void {
  if (reader.pos >= reader.text.length) {
    reader.indent = -1
    return
  }
  nextLine(reader)
}

// ---------------------------------------------------------------------------------------------
// Flow collections

/**
 * Reads `[...]` or `{...}`, which may span lines; continuation lines must be indented deeper
 * than `column`, the block indentation the collection sits in.
 */
function readFlow(reader: Reader, column: number): SourceNode {
  enter(reader)
  const text = reader.text
  const offset = reader.pos
  const isMapping = text.charCodeAt(offset) === OPEN_BRACE
  const close = isMapping ? CLOSE_BRACE : CLOSE_BRACKET
  reader.pos++
  const items: SourceNode[] = []
  const pairs: SourcePair[] = []
  const seen = new Set<ScalarValue>()
  skipFlowSpace(reader, column)
  if (text.charCodeAt(reader.pos) === close) reader.pos++
  else {
    for (;;) {
      if (isMapping) {
        const code = text.charCodeAt(reader.pos)
        if (code === OPEN_BRACKET || code === OPEN_BRACE) giveUp()
        const key = readFlowScalar(reader)
        if (seen.has(key.value)) giveUp()
        seen.add(key.value)
        skipFlowSpace(reader, column)
        if (text.charCodeAt(reader.pos) !== COLON) giveUp()
        reader.pos++
        skipFlowSpace(reader, column)
        pairs.push({ key, value: readFlowValue(reader, column) })
      } else items.push(readFlowValue(reader, column))
      skipFlowSpace(reader, column)
      const code = text.charCodeAt(reader.pos)
      if (code === close) {
        reader.pos++
        break
      }
      if (code !== COMMA) giveUp()
      reader.pos++
      skipFlowSpace(reader, column)
      if (text.charCodeAt(reader.pos) === close) giveUp()
    }
  }
  reader.depth--
  return isMapping ? { kind: 'mapping', pairs, offset, anchor: null } : { kind: 'sequence', items, offset, anchor: null }
}

function readFlowValue(reader: Reader, column: number): SourceNode {
  const code = reader.text.charCodeAt(reader.pos)
  if (code === OPEN_BRACKET || code === OPEN_BRACE) return readFlow(reader, column)
  const node = readFlowScalar(reader)
  // `[a: 1]` (a single-pair mapping in a sequence) and `{a: 1: 2}` are left to the yaml package.
  const after = reader.text.charCodeAt(reader.pos)
  if (after === COLON) giveUp()
  return node
}

function readFlowScalar(reader: Reader): SourceScalar {
  const code = reader.text.charCodeAt(reader.pos)
  if (code === QUOTE || code === APOSTROPHE) return readQuoted(reader)
  return readPlain(reader, true)
}

/** Skips spaces, tabs, line breaks and comments inside a flow collection. */
function skipFlowSpace(reader: Reader, column: number): void {
  const text = reader.text
  let pos = reader.pos
  for (;;) {
    const code = text.charCodeAt(pos)
    if (code === SPACE || code === TAB) pos++
    else if (code === HASH && (pos === 0 || isFlowBlank(text.charCodeAt(pos - 1)))) {
      while (!isLineEnd(text.charCodeAt(pos))) pos++
    } else if (code === LF || code === CR) {
      pos = skipLineBreak(text, pos)
      let spaces = 0
      while (text.charCodeAt(pos + spaces) === SPACE) spaces++
      const next = text.charCodeAt(pos + spaces)
      if (next === TAB || (!isLineEnd(next) && spaces <= column)) giveUp()
      if (spaces === 0 && (next === 37 || ((next === DASH || next === 46) && isMarker(text, pos)))) giveUp()
      pos += spaces
    } else break
  }
  reader.pos = pos
}

function isFlowBlank(code: number): boolean {
  return code === SPACE || code === TAB || code === LF || code === CR
}

// ---------------------------------------------------------------------------------------------
// Scalars

/** Can a plain scalar start at `pos`? (Not with an indicator; `-x` and `-5` are fine.) */
function isPlainStart(text: string, pos: number, inFlow: boolean): boolean {
  const code = text.charCodeAt(pos)
  switch (code) {
    case DASH:
    case COLON:
    case 63 /* ? */: {
      const next = text.charCodeAt(pos + 1)
      return code === DASH && !isBlankOrEnd(next) && next !== TAB && !(inFlow && isFlowIndicator(next))
    }
    case COMMA:
    case OPEN_BRACKET:
    case CLOSE_BRACKET:
    case OPEN_BRACE:
    case CLOSE_BRACE:
    case HASH:
    case 38 /* & */:
    case 42 /* * */:
    case 33 /* ! */:
    case PIPE:
    case 62 /* > */:
    case QUOTE:
    case APOSTROPHE:
    case 37 /* % */:
    case 64 /* @ */:
    case 96 /* ` */:
    case SPACE:
    case TAB:
      return false
    default:
      return !isLineEnd(code)
  }
}

function isFlowIndicator(code: number): boolean {
  return code === COMMA || code === OPEN_BRACKET || code === CLOSE_BRACKET || code === OPEN_BRACE || code === CLOSE_BRACE
}

/** A one-line plain scalar: ends at ` #`, `: `, the line end, or (in flow) a flow indicator. */
function readPlain(reader: Reader, inFlow: boolean): SourceScalar {
  const text = reader.text
  const start = reader.pos
  if (!isPlainStart(text, start, inFlow)) giveUp()
  let pos = start
  let end = start
  for (;;) {
    const code = text.charCodeAt(pos)
    if (isLineEnd(code)) break
    if (code === COLON) {
      const next = text.charCodeAt(pos + 1)
      if (isBlankOrEnd(next) || next === TAB) break
      if (inFlow && isFlowIndicator(next)) break
    }
    if (code === HASH && (text.charCodeAt(pos - 1) === SPACE || text.charCodeAt(pos - 1) === TAB)) break
    if (inFlow && isFlowIndicator(code)) break
    if (code === TAB && !inFlow) giveUp()
    pos++
    if (code !== SPACE && code !== TAB) end = pos
  }
  reader.pos = end
  if (inFlow && isLineEnd(text.charCodeAt(pos))) {
    // A plain scalar in flow may continue on the next line; leave that to the yaml package.
    let next = pos
    while (next < text.length && isFlowBlank(text.charCodeAt(next))) next++
    const code = text.charCodeAt(next)
    if (!isFlowIndicator(code) && code !== COLON && code !== HASH && !Number.isNaN(code)) giveUp()
  }
  return plainScalar(text.slice(start, end), start)
}

/** Resolves a plain scalar with the YAML 1.2 core schema (as the yaml package does). */
function plainScalar(source: string, offset: number): SourceScalar {
  return { kind: 'scalar', value: resolvePlainScalar(source), offset, empty: false, anchor: null }
}

function readQuoted(reader: Reader): SourceScalar {
  const text = reader.text
  const offset = reader.pos
  const double = text.charCodeAt(offset) === QUOTE
  const end = double ? skipDoubleQuoted(text, offset) : skipSingleQuoted(text, offset)
  if (end < 0) giveUp()
  const body = text.slice(offset + 1, end - 1)
  const value = double ? unescapeDoubleQuoted(body) : body.replaceAll("''", "'")
  if (value === null) giveUp()
  reader.pos = end
  return { kind: 'scalar', value, offset, empty: false, anchor: null }
}
