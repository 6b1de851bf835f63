import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { parseScenario } from './parse'

/** parseScenario's contract on any input: a result, never an exception, and errors when not ok. */
function assertWellBehaved(text: string): void {
  const result = parseScenario(text, 'fuzz.yaml')
  if (result.ok) return
  expect(result.errors.length).toBeGreaterThan(0)
  for (const error of result.errors) {
    expect(error.message).not.toMatch(/^internal error/)
    expect(error.file).toBe('fuzz.yaml')
    expect(error.line).toBeGreaterThanOrEqual(0)
  }
}

const WORDS = [
  'name', 'program', 'classes', 'globals', 'budgets', 'gc', 'start', 'sampling', 'let', 'value', 'new', 'int', 'list', 'tuple', 'items',
  'repeat', 'do', 'index', 'if', 'every', 'offset', 'then', 'else', 'choose', 'weight', 'call', 'args', 'params', 'return', 'into',
  'keep', 'phase', 'collect', 'set_threshold', 'thresholds', 'Obj', 'x', '_', 'None', 'weakref', 'to', 'of', 'digits', 'length'
]

/** Scenario-shaped values: mappings and lists of the language's own words and odd scalars. */
const scenarioish: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...WORDS),
    fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.string()),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...WORDS), tie('value'), { maxKeys: 4 })
  )
})).value

describe('parseScenario never throws', () => {
  it('on random text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), assertWellBehaved), { numRuns: 1500 })
  })

  it('on random unicode and binary-looking text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), assertWellBehaved), { numRuns: 500 })
  })

  it('on random JSON values', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => assertWellBehaved(JSON.stringify(value, null, 2))), { numRuns: 500 })
  })

  it('on random scenario-shaped documents, as YAML and as JSON', () => {
    fc.assert(
      fc.property(scenarioish, fc.constantFrom(...WORDS), (program, word) => {
        const document = { name: word, classes: { Obj: { init: ['x'] } }, program }
        assertWellBehaved(stringify(document))
        assertWellBehaved(JSON.stringify(document))
      }),
      { numRuns: 1500 }
    )
  })

  it('on random splices of YAML syntax', () => {
    const pieces = fc.constantFrom(...WORDS, ':', ': ', '- ', '\n', '\n  ', '\n    ', '[', ']', '{', '}', ', ', '"', "'", '#', '|', '>', '&a', '*a', '!t', '---', '\t', '<<: ', '? ', '%', '1e9', '-1')
    fc.assert(fc.property(fc.array(pieces, { maxLength: 60 }), (parts) => assertWellBehaved(parts.join(''))), { numRuns: 1500 })
  })

  it('on deeply nested documents', () => {
    assertWellBehaved(`name: t\nprogram: ${'['.repeat(5000)}${']'.repeat(5000)}\n`)
    assertWellBehaved(`name: t\nprogram: ${'[{ repeat: 1, do: '.repeat(300)}[]${' }]'.repeat(300)}\n`)
    let block = 'name: t\nprogram:\n'
    for (let depth = 1; depth < 300; depth++) block += `${'  '.repeat(depth)}- repeat: 1\n${'  '.repeat(depth)}  do:\n`
    assertWellBehaved(block + `${'  '.repeat(300)}- phase: deep\n`)
  })
})

describe('speed', () => {
  it('parses a 5,000-statement scenario in linear time (well under a second)', () => {
    const lines = ['name: big', 'classes:', '  Node: { init: [other] }', 'program:']
    for (let i = 0; i < 1000; i++) {
      lines.push(`  - let: a${i}`, '    new: Node', '    args: [null]')
      lines.push('  - repeat: 10', '    index: i', '    do:', `      - let: b${i}`, '        new: tuple', `        items: [a${i}, { new: int, digits: 2 }]`)
      lines.push('      - if: { every: 2 }', `        then: [{ keep: b${i} }]`)
      lines.push(`  - setattr: a${i}`, '    attr: other', `    value: a${i}`)
    }
    const text = `${lines.join('\n')}\n`
    // Best of several runs (the first ones include JIT warm-up), in CPU time: other processes
    // sharing the machine stretch wall time, not the work done.
    let best = Infinity
    for (let run = 0; run < 12 && best >= 50; run++) {
      const start = process.cpuUsage()
      const result = parseScenario(text, 'big.yaml')
      const used = process.cpuUsage(start)
      best = Math.min(best, (used.user + used.system) / 1000)
      expect(result.ok).toBe(true)
    }
    // About 30 ms on a quiet machine, 100 ms on a loaded one: the bound only catches parsing that
    // turned quadratic. Speed itself is measured by benchmarks, not by tests.
    expect(best, 'CPU milliseconds to parse 5,000 statements').toBeLessThan(1000)
  })
})
