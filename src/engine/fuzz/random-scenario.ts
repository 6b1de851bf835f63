/**
 * Random scenario documents for differential testing against real CPython (`heapscope fuzz`):
 * small programs that exercise every construct of the language the emitter turns into Python
 * (instances with dicts, slots, finalizers and resurrection; lists, dicts, sets, tuples, cells,
 * functions, methods, weakrefs with callbacks; loops, conditions, choices, calls; explicit
 * collections, freeze, thresholds), with low thresholds so the collector runs often.
 *
 * The result is the scenario's surface document (what a user writes in YAML or JSON), so that a
 * program on which the engine and CPython disagree can be saved, read and run as it is. Every
 * program is valid Python that raises nothing: each name holds one kind of object for the whole
 * run (lists stay lists, so `append` always works), and a statement that could fail (`pop`,
 * `del`, `delattr`, `delitem`) comes right after the one that makes it succeed.
 */
import { createRng, nextFloat, type Rng } from '../core/rng'

/** A scenario document: plain JSON-compatible data. */
export type ScenarioDocument = { [key: string]: unknown }
type Stmt = { [key: string]: unknown }
type Expr = unknown

export interface RandomScenarioOptions {
  /** Statements at the top of `run()` after the names' initial bindings (default: 8 to 40, drawn). */
  readonly statements?: number
}

const LISTS = ['l0', 'l1'] as const
const DICTS = ['d0'] as const
/**
 * A dict keyed by instances (compared by identity in Python too): in a loop it grows through its
 * keys tables' resizes.
 */
const INSTANCE_DICT = 'd1'
/** Instances of the classes with a `__dict__` (Obj, Fin, Ghost). */
const OBJECTS = ['o0', 'o1', 'o2'] as const
/** Instances of the `__slots__` class Node. */
const NODES = ['n0', 'n1'] as const
/** Anything at all (never used as a container). */
const VALUES = ['v0', 'v1', 'v2'] as const
const ANY = [...LISTS, ...DICTS, INSTANCE_DICT, ...OBJECTS, ...NODES, ...VALUES] as const
const DICT_CLASSES = ['Obj', 'Fin', 'Ghost'] as const
const KEYS = ['k0', 'k1', 'k2', 'k3'] as const

/** The names an expression may use, by kind. */
interface Scope {
  readonly any: readonly string[]
  /** Instances of the classes with a `__dict__`. */
  readonly objects: readonly string[]
  /** Instances of Node. */
  readonly nodes: readonly string[]
}

const RUN_SCOPE: Scope = { any: ANY, objects: OBJECTS, nodes: NODES }
const GLOBAL_SCOPE: Scope = { any: ['keep'], objects: [], nodes: [] }

/** Draws of one program. */
class Draw {
  private readonly rng: Rng
  private calls = 0

  constructor(seed: number) {
    this.rng = createRng(seed)
  }

  /** @returns an integer in [min, max] */
  int(min: number, max: number): number {
    return min + Math.floor(nextFloat(this.rng) * (max - min + 1))
  }

  chance(p: number): boolean {
    return nextFloat(this.rng) < p
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)] as T
  }

  /** @returns a unique function name for a `call` block */
  functionName(): string {
    return `f${this.calls++}`
  }
}

/** A scalar or small object that is hashable (a set item). */
function hashable(d: Draw, scope: Scope): Expr {
  switch (d.int(0, 5)) {
    case 0:
      return { new: 'float' }
    case 1:
      return { new: 'int', digits: d.int(1, 3) }
    case 2:
      return { new: 'str', length: d.int(2, 40) }
    case 3:
      return scope.nodes.length > 0 ? d.pick(scope.nodes) : { new: 'Node' }
    default:
      return anObject(d, scope)
  }
}

/** An instance with a `__dict__`: a name when the scope has one bound, else a new one. */
function anObject(d: Draw, scope: Scope): Expr {
  return scope.objects.length > 0 ? d.pick(scope.objects) : { new: 'Fin' }
}

