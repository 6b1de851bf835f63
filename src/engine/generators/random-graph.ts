/**
 * Random graphs built online: each new vertex links to `degree` of the most recent vertices (a
 * sliding window, the locality real graph builders have); with probability `cycle_fraction` an
 * edge is made both ways, which puts the vertices on a reference cycle. A dropped graph is freed
 * by reference counting except for the part on cycles, which waits for the collector.
 */
import type { Statement } from '../scenario/ast'
import { builder, chance, keepEvery, num } from './build'
import type { GeneratorDef } from './generator'

export const RANDOM_GRAPH: GeneratorDef = {
  id: 'random-graph',
  title: 'Random graphs',
  description: 'Builds graphs of vertices with adjacency lists; each vertex links to `degree` recent vertices, a fraction of the edges both ways (cycles).',
  params: [
    { name: 'graphs', kind: 'integer', min: 1, max: 10_000_000, default: 20, description: 'graphs built' },
    { name: 'vertices', kind: 'integer', min: 1, max: 10_000_000, default: 2_000, description: 'vertices per graph' },
    { name: 'degree', kind: 'integer', min: 1, max: 16, default: 3, unit: 'edges', description: 'edges from each new vertex to recent ones' },
    { name: 'cycle_fraction', kind: 'number', min: 0, max: 1, default: 0.3, description: 'fraction of edges also made in the reverse direction (a reference cycle)' },
    { name: 'keep_every', kind: 'integer', min: 0, max: 100_000_000, default: 0, description: 'keep every k-th graph alive in the module-level keep list (0: keep none)' },
  ],
  expand(p, ctx) {
    const b = builder(ctx.loc)
    const vertex = `${ctx.prefix}_Vertex`
    const degree = num(p, 'degree')
    const cycle = num(p, 'cycle_fraction')
    const body: Statement[] = [b.let('vs', b.list())]
    // The window: w1 (newest) … wD and their adjacency lists a1 … aD, seeded with D vertices.
    for (let d = degree; d >= 1; d--) {
      body.push(b.let(`a${d}`, b.list()), b.let(`w${d}`, b.instance(vertex, [`a${d}`])), b.append('vs', `w${d}`))
    }
    const step: Statement[] = [b.let('adj', b.list()), b.let('v', b.instance(vertex, ['adj'])), b.append('vs', 'v')]
    for (let d = 1; d <= degree; d++) step.push(b.append('adj', `w${d}`), ...chance(b, cycle, [b.append(`a${d}`, 'v')]))
    for (let d = degree; d >= 2; d--) step.push(b.let(`w${d}`, `w${d - 1}`), b.let(`a${d}`, `a${d - 1}`))
    step.push(b.let('w1', 'v'), b.let('a1', 'adj'))
    body.push(b.repeat(num(p, 'vertices'), 'k', step))
    const loop = [b.call(`${ctx.prefix}_build`, [], [], body, 'vs', 'graph')]
    loop.push(...keepEvery(b, num(p, 'keep_every'), 'graph'))
    return {
      classes: [b.classDef(vertex, { slots: ['adj'], init: ['adj'] })],
      globals: [],
      statements: [b.repeat(num(p, 'graphs'), 'i', loop)],
    }
  },
}
