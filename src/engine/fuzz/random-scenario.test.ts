/**
 * The random programs behind `heapscope fuzz` are valid scenarios that run to their end without
 * a Python error, on every preset, and keep every engine invariant along the way: a program the
 * fuzzer reports as a disagreement with CPython is then a modelling question, never a bad input.
 */
import { describe, expect, it } from 'vitest'
import { createRun, stepRun } from '../run'
import { parseScenario } from '../scenario/parse'
import { verify } from '../verify'
import { randomScenario } from './random-scenario'

const SEEDS = Array.from({ length: 20 }, (_, i) => i * 7919 + 1)

describe('randomScenario', () => {
  it('is deterministic', () => {
    expect(randomScenario(42)).toEqual(randomScenario(42))
    expect(randomScenario(42)).not.toEqual(randomScenario(43))
  })

  it('draws the rarer constructs too: instance-keyed dict items, list item stores, tuples past 14 items', () => {
    const text = SEEDS.map((seed) => JSON.stringify(randomScenario(seed))).join('\n')
    expect(text).toMatch(/"setitem":"d1","key":\{"name":"o[0-2]"\}/)
    expect(text).toMatch(/"delitem":"d1","key":\{"name":"o[0-2]"\}/)
    expect(text).toMatch(/"setitem":"l[01]","key":-?[01],/)
    const longTuple = SEEDS.some((seed) => JSON.stringify(randomScenario(seed), (key, value: unknown) => (key === 'items' && Array.isArray(value) && value.length > 14 ? 'LONG' : value)).includes('"tuple","items":"LONG"'))
    expect(longTuple).toBe(true)
  })

  it.each(['cpython-3.11', 'cpython-3.12', 'cpython-3.13'] as const)('gives programs that parse, run to the end and keep every invariant (%s)', (preset) => {
    for (const seed of SEEDS) {
      const parsed = parseScenario(JSON.stringify(randomScenario(seed)), `fuzz-${seed}.json`)
      if (!parsed.ok) throw new Error(`seed ${seed}: ${parsed.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`)
      const run = createRun(parsed.scenario, { overrides: { preset } })
      let step = stepRun(run, 5000)
      while (step.state !== 'done' && step.state !== 'failed') {
        expect(verify(run), `seed ${seed}`).toEqual([])
        step = stepRun(run, 5000)
      }
      expect(run.error?.message ?? null, `seed ${seed}`).toBeNull()
      expect(step.state, `seed ${seed}`).toBe('done')
    }
  })
})