function instance(d: Draw, scope: Scope): Expr {
  const cls = d.pick(DICT_CLASSES)
  if (cls !== 'Obj') return { new: cls }
  return { new: 'Obj', args: [d.chance(0.5) ? value(d, scope, 1) : null] }
}

/**
 * An expression for a value slot (a variable, an attribute, an item).
 * @param depth how many more nested new objects it may contain
 */
function value(d: Draw, scope: Scope, depth: number): Expr {
  const leaf = depth <= 0
  switch (d.int(0, leaf ? 9 : 22)) {
    case 0:
    case 1:
    case 2:
    case 3:
      return scope.any.length > 0 ? d.pick(scope.any) : null
    case 4:
      return d.pick([null, true, 7, 2.5, 300])
    case 5:
      return { new: 'float' }
    case 6:
      return { new: 'int', digits: d.int(1, 4) }
    case 7:
      return { new: 'str', length: d.int(0, 700), kind: d.pick(['ascii', 'ascii', 'latin1', 'ucs2', 'ucs4']) }
    case 8:
      return { new: 'bytes', length: d.int(0, 600) }
    case 9:
      return { new: 'Node' }
    case 10:
    case 11:
      return instance(d, scope)
    case 12: {
      // At least one item that is not a constant (CPython folds a tuple of constants); now and
      // then 15 to 22 items, around the tuple free lists' last size (20).
      const large = d.chance(0.15)
      return { new: 'tuple', items: [scope.any.length > 0 ? d.pick(scope.any) : { new: 'float' }, ...Array.from({ length: large ? d.int(14, 21) : d.int(0, 3) }, () => value(d, scope, large ? 0 : depth - 1))] }
    }
    case 13:
      return { new: 'list', items: Array.from({ length: d.int(0, 5) }, () => value(d, scope, depth - 1)) }
    case 14:
      // A comprehension's item reads only globals (a local would make 3.11 build a closure).
      return { new: 'list', repeat: d.int(0, 40), item: value(d, GLOBAL_SCOPE, 0) }
    case 15:
      return { new: 'dict', items: Object.fromEntries(Array.from({ length: d.int(0, 7) }, (_, i) => [`k${i}`, value(d, scope, depth - 1)])) }
    case 16:
      return { new: 'set', items: Array.from({ length: d.int(0, 6) }, () => hashable(d, scope)) }
    case 17:
      return { new: 'function' }
    case 18:
      return { new: 'cell', value: value(d, scope, depth - 1) }
    case 19:
      return { new: 'method', of: d.chance(0.5) && scope.nodes.length > 0 ? d.pick(scope.nodes) : anObject(d, scope) }
    case 20:
      return { new: 'weakref', to: anObject(d, scope), callback: d.chance(0.5) }
    default:
      return { new: 'weakref', to: d.chance(0.5) ? { new: 'function' } : instance(d, scope), callback: d.chance(0.5) }
  }
}

