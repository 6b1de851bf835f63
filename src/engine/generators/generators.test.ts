/**
 * Workload generators: every expansion is a valid scenario (the parser's own declaration and
 * program checks pass on it), runs in the simulator and emits Python; expansions are
 * deterministic per seed, stay the same size whatever the repeat counts, and impossible
 * parameters are rejected with a message naming the parameter and its range.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { emitPython } from '../emit/python'
import { createRun, finishRun, runScenario, stepRun } from '../run'
import type { GeneratorValue, Scenario, SourceLocation, Statement } from '../scenario/ast'
import { checkDeclarations } from '../scenario/check-declarations'
import { checkProgram } from '../scenario/check-program'
import { parseScenario } from '../scenario/parse'
import type { ScenarioError } from '../types'
import { expandGenerators } from './expand'
import { resolveParams } from './generator'
import { GENERATORS } from './registry'

/** Small parameters per generator, so each test run takes milliseconds. */
const SMALL: Record<string, Record<string, GeneratorValue>> = {
  'web-requests': { requests: 300 },
  'lru-cache': { capacity: 50, requests: 400 },
  'doubly-linked-list': { lists: 10, length: 40, keep_every: 3 },
  'tree-with-parents': { trees: 5, fanout: 3, depth: 3, keep_every: 2 },
  'random-graph': { graphs: 3, vertices: 100, keep_every: 2 },
  finalizers: { objects: 500, resurrect_fraction: 0.1 },
  'numeric-loop': { iterations: 2_000, window: 300 },
  'string-building': { strings: 100, keep_every: 10 },
  'list-append-growth': { lists: 10, appends: 200, keep_every: 3 },
  fragmentation: { objects: 3_000, second_objects: 1_000 },
  'large-object-churn': { steps: 300, live: 20 },
  'startup-then-steady': { modules: 10, objects_per_module: 10, requests: 300 },
}

function scenarioWith(id: string, params: Record<string, GeneratorValue>, seed = 1): Scenario {
  const lines = Object.entries(params).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`)
  const text = [`name: ${id}`, `seed: ${seed}`, 'program:', `  - generate: ${id}`, ...lines, ''].join('\n')
  const parsed = parseScenario(text, `${id}.yaml`)
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.field}: ${e.message}`).join('; '))
  return parsed.scenario
}

