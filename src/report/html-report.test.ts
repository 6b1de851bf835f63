import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseScenario, runScenario, type RunResult } from '../engine/index'
import { CHART_IDS } from '../shared/contract'
import { buildHtmlReport, CHART_INFO, escapeHtml, evaluateBudgets, summarizeGcLog, type ReportRun } from './index'

let text: string
let base: RunResult
let markSweep: RunResult

beforeAll(() => {
  const file = resolve(import.meta.dirname, '../../scenarios/reference/threshold_cycles.yaml')
  text = readFileSync(file, 'utf8')
  const parsed = parseScenario(text, file)
  if (!parsed.ok) throw new Error('scenario')
  base = runScenario(parsed.scenario)
  markSweep = runScenario(parsed.scenario, { overrides: { collector: 'mark-sweep' } })
}, 120_000)

describe('buildHtmlReport', () => {
  it('is one self-contained document with every chart family as inline SVG', () => {
    const html = buildHtmlReport([{ runId: 'a', name: 'base', result: base }], { theme: 'light', scenarioText: text, generatedAt: '2026-11-30T04:00:00Z' })
    expect(html.startsWith('<!doctype html>')).toBe(true)
    for (const id of CHART_IDS) {
      const section = html.slice(html.indexOf(`<section class="chart" id="chart-${id}">`))
      expect(section.length, id).toBeLessThan(html.length)
      expect(section.slice(0, 400)).toContain(CHART_INFO[id].title)
      expect(section).toMatch(/^<section[^>]*><h3>[^<]*<\/h3><figure><svg /)
    }
    expect(html.match(/<svg /g)?.length).toBe(CHART_IDS.length)
    // Nothing to fetch: no scripts, links, images or frames; url() only for in-document references.
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|href="(?!#)|url\((?!#)/i)
    // Several inline SVGs in one document: their element ids (clip paths) must not collide.
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1])
    expect(new Set(ids).size).toBe(ids.length)
    expect(html).toContain('CPython generational collector')
    expect(html).toContain('Reference: threshold cycles')
    expect(html).toContain('2026-11-30T04:00:00Z')
    expect(html).toContain('GC pause p99')
    expect(html).toContain('Longest pauses')
    expect(html).toContain('set_threshold')
  })

  it('shows evaluated budgets when given', () => {
    const budgets = evaluateBudgets(base.summary, [
      { metric: 'pause.max', op: '<', value: 1, text: 'pause.max < 1ns', loc: { line: 1, column: 1, path: 'budgets[0]' } },
      { metric: 'footprint.peak', op: '<', value: 2 ** 30, text: 'footprint.peak < 1GiB', loc: { line: 2, column: 1, path: 'budgets[1]' } },
    ])
    const html = buildHtmlReport([{ runId: 'a', name: 'base', result: base }], { theme: 'light', budgets })
    expect(html).toContain('<h2>Budgets</h2><p>1 passed, 1 failed.</p>')
    expect(html).toMatch(/<td class="fail">FAIL<\/td><td class="text">pause\.max &lt; 1ns<\/td>/)
    expect(html).toMatch(/<td class="pass">PASS<\/td><td class="text">footprint\.peak &lt; 1GiB<\/td>/)
    expect(buildHtmlReport([{ runId: 'a', name: 'base', result: base }], { theme: 'light' })).not.toContain('<h2>Budgets</h2>')
  })

  it('escapes user text (run and scenario names)', () => {
    const evil = '<script>alert("x")</script>'
    const renamed = { ...base, summary: { ...base.summary, scenario: `${evil} & co` } }
    const html = buildHtmlReport([{ runId: 'a', name: evil, result: renamed }], { theme: 'dark', scenarioText: `name: "${evil}"` })
    expect(html).not.toContain('<script')
    expect(html).toContain(escapeHtml(evil))
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co')
    expect(html).toContain('#100c2a')
  })

  it('compares runs with deltas and labels what-if collectors as not CPython', () => {
    const runs: ReportRun[] = [
      { runId: 'a', name: 'generational', result: base },
      { runId: 'b', name: 'mark-sweep', result: markSweep },
    ]
    const html = buildHtmlReport(runs, { theme: 'light' })
    expect(html).toContain('Comparing 2 runs')
    expect(html).toContain('Δ vs generational')
    expect(html).toContain('Mark-sweep (what-if, not CPython)')
    expect(html.match(/<h3>generational<\/h3>|<h3>mark-sweep<\/h3>/g)?.length).toBe(2)
    expect(html.match(/<svg /g)?.length).toBe(CHART_IDS.length)
  })
})

describe('summarizeGcLog', () => {
  it('counts per generation and lists the longest pauses, longest first', () => {
    const summary = summarizeGcLog(base, 10)
    expect(summary.generations.reduce((n, g) => n + g.collections, 0)).toBe(base.gcLog.count)
    expect(summary.generations.map((g) => g.collections)).toEqual([...base.summary.gc.collections])
    expect(summary.longest.length).toBe(Math.min(10, base.gcLog.count))
    const pauses = summary.longest.map((l) => l.pauseNs)
    expect([...pauses].sort((a, b) => b - a)).toEqual(pauses)
    expect(pauses[0]).toBe(base.summary.gc.pause_ns.max)
    const top = summary.longest[0]
    expect(top === undefined ? -1 : base.gcLog.ops[top.collection]).toBe(top?.ops)
  })
})
