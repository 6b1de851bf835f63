/**
 * The exports store: reports of the picked runs (HTML, JSON, CSV, PDF) and single charts
 * (PNG, SVG), with the saved path or the error of the last export of each.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ChartId, ExportReportRequest, ExportResult } from '@shared/contract'
import { client } from '@renderer/api/client'
import { describeError, useAppStore } from './app'

// Arguments cross the bridge by structured clone: reactive proxies cannot, so arrays are copied.

/** What the last export said, for one line under its buttons. */
export interface ExportOutcome {
  readonly ok: boolean
  readonly text: string
}

/** A cancelled save says so (not as an error), so an earlier "Saved …" never lingers. */
export const CANCELLED_TEXT = 'Cancelled: no file written.'

function outcomeOf(result: ExportResult): ExportOutcome {
  if (result.ok) return { ok: true, text: `Saved ${result.path}` }
  if (result.reason === 'cancelled') return { ok: true, text: CANCELLED_TEXT }
  return { ok: false, text: result.message }
}

export const useExportsStore = defineStore('exports', () => {
  /** Runs picked on the Reports view. */
  const reportRunIds = ref<string[]>([])
  const reportOutcome = ref<ExportOutcome | null>(null)
  const chartOutcomes = ref<Partial<Record<ChartId, ExportOutcome>>>({})
  const busy = ref(false)

  /**
   * Saves a report of some runs.
   * @param runIds the runs (at least one)
   * @param format html, json, csv or pdf
   */
  async function exportReport(runIds: readonly string[], format: ExportReportRequest['format']): Promise<void> {
    if (runIds.length === 0) {
      reportOutcome.value = { ok: false, text: 'Pick at least one run to export.' }
      return
    }
    busy.value = true
    try {
      reportOutcome.value = outcomeOf(await client().exportReport({ runIds: [...runIds], format, theme: useAppStore().theme }))
    } catch (error) {
      reportOutcome.value = { ok: false, text: `The ${format.toUpperCase()} report was not saved: ${describeError(error)}` }
    } finally {
      busy.value = false
    }
  }

  /**
   * Saves one chart of some runs as an image.
   * @param chart the chart
   * @param runIds the runs it shows
   * @param format png or svg
   */
  async function exportChart(chart: ChartId, runIds: readonly string[], format: 'png' | 'svg'): Promise<void> {
    if (runIds.length === 0) {
      chartOutcomes.value = { ...chartOutcomes.value, [chart]: { ok: false, text: 'No run to export yet.' } }
      return
    }
    try {
      const outcome = outcomeOf(await client().exportChart({ chart, runIds: [...runIds], format, theme: useAppStore().theme }))
      chartOutcomes.value = { ...chartOutcomes.value, [chart]: outcome }
    } catch (error) {
      chartOutcomes.value = { ...chartOutcomes.value, [chart]: { ok: false, text: `Not saved: ${describeError(error)}` } }
    }
  }

  return { reportRunIds, reportOutcome, chartOutcomes, busy, exportReport, exportChart }
})