function parseErrors(id: string, params: Record<string, GeneratorValue>): readonly ScenarioError[] {
  const lines = Object.entries(params).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`)
  const parsed = parseScenario([`name: ${id}`, 'seed: 1', 'program:', `  - generate: ${id}`, ...lines, ''].join('\n'), `${id}.yaml`)
  expect(parsed.ok).toBe(false)
  return parsed.ok ? [] : parsed.errors
}

function expand(scenario: Scenario): Scenario {
  const expanded = expandGenerators(scenario)
  if (!expanded.ok) throw new Error(expanded.errors.map((e) => `${e.field}: ${e.message}`).join('; '))
  return expanded.scenario
}

/** Problems the parser's semantic checks find in an expanded scenario. */
function problems(scenario: Scenario): string[] {
  const found: string[] = []
  const report = (loc: SourceLocation, message: string, warning?: boolean): void => {
    if (warning !== true) found.push(`${loc.path}: ${message}`)
  }
  const module = checkDeclarations(scenario, report)
  checkProgram(scenario.program, scenario.classes, module, report)
  return found
}

function countStatements(body: readonly Statement[]): number {
  let n = 0
  for (const s of body) {
    n++
    if (s.kind === 'repeat' || s.kind === 'call') n += countStatements(s.body)
    else if (s.kind === 'if') n += countStatements(s.then) + countStatements(s.otherwise)
    else if (s.kind === 'choose') for (const o of s.options) n += countStatements(o.body)
  }
  return n
}

/** The largest integer parameter that is a repeat count (a `max` of at least 10⁶). */
function countParams(id: string): string[] {
  const def = GENERATORS.find((g) => g.id === id)!
  return def.params.filter((p) => p.kind === 'integer' && (p.max ?? 0) >= 1_000_000 && !/bytes|length|window|every|^k$/.test(p.name)).map((p) => p.name)
}

describe('generator registry', () => {
  it('has at least the generators the library needs, each id once', () => {
    const ids = GENERATORS.map((g) => g.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of Object.keys(SMALL)) expect(ids).toContain(id)
    expect(ids.length).toBe(Object.keys(SMALL).length)
  })

  it.each(GENERATORS.map((g) => [g.id, g] as const))('%s documents every parameter with a valid default', (_id, def) => {
    for (const p of def.params) {
      expect(p.description.length).toBeGreaterThan(5)
      if (p.kind === 'integer' || p.kind === 'number') {
        expect(p.min, p.name).toBeDefined()
        expect(p.max, p.name).toBeDefined()
      }
      if (p.kind === 'enum') expect(p.values?.length).toBeGreaterThan(1)
    }
    expect(resolveParams(def, {}).ok).toBe(true)
  })
})

describe.each(Object.keys(SMALL))('generator %s', (id) => {
  const small = SMALL[id]!

  it('expands into a valid scenario that runs and emits Python', () => {
    const scenario = expand(scenarioWith(id, small))
    expect(problems(scenario)).toEqual([])
    const run = createRun(scenarioWith(id, small), { recordChoices: true })
    for (let s = stepRun(run, 1e12); s.state !== 'done'; s = stepRun(run, 1e12)) expect(s.state).not.toBe('failed')
    expect(finishRun(run).summary.objects.allocated).toBeGreaterThan(0)
    const python = emitPython(scenarioWith(id, small), run.vm?.choiceLog ?? [])
    expect(python).toContain('def run():')
  })

  it('is deterministic: the same seed gives the same expansion and run, the defaults too', () => {
    expect(JSON.stringify(expand(scenarioWith(id, small, 9)))).toBe(JSON.stringify(expand(scenarioWith(id, small, 9))))
    expect(JSON.stringify(expand(scenarioWith(id, {}, 4)))).toBe(JSON.stringify(expand(scenarioWith(id, {}, 4))))
    const a = runScenario(scenarioWith(id, small, 9)).summary
    const b = runScenario(scenarioWith(id, small, 9)).summary
    expect(b.gc).toEqual(a.gc)
    expect(b.objects).toEqual(a.objects)
  })

  it('stays streamed: the expansion does not grow with the repeat counts', () => {
    const counts = countParams(id)
    expect(counts.length).toBeGreaterThan(0)
    const big: Record<string, GeneratorValue> = { ...small }
    const def = GENERATORS.find((g) => g.id === id)!
    for (const name of counts) big[name] = Math.min(10_000_000, def.params.find((p) => p.name === name)!.max!)
    const sizeSmall = countStatements(expand(scenarioWith(id, small)).program)
    const sizeBig = countStatements(expand(scenarioWith(id, big)).program)
    expect(sizeBig).toBe(sizeSmall)
    expect(JSON.stringify(expand(scenarioWith(id, big))).length).toBeLessThan(200_000)
  })

  it('rejects impossible values naming the parameter and the allowed range', () => {
    const def = GENERATORS.find((g) => g.id === id)!
    const numeric = def.params.find((p) => p.kind === 'integer' || p.kind === 'number')!
    const low = parseErrors(id, { [numeric.name]: numeric.min! - 1 })
    expect(low[0]).toMatchObject({ file: `${id}.yaml`, line: 5, field: `program[0].${numeric.name}` })
    expect(low[0]!.message).toContain(`got ${numeric.min! - 1}`)
    const high = parseErrors(id, { [numeric.name]: numeric.max! + 1 })
    expect(high[0]!.message).toContain(`got ${numeric.max! + 1}`)
    expect(high[0]!.message).toContain(`at most ${numeric.max}`)
    // The expansion checks on its own too (scenarios built in code skip the parser).
    const direct = expandGenerators({ ...scenarioWith(id, {}), program: [{ kind: 'generate', generator: id, params: { [numeric.name]: numeric.max! + 1 }, loc: { line: 3, column: 5, path: 'program[0]' } }] })
    expect(direct.ok).toBe(false)
    if (!direct.ok) expect(direct.errors[0]!.message).toContain(`between ${numeric.min} and ${numeric.max}`)
    expect(parseErrors(id, { no_such_parameter: 1 })[0]!.field).toBe('program[0].no_such_parameter')
  })
})

describe('streamed execution', () => {
  it.each([
    ['numeric-loop', 'iterations', { window: 500 }],
    ['lru-cache', 'requests', { capacity: 100 }],
    ['large-object-churn', 'steps', { live: 20 }],
    ['web-requests', 'requests', { cycle_probability: 0 }],
  ] as const)('%s: peak live objects do not grow with %s', (id, count, rest) => {
    const peak = (n: number): number => runScenario(scenarioWith(id, { ...rest, [count]: n })).summary.objects.peak_live
    const small = peak(2_000)
    const large = peak(20_000)
    expect(large).toBeLessThan(small * 1.1 + 50)
  })
})

describe('expansion-time randomness', () => {
  it('follows the seed for generators that draw at expansion time', () => {
    for (const id of ['lru-cache', 'large-object-churn']) {
      const one = JSON.stringify(expand(scenarioWith(id, SMALL[id]!, 1)).program)
      const two = JSON.stringify(expand(scenarioWith(id, SMALL[id]!, 2)).program)
      expect(one, id).not.toBe(two)
    }
  })

  it('wrong kinds are rejected with the expected type', () => {
    expect(parseErrors('fragmentation', { free_pattern: 'sometimes' })[0]!.message).toContain('free-every-k, keep-every-k, random')
    expect(parseErrors('startup-then-steady', { freeze: 3 })[0]!.field).toBe('program[0].freeze')
  })
})

describe('docs/generators.md', () => {
  it('documents every generator and every parameter', () => {
    const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'generators.md'), 'utf8')
    for (const g of GENERATORS) {
      expect(doc, g.id).toContain(`### \`${g.id}\``)
      for (const p of g.params) expect(doc, `${g.id}.${p.name}`).toContain(`| \`${p.name}\` |`)
    }
  })
})
