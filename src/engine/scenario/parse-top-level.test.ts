import { describe, expect, it } from 'vitest'
import type { Scenario } from './ast'
import { parseScenario } from './parse'

function scenario(text: string, file = 't.yaml'): Scenario {
  const result = parseScenario(text, file)
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.line}:${e.column} ${e.field}: ${e.message}`).join('\n'))
  return result.scenario
}

describe('top level', () => {
  it('fills in the documented defaults', () => {
    expect(scenario('name: minimal\nprogram: []\n')).toEqual({
      file: 't.yaml',
      name: 'minimal',
      description: '',
      preset: 'cpython-3.11',
      seed: 0,
      collector: 'cpython',
      gc: { enabled: true, thresholds: null, callbacks: 0 },
      start: { baseline: 'bare', trackedObjects: null, poolsPerArena: 63 },
      sampling: { everyOps: 10000 },
      classes: [],
      globals: [{ name: 'keep', kind: 'list', loc: { line: 0, column: 0, path: 'globals.keep' } }],
      program: [],
      budgets: []
    })
  })

  it('reads every setting', () => {
    const parsed = scenario(
      [
        '$schema: ../schema/scenario.schema.json',
        'heapscope: 1',
        'name: all settings',
        'description: |',
        '  Two lines',
        '  of text.',
        'preset: cpython-3.13',
        'seed: 4294967295',
        'collector: mark-sweep',
        'gc: { enabled: false, thresholds: [2000, 10, 0] }',
        'start: { baseline: empty, tracked_objects: 0, pools_per_arena: 64 }',
        'sampling: { every: 1 }',
        'program: []',
        ''
      ].join('\n')
    )
    expect(parsed).toMatchObject({
      description: 'Two lines\nof text.\n',
      preset: 'cpython-3.13',
      seed: 4294967295,
      collector: 'mark-sweep',
      gc: { enabled: false, thresholds: [2000, 10, 0], callbacks: 0 },
      start: { baseline: 'empty', trackedObjects: 0, poolsPerArena: 64 },
      sampling: { everyOps: 1 }
    })
  })

  it('settings mappings may give only some keys', () => {
    expect(scenario('name: t\ngc: { thresholds: [1, 2, 3] }\nstart: { baseline: probe }\nprogram: []\n')).toMatchObject({
      gc: { enabled: true, thresholds: [1, 2, 3], callbacks: 0 },
      start: { baseline: 'probe', trackedObjects: null, poolsPerArena: 63 }
    })
  })

  it('classes: slots, init, del and weakref with their defaults', () => {
    const parsed = scenario('name: t\nclasses:\n  Plain:\n  Empty: {}\n  Slotted: { slots: [a, b], init: [a], del: true }\n  Weak: { slots: [x], weakref: true }\nprogram: []\n')
    expect(parsed.classes).toEqual([
      { name: 'Plain', slots: null, init: [], hasDel: false, delBody: [], weakrefable: true, loc: { line: 3, column: 3, path: 'classes.Plain' } },
      { name: 'Empty', slots: null, init: [], hasDel: false, delBody: [], weakrefable: true, loc: { line: 4, column: 3, path: 'classes.Empty' } },
      { name: 'Slotted', slots: ['a', 'b'], init: ['a'], hasDel: true, delBody: [], weakrefable: false, loc: { line: 5, column: 3, path: 'classes.Slotted' } },
      { name: 'Weak', slots: ['x'], init: [], hasDel: false, delBody: [], weakrefable: true, loc: { line: 6, column: 3, path: 'classes.Weak' } }
    ])
  })

  it('globals: declared containers, with keep first when not declared', () => {
    expect(scenario('name: t\nglobals: { cache: dict, log: list }\nprogram: []\n').globals).toEqual([
      { name: 'keep', kind: 'list', loc: { line: 0, column: 0, path: 'globals.keep' } },
      { name: 'cache', kind: 'dict', loc: { line: 2, column: 12, path: 'globals.cache' } },
      { name: 'log', kind: 'list', loc: { line: 2, column: 25, path: 'globals.log' } }
    ])
    expect(scenario('name: t\nglobals: { keep: list }\nprogram: []\n').globals).toEqual([{ name: 'keep', kind: 'list', loc: { line: 2, column: 12, path: 'globals.keep' } }])
  })

  it('budgets parse into metric, operator and value in base units', () => {
    const parsed = scenario('name: t\nprogram: []\nbudgets:\n  - pause.p99 < 2ms\n  - "footprint.peak <= 10MiB"\n  - uncollectable == 0\n')
    expect(parsed.budgets).toEqual([
      { metric: 'pause.p99', op: '<', value: 2_000_000, text: 'pause.p99 < 2ms', loc: { line: 4, column: 5, path: 'budgets[0]' } },
      { metric: 'footprint.peak', op: '<=', value: 10 * 1024 * 1024, text: 'footprint.peak <= 10MiB', loc: { line: 5, column: 5, path: 'budgets[1]' } },
      { metric: 'uncollectable', op: '==', value: 0, text: 'uncollectable == 0', loc: { line: 6, column: 5, path: 'budgets[2]' } }
    ])
  })

  it('the example of docs/scenario-language.md parses', () => {
    const example = [
      '$schema: ../schema/scenario.schema.json',
      'heapscope: 1',
      'name: Instance cycles',
      'preset: cpython-3.11',
      'seed: 7',
      'gc:',
      '  thresholds: [700, 10, 10]',
      'classes:',
      '  Obj: {}',
      '  Node: { slots: [other] }',
      '  Resource: { init: [name], del: true }',
      'globals:',
      '  keep: list',
      'program:',
      '  - phase: churn',
      '  - repeat: 200000',
      '    index: i',
      '    do:',
      '      - let: a',
      '        new: Obj',
      '      - setattr: a',
      '        attr: peer',
      '        value: a',
      ''
    ].join('\n')
    expect(scenario(example)).toMatchObject({ name: 'Instance cycles', seed: 7, program: [{ kind: 'phase' }, { kind: 'repeat', count: 200000, index: 'i' }] })
  })
})

describe('JSON input', () => {
  it('reads JSON through the same parser, with positions', () => {
    const json = JSON.stringify({ name: 'json', classes: { Obj: {} }, program: [{ repeat: 2, do: [{ let: 'a', new: 'Obj' }] }] }, null, 2)
    const parsed = scenario(json, 't.json')
    expect(parsed.program).toEqual([
      {
        kind: 'repeat',
        count: 2,
        index: '_',
        body: [{ kind: 'let', target: 'a', value: { kind: 'new', type: 'instance', className: 'Obj', args: [], loc: { line: 12, column: 18, path: 'program[0].do[0]' } }, loc: { line: 10, column: 9, path: 'program[0].do[0]' } }],
        loc: { line: 7, column: 5, path: 'program[0]' }
      }
    ])
  })

  it('reads JSON indented with tabs and CRLF line ends', () => {
    const json = '{\r\n\t"name": "tabs",\r\n\t"program": [\r\n\t\t{ "phase": "x" }\r\n\t]\r\n}\r\n'
    expect(scenario(json, 't.json').program).toEqual([{ kind: 'phase', label: 'x', loc: { line: 4, column: 3, path: 'program[0]' } }])
  })
})
