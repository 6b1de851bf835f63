/**
 * A fragmentation pattern in obmalloc's small-object allocator: fill many pools with objects of
 * one size class, free every k-th object (or a random fraction), then allocate objects of another
 * size class. The survivors pin their pools (a pool is only returned when it is completely free),
 * and the freed blocks of the first class cannot serve the second: arenas stay mapped with low
 * utilisation. The objects are bytes (not GC-tracked), sized to land in the requested classes.
 */
import type { Statement } from '../scenario/ast'
import { builder, chance, choice, num } from './build'
import type { GeneratorDef } from './generator'

/** Header of a bytes object (`PyBytesObject` up to `ob_sval`, plus the trailing NUL). */
const BYTES_OVERHEAD = 33

/** The bytes length whose object lands in the size class of `blockSize` (rounded up to 16). */
export function bytesLengthForBlock(blockSize: number): number {
  return Math.ceil(blockSize / 16) * 16 - BYTES_OVERHEAD
}

export const FRAGMENTATION: GeneratorDef = {
  id: 'fragmentation',
  title: 'Size-class fragmentation',
  description: 'Fills pools with one size class, frees every k-th object (or a random fraction), then allocates another size class that cannot reuse the holes.',
  params: [
    { name: 'objects', kind: 'integer', min: 1, max: 100_000_000, default: 100_000, description: 'objects of the first size class allocated' },
    { name: 'first_block_size', kind: 'integer', min: 48, max: 512, default: 64, unit: 'bytes', description: 'size class of the first objects (rounded up to a multiple of 16)' },
    { name: 'free_pattern', kind: 'enum', values: ['free-every-k', 'keep-every-k', 'random'], default: 'keep-every-k', description: 'which first objects are freed: every k-th, all but every k-th, or each with probability free_fraction' },
    { name: 'k', kind: 'integer', min: 1, max: 1_000_000, default: 10, description: 'the k of free-every-k and keep-every-k' },
    { name: 'free_fraction', kind: 'number', min: 0, max: 1, default: 0.9, description: 'with random: fraction of the first objects freed' },
    { name: 'second_objects', kind: 'integer', min: 0, max: 100_000_000, default: 50_000, description: 'objects of the second size class allocated afterwards' },
    { name: 'second_block_size', kind: 'integer', min: 48, max: 512, default: 128, unit: 'bytes', description: 'size class of the second objects (rounded up to a multiple of 16)' },
  ],
  expand(p, ctx) {
    const b = builder(ctx.loc)
    const first = b.bytes(bytesLengthForBlock(num(p, 'first_block_size')))
    const second = b.bytes(bytesLengthForBlock(num(p, 'second_block_size')))
    const objects = num(p, 'objects')
    const survive: Statement[] = [b.append('kept', 'x')]
    const free: Statement[] = [b.del('x')]
    const pattern = choice(p, 'free_pattern')
    const sieve: Statement[] =
      pattern === 'random' ? chance(b, num(p, 'free_fraction'), free, survive) : pattern === 'free-every-k' ? [b.every(num(p, 'k'), 0, free, survive)] : [b.every(num(p, 'k'), 0, survive, free)]
    const body: Statement[] = [
      b.phase(`fill ${Math.ceil(num(p, 'first_block_size') / 16) * 16}-byte class`),
      b.let('heap', b.list()),
      b.repeat(objects, 'i', [b.append('heap', first)]),
      b.phase('free holes'),
      b.let('kept', b.list()),
      b.repeat(objects, 'i', [b.pop('heap', -1, 'x'), ...sieve]),
      b.del('heap'),
    ]
    if (num(p, 'second_objects') > 0) {
      body.push(b.phase(`fill ${Math.ceil(num(p, 'second_block_size') / 16) * 16}-byte class`), b.repeat(num(p, 'second_objects'), 'i', [b.append('kept', second)]))
    }
    return { classes: [], globals: [], statements: [b.call(`${ctx.prefix}_fragment`, [], [], body, 'kept', 'survivors'), b.keep('survivors')] }
  },
}
