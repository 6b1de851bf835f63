/**
 * The export service's content (`ReportContent`) from `src/report`, wired as main wires it:
 * chart SVG, HTML report and CSV files. No PDF printer: printing needs Electron's `printToPDF`,
 * so under the bridge the PDF export answers "the PDF report is not available yet".
 */
import { buildCsvFiles, buildHtmlReport, renderChartSvg } from '../../src/report/index'
import type { ExportFile, ReportContent } from '../../src/main/services/export/export-service'

/** @returns the content builders */
export function reportContent(): ReportContent {
  return {
    chartSvg: (chart, runs, theme) => renderChartSvg(chart, runs, { theme }),
    htmlReport: (runs, theme) => buildHtmlReport(runs, { theme, generatedAt: new Date().toISOString() }),
    csvFiles: (runs) => buildCsvFiles(runs).map((file): ExportFile => ({ name: file.name, data: file.text })),
  }
}
