/**
 * A small language for writing a document's structure once, as data. The same definition drives
 * the validator (`decode.ts`, which reads YAML nodes and builds typed values with positions) and
 * the JSON Schema generator (`json-schema.ts`, for editors). Definitions carry their own
 * descriptions, defaults and limits, so both outputs say the same thing.
 *
 * `Def<T>` is a definition whose decoded value has type `T`.
 */
import type { SourceLocation } from './ast'

/** Returned by a build function when it reported an error and has no value to give. */
export const INVALID: unique symbol = Symbol('invalid')
export type Invalid = typeof INVALID

/** What a build function may do besides computing its value. */
export interface BuildContext {
  /** Where the value being built starts. */
  readonly loc: SourceLocation
  /** Reports an error at field `key` of the mapping being built (at the mapping itself without a key). */
  error(message: string, key?: string): Invalid
  /** Reports a warning, like `error`; the document stays valid. */
  warn(message: string, key?: string): void
  /** Location of field `key` of the mapping being built (the mapping's own location if absent). */
  locOf(key: string): SourceLocation
}

interface DefCommon<T> {
  /** For editors (JSON Schema `description`). */
  readonly description?: string
  /** Noun phrase for messages ("expected <expected>, got ..."); derived from the kind when absent. */
  readonly expected?: string
  /** Type marker only; never set. */
  readonly __output?: T
}

export interface StringDef extends DefCommon<string> {
  readonly kind: 'string'
  readonly pattern?: string
  readonly minLength?: number
  readonly maxLength?: number
  /** Values the string may not take (JSON Schema `not: { enum }`), e.g. type keywords as class names. */
  readonly notOneOf?: readonly string[]
  /** The message when `pattern` or `notOneOf` rejects `text` (else "expected <expected>, got ..."). */
  readonly invalid?: (text: string) => string
  readonly examples?: readonly string[]
}
export interface IntegerDef extends DefCommon<number> {
  readonly kind: 'integer'
  readonly minimum?: number
  readonly maximum?: number
  /** What the number counts, shown in messages: "a positive integer (number of iterations)". */
  readonly what?: string
}
export interface NumberDef extends DefCommon<number> {
  readonly kind: 'number'
  readonly minimum?: number
  readonly exclusiveMinimum?: number
  readonly maximum?: number
  readonly what?: string
}
export interface BooleanDef extends DefCommon<boolean> {
  readonly kind: 'boolean'
}
export interface NullDef extends DefCommon<null> {
  readonly kind: 'null'
}
export interface EnumDef<T extends string | number> extends DefCommon<T> {
  readonly kind: 'enum'
  readonly values: readonly T[]
  /** What the value selects, shown in messages: `unknown <noun> "x"`. */
  readonly noun: string
}
export interface ArrayDef<T> extends DefCommon<readonly T[]> {
  readonly kind: 'array'
  readonly items: Def<T>
  readonly minItems?: number
  readonly maxItems?: number
  /** Items must be distinct (checked for scalar items). */
  readonly uniqueItems?: boolean
}
export interface TupleDef<T> extends DefCommon<readonly T[]> {
  readonly kind: 'tuple'
  readonly items: readonly Def<T>[]
}

/** A field of a mapping. */
export interface Field<T> {
  /** Type marker only; never set. */
  readonly __value?: T
  readonly def: Def<T>
  readonly description: string
  readonly required: boolean
  /**
   * Present when the field has a default (and then the value is never undefined): a value, or
   * "what an empty mapping decodes to" for a settings mapping whose fields all have defaults.
   */
  readonly default?: { readonly value: T } | { readonly fromEmptyMapping: true }
}
export type Fields = Readonly<Record<string, Field<any>>>
export type FieldValues<F extends Fields> = { readonly [K in keyof F]: F[K] extends Field<infer T> ? T : never }

/** A mapping with fixed keys (no others allowed), built into a value by `build`. */
export interface ObjectDef<T> extends DefCommon<T> {
  readonly kind: 'object'
  /** What the mapping is, in messages: `unknown field "x" in <noun>`. */
  readonly noun: string
  readonly fields: Fields
  readonly build: (values: Record<string, unknown>, context: BuildContext) => T | Invalid
}

