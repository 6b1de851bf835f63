/**
 * The export service's content (`ReportContent`) from `src/report`, wired as main wires it:
 * chart SVG, HTML report and CSV files. No PDF printer: printing needs Electron's `printToPDF`,
 * so the PDF export answers "not available" under the bridge. Undefined while `src/report` has not landed.
 */
import type { ChartId, Theme } from '../../src/shared/contract'
import type { ExportFile, ReportContent } from '../../src/main/services/export/export-service'
import type { ExportRun } from '../../src/main/services/export/export-json'
import { importIfPresent } from './optional-module'

interface ReportModule {
  renderChartSvg(chart: ChartId, runs: readonly ExportRun[], options: { readonly theme: Theme }): string
  buildHtmlReport(runs: readonly ExportRun[], options: { readonly theme: Theme }): string
  buildCsvFiles(runs: readonly ExportRun[]): readonly { readonly name: string; readonly text: string }[]
}

/** @returns the content builders, or undefined when `src/report` is absent */
export async function loadReportContent(): Promise<ReportContent | undefined> {
  const report = await importIfPresent<ReportModule>('src/report/index.ts')
  if (report === undefined) return undefined
  return {
    chartSvg: (chart, runs, theme) => report.renderChartSvg(chart, runs, { theme }),
    htmlReport: (runs, theme) => report.buildHtmlReport(runs, { theme }),
    csvFiles: (runs) => report.buildCsvFiles(runs).map((file): ExportFile => ({ name: file.name, data: file.text })),
  }
}
