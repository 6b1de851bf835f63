/**
 * A numeric inner loop: per iteration fresh floats and multi-digit ints (results of arithmetic),
 * a small tuple of floats (a coordinate), all dropped at the end of the iteration, so they cycle
 * through the float and tuple free lists and the int size classes. Every k-th result is appended
 * to an accumulator list that is cleared every `window` iterations (a running series).
 */
import type { Statement } from '../scenario/ast'
import { builder, num } from './build'
import type { GeneratorDef } from './generator'

export const NUMERIC_LOOP: GeneratorDef = {
  id: 'numeric-loop',
  title: 'Numeric loop',
  description: 'Float and int churn (free-list heavy): per iteration fresh floats, ints and a coordinate tuple, with an accumulator that keeps every k-th result for a window.',
  params: [
    { name: 'iterations', kind: 'integer', min: 1, max: 1_000_000_000, default: 100_000, description: 'loop iterations' },
    { name: 'floats', kind: 'integer', min: 0, max: 32, default: 3, description: 'float results per iteration' },
    { name: 'ints', kind: 'integer', min: 0, max: 32, default: 1, description: 'int results per iteration (outside the small-int cache)' },
    { name: 'int_digits', kind: 'integer', min: 1, max: 1000, default: 2, unit: '30-bit digits', description: 'size of each int' },
    { name: 'tuple', kind: 'boolean', default: true, description: 'build a (float, float) tuple per iteration' },
    { name: 'accumulate_every', kind: 'integer', min: 0, max: 1_000_000_000, default: 10, description: 'append every k-th result to the accumulator (0: no accumulator)' },
    { name: 'window', kind: 'integer', min: 1, max: 1_000_000_000, default: 10_000, unit: 'iterations', description: 'the accumulator is cleared every this many iterations' },
  ],
  expand(p, ctx) {
    const b = builder(ctx.loc)
    const step: Statement[] = []
    for (let f = 0; f < num(p, 'floats'); f++) step.push(b.let(`x${f}`, b.float()))
    for (let k = 0; k < num(p, 'ints'); k++) step.push(b.let(`n${k}`, b.int(num(p, 'int_digits'))))
    if (p['tuple'] === true) step.push(b.let('pt', b.tuple([b.float(), b.float()])))
    step.push(b.let('result', b.float()))
    const every = num(p, 'accumulate_every')
    const body: Statement[] = []
    if (every > 0) {
      body.push(b.let('acc', b.list()))
      step.push(b.every(every, 0, [b.append('acc', 'result')], [], 'i'), b.every(num(p, 'window'), num(p, 'window') - 1, [b.clear('acc')], [], 'i'))
    }
    body.push(b.repeat(num(p, 'iterations'), 'i', step))
    return { classes: [], globals: [], statements: [b.call(`${ctx.prefix}_compute`, [], [], body)] }
  },
}
