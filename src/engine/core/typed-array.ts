/**
 * The one growth path for typed-array columns (bitECS `createUint32SparseSet` style): allocate
 * a larger array of the same kind and copy the old contents. Never call it inside a hot loop
 * without first checking capacity.
 */

/** Any typed array constructor HeapScope uses for columns. */
export type TypedArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float64Array

type TypedArrayConstructor<T extends TypedArray> = { new (length: number): T }

/**
 * Returns a copy of `column` with room for at least `minLength` elements (doubling).
 * @param column the current column
 * @param minLength required length
 * @param fill optional value for the new tail
 * @returns `column` itself when it is already long enough, else a larger copy
 */
export function growColumn<T extends TypedArray>(column: T, minLength: number, fill?: number): T {
  if (column.length >= minLength) return column
  let length = Math.max(16, column.length)
  while (length < minLength) length *= 2
  const Ctor = column.constructor as TypedArrayConstructor<T>
  const next = new Ctor(length)
  next.set(column as never)
  if (fill !== undefined && fill !== 0) next.fill(fill, column.length)
  return next
}

/**
 * Next capacity of a growing store column: 2× up to 4 M entries, 1.25× past them (growth stays
 * amortised O(1)). Each growth copies the column into fresh memory, which the system maps page
 * by page as it is first written: below 4 M the fewer copies of doubling cost less than 1.5×'s
 * (list_growth, a million floats kept: about a quarter of the run faster); past it the unused
 * tail, the memory a run holds, matters more.
 * @returns at least `min`
 */
export function nextCapacity(current: number, min: number): number {
  const grown = current < 1 << 22 ? current * 2 : current + (current >> 2)
  return Math.max(min, grown, 16)
}

/**
 * A copy of `column` with exactly `length` entries (`length` ≥ its length), the new tail filled
 * with `fill` (0 unless given).
 */
export function resizeColumn<T extends TypedArray>(column: T, length: number, fill = 0): T {
  const next = new (column.constructor as TypedArrayConstructor<T>)(length)
  next.set(column as never)
  if (fill !== 0) next.fill(fill, column.length)
  return next
}
