import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import committedSchema from '../../../schema/scenario.schema.json'
import { parseScenario } from './parse'
import { scenarioJsonSchema, scenarioSchemaText } from './scenario-schema'

type Validator = (data: unknown) => boolean

/** A draft 2020-12 validator when Ajv is installed (it is not a dependency of HeapScope). */
async function loadValidator(): Promise<Validator | null> {
  try {
    const specifier = 'ajv/dist/2020.js'
    const module = (await import(/* @vite-ignore */ specifier)) as { default: new (options: object) => { compile(schema: object): Validator } }
    return new module.default({ allErrors: true, strict: true }).compile(scenarioJsonSchema())
  } catch {
    return null
  }
}

const VALID = [
  'name: minimal\nprogram: []\n',
  [
    'name: every construct',
    'preset: cpython-3.12',
    'gc: { enabled: true, thresholds: null }',
    'start: { baseline: probe, tracked_objects: 100 }',
    'classes:',
    '  Obj: {}',
    '  Node: { slots: [other], init: [other], weakref: true }',
    'globals: { cache: dict }',
    'program:',
    '  - let: a',
    '    new: Obj',
    '  - let: b',
    '    value: { new: Node, args: [a] }',
    '  - repeat: 3',
    '    index: i',
    '    do:',
    '      - if: { every: 2, offset: 1 }',
    '        then: [{ keep: { new: list, repeat: 2, item: { new: float } } }]',
    '        else: [{ setitem: cache, key: { name: a }, value: { new: tuple, items: [a, 1] } }]',
    '  - choose: [{ weight: 2, do: [{ phase: x }] }, { do: [] }]',
    '  - call: f',
    '    params: [p]',
    '    args: [b]',
    '    do: [{ let: q, new: weakref, to: p, callback: true }]',
    '    return: q',
    '    into: r',
    '  - gc: collect',
    '    generation: 1',
    '  - gc: set_threshold',
    '    thresholds: [1, 2, 3]',
    '  - generate: web-requests',
    '    requests: 100',
    'budgets: ["pause.p99 < 2ms", "footprint.peak <= 64MiB"]',
    ''
  ].join('\n')
]

const INVALID = [
  'name: t\nprogram: [{ appnd: xs, value: a }]\n',
  'name: t\nprogram: [{ repeat: -5, do: [] }]\n',
  'name: t\nprogram: [{ choose: [{ wieght: 2, do: [] }] }]\n',
  'name: t\nprogram: [{ keep: { new: int, digits: 0 } }]\n',
  'name: t\nprogram: [{ keep: { new: list, repeat: 3 } }]\n',
  'name: t\nprogram: [{ gc: collect, thresholds: [1, 2, 3] }]\n',
  'name: t\nprogram: [{ let: a, value: 1, new: float }]\n',
  'name: t\nseed: -1\nprogram: []\n',
  'name: t\nprogram: []\nbudgets: ["pause.p99 < 2"]\n',
  'name: t\nprogram: [{ generate: web-requests, requests: 0 }]\n',
  'program: []\n'
]

describe('the JSON Schema', () => {
  it('is generated from the definition, and the committed file is up to date', () => {
    expect(`${JSON.stringify(committedSchema, null, 2)}\n`).toBe(scenarioSchemaText())
  })

  it('is a draft 2020-12 schema with a title, $defs and descriptions on every field', () => {
    const schema = scenarioJsonSchema()
    expect(schema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', title: 'HeapScope scenario', additionalProperties: false, required: ['name', 'program'] })
    expect(Object.keys(schema['$defs'] as object)).toEqual(expect.arrayContaining(['expression', 'new-expression', 'statement', 'statements', 'item-key']))
    const missing: string[] = []
    const visit = (node: unknown, path: string): void => {
      if (node === null || typeof node !== 'object') return
      const properties = (node as { properties?: Record<string, { description?: string }> }).properties
      for (const [key, property] of Object.entries(properties ?? {})) if (typeof property.description !== 'string' || property.description === '') missing.push(`${path}.${key}`)
      for (const [key, child] of Object.entries(node)) visit(child, `${path}/${key}`)
    }
    visit(schema, '#')
    expect(missing).toEqual([])
  })

  it('discriminates statements by their key', () => {
    const statement = (scenarioJsonSchema()['$defs'] as Record<string, { oneOf: { required?: string[] }[] }>)['statement']!
    const keys = statement.oneOf.map((variant) => variant.required?.[0] ?? (variant as { oneOf?: { required: string[] }[] }).oneOf?.[0]?.required[0])
    expect(new Set(keys)).toEqual(new Set(['let', 'setattr', 'setitem', 'append', 'extend', 'pop', 'clear', 'del', 'delattr', 'delitem', 'repeat', 'if', 'choose', 'call', 'keep', 'phase', 'gc', 'generate']))
  })

  it('accepts and rejects the same documents as the validator', async () => {
    for (const text of VALID) expect(parseScenario(text, 'valid.yaml')).toMatchObject({ ok: true })
    for (const text of INVALID) expect(parseScenario(text, 'invalid.yaml'), text).toMatchObject({ ok: false })
    const validate = await loadValidator()
    if (validate === null) return // Ajv is not installed: the validator half above still ran.
    for (const text of VALID) expect(validate(parse(text)), text).toBe(true)
    for (const text of INVALID) expect(validate(parse(text)), text).toBe(false)
  })
})
