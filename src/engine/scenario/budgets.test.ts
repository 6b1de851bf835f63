import { describe, expect, it } from 'vitest'
import { BUDGET_METRICS, budgetPattern, parseBudget } from './budgets'

describe('parseBudget', () => {
  it('converts pause budgets to nanoseconds', () => {
    expect(parseBudget('pause.p99 < 2ms')).toEqual({ ok: true, budget: { metric: 'pause.p99', op: '<', value: 2_000_000, text: 'pause.p99 < 2ms' } })
    expect(parseBudget('pause.max<=500us')).toMatchObject({ budget: { op: '<=', value: 500_000 } })
    expect(parseBudget('pause.total >= 1.5s')).toMatchObject({ budget: { op: '>=', value: 1_500_000_000 } })
    expect(parseBudget('pause.p50 == 250ns')).toMatchObject({ budget: { value: 250 } })
    expect(parseBudget('pause.p95 > 3µs')).toMatchObject({ budget: { value: 3000 } })
  })

  it('converts footprint budgets to bytes (kB/MB/GB are powers of 1000, KiB/MiB/GiB of 1024)', () => {
    expect(parseBudget('footprint.peak < 64')).toMatchObject({ budget: { value: 64 } })
    expect(parseBudget('footprint.peak < 64B')).toMatchObject({ budget: { value: 64 } })
    expect(parseBudget('footprint.peak < 10MB')).toMatchObject({ budget: { value: 10_000_000 } })
    expect(parseBudget('footprint.peak < 10MiB')).toMatchObject({ budget: { value: 10_485_760 } })
    expect(parseBudget('footprint.peak < 2 KiB')).toMatchObject({ budget: { value: 2048 } })
    expect(parseBudget('footprint.peak < 1GB')).toMatchObject({ budget: { value: 1e9 } })
  })

  it('reads counts and percentages as plain numbers', () => {
    expect(parseBudget('arenas.peak <= 40')).toMatchObject({ budget: { metric: 'arenas.peak', value: 40 } })
    expect(parseBudget('collections.gen2 == 0')).toMatchObject({ budget: { value: 0 } })
    expect(parseBudget('gc.overhead_pct < 5%')).toMatchObject({ budget: { value: 5 } })
    expect(parseBudget('gc.overhead_pct < 2.5')).toMatchObject({ budget: { value: 2.5 } })
    expect(parseBudget('  uncollectable == 0  ')).toMatchObject({ budget: { text: 'uncollectable == 0' } })
  })

  it('explains what is wrong', () => {
    expect(parseBudget('pause.p99')).toEqual({ ok: false, message: '"pause.p99" is not a budget; write <metric> <op> <value>[unit], e.g. "pause.p99 < 2ms" (op: <, <=, >, >=, ==)' })
    expect(parseBudget('pause.p99 < 2')).toMatchObject({ ok: false, message: 'pause.p99 needs a time unit (ns, us, µs, ms, s), e.g. "pause.p99 < 2ms"' })
    expect(parseBudget('pause.p99 < 2kg')).toMatchObject({ ok: false, message: 'unknown unit "kg" for pause.p99; expected no unit or one of ns, us, µs, ms, s' })
    expect(parseBudget('gc.overhead_pct < 150%')).toMatchObject({ ok: false, message: 'gc.overhead_pct is a percentage (0..100), got 150' })
    expect(parseBudget('arena.peak < 3')).toMatchObject({ ok: false, message: expect.stringMatching(/^unknown budget metric "arena.peak" \(did you mean "arenas.peak"\?\); known metrics: /) })
  })
})

describe('budgetPattern', () => {
  const pattern = new RegExp(budgetPattern(), 'u')

  it('accepts exactly the texts parseBudget accepts', () => {
    const samples = [
      'pause.p99 < 2ms', 'pause.p99 < 2', 'pause.max<=500us', 'footprint.peak < 10MiB', 'footprint.peak < 10', 'footprint.peak < 10ms',
      'arenas.peak <= 40', 'arenas.peak <= 40MB', 'gc.overhead_pct < 5%', 'gc.overhead_pct < 5', 'uncollectable == 0', 'collected.total > 1e6',
      'collections.gen1 != 3', 'nonsense < 3', 'pause.p99 = 2ms', ' pause.p50 >= 0.5s '
    ]
    for (const text of samples) expect(pattern.test(text), text).toBe(parseBudget(text).ok)
  })

  it('names every metric', () => {
    for (const metric of Object.keys(BUDGET_METRICS)) expect(budgetPattern()).toContain(metric.replace('.', '\\.'))
  })
})
