/**
 * Objects with `__del__` and weak references, on reference cycles: each step makes a Resource
 * (with `__del__`) and an owner instance that point at each other, optionally a weak reference
 * to the owner (with or without a callback). A fraction of the resources resurrect themselves in
 * `__del__` (they append themselves to the keep list), which CPython handles per PEP 442: the
 * finaliser runs once, the cycle survives that collection and is freed by a later one if dropped.
 */
import type { Statement } from '../scenario/ast'
import { builder, chance, choice, num } from './build'
import type { GeneratorDef } from './generator'

export const FINALIZERS: GeneratorDef = {
  id: 'finalizers',
  title: 'Finalizers and weak references',
  description: 'Resources with __del__ in owner ↔ resource cycles, weak references (optionally with callbacks) to the owners, and an optional fraction that resurrect in __del__.',
  params: [
    { name: 'objects', kind: 'integer', min: 1, max: 100_000_000, default: 20_000, description: 'resource/owner pairs made' },
    { name: 'cycle_probability', kind: 'number', min: 0, max: 1, default: 0.5, description: 'fraction of pairs whose resource points back at its owner (a cycle only the collector frees)' },
    { name: 'weakrefs', kind: 'enum', values: ['none', 'plain', 'callback'], default: 'callback', description: 'weak reference made to each owner: none, weakref.ref(o), or weakref.ref(o, callback)' },
    { name: 'registry_every', kind: 'integer', min: 0, max: 100_000_000, default: 10, description: 'keep every k-th weak reference in a module-level registry dict (weakref → owner) (0: none)' },
    { name: 'resurrect_fraction', kind: 'number', min: 0, max: 1, default: 0, description: 'fraction of resources whose __del__ resurrects them (appends self to keep)' },
  ],
  expand(p, ctx) {
    const b = builder(ctx.loc)
    const resource = `${ctx.prefix}_Resource`
    const phoenix = `${ctx.prefix}_Phoenix`
    const owner = `${ctx.prefix}_Owner`
    const registry = `${ctx.prefix}_registry`
    const weak = choice(p, 'weakrefs')
    const registryEvery = num(p, 'registry_every')
    const make = (cls: string): Statement[] => [b.let('r', b.instance(cls, [b.str(12)]))]
    const body: Statement[] = [
      ...chance(b, num(p, 'resurrect_fraction'), make(phoenix), make(resource)),
      b.let('o', b.instance(owner)),
      b.setattr('o', 'res', 'r'),
      ...chance(b, num(p, 'cycle_probability'), [b.setattr('r', 'owner', 'o')]),
    ]
    if (weak !== 'none') {
      body.push(b.let('w', b.weakref('o', weak === 'callback')))
      if (registryEvery > 0) body.push(b.every(registryEvery, 0, [b.setitem(registry, b.indexKey('w'), 'o')], [], 'i'))
    }
    const classes = [b.classDef(resource, { init: ['name'], hasDel: true }), b.classDef(owner)]
    if (num(p, 'resurrect_fraction') > 0) classes.push(b.classDef(phoenix, { init: ['name'], delBody: [b.keep('self')] }))
    return {
      classes,
      globals: weak !== 'none' && registryEvery > 0 ? [{ name: registry, kind: 'dict', loc: ctx.loc }] : [],
      statements: [b.call(`${ctx.prefix}_make`, [], [], [b.repeat(num(p, 'objects'), 'i', body)])],
    }
  },
}
