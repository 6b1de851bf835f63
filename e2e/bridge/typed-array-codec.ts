/**
 * Typed arrays across the test bridge. Electron's IPC structured-clones them, so the renderer
 * receives real `Float64Array`s; Playwright's bindings carry JSON-like values. The Node side tags
 * each typed array with its constructor's name and its bytes in base64, the page side
 * (`page-bridge.ts`) turns the tag back into the same typed array.
 */

/** The key that marks an encoded typed array. */
export const TYPED_ARRAY_TAG = '$heapscopeTypedArray'

/** Typed arrays the page can rebuild (every one the engine uses, and the rest of the family). */
export const TYPED_ARRAY_NAMES = ['Float64Array', 'Float32Array', 'Int32Array', 'Uint32Array', 'Int16Array', 'Uint16Array', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'BigInt64Array', 'BigUint64Array'] as const

export interface EncodedTypedArray {
  readonly [TYPED_ARRAY_TAG]: (typeof TYPED_ARRAY_NAMES)[number]
  readonly base64: string
}

function encodeTypedArray(view: ArrayBufferView): EncodedTypedArray {
  const name = view.constructor.name as (typeof TYPED_ARRAY_NAMES)[number]
  if (!(TYPED_ARRAY_NAMES as readonly string[]).includes(name)) throw new TypeError(`the test bridge cannot carry a ${name}`)
  return { [TYPED_ARRAY_TAG]: name, base64: Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('base64') }
}

/**
 * Encodes a value for the page: typed arrays become tagged base64, plain objects and arrays are
 * walked, everything else is left for Playwright's serializer (numbers incl. NaN, strings, null, undefined).
 * @param value a command's result or an event's payload
 * @returns the same shape with typed arrays tagged
 */
export function encodeForPage(value: unknown): unknown {
  if (ArrayBuffer.isView(value)) {
    if (value instanceof DataView) throw new TypeError('the test bridge cannot carry a DataView')
    return encodeTypedArray(value)
  }
  if (Array.isArray(value)) return value.map(encodeForPage)
  if (value !== null && typeof value === 'object') {
    if (value instanceof Map || value instanceof Set) throw new TypeError('the contract carries plain data only, not Map or Set')
    const out: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) out[key] = encodeForPage(item)
    return out
  }
  return value
}

/**
 * The page side's decoder. Self-contained (no imports, no outer names): `page-bridge.ts` puts its
 * source text into the page's init script. It also runs in Node, for the codec's own check.
 * @param value an encoded value
 * @returns the value with real typed arrays
 */
export function decodeInPage(value: unknown): unknown {
  const tag = '$heapscopeTypedArray'
  const walk = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.map(walk)
    if (item === null || typeof item !== 'object') return item
    const record = item as Record<string, unknown>
    const name = record[tag]
    if (typeof name === 'string' && typeof record['base64'] === 'string') {
      const fromBase64 = (Uint8Array as unknown as { fromBase64?: (text: string) => Uint8Array }).fromBase64
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
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(record)) out[key] = walk(record[key])
    return out
  }
  return walk(value)
}