/** One statement of run() that cannot fail, or a short sequence whose first statement makes the next succeed. */
function simple(d: Draw, out: Stmt[]): void {
  const scope = RUN_SCOPE
  switch (d.int(0, 25)) {
    case 0:
    case 1:
    case 2:
      out.push({ let: d.pick(VALUES), value: value(d, scope, 2) })
      return
    case 3:
      out.push({ let: d.pick(OBJECTS), value: instance(d, scope) })
      return
    case 4:
      out.push({ let: d.pick(NODES), new: 'Node' })
      return
    case 5:
      out.push({ let: d.pick(LISTS), value: { new: 'list', items: Array.from({ length: d.int(0, 3) }, () => value(d, scope, 1)) } })
      return
    case 6:
    case 7:
      out.push({ setattr: d.pick(OBJECTS), attr: d.pick(['p', 'q', 'r']), value: value(d, scope, 2) })
      return
    case 8:
      out.push({ setattr: d.pick(NODES), attr: d.pick(['x', 'y']), value: value(d, scope, 1) })
      return
    case 9:
      out.push({ setitem: d.pick(DICTS), key: d.pick(KEYS), value: value(d, scope, 1) })
      return
    case 10:
    case 11:
      out.push({ append: d.pick(LISTS), value: value(d, scope, 2) })
      return
    case 12:
      // A new list only: `xs.extend(xs)` (or two lists extending each other) in a loop grows exponentially.
      out.push({ extend: d.pick(LISTS), value: { new: 'list', items: [value(d, scope, 0), value(d, scope, 0)] } })
      return
    case 13: {
      const list = d.pick(LISTS)
      out.push({ append: list, value: value(d, scope, 1) }, { pop: list, index: d.pick([-1, 0]), ...(d.chance(0.5) ? { into: d.pick(VALUES) } : {}) })
      return
    }
    case 14:
      out.push({ clear: d.chance(0.7) ? d.pick(LISTS) : d.pick(DICTS) })
      return
    case 15: {
      const name = d.pick([...VALUES, ...OBJECTS])
      const rest: Scope = { any: scope.any.filter((n) => n !== name), objects: scope.objects.filter((n) => n !== name), nodes: scope.nodes }
      out.push({ del: name }, { let: name, value: OBJECTS.includes(name as (typeof OBJECTS)[number]) ? instance(d, rest) : value(d, rest, 1) })
      return
    }
    case 16: {
      const o = d.pick(OBJECTS)
      out.push({ setattr: o, attr: 's', value: value(d, scope, 1) }, { delattr: o, attr: 's' })
      return
    }
    case 17: {
      const key = d.pick(KEYS)
      out.push({ setitem: 'd0', key, value: value(d, scope, 0) }, { delitem: 'd0', key })
      return
    }
    case 18:
      out.push({ keep: value(d, scope, 1) })
      return
    case 19:
      out.push({ gc: 'collect', generation: d.int(0, 2) })
      return
    case 20:
      out.push(d.pick([{ gc: 'freeze' }, { gc: 'unfreeze' }, { gc: 'set_threshold', thresholds: [d.int(1, 900), d.int(1, 12), d.int(1, 12)] }]))
      return
    case 21: {
      // An item of a list replaced (`xs[0] = v`: the old item released).
      const list = d.pick(LISTS)
      out.push({ append: list, value: value(d, scope, 0) }, { setitem: list, key: d.pick([0, -1]), value: value(d, scope, 1) })
      return
    }
    case 22:
      out.push({ clear: INSTANCE_DICT })
      return
    case 23:
    case 24: {
      // `o = Obj(...); d1[o] = v`, now and then `del d1[o]` again.
      // (A key object each: one object twice would be written as a YAML anchor, which scenarios refuse.)
      const o = d.pick(OBJECTS)
      out.push({ let: o, value: instance(d, scope) }, { setitem: INSTANCE_DICT, key: { name: o }, value: value(d, scope, 1) })
      if (d.chance(0.3)) out.push({ delitem: INSTANCE_DICT, key: { name: o } })
      return
    }
    default:
      if (d.chance(0.5)) out.push({ gc: 'disable' }, ...body(d, 2, 0), { gc: 'enable' })
      else out.push({ phase: `phase ${d.int(1, 9)}` })
  }
}

/**
 * A `call` block: a module-level function whose locals (`t`, `u`, the parameter `a`) die when it
 * returns `t`, after it stored `t` where run() keeps it or not.
 */
