import { describe, expect, it } from 'vitest'
import { getPreset } from '../runtime/presets'
import type { CollectionRecord } from '../runtime/interp'
import { stepRun } from '../run'
import { verify } from '../verify'
import { COLLECTOR_LABELS, selectCollector } from './collector'
import { scenarioRun } from './test-heap'

/** A run making one two-object garbage cycle per loop iteration. */
function cycles(preset: string, collector: string, iterations: number): ReturnType<typeof scenarioRun> {
  return scenarioRun(
    [
      'name: cycles',
      `preset: ${preset}`,
      `collector: ${collector}`,
      'start: { baseline: probe }',
      'classes:',
      '  Node: { slots: [other] }',
      'program:',
      `  - repeat: ${iterations}`,
      '    do:',
      '      - { let: a, new: Node }',
      '      - { let: b, new: Node }',
      '      - { setattr: a, attr: other, value: b }',
      '      - { setattr: b, attr: other, value: a }',
      '',
    ].join('\n'),
  )
}

function firstCollection(run: ReturnType<typeof scenarioRun>): CollectionRecord {
  const records: CollectionRecord[] = []
  const log = run.interp.onCollection
  run.interp.onCollection = (interp, record) => {
    records.push(record)
    log(interp, record)
  }
  stepRun(run, Number.MAX_SAFE_INTEGER, 'collection')
  const first = records[0]
  if (first === undefined) throw new Error('no collection')
  return first
}

describe('collector dispatch', () => {
  it("uses the preset's collector unless the scenario names a what-if", () => {
    expect(selectCollector(getPreset('cpython-3.11'), 'cpython')).toBe('generational')
    expect(selectCollector(getPreset('cpython-3.13'), 'cpython')).toBe('generational')
    expect(selectCollector(getPreset('cpython-3.14'), 'cpython')).toBe('incremental')
    expect(selectCollector(getPreset('cpython-3.14'), 'mark-sweep')).toBe('mark-sweep')
    expect(selectCollector(getPreset('cpython-3.11'), 'mark-compact')).toBe('mark-compact')
  })

  it('labels the what-if collectors as not CPython', () => {
    expect(COLLECTOR_LABELS['mark-sweep']).toMatch(/not CPython/)
    expect(COLLECTOR_LABELS['mark-compact']).toMatch(/not CPython/)
    expect(COLLECTOR_LABELS.incremental).toMatch(/3\.14\.0–3\.14\.4/)
  })

  it('3.11 generational: collects inside the allocation that makes count0 701', () => {
    const run = cycles('cpython-3.11', 'cpython', 1000)
    expect(run.interp.gc.collectInAllocation).toBe(true)
    const first = firstCollection(run)
    expect(first.countsBefore[0]).toBe(701)
    expect(first.generation).toBe(0)
    expect(verify(run)).toEqual([])
  })

  it('3.12/3.13 generational: schedules for the eval breaker', () => {
    for (const preset of ['cpython-3.12', 'cpython-3.13']) {
      const run = cycles(preset, 'cpython', 2000)
      expect(run.interp.gc.collectInAllocation).toBe(false)
      const first = firstCollection(run)
      expect(first.generation).toBe(0)
      expect(first.countsBefore[0]).toBeGreaterThan(run.interp.gc.thresholds[0] as number)
    }
  })

  it.each(['cpython-3.11', 'cpython-3.12', 'cpython-3.13'])('%s: gc callbacks get their arguments on the C stack, no tuple; count0 after gc.collect(2) is 1 (the info dict)', (preset) => {
    // Measured on 3.11.7, 3.12.1 and 3.13.0 with one, two and three callbacks registered: a full
    // collection empties the free lists, so only what is counted shows: the stop callbacks' info dict.
    for (const callbacks of [1, 2, 3]) {
      const run = scenarioRun([`name: callbacks`, `preset: ${preset}`, `gc: { callbacks: ${callbacks}, enabled: false }`, 'program:', '  - gc: collect', '    generation: 2', ''].join('\n'))
      stepRun(run, Number.MAX_SAFE_INTEGER)
      expect(run.state).toBe('done')
      expect(run.interp.gc.counts[0], `${callbacks} callbacks`).toBe(1)
    }
  })

  it('what-if collectors run at the next eval-breaker check whatever the preset', () => {
    for (const collector of ['mark-sweep', 'mark-compact']) {
      const run = cycles('cpython-3.11', collector, 1000)
      expect(run.interp.collector.kind).toBe(collector)
      const first = firstCollection(run)
      expect(first.generation).toBe(2)
      expect(first.countsBefore[0]).toBeGreaterThan(700)
      expect(first.countsBefore[0]).toBeLessThanOrEqual(702)
      expect(first.collected).toBeGreaterThan(0)
      expect(verify(run)).toEqual([])
    }
  })
})
