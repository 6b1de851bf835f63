/**
 * Doubly linked lists: each node points at its neighbours both ways, so every dropped list is a
 * chain of reference cycles that only the cyclic collector frees. Every k-th list can be kept.
 */
import { builder, choice, keepEvery, num } from './build'
import type { GeneratorDef } from './generator'

export const DOUBLY_LINKED_LIST: GeneratorDef = {
  id: 'doubly-linked-list',
  title: 'Doubly linked lists',
  description: 'Builds lists of nodes with prev/next pointers (a cycle per link) and drops them, keeping every k-th alive.',
  params: [
    { name: 'lists', kind: 'integer', min: 1, max: 10_000_000, default: 200, description: 'lists built' },
    { name: 'length', kind: 'integer', min: 1, max: 10_000_000, default: 500, unit: 'nodes', description: 'nodes per list' },
    { name: 'payload', kind: 'enum', values: ['none', 'float', 'str', 'tuple'], default: 'float', description: 'value each node holds' },
    { name: 'keep_every', kind: 'integer', min: 0, max: 100_000_000, default: 0, description: 'keep every k-th list alive in the module-level keep list (0: keep none)' },
  ],
  expand(p, ctx) {
    const b = builder(ctx.loc)
    const node = `${ctx.prefix}_Node`
    const payload = choice(p, 'payload')
    const value = payload === 'float' ? b.float() : payload === 'str' ? b.str(16) : payload === 'tuple' ? b.tuple(['k', b.float()]) : b.constant(null)
    const body = [
      b.let('head', b.instance(node, [b.constant(null)])),
      b.let('tail', 'head'),
      b.repeat(num(p, 'length'), 'k', [
        b.let('n', b.instance(node, [value])),
        b.setattr('n', 'prev', 'tail'),
        b.setattr('tail', 'next', 'n'),
        b.let('tail', 'n'),
      ]),
    ]
    const loop = [b.call(`${ctx.prefix}_build`, [], [], body, 'head', 'lst')]
    loop.push(...keepEvery(b, num(p, 'keep_every'), 'lst'))
    return {
      classes: [b.classDef(node, { slots: ['value', 'prev', 'next'], init: ['value'] })],
      globals: [],
      statements: [b.repeat(num(p, 'lists'), 'i', loop)],
    }
  },
}
