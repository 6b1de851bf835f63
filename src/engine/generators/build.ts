/**
 * Small constructors for generated scenario nodes: every node gets the generate statement's
 * location, so errors and charts point at the statement that produced them.
 */
import type { ClassDef, Expr, GeneratorValue, ItemKey, NewExpr, SourceLocation, Statement, StrKind } from '../scenario/ast'

/** `Omit` over each member of a union (keeps the discriminated fields). */
type NewFields = NewExpr extends infer T ? (T extends NewExpr ? Omit<T, 'kind' | 'loc'> : never) : never

/** A node builder bound to one location. */
export function builder(loc: SourceLocation) {
  const name = (n: string): Expr => ({ kind: 'name', name: n, loc })
  const value = (v: Expr | string): Expr => (typeof v === 'string' ? name(v) : v)
  const newExpr = (e: NewFields): Expr => ({ ...e, kind: 'new', loc }) as NewExpr
  return {
    name,
    constant: (v: null | boolean | number | string): Expr => ({ kind: 'const', value: v, loc }),
    float: (): Expr => newExpr({ type: 'float' }),
    int: (digits = 1): Expr => newExpr({ type: 'int', digits }),
    str: (length: number, strKind: StrKind = 'ascii'): Expr => newExpr({ type: 'str', length, strKind }),
    bytes: (length: number): Expr => newExpr({ type: 'bytes', length }),
    tuple: (items: (Expr | string)[]): Expr => newExpr({ type: 'tuple', items: items.map(value) }),
    list: (items: (Expr | string)[] = []): Expr => newExpr({ type: 'list', items: items.map(value) }),
    listComprehension: (count: number, item: Expr | string): Expr => newExpr({ type: 'list-comprehension', count, item: value(item) }),
    dict: (items: [string, Expr | string][] = []): Expr => newExpr({ type: 'dict', items: items.map(([k, v]) => [k, value(v)] as const) }),
    set: (items: (Expr | string)[] = []): Expr => newExpr({ type: 'set', items: items.map(value) }),
    instance: (className: string, args: (Expr | string)[] = []): Expr => newExpr({ type: 'instance', className, args: args.map(value) }),
    weakref: (to: Expr | string, callback = false): Expr => newExpr({ type: 'weakref', to: value(to), callback }),
    fn: (): Expr => newExpr({ type: 'function' }),
    let: (target: string, v: Expr | string): Statement => ({ kind: 'let', target, value: value(v), loc }),
    setattr: (object: string, attr: string, v: Expr | string): Statement => ({ kind: 'setattr', object, attr, value: value(v), loc }),
    setitem: (container: string, key: ItemKey | string, v: Expr | string): Statement => ({ kind: 'setitem', container, key: typeof key === 'string' ? { kind: 'const', value: key, loc } : key, value: value(v), loc }),
    delitem: (container: string, key: ItemKey): Statement => ({ kind: 'delitem', container, key, loc }),
    indexKey: (index: string): ItemKey => ({ kind: 'name', name: index, loc }),
    append: (list: string, v: Expr | string): Statement => ({ kind: 'append', list, value: value(v), loc }),
    extend: (list: string, v: Expr | string): Statement => ({ kind: 'extend', list, value: value(v), loc }),
    clear: (container: string): Statement => ({ kind: 'clear', container, loc }),
    delattr: (object: string, attr: string): Statement => ({ kind: 'delattr', object, attr, loc }),
    pop: (list: string, index: number, into: string | null = null): Statement => ({ kind: 'pop', list, index, into, loc }),
    del: (n: string): Statement => ({ kind: 'del', name: n, loc }),
    keep: (v: Expr | string): Statement => ({ kind: 'keep', value: value(v), loc }),
    phase: (label: string): Statement => ({ kind: 'phase', label, loc }),
    repeat: (count: number, index: string, body: Statement[]): Statement => ({ kind: 'repeat', count, index, body, loc }),
    every: (every: number, offset: number, then: Statement[], otherwise: Statement[] = [], index: string | null = null): Statement => ({ kind: 'if', index, every, offset, then, otherwise, loc }),
    choose: (options: { weight: number; body: Statement[] }[]): Statement => ({ kind: 'choose', options: options.map((o) => ({ ...o, loc })), loc }),
    call: (fnName: string, params: string[], args: (Expr | string)[], body: Statement[], result: string | null = null, into: string | null = null): Statement => ({ kind: 'call', name: fnName, params, args: args.map(value), body, result, into, loc }),
    gcCollect: (generation = 2): Statement => ({ kind: 'gc', action: 'collect', generation, thresholds: null, loc }),
    gcFreeze: (): Statement => ({ kind: 'gc', action: 'freeze', generation: 2, thresholds: null, loc }),
    gcUnfreeze: (): Statement => ({ kind: 'gc', action: 'unfreeze', generation: 2, thresholds: null, loc }),
    classDef: (className: string, opts: { slots?: string[] | null; init?: string[]; hasDel?: boolean; delBody?: Statement[]; weakrefable?: boolean } = {}): ClassDef => ({
      name: className,
      slots: opts.slots ?? null,
      init: opts.init ?? [],
      hasDel: opts.hasDel ?? opts.delBody !== undefined,
      delBody: opts.delBody ?? [],
      weakrefable: opts.weakrefable ?? (opts.slots === undefined || opts.slots === null),
      loc,
    }),
  }
}

export type Builder = ReturnType<typeof builder>

/** A resolved numeric parameter (validated by `resolveParams`). */
export function num(params: Readonly<Record<string, GeneratorValue>>, name: string): number {
  return params[name] as number
}

/** A resolved boolean parameter. */
export function flag(params: Readonly<Record<string, GeneratorValue>>, name: string): boolean {
  return params[name] as boolean
}

/** A resolved enum parameter. */
export function choice(params: Readonly<Record<string, GeneratorValue>>, name: string): string {
  return params[name] as string
}

/**
 * `then` with probability `p`, else `otherwise`: no `choose` at all when `p` is 0 or 1, so the
 * emitted program and the choice log only carry real coin flips.
 */
export function chance(b: Builder, p: number, then: Statement[], otherwise: Statement[] = []): Statement[] {
  if (p >= 1) return then
  if (p <= 0) return otherwise
  return [b.choose([{ weight: p, body: then }, { weight: 1 - p, body: otherwise }])]
}

/** `keep.append(name)` on every k-th iteration of the innermost loop (k = 1: every one; 0: never). */
export function keepEvery(b: Builder, every: number, name: string): Statement[] {
  if (every <= 0) return []
  return every === 1 ? [b.keep(name)] : [b.every(every, 0, [b.keep(name)])]
}
