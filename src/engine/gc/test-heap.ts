/**
 * Test support for the collector tests (used by gc/*.test.ts only): a run built from a small
 * scenario, random object graphs made through the runtime API (the same calls the VM makes), and
 * an independent reachability oracle.
 */
import { FLAG, RESERVED_INDICES, handleOf, isAlive } from '../objects/object-store'
import { OBJECT_TYPE } from '../objects/object-types'
import { newCell, newDict, newList, newSet } from '../runtime/allocate'
import { internString } from '../runtime/constants'
import { decref, incref } from '../runtime/dealloc'
import { dictSetItem } from '../runtime/dict-ops'
import { newInstance, setAttr } from '../runtime/instances'
import { listAppend } from '../runtime/list-ops'
import { newWeakref } from '../runtime/weakrefs'
import { createRun, type Run } from '../run'
import { parseScenario } from '../scenario/parse'
import { LIST } from './gc-list'

/**
 * @param yaml a scenario document
 * @returns a run positioned before its first operation (its VM exists, so roots do)
 */
export function scenarioRun(yaml: string): Run {
  const parsed = parseScenario(yaml, 'test.yaml')
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.line}:${e.column} ${e.message}`).join('\n'))
  const run = createRun(parsed.scenario)
  if (run.state === 'failed') throw new Error(run.error?.message ?? 'run failed')
  return run
}

/**
 * A run for random heaps: classes `Node` (with `__dict__`), `Pair` (slots a, b), `Fin` (with
 * `__del__`), nothing executed yet. Its `keep` list is the root the tests attach objects to.
 */
export function graphRun(preset: string, collector: string, baseline = 'empty'): Run {
  return scenarioRun(
    [
      'name: graph',
      `preset: ${preset}`,
      `collector: ${collector}`,
      `start: { baseline: ${baseline} }`,
      'classes:',
      '  Node: {}',
      '  Pair: { slots: [a, b] }',
      '  Fin: { del: true }',
      'program: []',
      '',
    ].join('\n'),
  )
}

/** Object kinds a random heap is made of. */
export const KINDS = ['list', 'dict', 'node', 'pair', 'cell', 'set', 'fin', 'weakref'] as const
export type Kind = (typeof KINDS)[number]

/** A random heap: objects, references between them (by position), and which the roots keep. */
export interface HeapSpec {
  readonly kinds: readonly Kind[]
  readonly edges: readonly (readonly [number, number])[]
  readonly roots: readonly number[]
}

/**
 * Builds the heap through the runtime API, attaches the roots to `keep`, then drops the
 * builder's own references (acyclic garbage dies at once by refcounting).
 * @returns handles (index + version) of every object created, by position
 */
export function buildHeap(run: Run, spec: HeapSpec): number[] {
  const interp = run.interp
  const s = interp.store
  const classByName = (name: string): NonNullable<(typeof interp.classes)[number]> => {
    const cls = interp.classes.find((c) => c.name === name)
    if (cls === undefined) throw new Error(`no class ${name}`)
    return cls
  }
  const objects: number[] = []
  for (let i = 0; i < spec.kinds.length; i++) {
    const kind = spec.kinds[i] as Kind
    let o: number
    switch (kind) {
      case 'list':
        o = newList(interp, 0)
        break
      case 'dict':
        o = newDict(interp)
        break
      case 'node':
        o = newInstance(interp, classByName('Node'))
        break
      case 'pair':
        o = newInstance(interp, classByName('Pair'))
        break
      case 'fin':
        o = newInstance(interp, classByName('Fin'))
        break
      case 'cell':
        o = newCell(interp, 0)
        break
      case 'set':
        o = newSet(interp)
        break
      case 'weakref': {
        // A weak reference to the nearest earlier weak-referenceable object (or a fresh set).
        let target = 0
        for (let j = i - 1; j >= 0 && target === 0; j--) if (['node', 'fin', 'set'].includes(spec.kinds[j] as string)) target = objects[j] as number
        if (target === 0) {
          const fresh = newSet(interp)
          o = newWeakref(interp, fresh, i % 2 === 0)
          decref(interp, fresh)
        } else o = newWeakref(interp, target, i % 2 === 0)
        break
      }
    }
    objects.push(o)
  }
  spec.edges.forEach(([from, to], k) => {
    const src = objects[from] as number
    const dst = objects[to] as number
    const kind = spec.kinds[from] as Kind
    incref(interp, dst)
    switch (kind) {
      case 'list':
        listAppend(interp, src, dst)
        return
      case 'dict':
        dictSetItem(interp, src, internString(interp.constants, `k${k % 7}`), dst)
        return
      case 'node':
      case 'fin':
        setAttr(interp, src, classByName(kind === 'node' ? 'Node' : 'Fin'), internString(interp.constants, `a${k % 5}`), dst)
        return
      case 'pair':
        setAttr(interp, src, classByName('Pair'), internString(interp.constants, k % 2 === 0 ? 'a' : 'b'), dst)
        return
      case 'cell': {
        const at = s.refStart[s.container[src] as number] as number
        const old = s.edges.data[at] as number
        s.edges.data[at] = dst
        decref(interp, old)
        return
      }
      default:
        // Sets hold hashable items only and weakrefs hold no strong reference: no edge.
        decref(interp, dst)
    }
  })
  const keep = run.vm?.globals[0] as number
  for (const r of spec.roots) {
    const o = objects[r] as number
    incref(interp, o)
    listAppend(interp, keep, o)
  }
  const handles = objects.map((o) => handleOf(s, o))
  for (const o of objects) decref(interp, o)
  return handles
}

/**
 * Independent oracle: marks everything reachable from the VM's roots, the probe harness,
 * `gc.garbage`, the permanent generation and the starting heap's long-lived objects.
 * @returns 1 per reachable object index
 */
export function reachable(run: Run): Uint8Array {
  const interp = run.interp
  const s = interp.store
  const seen = new Uint8Array(s.top + 1)
  const work: number[] = []
  const add = (o: number): void => {
    if (o > 0 && seen[o] === 0) {
      seen[o] = 1
      work.push(o)
    }
  }
  const vm = run.vm
  if (vm !== null) {
    for (let i = 0; i < vm.localsTop; i++) add(vm.locals[i] as number)
    for (let i = 0; i < vm.sp; i++) add(vm.stack[i] as number)
    for (let i = 0; i < vm.loopTop; i++) add(vm.loopIterator[i] as number)
    for (const g of vm.globals) add(g)
  }
  for (const h of run.harness) add(h)
  for (const g of interp.gc.garbage) add(g)
  for (let x = s.gcNext[LIST.PERMANENT] as number; x !== LIST.PERMANENT; x = s.gcNext[x] as number) add(x)
  for (let o = RESERVED_INDICES; o <= s.top; o++) {
    if (((s.flags[o] as number) & FLAG.ALIVE) === 0) continue
    const t = s.type[o] as number
    if (t === OBJECT_TYPE.INTERPRETER || t === OBJECT_TYPE.CLASS) add(o)
  }
  while (work.length > 0) {
    const o = work.pop() as number
    const start = s.refStart[s.container[o] as number] as number
    for (let i = 0; i < (s.refLen[s.container[o] as number] as number); i++) add(s.edges.data[start + i] as number)
  }
  return seen
}

/** @returns whether the object a handle names is still alive */
export function alive(run: Run, handle: number): boolean {
  return isAlive(run.interp.store, handle)
}

/** @returns the object index of a handle */
export function indexOf(handle: number): number {
  return handle % 4294967296
}

/** @returns live weakrefs that still point at a dead object (must be none) */
export function danglingWeakrefs(run: Run): number[] {
  const interp = run.interp
  const out: number[] = []
  for (const [wr, target] of interp.weakrefTarget) {
    if (((interp.store.flags[target] as number) & FLAG.ALIVE) === 0) out.push(wr)
  }
  return out
}
