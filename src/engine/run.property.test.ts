/**
 * Property tests over whole runs: random programs (objects of every kind, attribute and item
 * stores, appends, deletions, loops, choices, explicit collections, freeze) run in small steps
 * with tiny thresholds so the collector runs all the time; after every step every invariant
 * holds (verify), and at the end, once every local is gone and a full collection ran, no
 * object of the program survives unless it was kept.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createRun, stepRun } from './run'
import type { ClassDef, Expr, PresetId, Scenario, SourceLocation, Statement } from './scenario/ast'
import { FIRST_CLASS_TYPE } from './objects/object-types'
import { verify } from './verify'


const L: SourceLocation = { line: 1, column: 1, path: 'program' }
/** Names by kind, so that generated programs are valid Python (appends go to lists, …). */
const LISTS = ['l0', 'l1']
const DICTS = ['d0']
const OBJECTS = ['o0', 'o1', 'o2']
const NODES = ['n0', 'n1']
const VALUES = ['v0', 'v1', 'v2']
const NAMES = [...LISTS, ...DICTS, ...OBJECTS, ...NODES, ...VALUES]
const CLASSES: ClassDef[] = [
  { name: 'Obj', slots: null, init: [], hasDel: false, delBody: [], weakrefable: true, loc: L },
  { name: 'Node', slots: ['x', 'y'], init: [], hasDel: false, delBody: [], weakrefable: false, loc: L },
  { name: 'Fin', slots: null, init: [], hasDel: true, delBody: [], weakrefable: true, loc: L },
]

const any = fc.constantFrom(...NAMES)
const ref = (n: string): Expr => ({ kind: 'name', name: n, loc: L })
const instance = (className: string): Expr => ({ kind: 'new', type: 'instance', className, args: [], loc: L })

const value: fc.Arbitrary<Expr> = fc.oneof(
  { weight: 4, arbitrary: any.map(ref) },
  { weight: 1, arbitrary: fc.constant<Expr>({ kind: 'new', type: 'float', loc: L }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }).map<Expr>((digits) => ({ kind: 'new', type: 'int', digits, loc: L })) },
  { weight: 1, arbitrary: fc.integer({ min: 2, max: 700 }).map<Expr>((length) => ({ kind: 'new', type: 'str', length, strKind: 'ascii', loc: L })) },
  { weight: 2, arbitrary: fc.constantFrom('Obj', 'Fin').map(instance) },
  { weight: 1, arbitrary: fc.array(any, { minLength: 1, maxLength: 3 }).map<Expr>((items) => ({ kind: 'new', type: 'tuple', items: items.map(ref), loc: L })) },
  { weight: 1, arbitrary: any.map<Expr>((n) => ({ kind: 'new', type: 'cell', value: ref(n), loc: L })) },
)

const simple: fc.Arbitrary<Statement> = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...VALUES), value).map<Statement>(([target, v]) => ({ kind: 'let', target, value: v, loc: L })) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...OBJECTS), fc.constantFrom('Obj', 'Fin')).map<Statement>(([target, c]) => ({ kind: 'let', target, value: instance(c), loc: L })) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...LISTS), fc.array(any, { maxLength: 3 })).map<Statement>(([target, items]) => ({ kind: 'let', target, value: { kind: 'new', type: 'list', items: items.map(ref), loc: L }, loc: L })) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...DICTS), fc.array(any, { maxLength: 3 })).map<Statement>(([target, items]) => ({ kind: 'let', target, value: { kind: 'new', type: 'dict', items: items.map((n, i) => [`k${i}`, ref(n)] as const), loc: L }, loc: L })) },
  { weight: 1, arbitrary: fc.constantFrom(...NODES).map<Statement>((target) => ({ kind: 'let', target, value: instance('Node'), loc: L })) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...OBJECTS), fc.constantFrom('p', 'q'), value).map<Statement>(([object, attr, v]) => ({ kind: 'setattr', object, attr, value: v, loc: L })) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...NODES), fc.constantFrom('x', 'y'), value).map<Statement>(([object, attr, v]) => ({ kind: 'setattr', object, attr, value: v, loc: L })) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...DICTS), fc.constantFrom('k0', 'k1', 'k9'), value).map<Statement>(([container, k, v]) => ({ kind: 'setitem', container, key: { kind: 'const', value: k, loc: L }, value: v, loc: L })) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...LISTS), value).map<Statement>(([list, v]) => ({ kind: 'append', list, value: v, loc: L })) },
  { weight: 1, arbitrary: fc.constantFrom(...LISTS).map<Statement>((list) => ({ kind: 'clear', container: list, loc: L })) },
  { weight: 1, arbitrary: any.map<Statement>((n) => ({ kind: 'keep', value: ref(n), loc: L })) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 }).map<Statement>((generation) => ({ kind: 'gc', action: 'collect', generation, thresholds: null, loc: L })) },
  { weight: 1, arbitrary: fc.constantFrom<Statement>({ kind: 'gc', action: 'freeze', generation: 2, thresholds: null, loc: L }, { kind: 'gc', action: 'unfreeze', generation: 2, thresholds: null, loc: L }) },
)