/** One entry of a `record`. */
export interface RecordEntry<V> {
  readonly key: string
  readonly value: V
  /** Location of the key. */
  readonly loc: SourceLocation
}
/** A mapping with free keys (names) and values of one kind, e.g. `classes`. */
export interface RecordDef<V> extends DefCommon<readonly RecordEntry<V>[]> {
  readonly kind: 'record'
  readonly key: StringDef
  readonly value: Def<V>
  readonly maxEntries?: number
}

/** A value that may be written in several YAML shapes: one branch per node type. */
export interface UnionDef<T> extends DefCommon<T> {
  readonly kind: 'union'
  readonly branches: {
    readonly string?: Def<T>
    readonly number?: Def<T>
    readonly boolean?: Def<T>
    readonly null?: Def<T>
    readonly array?: Def<T>
    readonly mapping?: Def<T>
  }
}

/** A mapping whose variant is chosen by which key it has (`{ const: ... }` vs `{ new: ... }`). */
export interface KeyedDef<T> extends DefCommon<T> {
  readonly kind: 'keyed'
  readonly noun: string
  readonly variants: Readonly<Record<string, Def<T>>>
  /** The identifying key must be the mapping's first key (statements). */
  readonly firstKey: boolean
  /** Used when no identifying key is present (`{ new: list }` is a list display). */
  readonly otherwise?: Def<T>
  /** Shown when no identifying key is present and there is no `otherwise`. */
  readonly missing?: string
}

/** A mapping whose variant is chosen by the value of one key (`new: int`, `gc: collect`). */
export interface TaggedDef<T> extends DefCommon<T> {
  readonly kind: 'tagged'
  readonly tag: string
  /** What the tag selects, in messages: `unknown <noun> "x"`. */
  readonly noun: string
  readonly variants: Readonly<Record<string, Def<T>>>
  /** Used for any other tag value matching `otherwise.pattern` (class names after `new:`). */
  readonly otherwise?: { readonly tag: StringDef; readonly def: Def<T>; readonly description: string }
}

/**
 * A mapping with some fields of its own whose remaining keys form a value of `rest` (a mapping
 * definition): the inline `{ let: x, new: int, digits: 2 }`.
 */
export interface ExtendDef<T> extends DefCommon<T> {
  readonly kind: 'extend'
  readonly noun: string
  readonly fields: Fields
  readonly rest: Def<unknown>
  readonly build: (values: Record<string, unknown>, rest: unknown, context: BuildContext) => T | Invalid
}

/** A named definition (JSON Schema `$defs`), also the way to write recursive structures. */
export interface RefDef<T> extends DefCommon<T> {
  readonly kind: 'ref'
  readonly name: string
  readonly get: () => Def<T>
}

/** Converts a decoded value (e.g. a string into a name expression with its location). */
export interface MapDef<T> extends DefCommon<T> {
  readonly kind: 'map'
  readonly inner: Def<unknown>
  readonly convert: (value: unknown, context: BuildContext) => T | Invalid
}

/**
 * A definition decoding to `T`: any of the kinds above, marked with its output type. (The marker
 * makes `required(integer())` a `Field<number>` without spelling the type out.)
 */
export type Def<T> = AnyDef & { readonly __output?: T }

/** Any definition, whatever it decodes to. */
export type AnyDef =
  | StringDef | IntegerDef | NumberDef | BooleanDef | NullDef | EnumDef<string | number>
  | ArrayDef<unknown> | TupleDef<unknown> | ObjectDef<unknown> | RecordDef<unknown> | UnionDef<unknown>
  | KeyedDef<unknown> | TaggedDef<unknown> | ExtendDef<unknown> | RefDef<unknown> | MapDef<unknown>

// ---------------------------------------------------------------------------------------------
// Constructors

type Options<D> = Omit<D, 'kind' | '__output'>

