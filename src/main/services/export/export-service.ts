/**
 * Export plumbing: collect the runs, get the content, ask where to save (the dialog asks before
 * replacing a file; headless callers must pass `force`), write atomically. A failed write is
 * `write-failed` and leaves any old file intact.
 *
 * The content of charts, HTML reports and CSV comes from `src/report` through `ReportContent`
 * (wired in main); what is not wired yet answers `invalid: … not available yet`. JSON is built
 * here (summary + series as plain arrays).
 */
import { mkdir, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { ChartId, ExportChartRequest, ExportReportRequest, ExportResult, RunResultReply, Theme } from '../../../shared/contract'
import { TargetExistsError, writeFileAtomic } from '../atomic-write'
import { exportFileName } from './export-names'
import { runsToJson, type ExportRun } from './export-json'
import { svgToPng } from './svg-to-png'

/** One file filter of a save dialog. */
export interface FileFilter {
  readonly name: string
  readonly extensions: readonly string[]
}

/** Asks where to save; null when cancelled. The dialog itself confirms replacing a file. */
export type SaveDialog = (request: { readonly defaultName: string; readonly filters: readonly FileFilter[] }) => Promise<string | null>

/** A file of a multi-file export (CSV: one per series). */
export interface ExportFile {
  readonly name: string
  readonly data: string | Uint8Array
}

/** Content builders from `src/report` (and main's PDF printer); absent ones are not available yet. */
export interface ReportContent {
  readonly chartSvg?: (chart: ChartId, runs: readonly ExportRun[], theme: Theme) => string
  readonly htmlReport?: (runs: readonly ExportRun[], theme: Theme) => string
  readonly csvFiles?: (runs: readonly ExportRun[]) => readonly ExportFile[]
  /** HTML → PDF (Electron's printToPDF in a hidden sandboxed window). */
  readonly pdf?: (html: string) => Promise<Uint8Array>
}

export interface ExportServiceDeps {
  readonly runs: {
    getRunResult(runId: string): Promise<RunResultReply>
    listRuns(): readonly { readonly runId: string; readonly name: string }[]
  }
  readonly saveDialog: SaveDialog
  readonly content: ReportContent
}

export interface ExportService {
  exportChart(request: ExportChartRequest): Promise<ExportResult>
  exportReport(request: ExportReportRequest): Promise<ExportResult>
}

/** Background of PNG exports per theme (the chart's own background shows through SVG). */
export const PNG_BACKGROUND: Readonly<Record<Theme, string>> = { light: '#ffffff', dark: '#100c2a' }

const FILTERS = {
  png: { name: 'PNG image', extensions: ['png'] },
  svg: { name: 'SVG image', extensions: ['svg'] },
  html: { name: 'HTML report', extensions: ['html'] },
  json: { name: 'JSON', extensions: ['json'] },
  csv: { name: 'Folder of CSV files', extensions: [] },
  pdf: { name: 'PDF document', extensions: ['pdf'] },
} as const satisfies Record<string, FileFilter>

function notAvailable(what: string): ExportResult {
  return { ok: false, reason: 'invalid', message: `${what} is not available yet` }
}

function describeWriteError(path: string, error: unknown): string {
  if (error instanceof TargetExistsError) return `${path} already exists; choose another name or allow replacing it (--force)`
  const code = (error as NodeJS.ErrnoException).code
  const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOSPC' ? 'the disk is full' : code === 'ENOENT' ? 'the folder does not exist' : error instanceof Error ? error.message : String(error)
  return `could not write ${path}: ${why}`
}

/**
 * Writes one export file atomically.
 * @param path the target
 * @param data the content
 * @param force replace an existing file (the app passes true after its dialog asked)
 * @returns ok with the path, or `write-failed` (an existing file is left as it was)
 */
export async function writeExport(path: string, data: string | Uint8Array, force: boolean): Promise<ExportResult> {
  try {
    await writeFileAtomic(path, data, { overwrite: force })
    return { ok: true, path }
  } catch (error) {
    return { ok: false, reason: 'write-failed', message: describeWriteError(path, error) }
  }
}

/**
 * Writes a multi-file export into folder `dir` (created if needed; a folder that already holds
 * files is only written into with `force`).
 * @returns ok with the folder, or `write-failed`
 */
export async function writeExportFolder(dir: string, files: readonly ExportFile[], force: boolean): Promise<ExportResult> {
  try {
    await mkdir(dir, { recursive: true })
    if (!force && (await readdir(dir)).length > 0) return { ok: false, reason: 'write-failed', message: `${dir} already holds files; choose an empty folder or allow replacing (--force)` }
    for (const file of files) await writeFileAtomic(join(dir, file.name), file.data, { overwrite: force })
    return { ok: true, path: dir }
  } catch (error) {
    return { ok: false, reason: 'write-failed', message: describeWriteError(dir, error) }
  }
}

/**
 * Creates the export service.
 * @param deps runs, save dialog and content builders
 * @returns the service
 */
export function createExportService(deps: ExportServiceDeps): ExportService {
  const collect = async (runIds: readonly string[]): Promise<{ ok: true; runs: ExportRun[] } | { ok: false; result: ExportResult }> => {
    if (runIds.length === 0) return { ok: false, result: { ok: false, reason: 'invalid', message: 'choose at least one run to export' } }
    const names = new Map(deps.runs.listRuns().map((r) => [r.runId, r.name]))
    const runs: ExportRun[] = []
    for (const runId of runIds) {
      const reply = await deps.runs.getRunResult(runId)
      if (!reply.ok) return { ok: false, result: { ok: false, reason: 'invalid', message: `run ${names.get(runId) ?? runId}: ${reply.reason}` } }
      runs.push({ runId, name: names.get(runId) ?? runId, result: reply.result })
    }
    return { ok: true, runs }
  }
  const ask = async (runs: readonly ExportRun[], suffix: string, format: keyof typeof FILTERS): Promise<string | null> => {
    const names = runs.map((r) => r.name)
    // CSV is a folder of files: its default name has no extension.
    const defaultName = format === 'csv' ? exportFileName(names, `${suffix}-csv`, '') : exportFileName(names, suffix, format)
    return deps.saveDialog({ defaultName, filters: [FILTERS[format]] })
  }

  return {
    async exportChart(request) {
      const chartSvg = deps.content.chartSvg
      if (chartSvg === undefined) return notAvailable(`chart export (${request.format.toUpperCase()})`)
      const collected = await collect(request.runIds)
      if (!collected.ok) return collected.result
      const svg = chartSvg(request.chart, collected.runs, request.theme)
      const path = await ask(collected.runs, request.chart, request.format)
      if (path === null) return { ok: false, reason: 'cancelled', message: 'no file was chosen' }
      const data = request.format === 'svg' ? svg : await svgToPng(svg, PNG_BACKGROUND[request.theme])
      return writeExport(path, data, true)
    },
    async exportReport(request) {
      const { htmlReport, csvFiles, pdf } = deps.content
      if (request.format === 'html' && htmlReport === undefined) return notAvailable('the HTML report')
      if (request.format === 'csv' && csvFiles === undefined) return notAvailable('CSV export')
      if (request.format === 'pdf' && (htmlReport === undefined || pdf === undefined)) return notAvailable('the PDF report')
      const collected = await collect(request.runIds)
      if (!collected.ok) return collected.result
      const runs = collected.runs
      const path = await ask(runs, 'report', request.format)
      if (path === null) return { ok: false, reason: 'cancelled', message: 'no file was chosen' }
      switch (request.format) {
        case 'json':
          return writeExport(path, runsToJson(runs), true)
        case 'html':
          return writeExport(path, (htmlReport as NonNullable<typeof htmlReport>)(runs, request.theme), true)
        case 'csv':
          return writeExportFolder(path, (csvFiles as NonNullable<typeof csvFiles>)(runs), true)
        case 'pdf': {
          let bytes: Uint8Array
          try {
            bytes = await (pdf as NonNullable<typeof pdf>)((htmlReport as NonNullable<typeof htmlReport>)(runs, 'light'))
          } catch (error) {
            return { ok: false, reason: 'write-failed', message: `the PDF could not be made: ${error instanceof Error ? error.message : String(error)}` }
          }
          return writeExport(path, bytes, true)
        }
      }
    },
  }
}
