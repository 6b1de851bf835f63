/**
 * The parsed document as the validator sees it: scalars, mappings, sequences and aliases with the
 * offset where each starts. Both readers produce it: the fast reader for everyday YAML and JSON
 * (`simple-yaml.ts`) and the `yaml` package for everything else (`yaml-document.ts`).
 */

/** A scalar's value; undefined for values of other YAML types (e.g. `!!binary`). */
export type ScalarValue = null | boolean | number | string | undefined

export interface SourceScalar {
  readonly kind: 'scalar'
  readonly value: ScalarValue
  /** Offset of the first character (-1 for nodes made up by the validator). */
  readonly offset: number
  /** Nothing was written (`key:` with no value). */
  readonly empty: boolean
  readonly anchor: string | null
}

export interface SourcePair {
  readonly key: SourceNode
  readonly value: SourceNode
}

export interface SourceMapping {
  readonly kind: 'mapping'
  readonly pairs: readonly SourcePair[]
  readonly offset: number
  readonly anchor: string | null
}

export interface SourceSequence {
  readonly kind: 'sequence'
  readonly items: readonly SourceNode[]
  readonly offset: number
  readonly anchor: string | null
}

/** `*name` */
export interface SourceAlias {
  readonly kind: 'alias'
  readonly name: string
  readonly offset: number
  readonly anchor: null
}

export type SourceNode = SourceScalar | SourceMapping | SourceSequence | SourceAlias

/** An empty mapping with no position: how a left-out settings mapping is decoded. */
export const EMPTY_MAPPING: SourceMapping = { kind: 'mapping', pairs: [], offset: -1, anchor: null }

/** The string key of a pair, if it is one. */
export function keyText(pair: SourcePair): string | null {
  return pair.key.kind === 'scalar' && typeof pair.key.value === 'string' ? pair.key.value : null
}

/** Offsets of line starts, for turning offsets into 1-based lines and columns. */
export interface LineIndex {
  readonly starts: readonly number[]
}

/** Indexes the line starts of `text` (after `\n`; `\r\n` counts as one break). */
export function createLineIndex(text: string): LineIndex {
  const starts = [0]
  for (let offset = text.indexOf('\n'); offset !== -1; offset = text.indexOf('\n', offset + 1)) starts.push(offset + 1)
  return { starts }
}

/** 1-based line and column of `offset`; line 0 when the offset is unknown (< 0). */
export function positionAt(index: LineIndex, offset: number): { readonly line: number; readonly column: number } {
  if (offset < 0) return { line: 0, column: 0 }
  const starts = index.starts
  let low = 0
  let high = starts.length - 1
  while (low < high) {
    const middle = (low + high + 1) >> 1
    if (starts[middle]! <= offset) low = middle
    else high = middle - 1
  }
  return { line: low + 1, column: offset - starts[low]! + 1 }
}
