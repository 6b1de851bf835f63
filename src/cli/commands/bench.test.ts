import { describe, expect, it } from 'vitest'
import { parseScenario, type Scenario } from '@engine'
import { geometricMean, timeSimulation } from './bench'

function scenario(program: string): Scenario {
  const parsed = parseScenario(`heapscope: 1\nname: t\npreset: cpython-3.13\nclasses:\n  Node: { slots: [other] }\nprogram:\n${program}`, 't.yaml')
  if (!parsed.ok) throw new Error(parsed.errors[0]?.message)
  return parsed.scenario
}

describe('bench', () => {
  it('times the simulation and the part of it spent in collections', () => {
    const cycles = scenario(
      ['  - gc: set_threshold', '    thresholds: [100, 10, 10]', '  - repeat: 20000', '    do:', '      - let: a', '        new: Node', '      - setattr: a', '        attr: other', '        value: a'].join('\n') + '\n',
    )
    const timed = timeSimulation(cycles, 'cpython-3.13', 2)
    expect(timed.gcMs).toBeGreaterThan(0)
    expect(timed.gcMs).toBeLessThan(timed.ms)
    expect(timed.collections).toBeGreaterThan(0)
    const floats = scenario(['  - repeat: 20000', '    do:', '      - let: x', '        new: float'].join('\n') + '\n')
    expect(timeSimulation(floats, 'cpython-3.13', 1)).toMatchObject({ gcMs: 0, collections: 0 })
  })

  it('averages ratios geometrically', () => {
    expect(geometricMean([0.5, 2])).toBeCloseTo(1)
    expect(geometricMean([])).toBeNaN()
  })
})
