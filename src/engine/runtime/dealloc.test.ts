/**
 * Deallocation cascades: the type dispatch, the trashcan rule of each version as measured on the
 * real interpreters, and cascades far deeper than the host stack.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { OBJECT_TYPE } from '../objects/object-types'
import { createRun, stepRun } from '../run'
import type { PresetId, Scenario } from '../scenario/ast'
import { parseScenario } from '../scenario/parse'
import { verify } from '../verify'

function scenario(text: string): Scenario {
  const parsed = parseScenario(text, 'inline.yaml')
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.line}:${e.column} ${e.field} ${e.message}`).join('\n'))
  return parsed.scenario
}

describe('the type dispatch', () => {
  it('names every numeric case after the OBJECT_TYPE it stands for', () => {
    const source = readFileSync(join(__dirname, 'dealloc.ts'), 'utf8')
    const cases = [...source.matchAll(/case (\d+): \/\/ ([A-Z_]+)/g)].map((m) => [m[2], Number(m[1])] as const)
    expect(cases.length).toBeGreaterThanOrEqual(11)
    for (const [name, value] of cases) expect(OBJECT_TYPE[name as keyof typeof OBJECT_TYPE], name).toBe(value)
  })
})

/**
 * A chain of N instances (slot `a_next` → the next node), each also holding a Marker in slot
 * `b_marker`; both classes have a `__del__` that appends to `log` (a float for a node, a list
 * for a marker). Dropping the head deallocates node after node; each node releases its next
 * node before its marker (slot names are sorted). Until the trashcan defers a node, every node's
 * `__del__` runs before any marker's: the position of the first marker in `log` is the depth of
 * the first deferred deallocation. The same program on CPython (gc disabled, run() called from a
 * function of the main module): 3.11.7 and 3.12.1 first log a marker after 50 nodes, 3.13.0 after
 * 9 948 nodes (2 of the 10 000 C recursion levels in use, deferral with 50 left).
 */
function chainOfFinalizers(length: number): Scenario {
  return scenario(`
heapscope: 1
name: trashcan depth
classes:
  Node: { slots: [a_next, b_marker], del: [{ append: log, value: { new: float } }] }
  Marker: { del: [{ append: log, value: { new: list } }] }
globals: { log: list }
program:
  - gc: disable
  - let: head
    new: Node
  - setattr: head
    attr: b_marker
    value: { new: Marker }
  - repeat: ${length - 1}
    do:
      - let: n
        new: Node
      - setattr: n
        attr: a_next
        value: head
      - setattr: n
        attr: b_marker
        value: { new: Marker }
      - let: head
        value: n
  - del: n
  - del: head
`)
}

function firstMarkerAt(preset: PresetId, length: number): { at: number; logged: number; problems: string[] } {
  const run = createRun(chainOfFinalizers(length), { overrides: { preset } })
  stepRun(run, Number.POSITIVE_INFINITY)
  const s = run.interp.store
  const log = run.vm?.globals[1] as number
  const c = s.container[log] as number
  const n = s.refLen[c] as number
  const start = s.refStart[c] as number
  let at = -1
  for (let i = 0; i < n && at < 0; i++) if (s.type[s.edges.data[start + i] as number] === OBJECT_TYPE.LIST) at = i
  return { at, logged: n, problems: verify(run) }
}

describe('the trashcan', () => {
  it.each([
    ['cpython-3.11', 50],
    ['cpython-3.12', 50],
    ['cpython-3.13', 9948],
  ] as const)('on %s defers the first deallocation nested %i deep, as the real interpreter does', (preset, depth) => {
    const { at, logged, problems } = firstMarkerAt(preset, 12_000)
    expect(at).toBe(depth)
    expect(logged).toBe(24_000)
    expect(problems).toEqual([])
  })

  it.each(['cpython-3.11', 'cpython-3.13'] as const)('on %s frees a chain 300 000 lists deep without running out of host stack', (preset) => {
    const run = createRun(
      scenario(`
heapscope: 1
name: deep lists
program:
  - gc: disable
  - let: head
    new: list
  - repeat: 300000
    do:
      - let: n
        new: list
      - append: n
        value: head
      - let: head
        value: n
  - del: n
  - del: head
`),
      { overrides: { preset } },
    )
    const before = run.interp.store.live
    stepRun(run, Number.POSITIVE_INFINITY)
    expect(run.interp.store.live).toBeLessThan(before + 10)
    expect(run.interp.trashLater).toEqual([])
    expect(run.interp.deallocs.sp).toBe(0)
    expect(verify(run)).toEqual([])
  })

  it('leaves cells (no trashcan in CPython) to a depth-first cascade however deep', () => {
    const run = createRun(
      scenario(`
heapscope: 1
name: deep cells
program:
  - gc: disable
  - let: head
    value: { new: cell, value: null }
  - repeat: 300000
    do:
      - let: head
        value: { new: cell, value: head }
`),
      { overrides: { preset: 'cpython-3.12' } },
    )
    stepRun(run, Number.POSITIVE_INFINITY)
    expect(run.interp.trashLater).toEqual([])
    expect(verify(run)).toEqual([])
  })
})

describe('finalizers inside deep cascades', () => {
  it.each(['cpython-3.11', 'cpython-3.13'] as const)('on %s: an object 100 deep whose __del__ resurrects it stays alive, deferred (3.11) or not (3.13)', (preset) => {
    const run = createRun(
      scenario(`
heapscope: 1
name: resurrection in a deep chain
classes:
  Link: { slots: [a_next] }
  Phoenix: { del: [{ keep: self }] }
program:
  - gc: disable
  - let: head
    new: Phoenix
  - repeat: 100
    do:
      - let: n
        new: Link
      - setattr: n
        attr: a_next
        value: head
      - let: head
        value: n
  - del: n
  - del: head
`),
      { overrides: { preset } },
    )
    const before = run.interp.store.live
    stepRun(run, Number.POSITIVE_INFINITY)
    const s = run.interp.store
    const keep = run.vm?.globals[0] as number
    const c = s.container[keep] as number
    expect(s.refLen[c]).toBe(1)
    expect(run.interp.typeNames[s.type[s.edges.data[s.refStart[c] as number] as number] as number]).toBe('Phoenix')
    expect(run.interp.counters.finalizersCalled).toBe(1)
    expect(s.live).toBeLessThan(before + 5)
    expect(verify(run)).toEqual([])
  })
})
