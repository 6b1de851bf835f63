/**
 * String building the idiomatic way: parts appended to a list, then `''.join(parts)` makes one
 * str of the total length and the parts die with the list. Short results stay in obmalloc's size
 * classes; long ones go to the raw heap.
 */
import type { StrKind } from '../scenario/ast'
import { builder, choice, keepEvery, num } from './build'
import type { GeneratorDef } from './generator'

export const STRING_BUILDING: GeneratorDef = {
  id: 'string-building',
  title: 'String building',
  description: 'Builds strings from parts (a list of fresh str, then a join of the total length), keeping every k-th result.',
  params: [
    { name: 'strings', kind: 'integer', min: 1, max: 100_000_000, default: 5_000, description: 'strings built' },
    { name: 'parts', kind: 'integer', min: 1, max: 100_000, default: 20, description: 'parts per string' },
    { name: 'part_length', kind: 'integer', min: 1, max: 1_000_000, default: 12, unit: 'characters', description: 'length of each part' },
    { name: 'kind', kind: 'enum', values: ['ascii', 'latin1', 'ucs2', 'ucs4'], default: 'ascii', description: 'widest character of the text (1, 1, 2 or 4 bytes per character)' },
    { name: 'keep_every', kind: 'integer', min: 0, max: 100_000_000, default: 0, description: 'keep every k-th built string alive in the module-level keep list (0: keep none)' },
  ],
  expand(p, ctx) {
    const b = builder(ctx.loc)
    const kind = choice(p, 'kind') as StrKind
    const parts = num(p, 'parts')
    const length = num(p, 'part_length')
    const body = [
      b.let('parts', b.list()),
      b.repeat(parts, 'k', [b.append('parts', b.str(length, kind))]),
      b.let('text', b.str(parts * length, kind)),
      b.del('parts'),
    ]
    const loop = [b.call(`${ctx.prefix}_build`, [], [], body, 'text', 'built')]
    loop.push(...keepEvery(b, num(p, 'keep_every'), 'built'))
    return { classes: [], globals: [], statements: [b.repeat(num(p, 'strings'), 'i', loop)] }
  },
}
