import { describe, expect, it } from 'vitest'
import type { ScenarioError } from '../types'
import { parseScenario } from './parse'
import { GENERATORS } from '../generators/registry'

function errors(text: string, file = 'bad.yaml'): ScenarioError[] {
  const result = parseScenario(text, file)
  if (result.ok) throw new Error('expected errors, the scenario parsed')
  return [...result.errors]
}

/** The single error of `text`, without the file name. */
function only(text: string): Omit<ScenarioError, 'file'> {
  const found = errors(text)
  expect(found).toHaveLength(1)
  const { file: _file, ...rest } = found[0]!
  return rest
}

const PROGRAM = 'name: t\nprogram:\n'

describe('whole-file errors give one clear message', () => {
  it('an empty file', () => {
    expect(errors('')).toEqual([{ file: 'bad.yaml', line: 0, column: 0, field: '', message: 'the file is empty; a scenario is a mapping with at least name and program' }])
    expect(only('  \n\n')).toMatchObject({ message: expect.stringContaining('empty') })
  })

  it('a file of comments only', () => {
    expect(only('# nothing here\n')).toMatchObject({ line: 0, message: expect.stringContaining('no content') })
  })

  it('a list', () => {
    expect(only('- phase: a\n- phase: b\n').message).toBe('expected a mapping of top-level keys (name, program, ...), got a list; a scenario file is a mapping, not a list')
  })

  it('a single value', () => {
    expect(only('just some words').message).toContain('not a scenario')
  })

  it('binary data such as a PNG', () => {
    const png = '\uFFFDPNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR\u0000\u0000\u0001\u0000'
    expect(only(png)).toEqual({ line: 0, column: 0, field: '', message: 'this is not a text file (it contains binary data); a scenario is a YAML or JSON text file' })
  })

  it('a stray control character, located', () => {
    expect(only('name: t\nprogram: []\u0007\n')).toEqual({ line: 2, column: 12, field: '', message: 'control character U+0007 is not allowed in a YAML or JSON file' })
  })

  it('a JSON file of something else (package.json, a run summary)', () => {
    const packageJson = JSON.stringify({ name: 'heapscope', version: '1.0.0', private: true, scripts: { test: 'vitest' }, dependencies: {} }, null, 2)
    expect(only(packageJson).message).toBe('this does not look like a HeapScope scenario: it has no program, and its keys (name, version, private, scripts, dependencies) are not scenario keys')
    const summary = JSON.stringify({ workload: 'x', python: '3.11', collections: [1, 2, 3], collected: [0, 0, 0], uncollectable: 0, arenas: {} })
    expect(only(summary).message).toContain('does not look like a HeapScope scenario')
  })
})

describe('YAML errors', () => {
  it('syntax errors at the YAML library positions', () => {
    const found = errors('name: [unclosed\nprogram: []\n')
    expect(found[0]).toMatchObject({ line: 2, column: 1, field: '', message: expect.stringMatching(/^YAML syntax error: /) })
  })

  it('duplicate keys, and the rest of the file is still checked', () => {
    expect(errors('name: a\nname: b\nprogram: []\nseed: -1\n').map(({ line, column, message }) => ({ line, column, message }))).toEqual([
      { line: 2, column: 1, message: 'duplicate key "name": each key may appear once in a mapping' },
      { line: 4, column: 7, message: 'expected a non-negative integer (PRNG seed), got -1' }
    ])
  })

  it('more than one document', () => {
    expect(only('name: a\nprogram: []\n---\nname: b\n')).toMatchObject({ line: 3, message: 'the file holds more than one YAML document (a second --- line); a scenario is exactly one document' })
  })

  it('tabs as indentation', () => {
    expect(errors('name: t\nprogram:\n\t- phase: a\n')[0]).toMatchObject({ line: 3, column: 1, message: 'tabs are not allowed as indentation in YAML; indent with spaces' })
  })

  it('anchors, aliases and merge keys', () => {
    expect(errors(`${PROGRAM}  - &first { phase: a }\n  - *first\n`)).toMatchObject([
      { line: 3, column: 12, field: 'program[0]', message: 'anchors (&first) are not supported; write each value out in full (use a call block to reuse statements)' },
      { line: 4, column: 5, field: 'program[1]', message: 'aliases (*first) are not supported; write the value out in full' }
    ])
    expect(only('name: t\nclasses:\n  A: { <<: {}, init: [] }\nprogram: []\n')).toEqual({ line: 3, column: 8, field: 'classes.A["<<"]', message: 'merge keys (<<) are not supported; write the fields out in full' })
  })

  it('YAML tags', () => {
    expect(only('name: !custom t\nprogram: []\n').message).toMatch(/^YAML tags are not supported/)
  })
})

