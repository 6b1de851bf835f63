import { describe, expect, it } from 'vitest'
import type { ScenarioError } from '../types'
import { parseScenario } from './parse'

const HEADER = 'name: t\nclasses:\n  Node: { init: [name] }\n  Obj: {}\n  Slim: { slots: [a] }\nglobals: { cache: dict }\nprogram:\n'
/** Line of the first statement under HEADER. */
const FIRST = 8

function errors(program: string, header = HEADER): Omit<ScenarioError, 'file'>[] {
  const result = parseScenario(header + program, 't.yaml')
  if (result.ok) throw new Error('expected errors, the scenario parsed')
  return result.errors.map(({ file: _file, ...rest }) => rest)
}

function warnings(program: string, header = HEADER): Omit<ScenarioError, 'file'>[] {
  const result = parseScenario(header + program, 't.yaml')
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.field}: ${e.message}`).join('\n'))
  return result.warnings.map(({ file: _file, ...rest }) => rest)
}

describe('classes', () => {
  it('new: <Class> must name a defined class', () => {
    expect(errors('  - keep: { new: Nod }\n')).toEqual([
      { line: FIRST, column: 11, field: 'program[0].keep.new', message: 'class "Nod" is not defined (classes: Node, Obj, Slim); did you mean "Node"?' }
    ])
    expect(errors('  - keep: { new: Obj }\n', 'name: t\nprogram:\n')[0]!.message).toBe('class "Obj" is not defined (no classes are defined; add one under classes:)')
  })

  it('args must match the class init', () => {
    expect(errors('  - keep: { new: Node }\n')).toMatchObject([{ field: 'program[0].keep.args', message: 'Node() takes 1 argument (init: name), got 0' }])
    expect(errors('  - keep: { new: Obj, args: [1] }\n')).toMatchObject([{ message: 'Obj() takes no arguments (it has no init), got 1' }])
  })

  it('a class name is not a value', () => {
    expect(errors('  - keep: Obj\n')).toMatchObject([{ message: '"Obj" is a class, not a value; write { new: Obj } for an instance' }])
  })

  it('weak references need a weak-referenceable type', () => {
    expect(errors('  - keep: { new: weakref, to: { new: list } }\n')).toMatchObject([
      { field: 'program[0].keep.to', message: 'cannot create a weak reference to a list object (CPython raises TypeError); weak references work on sets, functions, bound methods and class instances' }
    ])
    expect(errors('  - keep: { new: weakref, to: { new: Slim, args: [] } }\n')).toMatchObject([{ message: expect.stringContaining('instances of Slim do not support weak references') }])
    expect(warnings('  - keep: { new: weakref, to: { new: set } }\n  - keep: { new: weakref, to: { new: Obj } }\n')).toEqual([])
  })

  it('a bound method needs an instance', () => {
    expect(errors('  - keep: { new: method, of: { new: float } }\n')).toMatchObject([{ message: 'a bound method needs an instance of a scenario class, not a new float' }])
  })

  it('set items must be hashable', () => {
    expect(errors('  - keep: { new: set, items: [{ new: tuple, items: [{ new: dict }] }] }\n')).toMatchObject([
      { field: 'program[0].keep.items[0]', message: 'a set item must be hashable; a tuple is not' }
    ])
  })

  it('set items may not be equal constants (Python would keep one of them)', () => {
    expect(errors('  - keep: { new: set, items: [1, { new: float }, true, 1.5, { const: "1" }, 0, false] }\n')).toMatchObject([
      { field: 'program[0].keep.items[2]', message: 'this set item equals the constant 1 before it (Python compares set items by value: the set would hold only one of them)' },
      { field: 'program[0].keep.items[6]', message: 'this set item equals the constant 0 before it (Python compares set items by value: the set would hold only one of them)' },
    ])
  })
})

describe('module-level names', () => {
  it('classes, globals and call functions share one namespace', () => {
    expect(errors('  - call: Obj\n    do: []\n', 'name: t\nclasses: { Obj: {} }\nglobals: { Obj: list }\nprogram:\n')).toEqual([
      { line: 3, column: 12, field: 'globals.Obj', message: 'global "Obj" is already defined as a class at line 2; module-level names must be unique' },
      { line: 5, column: 5, field: 'program[0].call', message: 'function "Obj" is already defined as a class at line 2; module-level names must be unique' }
    ])
  })

  it('no class or global named like a built-in type or a keyword', () => {
    expect(errors('  - phase: a\n', 'name: t\nclasses: { list: {}, class: {} }\nglobals: { gc: dict }\nprogram:\n').map((error) => error.message)).toEqual([
      'class "list" has the name of a built-in type (used by new: list); choose another name',
      'class "class" is a Python keyword; choose another name',
      'global "gc" would shadow the Python name "gc" that the equivalent program uses; choose another name'
    ])
  })

  it('keep is always the keep-alive list', () => {
    expect(errors('  - phase: a\n', 'name: t\nglobals: { keep: dict }\nprogram:\n')).toMatchObject([{ field: 'globals.keep', message: 'global "keep" is the keep-alive list and must be a list, got dict' }])
    expect(errors('  - phase: a\n', 'name: t\nclasses: { keep: {} }\nprogram:\n')).toEqual([
      { line: 2, column: 12, field: 'classes.keep', message: 'class "keep" would replace the keep-alive list "keep"; choose another name' }
    ])
  })

  it('each call block needs its own function name', () => {
    expect(errors('  - call: f\n    do: []\n  - call: f\n    do: []\n')).toMatchObject([
      { line: FIRST + 2, field: 'program[1].call', message: `function "f" is already defined by the call at line ${FIRST}; each call block defines a module-level function, so give this one another name` }
    ])
  })

  it('a function may not rebind module-level names', () => {
    expect(errors('  - let: cache\n    value: 1\n  - del: keep\n')).toMatchObject([
      { field: 'program[0].let', message: '"cache" is a global; binding it inside a function would make it a local for the whole function (Python\'s scoping); choose another name' },
      { field: 'program[1].del', message: expect.stringContaining('"keep" is a global') }
    ])
  })
})

describe('names are bound before use', () => {
  it('a name never bound is an error with a suggestion', () => {
    expect(errors('  - let: counter\n    value: 1\n  - keep: countr\n')).toEqual([
      { line: FIRST + 2, column: 11, field: 'program[1].keep', message: 'name "countr" is not bound in run() (did you mean "counter"?)' }
    ])
  })

  it('a name bound only later is used before it is bound', () => {
    expect(errors('  - keep: x\n  - let: x\n    value: 1\n')).toMatchObject([{ message: `"x" is used before it is bound: run() binds it only later (at line ${FIRST + 1})` }])
  })

  it('globals, loop indexes and earlier bindings are fine', () => {
    expect(warnings('  - keep: cache\n  - repeat: 3\n    index: i\n    do:\n      - keep: i\n  - keep: i\n  - let: y\n    value: 1\n  - keep: y\n')).toEqual([])
  })

  it('a name bound on some branches only is a warning', () => {
    const found = warnings('  - repeat: 4\n    index: i\n    do:\n      - if: { every: 2 }\n        then:\n          - let: a\n            value: 1\n      - keep: a\n      - keep: a\n')
    expect(found).toEqual([{ line: FIRST + 7, column: 15, field: 'program[0].do[1].keep', message: '"a" may be unbound here: it is bound on some paths only (in run())' }])
  })

  it('a name bound on every branch is bound', () => {
    expect(warnings('  - choose:\n      - do: [{ let: a, value: 1 }]\n      - do: [{ let: a, new: float }]\n  - keep: a\n')).toEqual([])
  })

  it('a name bound later in a loop body is possibly bound on the next iteration', () => {
    expect(warnings('  - repeat: 3\n    do:\n      - keep: prev\n      - let: prev\n        new: float\n')).toMatchObject([{ message: expect.stringContaining('"prev" may be unbound') }])
  })

  it('del unbinds', () => {
    expect(errors('  - let: a\n    value: 1\n  - del: a\n  - keep: a\n')).toMatchObject([{ field: 'program[2].keep', message: expect.stringContaining('"a" is used before it is bound') }])
  })

  it('a call body sees its params, its own variables and the globals only', () => {
    expect(errors('  - let: outer\n    value: 1\n  - call: f\n    params: [p]\n    args: [outer]\n    do:\n      - keep: p\n      - keep: cache\n      - keep: outer\n')).toMatchObject([
      { field: 'program[1].do[2].keep', message: 'name "outer" is not bound in f(); a call block sees only its params, its own variables and the globals (pass it as an argument)' }
    ])
  })

  it('call return must name a variable of its body; into binds in the caller', () => {
    expect(errors('  - call: f\n    do: [{ let: made, new: float }]\n    return: mad\n')).toMatchObject([
      { field: 'program[0].return', message: 'call "f" returns "mad", which its body never binds (did you mean "made"?)' }
    ])
    expect(warnings('  - call: f\n    do: [{ let: made, new: float }]\n    return: made\n    into: got\n  - keep: got\n')).toEqual([])
  })

  it('a list comprehension item sees its own _', () => {
    expect(warnings('  - keep: { new: list, repeat: 3, item: { new: cell, value: _ } }\n')).toEqual([])
  })

  it('local names may not shadow what the equivalent program uses', () => {
    expect(errors('  - let: gc\n    value: 1\n')).toMatchObject([{ message: 'variable "gc" would shadow the Python name "gc" that the equivalent program uses; choose another name' }])
    expect(errors('  - let: _ref\n    value: 1\n  - let: _INT2\n    value: 1\n').map((error) => error.message)).toEqual([
      'variable "_ref" is a helper name of the equivalent Python program; choose another name',
      'variable "_INT2" is a helper name of the equivalent Python program; choose another name'
    ])
    expect(warnings('  - let: _tmp\n    value: 1\n  - keep: _tmp\n')).toEqual([])
  })

  it('attributes may not be special, private or the class method', () => {
    expect(errors('  - let: o\n    new: Obj\n  - setattr: o\n    attr: __class__\n    value: 1\n  - delattr: o\n    attr: method\n').map((error) => error.message)).toEqual([
      'attribute "__class__" is a special attribute; use a plain attribute name',
      'attribute "method" is the method of every scenario class (bound by { new: method }); use another attribute name'
    ])
    expect(errors('  - let: o\n    new: Obj\n  - setattr: o\n    attr: __secret\n    value: 1\n').map((error) => error.message)).toEqual([
      'attribute "__secret" is a private name: Python mangles it inside a class body (__init__, __del__) but not in run(), so the two would be different attributes; use a name that does not start with two underscores'
    ])
  })
})

describe('if and repeat indexes', () => {
  it('if outside any repeat', () => {
    expect(errors('  - if: { every: 2 }\n    then: []\n')).toEqual([
      { line: FIRST, column: 5, field: 'program[0].if', message: 'an if outside any repeat has no loop index to test (index % every == offset); put it inside a repeat' }
    ])
  })

  it('if.index must be the index of an enclosing repeat', () => {
    expect(errors('  - repeat: 2\n    index: i\n    do:\n      - if: { every: 2, index: j }\n        then: []\n')).toMatchObject([
      { field: 'program[0].do[0].if.index', message: 'if.index "j" is not the index of an enclosing repeat (enclosing repeat indexes: i)' }
    ])
  })

  it('a call body does not see the caller\'s loops', () => {
    expect(errors('  - repeat: 2\n    index: i\n    do:\n      - call: f\n        do:\n          - if: { every: 2, index: i }\n            then: []\n')).toMatchObject([
      { message: 'if.index "i" is not the index of an enclosing repeat (there is no enclosing repeat)' }
    ])
  })

  it('a loop index cannot be rebound or deleted inside its loop', () => {
    expect(errors('  - repeat: 2\n    index: i\n    do:\n      - let: i\n        value: 1\n      - del: i\n').map((error) => error.message)).toEqual([
      '"i" is the index of an enclosing repeat; rebinding it inside the loop would change the loop\'s if conditions',
      '"i" is the index of an enclosing repeat; it cannot be deleted inside the loop'
    ])
  })
})

describe('limits', () => {
  it('expressions nest at most 64 deep', () => {
    let value = '{ new: float }'
    for (let i = 0; i < 64; i++) value = `{ new: list, items: [${value}] }`
    expect(errors(`  - keep: ${value}\n`)).toMatchObject([{ message: 'expressions are nested more than 64 deep' }])
  })

  it('empty str and bytes are warnings: CPython shares them', () => {
    expect(warnings('  - keep: { new: str, length: 0 }\n')).toMatchObject([{ field: 'program[0].keep.length', message: 'the empty str is a singleton in CPython: this allocates nothing' }])
  })
})