function call(d: Draw): Stmt {
  const params = d.chance(0.5) ? ['a'] : []
  const scope: Scope = { any: ['t', ...params], objects: ['t'], nodes: [] }
  const locals: Stmt[] = [{ let: 't', value: instance(d, { any: params, objects: [], nodes: [] }) }]
  for (let i = d.int(1, 5); i > 0; i--) {
    switch (d.int(0, 4)) {
      case 0:
        locals.push({ setattr: 't', attr: d.pick(['p', 'q']), value: value(d, scope, 2) })
        break
      case 1:
        locals.push({ let: 'u', value: value(d, scope, 2) })
        break
      case 2:
        locals.push({ keep: value(d, scope, 1) })
        break
      case 3:
        locals.push({ repeat: d.int(1, 60), index: 'k', do: [{ let: 'u', value: value(d, scope, 1) }, { setattr: 't', attr: 'p', value: 'u' }] })
        break
      default:
        locals.push({ gc: 'collect', generation: d.int(0, 1) })
    }
  }
  return { call: d.functionName(), args: params.map(() => value(d, RUN_SCOPE, 1)), params, do: locals, return: 't', ...(d.chance(0.5) ? { into: d.pick(VALUES) } : {}) }
}

/** A few statements of run() (loops, calls and choices nested while `depth` allows). */
function body(d: Draw, count: number, depth: number): Stmt[] {
  const out: Stmt[] = []
  for (let i = 0; i < count; i++) {
    const roll = d.int(0, 9)
    if (depth > 0 && roll === 0) {
      const inner = body(d, d.int(1, 5), depth - 1)
      if (d.chance(0.4)) inner.push({ if: { every: d.int(2, 7), offset: 0 }, then: body(d, d.int(1, 3), 0), else: body(d, d.int(0, 2), 0) })
      // Now and then a long outer loop, so that garbage builds up over many collections.
      const count = depth > 1 ? (d.chance(0.2) ? d.int(300, 3000) : d.int(1, 300)) : d.int(1, 12)
      out.push({ repeat: count, index: depth > 1 ? 'i' : 'j', do: inner })
    } else if (depth > 0 && roll === 1) {
      out.push(call(d))
    } else if (depth > 0 && roll === 2) {
      out.push({ choose: [{ weight: 1, do: body(d, d.int(1, 3), 0) }, { weight: d.int(1, 4), do: body(d, d.int(1, 3), 0) }] })
    } else {
      simple(d, out)
    }
  }
  return out
}

/**
 * A random scenario document.
 * @param seed the program's seed (the same seed gives the same program)
 * @returns the document (serialize it as YAML or JSON)
 */
export function randomScenario(seed: number, options: RandomScenarioOptions = {}): ScenarioDocument {
  const d = new Draw(seed)
  // Each name is bound before anything reads it: containers and nodes first, then the objects
  // and values, which may refer to the names bound before them.
  const prologue: Stmt[] = [...LISTS.map((n) => ({ let: n, new: 'list' })), ...[...DICTS, INSTANCE_DICT].map((n) => ({ let: n, new: 'dict' })), ...NODES.map((n) => ({ let: n, new: 'Node' }))]
  const bound: string[] = [...LISTS, ...DICTS, INSTANCE_DICT, ...NODES]
  for (const [i, n] of OBJECTS.entries()) {
    prologue.push({ let: n, value: instance(d, { any: bound, objects: OBJECTS.slice(0, i), nodes: NODES }) })
    bound.push(n)
  }
  for (const n of VALUES) {
    prologue.push({ let: n, value: value(d, { any: bound, objects: OBJECTS, nodes: NODES }, 1) })
    bound.push(n)
  }
  return {
    heapscope: 1,
    name: `Random program ${seed}`,
    description: `Generated by heapscope fuzz (seed ${seed}) to compare the engine with real CPython.`,
    seed,
    // Now and then callables in gc.callbacks (their arguments are allocations), or the collector
    // disabled (explicit collections only).
    gc: { thresholds: [d.int(20, 900), d.int(2, 12), d.int(2, 12)], callbacks: d.chance(0.2) ? d.int(1, 2) : 0, enabled: !d.chance(0.05) },
    classes: {
      Obj: { init: ['a'] },
      Node: { slots: ['y', 'x'] },
      Fin: { del: true },
      Ghost: { del: d.chance(0.5) ? [{ keep: 'self' }] : [{ setattr: 'self', attr: 'p', value: { new: 'float' } }] },
    },
    program: [...prologue, ...body(d, options.statements ?? d.int(8, 40), 2)],
  }
}