describe('structural errors name the field and what was expected', () => {
  it('a bad repeat count', () => {
    expect(only(`${PROGRAM}  - phase: a\n  - phase: b\n  - repeat: -5\n    do: []\n`)).toEqual({
      line: 5,
      column: 13,
      field: 'program[2].repeat',
      message: 'expected a positive integer (number of iterations), got -5'
    })
    expect(only(`${PROGRAM}  - repeat: 2000000000\n    do: []\n`).message).toBe('expected a positive integer (number of iterations, at most 1000000000), got 2000000000')
    expect(only(`${PROGRAM}  - repeat: ten\n    do: []\n`).message).toBe('expected a positive integer (number of iterations), got "ten"')
  })

  it('an unknown statement key, with a suggestion and the known keys', () => {
    expect(only(`${PROGRAM}  - appnd: xs\n    value: a\n`)).toEqual({
      line: 3,
      column: 5,
      field: 'program[0].appnd',
      message: 'unknown statement key "appnd" (did you mean "append"?); expected one of: let, setattr, setitem, append, extend, pop, clear, del, delattr, delitem, repeat, if, choose, call, keep, phase, gc, generate'
    })
  })

  it('a statement whose identifying key is not first', () => {
    expect(only(`${PROGRAM}  - index: i\n    repeat: 3\n    do: []\n`).message).toBe('a statement starts with its identifying key: put "repeat" first (found "index" first)')
  })

  it('an unknown field, with a suggestion', () => {
    expect(only(`${PROGRAM}  - choose:\n      - wieght: 2\n        do: []\n`)).toEqual({
      line: 4,
      column: 9,
      field: 'program[0].choose[0].wieght',
      message: 'unknown field "wieght" in choose option (did you mean "weight"?)'
    })
    expect(only(`${PROGRAM}  - phase: a\n    colour: red\n`).message).toBe('unknown field "colour" in phase statement; expected one of: phase')
  })

  it('a mapping where a list is expected says how YAML writes lists', () => {
    expect(only('name: t\nprogram:\n  phase: a\n')).toEqual({ line: 3, column: 3, field: 'program', message: 'expected a list of statements, got a mapping; in YAML, start each item of a list with "- "' })
  })

  it('a missing required field', () => {
    expect(only(`${PROGRAM}  - repeat: 3\n`)).toEqual({ line: 3, column: 5, field: 'program[0].do', message: 'missing required field "do" in repeat statement (expected a list of statements)' })
    expect(only('program: []\n')).toMatchObject({ line: 1, column: 1, field: 'name' })
  })

  it('a string where a name is expected says how to write a str constant', () => {
    expect(only(`${PROGRAM}  - keep: hello world\n`)).toEqual({
      line: 3,
      column: 11,
      field: 'program[0].keep',
      message: '"hello world" is not a name (an identifier such as x or node_2); for a string constant write { const: "hello world" }'
    })
  })

  it('None says how YAML spells it (True and False are YAML booleans already)', () => {
    expect(only(`${PROGRAM}  - keep: None\n`).message).toBe('"None" is not a name; write null for Python\'s None')
  })

  it('an unknown type or gc action', () => {
    expect(only(`${PROGRAM}  - gc: colect\n`)).toEqual({
      line: 3,
      column: 9,
      field: 'program[0].gc',
      message: 'unknown gc action "colect" (did you mean "collect"?); expected one of: collect, freeze, unfreeze, disable, enable, set_threshold'
    })
    expect(only(`${PROGRAM}  - keep: { new: 3 }\n`).message).toBe('expected type (one of: int, float, str, bytes, tuple, list, dict, set, function, cell, method, weakref or a class name), got 3')
  })

  it('an unknown enum value', () => {
    expect(only('name: t\npreset: cpython-3.10\nprogram: []\n')).toEqual({
      line: 2,
      column: 9,
      field: 'preset',
      message: 'unknown preset "cpython-3.10" (did you mean "cpython-3.11"?); expected one of: cpython-3.11, cpython-3.12, cpython-3.13, cpython-3.14'
    })
    expect(only('name: t\nstart: { pools_per_arena: 62 }\nprogram: []\n').message).toBe('expected pools per arena: one of 63, 64; got 62')
    expect(only('heapscope: 2\nname: t\nprogram: []\n')).toEqual({ line: 1, column: 12, field: 'heapscope', message: 'expected format version 1, got 2' })
  })

  it('values out of range', () => {
    expect(only(`${PROGRAM}  - keep: { new: int, digits: 0 }\n`).message).toBe('expected an integer from 1 to 1000 (number of 30-bit digits), got 0')
    expect(only(`${PROGRAM}  - keep: { new: int, digits: 1001 }\n`).message).toBe('expected an integer from 1 to 1000 (number of 30-bit digits), got 1001')
    expect(only(`${PROGRAM}  - gc: collect\n    generation: 3\n`).message).toBe('expected an integer from 0 to 2 (generation), got 3')
    expect(only('name: t\ngc: { thresholds: [700, -1, 10] }\nprogram: []\n')).toMatchObject({ field: 'gc.thresholds[1]', message: 'expected a non-negative integer (collection threshold), got -1' })
    expect(only('name: t\ngc: { thresholds: [700, 10] }\nprogram: []\n').message).toBe('expected three thresholds [threshold0, threshold1, threshold2], each an integer ≥ 0, got a list of 2')
    expect(only(`${PROGRAM}  - choose: [{ weight: 0, do: [] }]\n`).message).toBe('expected a positive number (relative weight), got 0')
    expect(only(`${PROGRAM}  - repeat: 4\n    do:\n      - if: { every: 2, offset: 2 }\n        then: []\n`)).toMatchObject({ field: 'program[0].do[0].if.offset', message: 'offset must be less than every (2): index % 2 is never 2' })
  })

  it('generators: unknown ids and parameters, values out of range', () => {
    expect(only(`${PROGRAM}  - generate: web-request\n`)).toEqual({
      line: 3,
      column: 15,
      field: 'program[0].generate',
      message: `unknown generator "web-request" (did you mean "web-requests"?); expected one of: ${GENERATORS.map((g) => g.id).join(', ')}`
    })
    expect(only(`${PROGRAM}  - generate: web-requests\n    request: 5\n`).message).toBe('unknown field "request" in web-requests generator (did you mean "requests"?)')
    expect(only(`${PROGRAM}  - generate: web-requests\n    cycle_probability: 2\n`)).toMatchObject({
      field: 'program[0].cycle_probability',
      message: 'expected a number from 0 to 1 (fraction of requests that leave a Request ↔ Response cycle), got 2'
    })
  })

  it('a tuple of constants allocates nothing', () => {
    expect(only(`${PROGRAM}  - keep: { new: tuple, items: [1, { const: "a" }] }\n`)).toMatchObject({
      field: 'program[0].keep.items',
      message: 'a tuple of constants only is folded by CPython into a code constant: it allocates nothing at run time; use at least one name or nested { new: ... } item'
    })
    expect(only(`${PROGRAM}  - keep: { new: tuple }\n`).message).toContain('the empty tuple () is a singleton')
  })

  it('a weak reference to a constant', () => {
    expect(only(`${PROGRAM}  - keep: { new: weakref, to: 3 }\n`)).toMatchObject({ field: 'program[0].keep.to', message: expect.stringContaining('weak reference to a constant') })
  })

  it('a call passing the wrong number of arguments', () => {
    expect(only(`${PROGRAM}  - call: f\n    params: [a, b]\n    args: [1]\n    do: []\n`)).toMatchObject({ field: 'program[0].args', message: 'call "f" passes 1 argument but declares 2 parameters (params: a, b)' })
  })

  it('class definitions that contradict themselves', () => {
    expect(only('name: t\nclasses:\n  A: { slots: [x], init: [y] }\nprogram: []\n')).toMatchObject({ field: 'classes.A.init', message: expect.stringContaining('init parameter "y" is not in slots (x)') })
    expect(only('name: t\nclasses:\n  A: { weakref: false }\nprogram: []\n').message).toContain('a class without slots has a __dict__ and always supports weak references')
    expect(only('name: t\nclasses:\n  A: { slots: [x, x] }\nprogram: []\n')).toMatchObject({ field: 'classes.A.slots[1]', message: '"x" is listed twice' })
    expect(only('name: t\nclasses:\n  A: { slots: [__x] }\nprogram: []\n')).toMatchObject({ field: 'classes.A.slots', message: expect.stringContaining('"__x" is a private name: Python mangles it inside the class (to _ClassName__x)') })
    expect(only('name: t\nclasses:\n  A: { init: [__y] }\nprogram: []\n')).toMatchObject({ field: 'classes.A.init', message: expect.stringContaining('"__y" is a private name') })
  })

  it('budgets: unknown metrics and missing or wrong units', () => {
    expect(only('name: t\nprogram: []\nbudgets: ["pause.p100 < 2ms"]\n').message).toBe(
      'unknown budget metric "pause.p100" (did you mean "pause.p50"?); known metrics: pause.p50, pause.p95, pause.p99, pause.max, pause.total, gc.overhead_pct, arenas.peak, footprint.peak, collections.gen0, collections.gen1, collections.gen2, collected.total, uncollectable'
    )
    expect(only('name: t\nprogram: []\nbudgets: ["pause.p99 < 2"]\n').message).toBe('pause.p99 needs a time unit (ns, us, µs, ms, s), e.g. "pause.p99 < 2ms"')
    expect(only('name: t\nprogram: []\nbudgets: ["arenas.peak < 4MB"]\n').message).toBe('unknown unit "MB" for arenas.peak; expected no unit (it is a count)')
  })

  it('collects every error, in document order', () => {
    const found = errors(`${PROGRAM}  - repeat: 0\n    do: []\n  - phase: 3\n  - keep: { new: float, size: 2 }\nseed: x\n`)
    expect(found.map((error) => error.field)).toEqual(['program[0].repeat', 'program[1].phase', 'program[2].keep.size', 'seed'])
  })

  it('statements nested too deep', () => {
    let body = '[{ phase: deep }]'
    for (let i = 0; i < 70; i++) body = `[{ repeat: 1, do: ${body} }]`
    const found = errors(`name: t\nprogram: ${body}\n`)
    expect(found).toHaveLength(1)
    expect(found[0]!.message).toBe('statements are nested more than 64 blocks deep')
  })
})
