import { beforeEach, describe, expect, it } from 'vitest'
import { installFakeApi, type FakeApi } from '@renderer/test/fake-api'
import { useExportsStore } from './exports'

describe('exports store', () => {
  let api: FakeApi
  beforeEach(() => {
    api = installFakeApi()
  })

  it('sends the picked runs (a reactive array) through the bridge and shows the saved path', async () => {
    const store = useExportsStore()
    store.reportRunIds = ['run-1', 'run-2']
    await store.exportReport(store.reportRunIds, 'html')
    expect(api.exportReport).toHaveBeenCalledWith({ runIds: ['run-1', 'run-2'], format: 'html', theme: 'light' })
    expect(store.reportOutcome).toEqual({ ok: true, text: 'Saved /tmp/report.html' })
  })

  it('shows why a report was not written, and that a cancelled dialog wrote nothing', async () => {
    const store = useExportsStore()
    api.exportReport = async () => ({ ok: false, reason: 'write-failed', message: 'report.html: permission denied' })
    await store.exportReport(['run-1'], 'html')
    expect(store.reportOutcome).toEqual({ ok: false, text: 'report.html: permission denied' })
    api.exportReport = async () => ({ ok: false, reason: 'cancelled', message: 'cancelled' })
    await store.exportReport(['run-1'], 'csv')
    expect(store.reportOutcome).toEqual({ ok: true, text: 'Cancelled: no file written.' })
  })

  it('keeps one outcome per chart', async () => {
    const store = useExportsStore()
    await store.exportChart('footprint', ['run-1'], 'svg')
    expect(store.chartOutcomes.footprint).toEqual({ ok: true, text: 'Saved /tmp/chart.png' })
    await store.exportChart('arena-map', [], 'png')
    expect(store.chartOutcomes['arena-map']).toEqual({ ok: false, text: 'No run to export yet.' })
  })
})
