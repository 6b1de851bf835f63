import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseScenario, runScenario, type RunOverrides, type RunResult } from '../engine/index'
import { compareKpis, computeKpis, formatBytes, formatNs, type Kpi, type ReportRun } from './index'
import { formatCount, formatPercent } from './format'

function runReference(name: string, overrides: RunOverrides = {}): RunResult {
  const file = resolve(import.meta.dirname, '../../scenarios/reference', `${name}.yaml`)
  const parsed = parseScenario(readFileSync(file, 'utf8'), file)
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '))
  return runScenario(parsed.scenario, { overrides })
}

const byId = (kpis: readonly Kpi[]): Map<string, Kpi> => new Map(kpis.map((k) => [k.id, k]))

let base: RunResult
let raised: RunResult

beforeAll(() => {
  base = runReference('threshold_cycles')
  raised = runReference('threshold_cycles', { gcEnabled: false })
}, 120_000)

describe('formatting', () => {
  it('formats durations, sizes, counts and percentages with units', () => {
    expect(formatNs(0)).toBe('0 ns')
    expect(formatNs(850)).toBe('850 ns')
    expect(formatNs(12_500)).toBe('12.5 µs')
    expect(formatNs(1_250_000)).toBe('1.25 ms')
    expect(formatNs(3.2e9)).toBe('3.2 s')
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(16384)).toBe('16 KiB')
    expect(formatBytes(1.5 * 1024 * 1024)).toBe('1.5 MiB')
    expect(formatCount(1234567)).toBe('1,234,567')
    expect(formatCount(-1234.5)).toBe('-1,234.5')
    expect(formatPercent(12.345)).toBe('12.3 %')
  })
})

describe('computeKpis', () => {
  it('reads the summary of a finished run', () => {
    const kpis = byId(computeKpis(base))
    const s = base.summary
    expect(kpis.get('pause.p99')?.value).toBe(s.gc.pause_ns.p99)
    expect(kpis.get('pause.p99')?.text).toBe(formatNs(s.gc.pause_ns.p99))
    expect(kpis.get('gc.overhead_pct')?.value).toBe(s.gc.overhead_pct)
    expect(kpis.get('arenas.peak')?.value).toBe(s.allocator.end.arenas.highwater)
    expect(kpis.get('footprint.peak')?.unit).toBe('bytes')
    expect(kpis.get('collections.total')?.value).toBe(s.gc.collections[0] + s.gc.collections[1] + s.gc.collections[2])
    expect(kpis.get('collections.total')?.value).toBeGreaterThan(10)
  })

  it('derives the same GC numbers live, from the GC log and samples, as the summary says', () => {
    const { summary, ...live } = base
    const finished = byId(computeKpis(base))
    const derived = byId(computeKpis(live))
    for (const id of ['pause.p50', 'pause.p95', 'pause.p99', 'pause.max', 'collections.gen0', 'collections.gen1', 'collections.gen2', 'collected.total', 'uncollectable']) {
      expect(derived.get(id)?.value, id).toBe(finished.get(id)?.value)
    }
    expect(derived.get('pause.total')?.value).toBeCloseTo(summary.gc.pause_ns.total, 0)
    expect(derived.get('gc.overhead_pct')?.value).toBeCloseTo(summary.gc.overhead_pct, 0)
    expect(derived.get('footprint.peak')?.value).toBeLessThanOrEqual(summary.allocator.peak_footprint_bytes)
    expect(derived.get('footprint.peak')?.value).toBeGreaterThan(0)
  })

  it('grows with a live run (prefix of the GC log)', () => {
    const { summary: _summary, ...live } = base
    const half = Math.floor(base.gcLog.count / 2)
    const partial = { ...live, gcLog: { ...live.gcLog, count: half } }
    expect(byId(computeKpis(partial)).get('collections.total')?.value).toBe(half)
  })
})

describe('compareKpis', () => {
  it('gives deltas against the first run and the best run per KPI', () => {
    const runs: ReportRun[] = [
      { runId: 'a', name: 'default', result: base },
      { runId: 'b', name: 'gc disabled', result: raised },
    ]
    const rows = new Map(compareKpis(runs).map((r) => [r.id, r]))
    const collections = rows.get('collections.total')
    expect(collections?.values.map((v) => v.value)).toEqual([computeKpis(base).find((k) => k.id === 'collections.total')?.value, computeKpis(raised).find((k) => k.id === 'collections.total')?.value])
    const gen0 = rows.get('collections.gen0')
    const [a = 0, b = 0] = gen0?.values.map((v) => v.value) ?? []
    expect(b).toBeLessThan(a)
    expect(gen0?.deltas[0]).toEqual({ abs: 0, pct: 0, text: '±0' })
    expect(gen0?.deltas[1]?.abs).toBe(b - a)
    expect(gen0?.deltas[1]?.pct).toBeCloseTo(((b - a) / a) * 100, 9)
    expect(gen0?.deltas[1]?.text).toMatch(/^−[\d,]+ \(−\d+\.\d %\)$/)
    expect(gen0?.best).toBe(-1) // 'none': neither direction is better
    const overhead = rows.get('gc.overhead_pct')
    expect(overhead?.deltas[1]?.text).toMatch(/^−[\d.]+ pp \(−100\.0 %\)$/)
    expect(overhead?.best).toBe(1)
    const total = rows.get('pause.total')
    const totals = total?.values.map((v) => v.value) ?? []
    expect(total?.best).toBe(totals[0] === totals[1] ? -1 : (totals[1] ?? 0) < (totals[0] ?? 0) ? 1 : 0)
  })
})