/** A string (any, or matching `pattern`). */
export function string(options: Options<StringDef> = {}): StringDef {
  return { kind: 'string', ...options }
}
/** A safe integer within the bounds given. */
export function integer(options: Options<IntegerDef> = {}): IntegerDef {
  return { kind: 'integer', ...options }
}
/** A finite number within the bounds given. */
export function number(options: Options<NumberDef> = {}): NumberDef {
  return { kind: 'number', ...options }
}
/** `true` or `false`. */
export function boolean(options: Options<BooleanDef> = {}): BooleanDef {
  return { kind: 'boolean', ...options }
}
/** `null` (or an empty YAML value). */
export function nullValue(options: Options<NullDef> = {}): NullDef {
  return { kind: 'null', ...options }
}
/** One of the given strings or numbers. */
export function enumOf<const T extends string | number>(values: readonly T[], noun: string, options: Options<Omit<EnumDef<T>, 'values' | 'noun'>> = {}): EnumDef<T> {
  return { kind: 'enum', values, noun, ...options }
}
/** A list of items of one definition. */
export function arrayOf<T>(items: Def<T>, options: Options<Omit<ArrayDef<T>, 'items'>> = {}): ArrayDef<T> {
  return { kind: 'array', items, ...options }
}
/** A fixed-length list, e.g. `[700, 10, 10]`. */
export function tupleOf<T>(items: readonly Def<T>[], options: Options<Omit<TupleDef<T>, 'items'>> = {}): TupleDef<T> {
  return { kind: 'tuple', items, ...options }
}
/** A mapping with the given fields only, built into a value. */
export function object<F extends Fields, T>(spec: {
  readonly noun: string
  readonly description?: string
  readonly expected?: string
  readonly fields: F
  readonly build: (values: FieldValues<F>, context: BuildContext) => T | Invalid
}): ObjectDef<T> {
  return { kind: 'object', ...spec, build: spec.build as ObjectDef<T>['build'] }
}
/** A mapping of names to values of one definition. */
export function record<V>(key: StringDef, value: Def<V>, options: Options<Omit<RecordDef<V>, 'key' | 'value'>> = {}): RecordDef<V> {
  return { kind: 'record', key, value, ...options }
}
/** A value written in one of several YAML shapes. */
export function union<T>(branches: UnionDef<T>['branches'], options: Options<Omit<UnionDef<T>, 'branches'>> = {}): UnionDef<T> {
  return { kind: 'union', branches, ...options }
}
/** A mapping whose variant is chosen by which of the variant keys it has. */
export function keyed<T>(spec: Options<KeyedDef<T>>): KeyedDef<T> {
  return { kind: 'keyed', ...spec }
}
/** A mapping whose variant is chosen by the value of its key `tag`. */
export function tagged<T>(spec: Options<TaggedDef<T>>): TaggedDef<T> {
  return { kind: 'tagged', ...spec }
}
/** A mapping with fields of its own plus the fields of a `rest` mapping definition. */
export function extend<F extends Fields, R, T>(spec: {
  readonly noun: string
  readonly description?: string
  readonly fields: F
  readonly rest: Def<R>
  readonly build: (values: FieldValues<F>, rest: R, context: BuildContext) => T | Invalid
}): ExtendDef<T> {
  return { kind: 'extend', ...spec, rest: spec.rest as Def<unknown>, build: spec.build as ExtendDef<T>['build'] }
}
/** A named (and possibly recursive) definition. */
export function ref<T>(name: string, get: () => Def<T>, options: Options<Omit<RefDef<T>, 'name' | 'get'>> = {}): RefDef<T> {
  return { kind: 'ref', name, get, ...options }
}
/** A definition whose decoded value is converted by `convert`. */
export function mapped<I, T>(inner: Def<I>, convert: (value: I, context: BuildContext) => T | Invalid, options: Options<Omit<MapDef<T>, 'inner' | 'convert'>> = {}): MapDef<T> {
  return { kind: 'map', inner: inner as Def<unknown>, convert: convert as MapDef<T>['convert'], ...options }
}

/** A field that must be present. */
export function required<T>(def: Def<T>, description: string): Field<T> {
  return { def, description, required: true }
}
/** A field that may be left out, taking `value` then. */
export function defaulted<T>(def: Def<T>, value: T, description: string): Field<T> {
  return { def, description, required: false, default: { value } }
}
/** A settings mapping that may be left out, then taking the defaults of all its fields. */
export function defaultedObject<T>(def: ObjectDef<T>, description: string): Field<T> {
  return { def: def as Def<T>, description, required: false, default: { fromEmptyMapping: true } }
}
/** A field that may be left out (then undefined; the build function decides). */
export function optional<T>(def: Def<T>, description: string): Field<T | undefined> {
  return { def: def as Def<T | undefined>, description, required: false }
}
