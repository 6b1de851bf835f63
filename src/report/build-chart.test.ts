import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseScenario, runScenario, type RunResult } from '../engine/index'
import { CHART_IDS } from '../shared/contract'
import { buildChartOption, CHART_INFO, renderChartSvg, type ReportRun } from './index'

function runReference(name: string, overrides = {}): RunResult {
  const file = resolve(import.meta.dirname, '../../scenarios/reference', `${name}.yaml`)
  const parsed = parseScenario(readFileSync(file, 'utf8'), file)
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '))
  return runScenario(parsed.scenario, { overrides })
}

let one: ReportRun
let two: ReportRun

beforeAll(() => {
  const t = performance.now()
  one = { runId: 'a', name: '3.11', result: runReference('threshold_cycles') }
  two = { runId: 'b', name: '3.13', result: runReference('threshold_cycles', { preset: 'cpython-3.13' }) }
  console.log('runs', performance.now() - t, one.result.samples.count, one.result.gcLog.count, one.result.arenaMaps.length)
})

describe('buildChartOption', () => {
  it('has info for every chart', () => {
    for (const id of CHART_IDS) expect(CHART_INFO[id].title.length).toBeGreaterThan(0)
  })
  for (const id of CHART_IDS) {
    it(`${id}: builds for one and two runs and renders SVG`, () => {
      const single = buildChartOption(id, [one], { theme: 'light' })
      expect(single.series).toBeDefined()
      const overlay = buildChartOption(id, [one, two], { theme: 'dark' })
      expect((overlay.series as unknown[]).length).toBeGreaterThan(0)
      const t = performance.now()
      const svg = renderChartSvg(id, [one, two], { theme: 'dark' })
      console.log(id, svg.length, performance.now() - t)
      expect(svg.startsWith('<svg')).toBe(true)
    })
  }
})
