import { describe, expect, it } from 'vitest'
import type { Expr, ItemKey } from './ast'
import { parseScenario } from './parse'

const CLASSES = 'classes:\n  Obj: {}\n  Pair: { init: [a, b] }\n'

/** The value of `let: v` in a scenario that binds `x` first. */
function value(yaml: string): Expr {
  const result = parseScenario(`name: t\n${CLASSES}program:\n  - let: x\n    new: Obj\n  - let: v\n    value: ${yaml}\n`, 't.yaml')
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.field}: ${e.message}`).join('\n'))
  const statement = result.scenario.program[1]
  if (statement?.kind !== 'let') throw new Error('expected a let')
  return statement.value
}

function key(yaml: string): ItemKey {
  const result = parseScenario(`name: t\nprogram:\n  - let: d\n    new: dict\n  - delitem: d\n    key: ${yaml}\n`, 't.yaml')
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'))
  const statement = result.scenario.program[1]
  if (statement?.kind !== 'delitem') throw new Error('expected a delitem')
  return statement.key
}

describe('expressions', () => {
  it('a string is a name, quoted or not', () => {
    expect(value('x')).toEqual({ kind: 'name', name: 'x', loc: { line: 9, column: 12, path: 'program[1].value' } })
    expect(value('"x"')).toMatchObject({ kind: 'name', name: 'x' })
  })

  it('null, booleans and numbers are constants', () => {
    expect(value('null')).toMatchObject({ kind: 'const', value: null })
    expect(value('~')).toMatchObject({ kind: 'const', value: null })
    expect(value('true')).toMatchObject({ kind: 'const', value: true })
    expect(value('-12')).toMatchObject({ kind: 'const', value: -12 })
    expect(value('1.5')).toMatchObject({ kind: 'const', value: 1.5 })
  })

  it('{ const: "text" } is a str constant', () => {
    expect(value('{ const: "hello world" }')).toMatchObject({ kind: 'const', value: 'hello world' })
  })

  it('int: digits default 1', () => {
    expect(value('{ new: int }')).toMatchObject({ kind: 'new', type: 'int', digits: 1 })
    expect(value('{ new: int, digits: 1000 }')).toMatchObject({ digits: 1000 })
  })

  it('float, function', () => {
    expect(value('{ new: float }')).toMatchObject({ kind: 'new', type: 'float' })
    expect(value('{ new: function }')).toMatchObject({ kind: 'new', type: 'function' })
  })

  it('str: length and kind (default ascii)', () => {
    expect(value('{ new: str, length: 5 }')).toMatchObject({ type: 'str', length: 5, strKind: 'ascii' })
    expect(value('{ new: str, length: 5, kind: ucs4 }')).toMatchObject({ type: 'str', length: 5, strKind: 'ucs4' })
  })

  it('bytes: length', () => {
    expect(value('{ new: bytes, length: 100 }')).toMatchObject({ type: 'bytes', length: 100 })
  })

  it('tuple, list and set displays with items', () => {
    expect(value('{ new: tuple, items: [x, 1] }')).toMatchObject({ type: 'tuple', items: [{ kind: 'name', name: 'x' }, { kind: 'const', value: 1 }] })
    expect(value('{ new: list }')).toMatchObject({ type: 'list', items: [] })
    expect(value('{ new: list, items: [x, { new: float }] }')).toMatchObject({ type: 'list', items: [{ kind: 'name' }, { kind: 'new', type: 'float' }] })
    expect(value('{ new: set, items: [x, 2] }')).toMatchObject({ type: 'set', items: [{ kind: 'name' }, { kind: 'const' }] })
  })

  it('a list with repeat is a list comprehension', () => {
    expect(value('{ new: list, repeat: 100, item: { new: float } }')).toEqual({
      kind: 'new',
      type: 'list-comprehension',
      count: 100,
      item: { kind: 'new', type: 'float', loc: { line: 9, column: 44, path: 'program[1].value.item' } },
      loc: { line: 9, column: 12, path: 'program[1].value' }
    })
  })

  it('dict items keep their insertion order', () => {
    expect(value('{ new: dict, items: { b: x, a: 1 } }')).toMatchObject({ type: 'dict', items: [['b', { kind: 'name', name: 'x' }], ['a', { kind: 'const', value: 1 }]] })
  })

  it('cell, method and weakref', () => {
    expect(value('{ new: cell, value: x }')).toMatchObject({ type: 'cell', value: { kind: 'name', name: 'x' } })
    expect(value('{ new: method, of: x }')).toMatchObject({ type: 'method', of: { kind: 'name', name: 'x' } })
    expect(value('{ new: weakref, to: x }')).toMatchObject({ type: 'weakref', to: { kind: 'name', name: 'x' }, callback: false })
    expect(value('{ new: weakref, to: x, callback: true }')).toMatchObject({ callback: true })
  })

  it('a class name makes an instance with its init arguments', () => {
    expect(value('{ new: Obj }')).toMatchObject({ kind: 'new', type: 'instance', className: 'Obj', args: [] })
    expect(value('{ new: Pair, args: [x, { new: int }] }')).toMatchObject({ type: 'instance', className: 'Pair', args: [{ kind: 'name' }, { kind: 'new', type: 'int' }] })
  })

  it('expressions nest', () => {
    expect(value('{ new: tuple, items: [{ new: list, items: [{ new: cell, value: x }] }] }')).toMatchObject({
      type: 'tuple',
      items: [{ type: 'list', items: [{ type: 'cell', value: { kind: 'name', name: 'x', loc: { path: 'program[1].value.items[0].items[0].value' } } }] }]
    })
  })
})

describe('item keys', () => {
  it('are str or int constants', () => {
    expect(key('name')).toMatchObject({ kind: 'const', value: 'name' })
    expect(key('-1')).toMatchObject({ kind: 'const', value: -1 })
    expect(key('{ const: "a b" }')).toMatchObject({ kind: 'const', value: 'a b' })
  })

  it('or { name: x } for the object bound to x', () => {
    expect(key('{ name: d }')).toEqual({ kind: 'name', name: 'd', loc: { line: 6, column: 18, path: 'program[1].key.name' } })
  })
})
