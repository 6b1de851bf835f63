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
