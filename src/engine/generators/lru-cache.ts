/**
 * A long-lived cache that grows to its capacity and then evicts the least recently used entry
 * (an LRU kept as a list, oldest first, like `functools.lru_cache`'s ordering): a hit moves an
 * entry to the most-recent end, a miss builds a new entry (a slotted Entry with a key str and a
 * value dict) and evicts the oldest. Entries are long-lived GC-tracked objects, so the oldest
 * generation grows with the cache and full collections get rarer but longer.
 */
import type { Statement } from '../scenario/ast'
import { builder, chance, num } from './build'
import type { GeneratorDef } from './generator'

/** Distinct hit positions drawn at expansion time (recency depths a hit moves to the front). */
const HIT_DEPTHS = 4

export const LRU_CACHE: GeneratorDef = {
  id: 'lru-cache',
  title: 'LRU cache',
  description: 'A module-level cache filled to capacity, then requests that hit (move an entry to the most-recent end) or miss (build an entry, evict the oldest) with a configurable hit rate.',
  params: [
    { name: 'capacity', kind: 'integer', min: 1, max: 10_000_000, default: 2_000, unit: 'entries', description: 'entries the cache holds before it evicts' },
    { name: 'requests', kind: 'integer', min: 1, max: 100_000_000, default: 50_000, description: 'lookups after the cache is full' },
    { name: 'hit_rate', kind: 'number', min: 0, max: 1, default: 0.8, description: 'fraction of lookups that find their entry' },
    { name: 'key_length', kind: 'integer', min: 1, max: 100_000, default: 16, unit: 'characters', description: 'length of each key str' },
    { name: 'value_length', kind: 'integer', min: 1, max: 100_000_000, default: 64, unit: 'characters', description: 'length of the str payload of each entry (above about 460 it lives in the raw heap)' },
  ],
  expand(p, ctx) {
    const b = builder(ctx.loc)
    const entry = `${ctx.prefix}_Entry`
    const cache = `${ctx.prefix}_cache`
    const capacity = num(p, 'capacity')
    const build = (fn: string): Statement =>
      b.call(fn, [], [], [
        b.let('key', b.str(num(p, 'key_length'))),
        b.let('value', b.dict([['body', b.str(num(p, 'value_length'))], ['stamp', b.float()]])),
        b.let('e', b.instance(entry, ['key', 'value'])),
      ], 'e', 'fresh')
    const depths: number[] = []
    for (let d = 0; d < HIT_DEPTHS; d++) depths.push(-1 - Math.floor(ctx.random() * capacity))
    const hit: Statement[] = [b.choose(depths.map((index) => ({ weight: 1, body: [b.pop(cache, index, 'found'), b.append(cache, 'found')] })))]
    const miss: Statement[] = [b.pop(cache, 0), build(`${ctx.prefix}_miss`), b.append(cache, 'fresh')]
    return {
      classes: [b.classDef(entry, { slots: ['key', 'value'], init: ['key', 'value'] })],
      globals: [{ name: cache, kind: 'list', loc: ctx.loc }],
      statements: [
        b.phase('cache warm-up'),
        b.call(`${ctx.prefix}_warm`, [], [], [b.repeat(capacity, 'i', [build(`${ctx.prefix}_fill`), b.append(cache, 'fresh')])]),
        b.phase('cache serving'),
        b.call(`${ctx.prefix}_serve`, [], [], [b.repeat(num(p, 'requests'), 'i', chance(b, num(p, 'hit_rate'), hit, miss))]),
      ],
    }
  },
}
