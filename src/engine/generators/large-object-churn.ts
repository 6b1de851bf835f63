/**
 * Large-object churn: buffers above 512 bytes bypass obmalloc and go to the raw allocator
 * (`PyMem_RawMalloc`, i.e. malloc). A ring of `live` buffers is kept; each step drops the oldest
 * and allocates a new one of one of a few sizes (drawn at expansion time from min_bytes up to
 * min_bytes + spread_bytes, so no combination of parameters is impossible), so the raw heap
 * churns while the small-object arenas stay almost still.
 */
import type { Statement } from '../scenario/ast'
import { builder, num } from './build'
import type { GeneratorDef } from './generator'

/** Distinct buffer sizes drawn at expansion time. */
const SIZES = 4

export const LARGE_OBJECT_CHURN: GeneratorDef = {
  id: 'large-object-churn',
  title: 'Large-object (raw) churn',
  description: 'A ring of large bytes buffers (raw allocator): each step frees the oldest and allocates one of a few sizes between min_bytes and min_bytes + spread_bytes.',
  params: [
    { name: 'steps', kind: 'integer', min: 1, max: 1_000_000_000, default: 50_000, description: 'buffers allocated after the ring is full' },
    { name: 'live', kind: 'integer', min: 1, max: 1_000_000, default: 200, unit: 'buffers', description: 'buffers alive at once (the ring size)' },
    { name: 'min_bytes', kind: 'integer', min: 513, max: 1_000_000_000, default: 1_024, unit: 'bytes', description: 'smallest buffer (above 512, the small-object limit)' },
    { name: 'spread_bytes', kind: 'integer', min: 0, max: 1_000_000_000, default: 64_512, unit: 'bytes', description: 'sizes are drawn between min_bytes and min_bytes + spread_bytes' },
  ],
  expand(p, ctx) {
    const b = builder(ctx.loc)
    const ring = `${ctx.prefix}_ring`
    const low = num(p, 'min_bytes')
    const spread = num(p, 'spread_bytes')
    const sizes: number[] = []
    for (let s = 0; s < SIZES; s++) sizes.push(low + Math.floor(ctx.random() * (spread + 1)))
    const allocate = (): Statement => b.choose(sizes.map((size) => ({ weight: 1, body: [b.append(ring, b.bytes(size))] })))
    return {
      classes: [],
      globals: [{ name: ring, kind: 'list', loc: ctx.loc }],
      statements: [
        b.repeat(num(p, 'live'), 'i', [allocate()]),
        b.repeat(num(p, 'steps'), 'i', [b.pop(ring, 0), allocate()]),
        b.clear(ring),
      ],
    }
  },
}
