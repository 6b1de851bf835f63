/**
 * Lists grown one append at a time: CPython over-allocates the item array on each resize
 * (about 1/8 more, rounded to a multiple of 4), so the array walks up through the size classes
 * and, past 512 bytes, into the raw heap, freeing its previous block at each step.
 */
import type { Expr } from '../scenario/ast'
import { builder, choice, keepEvery, num } from './build'
import type { GeneratorDef } from './generator'

export const LIST_APPEND_GROWTH: GeneratorDef = {
  id: 'list-append-growth',
  title: 'List growth by append',
  description: 'Grows lists by append (over-allocating resizes), with items that are None, floats, ints or short str, keeping every k-th list.',
  params: [
    { name: 'lists', kind: 'integer', min: 1, max: 100_000_000, default: 500, description: 'lists grown' },
    { name: 'appends', kind: 'integer', min: 1, max: 100_000_000, default: 1_000, description: 'appends per list' },
    { name: 'item', kind: 'enum', values: ['none', 'float', 'int', 'str'], default: 'float', description: 'what is appended: None (no allocation), a fresh float, a 2-digit int or an 8-character str' },
    { name: 'keep_every', kind: 'integer', min: 0, max: 100_000_000, default: 0, description: 'keep every k-th list alive in the module-level keep list (0: keep none)' },
  ],
  expand(p, ctx) {
    const b = builder(ctx.loc)
    const itemKind = choice(p, 'item')
    const item: Expr = itemKind === 'float' ? b.float() : itemKind === 'int' ? b.int(2) : itemKind === 'str' ? b.str(8) : b.constant(null)
    const body = [b.let('xs', b.list()), b.repeat(num(p, 'appends'), 'k', [b.append('xs', item)])]
    const loop = [b.call(`${ctx.prefix}_grow`, [], [], body, 'xs', 'grown')]
    loop.push(...keepEvery(b, num(p, 'keep_every'), 'grown'))
    return { classes: [], globals: [], statements: [b.repeat(num(p, 'lists'), 'i', loop)] }
  },
}
