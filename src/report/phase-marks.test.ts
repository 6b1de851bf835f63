import { describe, expect, it } from 'vitest'
import type { PhaseMark } from '../engine/index'
import { createChartContext } from './chart-frame'
import { PHASE_LABEL_PX, phaseLines } from './phase-marks'
import type { ReportRun } from './run-series'

/** Runs with phases only: all phaseLines reads. */
function runsWithPhases(...phases: PhaseMark[][]): ReportRun[] {
  return phases.map((p, i) => ({ runId: `r${i}`, name: `run ${i}`, result: { phases: p } }) as unknown as ReportRun)
}

type Data = { xAxis: number; label: { show: boolean; formatter?: string; position?: string } }

function dataOf(runs: ReportRun[], plotPx = 400): Data[] {
  const ctx = createChartContext(runs, { theme: 'light' })
  return (phaseLines(ctx, { x: 'timeNs', min: 0, max: 1000, plotPx })?.data ?? []) as Data[]
}

describe('phaseLines', () => {
  it('draws every mark, and marks closer than a label share one label on the first', () => {
    // Two runs: warm-up at 0 in both, cycles at 1 and 2 % of the axis, cleanup at 40 % and at the end.
    const data = dataOf(runsWithPhases(
      [{ ops: 0, timeNs: 0, label: 'warm-up' }, { ops: 0, timeNs: 10, label: 'cycles' }, { ops: 0, timeNs: 400, label: 'cleanup' }],
      [{ ops: 0, timeNs: 0, label: 'warm-up' }, { ops: 0, timeNs: 20, label: 'cycles' }, { ops: 0, timeNs: 1000, label: 'cleanup' }],
    ))
    expect(data.map((d) => d.xAxis)).toEqual([0, 10, 20, 400, 1000])
    const shown = data.filter((d) => d.label.show)
    expect(shown.map((d) => d.label.formatter)).toEqual(['warm-up · cycles', 'cleanup', 'cleanup'])
    // No two labels closer than a label's width.
    for (let i = 1; i < shown.length; i++) expect((((shown[i]?.xAxis ?? 0) - (shown[i - 1]?.xAxis ?? 0)) / 1000) * 400).toBeGreaterThanOrEqual(PHASE_LABEL_PX)
  })

  it('labels a mark at the right edge on its left, inside the plot', () => {
    const data = dataOf(runsWithPhases([{ ops: 0, timeNs: 500, label: 'churn' }, { ops: 0, timeNs: 1000, label: 'cleanup' }]))
    expect(data.map((d) => d.label.position)).toEqual(['insideEndBottom', 'insideEndTop'])
  })

  it('keeps marks apart on a wide plot that would share a label on a narrow one', () => {
    const runs = runsWithPhases([{ ops: 0, timeNs: 0, label: 'warm-up' }, { ops: 0, timeNs: 20, label: 'cycles' }])
    expect(dataOf(runs, 400).filter((d) => d.label.show)).toHaveLength(1)
    expect(dataOf(runs, 2000).filter((d) => d.label.show)).toHaveLength(2)
  })
})