const statement: fc.Arbitrary<Statement> = fc.oneof(
  { weight: 6, arbitrary: simple },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 40 }), fc.array(simple, { minLength: 1, maxLength: 5 })).map<Statement>(([count, body]) => ({ kind: 'repeat', count, index: 'i', body, loc: L })) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.array(simple, { maxLength: 3 }), fc.array(simple, { maxLength: 3 })).map<Statement>(([x, y]) => ({
      kind: 'choose',
      options: [
        { weight: 1, body: x, loc: L },
        { weight: 2, body: y, loc: L },
      ],
      loc: L,
    })),
  },
)

/** Every name starts bound to an object of its kind. */
function program(body: Statement[]): Statement[] {
  const init = (target: string, v: Expr): Statement => ({ kind: 'let', target, value: v, loc: L })
  return [
    ...LISTS.map((n) => init(n, { kind: 'new', type: 'list', items: [], loc: L })),
    ...DICTS.map((n) => init(n, { kind: 'new', type: 'dict', items: [], loc: L })),
    ...OBJECTS.map((n) => init(n, instance('Obj'))),
    ...NODES.map((n) => init(n, instance('Node'))),
    ...VALUES.map((n) => init(n, instance('Obj'))),
    ...body,
  ]
}

function scenario(body: Statement[], preset: PresetId): Scenario {
  return {
    file: 'property',
    name: 'property',
    description: '',
    preset,
    seed: 1,
    collector: 'cpython',
    gc: { enabled: true, thresholds: [5, 3, 3], callbacks: 0 },
    start: { baseline: 'empty', trackedObjects: 0, poolsPerArena: 63 },
    sampling: { everyOps: 7 },
    classes: CLASSES,
    globals: [],
    program: program(body),
    budgets: [],
  }
}

describe('any run', () => {
  it.each(['cpython-3.11', 'cpython-3.12', 'cpython-3.13'] as const)('keeps every invariant after every step, and leaves no garbage behind (%s)', (preset) => {
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 9 }), (body, step) => {
        const run = createRun(scenario(body, preset))
        let result = stepRun(run, step)
        while (result.state === 'running' || result.state === 'stopped-at-collection') {
          const problems = verify(run)
          expect(problems).toEqual([])
          result = stepRun(run, step)
        }
        // A runtime error (e.g. append to a non-list) ends the run where it stands, as an
        // uncaught exception ends the Python program; only finished runs are checked further.
        expect(result.state).toBe('done')
        expect(verify(run)).toEqual([])
        // Drop every local, unfreeze, collect: only what keep holds survives (cycles included).
        const drop: Statement[] = NAMES.map((n) => ({ kind: 'del', name: n, loc: L }))
        drop.push({ kind: 'gc', action: 'unfreeze', generation: 2, thresholds: null, loc: L })
        const after = createRun(scenario([...body, ...drop, { kind: 'gc', action: 'collect', generation: 2, thresholds: null, loc: L }], preset))
        while (!['done', 'failed'].includes(stepRun(after, 1000).state));
        const s = after.interp.store
        const keep = after.vm!.globals[0]!
        const reachable = new Set<number>()
        const stack = [keep]
        while (stack.length > 0) {
          const o = stack.pop()!
          if (o <= 0 || reachable.has(o)) continue
          reachable.add(o)
          const start = s.refStart[s.container[o] as number]!
          for (let i = 0; i < s.refLen[s.container[o] as number]!; i++) stack.push(s.edges.data[start + i]!)
        }
        for (let o = 16; o <= s.top; o++) {
          const alive = (s.flags[o]! & 16) !== 0
          if (alive && s.type[o]! >= FIRST_CLASS_TYPE) expect(reachable.has(o)).toBe(true)
        }
      }),
      { numRuns: 120 },
    )
  })
})
