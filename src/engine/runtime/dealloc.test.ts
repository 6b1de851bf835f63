/**
 * Deallocation cascades: the type dispatch, the trashcan rule of each version as measured on the
 * real interpreters, and cascades far deeper than the host stack.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { OBJECT_TYPE } from '../objects/object-types'
import { createRun, stepRun, type Run } from '../run'
import type { PresetId } from '../scenario/ast'
import { globalListTypes, inlineScenario } from '../test-scenario'
import { verify } from '../verify'

describe('the type dispatch', () => {
  it('names every numeric case after the OBJECT_TYPE it stands for', () => {
    const source = readFileSync(join(__dirname, 'dealloc.ts'), 'utf8')
    const cases = [...source.matchAll(/case (\d+): \/\/ ([A-Z_]+)/g)].map((m) => [m[2], Number(m[1])] as const)
    expect(cases.length).toBeGreaterThanOrEqual(11)
    for (const [name, value] of cases) expect(OBJECT_TYPE[name as keyof typeof OBJECT_TYPE], name).toBe(value)
  })
})

/** What a chain is made of: its classes and globals, its last node, and each node linked to the previous head. */
interface ChainSpec {
  readonly declarations: string
  /** The expression of the chain's last node (the deepest once the chain is dropped). */
  readonly last: string
  /** The statements that make `n` one more node pointing at `head`. */
  readonly node: string
  readonly length: number
}

/**
 * Builds a chain (gc disabled), then drops it from its head: the head's deallocation releases the
 * next node, and so on down the chain.
 * @returns the run after the drop
 */
function dropChain(spec: ChainSpec, preset: PresetId): Run {
  const run = createRun(
    inlineScenario(`
heapscope: 1
name: a chain dropped from its head
${spec.declarations}
program:
  - gc: disable
  - let: head
    value: ${spec.last}
  - repeat: ${spec.length}
    do:
${spec.node.replace(/^/gm, '      ')}
      - let: head
        value: n
  - del: n
  - del: head
`),
    { overrides: { preset } },
  )
  stepRun(run, Number.POSITIVE_INFINITY)
  return run
}

/**
 * A chain of nodes, each holding the next one in slot `a_next` and a Marker in slot `b_marker`;
 * both classes have a `__del__` that appends to `log` (a float for a node, a list for a marker).
 * Each node releases its next node before its marker (slot names are sorted), so until the
 * trashcan defers a node, every node's `__del__` runs before any marker's: the position of the
 * first marker in `log` is the depth of the first deferred deallocation. The same program on
 * CPython (gc disabled, run() called from a function of the main module): 3.11.7 and 3.12.1 first
 * log a marker after 50 nodes, 3.13.0 after 9 948 nodes (2 of the 10 000 C recursion levels in
 * use, deferral with 50 left).
 */
const FINALIZED_CHAIN: ChainSpec = {
  declarations: `classes:
  Node: { slots: [a_next, b_marker], del: [{ append: log, value: { new: float } }] }
  Marker: { del: [{ append: log, value: { new: list } }] }
globals: { log: list }`,
  last: '{ new: Node }',
  node: `- let: n
  new: Node
- setattr: n
  attr: a_next
  value: head
- setattr: n
  attr: b_marker
  value: { new: Marker }`,
  length: 11_999,
}

describe('the trashcan', () => {
  it.each([
    ['cpython-3.11', 50],
    ['cpython-3.12', 50],
    ['cpython-3.13', 9948],
  ] as const)('on %s defers the first deallocation nested %i deep, as the real interpreter does', (preset, depth) => {
    const run = dropChain(FINALIZED_CHAIN, preset)
    const log = globalListTypes(run, 1)
    // The last node was made without a marker: 12 000 nodes, 11 999 markers.
    expect(log.length).toBe(23_999)
    expect(log.indexOf('list')).toBe(depth)
    expect(verify(run)).toEqual([])
  })

  it.each(['cpython-3.11', 'cpython-3.13'] as const)('on %s frees a chain 300 000 lists deep without running out of host stack', (preset) => {
    const run = dropChain({ declarations: '', last: '{ new: list }', node: '- let: n\n  new: list\n- append: n\n  value: head', length: 300_000 }, preset)
    // Only the `keep` global is left of the lists.
    expect(run.interp.counters.typeLive[OBJECT_TYPE.LIST]).toBe(1)
    expect(verify(run)).toEqual([])
  })

  it('leaves cells (no trashcan in CPython) to a depth-first cascade however deep', () => {
    const run = dropChain({ declarations: '', last: '{ new: cell, value: null }', node: '- let: n\n  value: { new: cell, value: head }', length: 300_000 }, 'cpython-3.12')
    expect(run.interp.counters.typeLive[OBJECT_TYPE.CELL]).toBe(0)
    expect(verify(run)).toEqual([])
  })
})

describe('finalizers inside deep cascades', () => {
  it.each(['cpython-3.11', 'cpython-3.13'] as const)('on %s: an object 100 deep whose __del__ resurrects it stays alive, deferred (3.11) or not (3.13)', (preset) => {
    const run = dropChain(
      {
        declarations: 'classes:\n  Link: { slots: [a_next] }\n  Phoenix: { del: [{ keep: self }] }',
        last: '{ new: Phoenix }',
        node: '- let: n\n  new: Link\n- setattr: n\n  attr: a_next\n  value: head',
        length: 100,
      },
      preset,
    )
    expect(globalListTypes(run, 0)).toEqual(['Phoenix'])
    expect(run.interp.counters.finalizersCalled).toBe(1)
    expect(verify(run)).toEqual([])
  })
})
