import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseBudget, parseScenario, runScenario, type Budget, type RunSummary } from '../engine/index'
import { evaluateBudgets, formatBudgetTable } from './index'

let summary: RunSummary

beforeAll(() => {
  const file = resolve(import.meta.dirname, '../../scenarios/reference/threshold_cycles.yaml')
  const parsed = parseScenario(readFileSync(file, 'utf8'), file)
  if (!parsed.ok) throw new Error('scenario')
  summary = runScenario(parsed.scenario).summary
}, 120_000)

function budget(text: string): Budget {
  const parsed = parseBudget(text)
  if (!parsed.ok) throw new Error(parsed.message)
  return { ...parsed.budget, loc: { line: 1, column: 1, path: 'budgets[0]' } }
}

describe('evaluateBudgets', () => {
  it('passes and fails pause budgets as written, with unit conversion', () => {
    const p99 = summary.gc.pause_ns.p99
    expect(p99).toBeGreaterThan(0)
    const [loose, tight, micro, written] = evaluateBudgets(summary, [
      budget(`pause.p99 < ${(p99 * 2) / 1e6}ms`),
      budget(`pause.p99 < ${p99 / 2 / 1e3}us`),
      budget(`pause.p99 <= ${p99}ns`),
      budget('pause.p99<2ms'),
    ])
    expect(loose?.pass).toBe(true)
    expect(tight?.pass).toBe(false)
    expect(micro?.pass).toBe(true)
    expect(written?.pass).toBe(p99 < 2e6)
    expect(written?.text).toBe('pause.p99<2ms')
    expect(written?.actual).toBe(p99)
    expect(written?.actualText).toMatch(/ (ns|µs|ms)$/)
  })

  it('checks arenas, footprint, collections and overhead', () => {
    const arenas = summary.allocator.end.arenas.highwater
    const outcomes = evaluateBudgets(summary, [
      budget('arenas.peak<=64'),
      budget(`arenas.peak < ${arenas}`),
      budget(`arenas.peak == ${arenas}`),
      budget('footprint.peak < 1GiB'),
      budget('footprint.peak < 1KiB'),
      budget(`collections.gen0 >= ${summary.gc.collections[0]}`),
      budget('uncollectable == 0'),
      budget('gc.overhead_pct < 100%'),
    ])
    expect(outcomes.map((o) => o.pass)).toEqual([arenas <= 64, false, true, true, false, true, summary.gc.uncollectable === 0, summary.gc.overhead_pct < 100])
    expect(outcomes[3]?.actualText).toMatch(/MiB$/)
  })

  it('fails an unknown metric with the list of known ones', () => {
    const [outcome] = evaluateBudgets(summary, [{ metric: 'pause.p42', op: '<', value: 1, text: 'pause.p42 < 1ns', loc: { line: 3, column: 5, path: 'budgets[0]' } }])
    expect(outcome?.pass).toBe(false)
    expect(outcome?.actualText).toMatch(/unknown metric "pause.p42".*pause\.p99/)
  })

  it('formats a plain-text table with a count line', () => {
    const table = formatBudgetTable(evaluateBudgets(summary, [budget('pause.max < 1ns'), budget('footprint.peak < 1GiB')]))
    const lines = table.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^status\s+budget\s+actual$/)
    expect(lines[2]).toMatch(/^FAIL\s+pause\.max < 1ns\s+\S+/)
    expect(lines[3]).toMatch(/^PASS\s+footprint\.peak < 1GiB\s+\S+ MiB$/)
    expect(lines.at(-1)).toBe('1 passed, 1 failed')
    expect(formatBudgetTable([])).toBe('no budgets\n')
  })
})
