/**
 * Static objects (never allocated, never freed by the model): None, True, False, the empty
 * tuple, str and bytes singletons, and code constants such as attribute names, str literals and
 * numeric literals. They are referenced by negative ids in edges, locals and the value stack.
 * Distinct constants get distinct ids so they work as distinct dict keys.
 */

export const NONE = -1
export const TRUE = -2
export const FALSE = -3
/** A small int produced at run time (-5..256): one of the cached singletons. */
export const SMALL_INT = -4
/** Static empty/one-character str or bytes singletons. */
export const STATIC_STR = -5
/** `()`. */
export const EMPTY_TUPLE = -6
const FIRST_STRING = -16
const FIRST_NUMBER = -(2 ** 30)

/** Interned constants ↔ negative ids: strings count down from -16, numbers from -2^30. */
export interface ConstantTable {
  readonly strings: Map<string, number>
  readonly stringNames: string[]
  readonly numbers: Map<number, number>
  readonly numberValues: number[]
}

export function createConstantTable(): ConstantTable {
  return { strings: new Map(), stringNames: [], numbers: new Map(), numberValues: [] }
}

/** @returns the id of an interned string (creating it) */
export function internString(table: ConstantTable, text: string): number {
  let id = table.strings.get(text)
  if (id === undefined) {
    id = FIRST_STRING - table.stringNames.length
    table.strings.set(text, id)
    table.stringNames.push(text)
  }
  return id
}

/** @returns the id of a numeric code constant (creating it) */
export function internNumber(table: ConstantTable, value: number): number {
  let id = table.numbers.get(value)
  if (id === undefined) {
    id = FIRST_NUMBER - table.numberValues.length
    table.numbers.set(value, id)
    table.numberValues.push(value)
  }
  return id
}

/** @returns whether a static id is a str constant */
export function isStrConstant(id: number): boolean {
  return id <= FIRST_STRING && id > FIRST_NUMBER
}

/** @returns the string of an interned id, or undefined */
export function internedText(table: ConstantTable, id: number): string | undefined {
  return table.stringNames[FIRST_STRING - id]
}

/** @returns the numeric value of a numeric constant id, or undefined */
export function numberValue(table: ConstantTable, id: number): number | undefined {
  return id <= FIRST_NUMBER ? table.numberValues[FIRST_NUMBER - id] : undefined
}

/** @returns the static id for a constant value */
export function constantId(table: ConstantTable, value: null | boolean | number | string): number {
  if (value === null) return NONE
  if (value === true) return TRUE
  if (value === false) return FALSE
  if (typeof value === 'string') return internString(table, value)
  return internNumber(table, value)
}
