/**
 * Distinct values for the fresh numbers, strs and bytes of one set display. The model compares
 * set items by identity (every `{ new: float }` is its own object), but Python compares them by
 * value: `{float(0), float(0)}` holds one float and frees the other at once. So inside a set
 * display (tuples in it included) the emitter gives each fresh scalar a value that equals
 * neither another item's nor a constant's of the display, without changing what it allocates:
 * `float(k)` for another int constant k, the negation of another module constant with as many
 * digits, a slice of another constant of the same length and kind.
 */
import type { Expr } from '../scenario/ast'

/** Values already taken in one set display. */
export interface DistinctValues {
  /** Numbers of the display's constants and fresh numbers (True and False count as 1 and 0). */
  readonly numbers: Set<number>
  /** Contents of the display's str constants and fresh strs and bytes (`b:` before bytes). */
  readonly texts: Set<string>
  /** Fresh ints taken, as `digits:offset` of their module constant. */
  readonly ints: Set<string>
}

/** The values a set display's constants take (its fresh items must avoid them). */
export function displayValues(items: readonly Expr[]): DistinctValues {
  const taken: DistinctValues = { numbers: new Set(), texts: new Set(), ints: new Set() }
  const visit = (x: Expr): void => {
    if (x.kind === 'const') {
      if (typeof x.value === 'number') taken.numbers.add(x.value)
      else if (typeof x.value === 'boolean') taken.numbers.add(x.value ? 1 : 0)
      else if (typeof x.value === 'string') taken.texts.add(x.value)
    } else if (x.kind === 'new' && x.type === 'tuple') x.items.forEach(visit)
  }
  items.forEach(visit)
  return taken
}

/** @returns the first of `from`, `from + 1`, … not taken yet (and takes it) */
export function takeNumber(taken: DistinctValues, from: number): number {
  let n = from
  while (taken.numbers.has(n)) n++
  taken.numbers.add(n)
  return n
}

/**
 * The offset of a fresh int's module constant (see the emitter's `intConstant`: 123456789 +
 * offset for one digit, 2^30 + 12345 + offset for two, 2^(30(d−1)) + 12345 + offset beyond)
 * whose negation no other item of the display has.
 */
export function takeIntOffset(taken: DistinctValues, digits: number): number {
  // Only values of one or two digits are below 2^53, where a constant item could equal them.
  const value = (offset: number): number => (digits <= 1 ? -(123456789 + offset) : digits === 2 ? -(2 ** 30 + 12345 + offset) : Number.NaN)
  let offset = 0
  while (taken.ints.has(`${digits}:${offset}`) || taken.numbers.has(value(offset))) offset++
  taken.ints.add(`${digits}:${offset}`)
  return offset
}

/** Characters of each kind that a fresh str's last characters vary over (none is a fill character). */
const ALPHABET = {
  ascii: [...'abcdefghijklmnopqrstuvwyz0123456789'],
  latin1: Array.from({ length: 32 }, (_, i) => String.fromCharCode(0xc0 + i)),
  ucs2: Array.from({ length: 32 }, (_, i) => String.fromCharCode(0x101 + i)),
  ucs4: Array.from({ length: 32 }, (_, i) => String.fromCodePoint(0x1f601 + i)),
  bytes: [...'abcdefghijklmnopqrstuvwyz0123456789'],
} as const

/**
 * The content of a fresh str or bytes of `length` characters of `fill`: `fill` repeated, its last
 * characters changed until no other item of the display has it.
 * @returns the content, or null when `length` leaves no room for a distinct one
 */
export function takeText(taken: DistinctValues, kind: keyof typeof ALPHABET, fill: string, length: number): string | null {
  const prefix = kind === 'bytes' ? 'b:' : ''
  const plain = fill.repeat(length)
  if (!taken.texts.has(prefix + plain)) {
    taken.texts.add(prefix + plain)
    return plain
  }
  const alphabet = ALPHABET[kind]
  for (let n = 1; n <= length; n++) {
    // The n-character suffixes in counting order over the alphabet.
    const total = alphabet.length ** n
    for (let k = 0; k < total && k < 100_000; k++) {
      let suffix = ''
      for (let i = 0, v = k; i < n; i++, v = Math.floor(v / alphabet.length)) suffix = (alphabet[v % alphabet.length] as string) + suffix
      const text = fill.repeat(length - n) + suffix
      if (!taken.texts.has(prefix + text)) {
        taken.texts.add(prefix + text)
        return text
      }
    }
  }
  return null
}
