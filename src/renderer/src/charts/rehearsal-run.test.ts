import { describe, expect, it } from 'vitest'
import { buildChartOption } from '@report'
import { CHART_IDS } from '@shared/contract'
import { rehearsalRun } from './rehearsal-run'

describe('rehearsalRun', () => {
  it('is shaped like a live run: every chart family builds from it, with data', () => {
    const run = rehearsalRun(1)
    expect(run.result.samples.classPools.length).toBe(run.result.samples.count * 32)
    for (const id of CHART_IDS) {
      const option = buildChartOption(id, [run], { theme: 'dark', animation: false, maxPoints: 520, width: 520 })
      const series = [option.series ?? []].flat()
      expect(series.length, id).toBeGreaterThan(0)
    }
  })

  it('is the same for the same seed and differs between seeds', () => {
    expect(rehearsalRun(2).result.gcLog.pauseNs).toEqual(rehearsalRun(2).result.gcLog.pauseNs)
    expect(rehearsalRun(2).result.gcLog.pauseNs).not.toEqual(rehearsalRun(3).result.gcLog.pauseNs)
  })
})
