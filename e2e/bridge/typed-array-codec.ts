/**
 * Values across the test bridge. Electron's IPC structured-clones them, so the renderer receives
 * real `Float64Array`s, NaN and Infinity; Playwright's bindings and `evaluate` carry JSON-like
 * values and walk them in the page. The Node side therefore sends ONE JSON string per value, with
 * typed arrays tagged by constructor name and bytes in base64, and non-finite numbers tagged; the
 * page side parses and rebuilds it inside the task that delivers it (as Electron deserialises a
 * message in the task that delivers it).
 */

/** The key that marks an encoded typed array. */
export const TYPED_ARRAY_TAG = '$heapscopeTypedArray'
/** The key that marks a number JSON cannot write (NaN, ±Infinity, −0). */
export const NUMBER_TAG = '$heapscopeNumber'

/** Typed arrays the page can rebuild (every one the engine uses, and the rest of the family). */
export const TYPED_ARRAY_NAMES = ['Float64Array', 'Float32Array', 'Int32Array', 'Uint32Array', 'Int16Array', 'Uint16Array', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'BigInt64Array', 'BigUint64Array'] as const

function tag(value: unknown): unknown {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return { [NUMBER_TAG]: 'NaN' }
    if (value === Infinity) return { [NUMBER_TAG]: 'Infinity' }
    if (value === -Infinity) return { [NUMBER_TAG]: '-Infinity' }
    if (Object.is(value, -0)) return { [NUMBER_TAG]: '-0' }
    return value
  }
  if (ArrayBuffer.isView(value)) {
    const name = value.constructor.name
    if (value instanceof DataView || !(TYPED_ARRAY_NAMES as readonly string[]).includes(name)) throw new TypeError(`the test bridge cannot carry a ${name}`)
    return { [TYPED_ARRAY_TAG]: name, base64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') }
  }
  if (Array.isArray(value)) return value.map(tag)
  if (value !== null && typeof value === 'object') {
    if (value instanceof Map || value instanceof Set) throw new TypeError('the contract carries plain data only, not Map or Set')
    const out: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = tag(item)
    return out
  }
  return value
}

/**
 * Encodes a command's result or an event's payload for the page.
 * @param value plain data with typed arrays
 * @returns JSON text; `undefined` (a command without a result) is the empty string
 */
export function encodeForPage(value: unknown): string {
  return value === undefined ? '' : JSON.stringify(tag(value))
}

/**
 * The page side's decoder. Self-contained (no imports, no outer names): `page-bridge.ts` puts its
 * source text into the page's init script.
 * @param text what `encodeForPage` made
 * @returns the value with real typed arrays and non-finite numbers
 */
export function decodeInPage(text: string): unknown {
  if (text === '') return undefined
  const typedTag = '$heapscopeTypedArray'
  const numberTag = '$heapscopeNumber'
  const fromBase64 = (Uint8Array as unknown as { fromBase64?: (text: string) => Uint8Array }).fromBase64
  const walk = (item: unknown): unknown => {
    if (item === null || typeof item !== 'object') return item
    if (Array.isArray(item)) {
      for (let i = 0; i < item.length; i++) item[i] = walk(item[i])
      return item
    }
    const record = item as Record<string, unknown>
    const name = record[typedTag]
    if (typeof name === 'string' && typeof record['base64'] === 'string') {
      let bytes: Uint8Array
      if (fromBase64 !== undefined) bytes = fromBase64(record['base64'])
      else {
        const binary = atob(record['base64'])
        bytes = new Uint8Array(binary.length)
        for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
      }
      const Ctor = (globalThis as unknown as Record<string, new (buffer: ArrayBuffer) => ArrayBufferView>)[name]
      if (Ctor === undefined) throw new TypeError(`unknown typed array ${name}`)
      return new Ctor(bytes.buffer as ArrayBuffer)
    }
    const special = record[numberTag]
    if (typeof special === 'string') return special === '-0' ? -0 : Number(special)
    for (const key of Object.keys(record)) record[key] = walk(record[key])
    return record
  }
  return walk(JSON.parse(text))
}
