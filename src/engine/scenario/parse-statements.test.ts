import { describe, expect, it } from 'vitest'
import type { Scenario, Statement } from './ast'
import { parseScenario } from './parse'

/** Parses a program given as YAML lines (indented under `program:`), expecting success. */
function program(lines: string, preamble = ''): readonly Statement[] {
  return scenario(`name: t\n${preamble}program:\n${lines}`).program
}

function scenario(text: string): Scenario {
  const result = parseScenario(text, 't.yaml')
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.line}:${e.column} ${e.field}: ${e.message}`).join('\n'))
  return result.scenario
}

const at = (line: number, column: number, path: string) => ({ line, column, path })

describe('statements', () => {
  it('let binds a value expression', () => {
    expect(program('  - let: a\n    value: null\n')).toEqual([
      { kind: 'let', target: 'a', value: { kind: 'const', value: null, loc: at(4, 12, 'program[0].value') }, loc: at(3, 5, 'program[0]') }
    ])
  })

  it('let with new: takes the object fields from the same mapping', () => {
    const [statement] = program('  - let: n\n    new: int\n    digits: 3\n')
    expect(statement).toEqual({
      kind: 'let',
      target: 'n',
      value: { kind: 'new', type: 'int', digits: 3, loc: at(4, 10, 'program[0]') },
      loc: at(3, 5, 'program[0]')
    })
  })

  it('setattr, setitem, append, extend', () => {
    const statements = program(
      [
        '  - let: o',
        '    new: dict',
        '  - setattr: o',
        '    attr: peer',
        '    value: o',
        '  - setitem: o',
        '    key: k',
        '    value: 1',
        '  - setitem: o',
        '    key: {name: o}',
        '    value: 1',
        '  - let: xs',
        '    new: list',
        '  - append: xs',
        '    value: o',
        '  - extend: xs',
        '    value: {new: list, items: [o]}',
        ''
      ].join('\n')
    ).slice(1)
    expect(statements).toMatchObject([
      { kind: 'setattr', object: 'o', attr: 'peer', value: { kind: 'name', name: 'o' }, loc: at(5, 5, 'program[1]') },
      { kind: 'setitem', container: 'o', key: { kind: 'const', value: 'k', loc: at(9, 10, 'program[2].key') }, value: { kind: 'const', value: 1 } },
      { kind: 'setitem', container: 'o', key: { kind: 'name', name: 'o', loc: at(12, 17, 'program[3].key.name') } },
      { kind: 'let', target: 'xs' },
      { kind: 'append', list: 'xs', value: { kind: 'name', name: 'o', loc: at(17, 12, 'program[5].value') } },
      { kind: 'extend', list: 'xs', value: { kind: 'new', type: 'list', items: [{ kind: 'name', name: 'o' }] } }
    ])
  })

  it('let value: may be a new object written as a flow mapping', () => {
    const [statement] = program('  - let: o\n    value: {new: dict, items: {a: 1}}\n')
    expect(statement).toMatchObject({ kind: 'let', value: { kind: 'new', type: 'dict', items: [['a', { kind: 'const', value: 1 }]] } })
  })

  it('pop defaults to the last item and no target; into binds the item', () => {
    const statements = program('  - let: xs\n    new: list\n  - pop: xs\n  - pop: xs\n    index: 0\n    into: y\n').slice(1)
    expect(statements).toMatchObject([
      { kind: 'pop', list: 'xs', index: -1, into: null },
      { kind: 'pop', list: 'xs', index: 0, into: 'y' }
    ])
  })

  it('clear, del, delattr, delitem', () => {
    const statements = program(
      '  - let: d\n    new: dict\n  - setattr: d\n    attr: x\n    value: 1\n  - clear: d\n  - delattr: d\n    attr: x\n  - delitem: d\n    key: 3\n  - del: d\n'
    ).slice(2)
    expect(statements).toMatchObject([
      { kind: 'clear', container: 'd' },
      { kind: 'delattr', object: 'd', attr: 'x' },
      { kind: 'delitem', container: 'd', key: { kind: 'const', value: 3 } },
      { kind: 'del', name: 'd' }
    ])
  })

  it('repeat defaults its index to _ and locates its body', () => {
    const [statement] = program('  - repeat: 3\n    do:\n      - phase: tick\n')
    expect(statement).toEqual({
      kind: 'repeat',
      count: 3,
      index: '_',
      body: [{ kind: 'phase', label: 'tick', loc: at(5, 9, 'program[0].do[0]') }],
      loc: at(3, 5, 'program[0]')
    })
  })

  it('if reads every, offset and index; else defaults to nothing', () => {
    const [repeat] = program('  - repeat: 10\n    index: i\n    do:\n      - if: {every: 3, offset: 1, index: i}\n        then: [{phase: a}]\n      - if: {every: 2}\n        then: []\n        else: [{phase: b}]\n')
    expect(repeat).toMatchObject({
      body: [
        { kind: 'if', index: 'i', every: 3, offset: 1, then: [{ kind: 'phase', label: 'a' }], otherwise: [] },
        { kind: 'if', index: null, every: 2, offset: 0, then: [], otherwise: [{ kind: 'phase', label: 'b' }] }
      ]
    })
  })

  it('choose keeps each option with its weight (default 1) and location', () => {
    const [statement] = program('  - choose:\n      - weight: 2.5\n        do: [{phase: a}]\n      - do: []\n')
    expect(statement).toEqual({
      kind: 'choose',
      options: [
        { weight: 2.5, body: [{ kind: 'phase', label: 'a', loc: at(5, 14, 'program[0].choose[0].do[0]') }], loc: at(4, 9, 'program[0].choose[0]') },
        { weight: 1, body: [], loc: at(6, 9, 'program[0].choose[1]') }
      ],
      loc: at(3, 5, 'program[0]')
    })
  })

  it('call has its own parameters, body, result and target', () => {
    const [statement] = program('  - call: make\n    params: [x]\n    args: [{new: float}]\n    do:\n      - let: t\n        new: tuple\n        items: [x]\n    return: t\n    into: y\n')
    expect(statement).toMatchObject({
      kind: 'call',
      name: 'make',
      params: ['x'],
      args: [{ kind: 'new', type: 'float' }],
      body: [{ kind: 'let', target: 't', value: { kind: 'new', type: 'tuple', items: [{ kind: 'name', name: 'x' }] } }],
      result: 't',
      into: 'y'
    })
    expect(program('  - call: f\n    do: []\n')).toMatchObject([{ kind: 'call', args: [], params: [], result: null, into: null }])
  })

  it('keep and phase', () => {
    expect(program('  - keep: {new: bytes, length: 10}\n  - phase: steady state\n')).toMatchObject([
      { kind: 'keep', value: { kind: 'new', type: 'bytes', length: 10 } },
      { kind: 'phase', label: 'steady state' }
    ])
  })

  it('gc actions; collect defaults to generation 2', () => {
    expect(program('  - gc: collect\n  - gc: collect\n    generation: 0\n  - gc: freeze\n  - gc: unfreeze\n  - gc: disable\n  - gc: enable\n  - gc: set_threshold\n    thresholds: [100, 5, 5]\n')).toMatchObject([
      { kind: 'gc', action: 'collect', generation: 2, thresholds: null },
      { kind: 'gc', action: 'collect', generation: 0 },
      { kind: 'gc', action: 'freeze' },
      { kind: 'gc', action: 'unfreeze' },
      { kind: 'gc', action: 'disable' },
      { kind: 'gc', action: 'enable' },
      { kind: 'gc', action: 'set_threshold', thresholds: [100, 5, 5] }
    ])
  })

  it('generate names a workload generator; its parameters (with their defaults) are fields of the same mapping', () => {
    const [statement] = program('  - generate: web-requests\n    requests: 500\n    cycle_probability: 0.5\n')
    expect(statement).toEqual({
      kind: 'generate',
      generator: 'web-requests',
      params: { requests: 500, headers: 6, string_length: 24, tuples: 3, lists: 1, body_bytes: 0, cycle_probability: 0.5, keep_every: 0 },
      loc: at(3, 5, 'program[0]')
    })
  })

  it('flow-style statements locate like block ones', () => {
    const [statement] = program('  - {keep: {new: float}}\n')
    expect(statement).toEqual({ kind: 'keep', value: { kind: 'new', type: 'float', loc: at(3, 12, 'program[0].keep') }, loc: at(3, 5, 'program[0]') })
  })
})
