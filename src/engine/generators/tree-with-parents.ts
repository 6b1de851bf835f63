/**
 * Trees whose nodes point at their parent and hold their children in a list: every edge is a
 * reference cycle (parent → children list → child → parent), so a dropped tree waits for the
 * cyclic collector. The tree is built level by level with nested loops (no recursion).
 */
import type { Statement } from '../scenario/ast'
import { builder, keepEvery, num } from './build'
import type { GeneratorDef } from './generator'

export const TREE_WITH_PARENTS: GeneratorDef = {
  id: 'tree-with-parents',
  title: 'Trees with parent pointers',
  description: 'Builds trees of the given fan-out and depth whose nodes point back at their parent, and drops them (keeping every k-th).',
  params: [
    { name: 'trees', kind: 'integer', min: 1, max: 10_000_000, default: 100, description: 'trees built' },
    { name: 'fanout', kind: 'integer', min: 1, max: 100, default: 4, unit: 'children', description: 'children per inner node' },
    { name: 'depth', kind: 'integer', min: 1, max: 8, default: 4, unit: 'levels', description: 'levels below the root' },
    { name: 'keep_every', kind: 'integer', min: 0, max: 100_000_000, default: 0, description: 'keep every k-th tree alive in the module-level keep list (0: keep none)' },
  ],
  expand(p, ctx) {
    const b = builder(ctx.loc)
    const node = `${ctx.prefix}_Node`
    const fanout = num(p, 'fanout')
    const level = (parent: string, d: number): Statement[] => {
      const kids = `kids${d}`
      const child = `n${d}`
      const inner: Statement[] = [b.let(child, b.instance(node, [parent])), b.append(kids, child)]
      if (d < num(p, 'depth')) inner.push(...level(child, d + 1))
      return [b.let(kids, b.list()), b.setattr(parent, 'children', kids), b.repeat(fanout, `c${d}`, inner)]
    }
    const body = [b.let('root', b.instance(node, [b.constant(null)])), ...level('root', 1)]
    const loop = [b.call(`${ctx.prefix}_build`, [], [], body, 'root', 'tree')]
    loop.push(...keepEvery(b, num(p, 'keep_every'), 'tree'))
    return {
      classes: [b.classDef(node, { init: ['parent'] })],
      globals: [],
      statements: [b.repeat(num(p, 'trees'), 'i', loop)],
    }
  },
}
