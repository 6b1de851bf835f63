/**
 * Generates a JSON Schema (draft 2020-12) from a schema definition, for editors: descriptions,
 * enums, defaults and limits come from the same definition the validator interprets. Named
 * definitions become `$defs`; unions become `oneOf` whose members exclude each other (statements
 * by their identifying key, new objects by the value of `new`).
 */
import type { AnyDef, Def, Field, ObjectDef } from './schema-dsl'

type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue }
type JsonObject = { [key: string]: JsonValue }

const DRAFT = 'https://json-schema.org/draft/2020-12/schema'

/** Header of the generated schema. */
export interface SchemaHeader {
  readonly title: string
  readonly description: string
}

interface Generator {
  readonly defs: Map<string, JsonObject>
}

/**
 * The JSON Schema of `root`.
 * @returns a plain JSON object (keys in a stable order)
 */
export function generateJsonSchema(root: Def<unknown>, header: SchemaHeader): JsonObject {
  const generator: Generator = { defs: new Map() }
  const body = schemaOf(generator, root)
  const defs: JsonObject = {}
  for (const name of [...generator.defs.keys()].sort()) defs[name] = generator.defs.get(name)!
  const { title: _title, description: _description, ...rest } = body
  return { $schema: DRAFT, title: header.title, description: header.description, ...rest, $defs: defs }
}

function withDescription(schema: JsonObject, description: string | undefined): JsonObject {
  return description === undefined ? schema : { description, ...schema }
}

function schemaOf(generator: Generator, def: AnyDef): JsonObject {
  switch (def.kind) {
    case 'string':
      return withDescription(
        {
          type: 'string',
          ...(def.minLength !== undefined ? { minLength: def.minLength } : {}),
          ...(def.maxLength !== undefined ? { maxLength: def.maxLength } : {}),
          ...(def.pattern !== undefined ? { pattern: def.pattern } : {}),
          ...(def.notOneOf !== undefined ? { not: { enum: [...def.notOneOf] } } : {}),
          ...(def.examples !== undefined ? { examples: [...def.examples] } : {})
        },
        def.description
      )
    case 'integer':
    case 'number':
      return withDescription(
        {
          type: def.kind,
          ...(def.minimum !== undefined ? { minimum: def.minimum } : {}),
          ...(def.kind === 'number' && def.exclusiveMinimum !== undefined ? { exclusiveMinimum: def.exclusiveMinimum } : {}),
          ...(def.maximum !== undefined ? { maximum: def.maximum } : {})
        },
        def.description
      )
    case 'boolean':
      return withDescription({ type: 'boolean' }, def.description)
    case 'null':
      return withDescription({ type: 'null' }, def.description)
    case 'enum': {
      const type = def.values.every((value) => typeof value === 'string') ? 'string' : 'integer'
      const [only] = def.values
      return withDescription(def.values.length === 1 && only !== undefined ? { type, const: only } : { type, enum: [...def.values] }, def.description)
    }
    case 'array':
      return withDescription(
        {
          type: 'array',
          items: schemaOf(generator, def.items),
          ...(def.minItems !== undefined ? { minItems: def.minItems } : {}),
          ...(def.maxItems !== undefined ? { maxItems: def.maxItems } : {}),
          ...(def.uniqueItems === true ? { uniqueItems: true } : {})
        },
        def.description
      )
    case 'tuple':
      return withDescription(
        { type: 'array', prefixItems: def.items.map((item) => schemaOf(generator, item)), items: false, minItems: def.items.length, maxItems: def.items.length },
        def.description
      )
    case 'object':
      return objectSchema(generator, def.noun, def.description, def.fields)
    case 'record':
      return withDescription({ type: 'object', propertyNames: schemaOf(generator, def.key), additionalProperties: schemaOf(generator, def.value) }, def.description)
    case 'union':
      return withDescription(oneOf(generator, Object.values(def.branches).filter((branch) => branch !== undefined)), def.description)
    case 'keyed':
      return withDescription(oneOf(generator, [...Object.values(def.variants), ...(def.otherwise !== undefined ? [def.otherwise] : [])]), def.description)
    case 'tagged':
      return withDescription(oneOf(generator, [...Object.values(def.variants), ...(def.otherwise !== undefined ? [def.otherwise.def] : [])]), def.description)
    case 'extend': {
      const variants = objectVariants(def.rest).map((variant) => {
        const description = [def.description, variant.description].filter((part) => part !== undefined).join(' ')
        return objectSchema(generator, `${def.noun}: ${variant.noun}`, description === '' ? undefined : description, { ...def.fields, ...variant.fields })
      })
      return withDescription(variants.length === 1 ? variants[0]! : { oneOf: variants }, def.description)
    }
    case 'ref':
      if (!generator.defs.has(def.name)) {
        generator.defs.set(def.name, {})
        generator.defs.set(def.name, withDescription(schemaOf(generator, def.get()), def.description))
      }
      return { $ref: `#/$defs/${def.name}` }
    case 'map':
      return withDescription(schemaOf(generator, def.inner), def.description)
  }
}

/** `oneOf` of the members, with nested bare `oneOf`s spliced in. */
function oneOf(generator: Generator, members: readonly AnyDef[]): JsonObject {
  const schemas: JsonValue[] = []
  for (const member of new Set(members)) {
    const schema = schemaOf(generator, member)
    const nested = schema['oneOf']
    if (Array.isArray(nested) && Object.keys(schema).length === 1) schemas.push(...(nested as JsonValue[]))
    else schemas.push(schema)
  }
  return { oneOf: schemas }
}

function objectSchema(generator: Generator, noun: string, description: string | undefined, fields: Readonly<Record<string, Field<unknown>>>): JsonObject {
  const properties: JsonObject = {}
  const required: string[] = []
  for (const [key, field] of Object.entries(fields)) {
    const schema = schemaOf(generator, field.def)
    const fallback = defaultOf(field)
    properties[key] = { ...schema, description: field.description, ...(fallback !== undefined ? { default: fallback } : {}) }
    if (field.required) required.push(key)
  }
  return withDescription(
    { title: noun, type: 'object', properties, ...(required.length > 0 ? { required } : {}), additionalProperties: false },
    description
  )
}

/** The default of a field as it would be written in the document. */
function defaultOf(field: Field<unknown>): JsonValue | undefined {
  const fallback = field.default
  if (fallback === undefined) return undefined
  const def = resolve(field.def)
  if ('fromEmptyMapping' in fallback) {
    if (def.kind !== 'object') return {}
    const value: JsonObject = {}
    for (const [key, inner] of Object.entries(def.fields)) {
      const innerDefault = defaultOf(inner)
      if (innerDefault !== undefined) value[key] = innerDefault
    }
    return value
  }
  if (def.kind === 'record') return {}
  return fallback.value as JsonValue
}

function resolve(def: AnyDef): AnyDef {
  return def.kind === 'ref' ? resolve(def.get()) : def
}

/** The object definitions a mapping definition may decode as (through refs and unions). */
function objectVariants(def: AnyDef): ObjectDef<unknown>[] {
  switch (def.kind) {
    case 'object':
      return [def]
    case 'ref':
      return objectVariants(def.get())
    case 'keyed':
      return [...new Set([...Object.values(def.variants), ...(def.otherwise !== undefined ? [def.otherwise] : [])].flatMap(objectVariants))]
    case 'tagged':
      return [...new Set([...Object.values(def.variants), ...(def.otherwise !== undefined ? [def.otherwise.def] : [])].flatMap(objectVariants))]
    case 'union':
      return def.branches.mapping === undefined ? [] : objectVariants(def.branches.mapping)
    default:
      return []
  }
}
