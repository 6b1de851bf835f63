/**
 * Exports through the real export service (files land in the bridge's temp folder): a chart as
 * PNG (decodes, not blank) and SVG, the HTML report (one inline SVG per chart family), CSV and
 * JSON; saving again onto an existing file goes through the save dialog's overwrite confirmation
 * (Electron's `showOverwriteConfirmation`): declined, nothing changes; confirmed, the file is replaced.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Locator } from '@playwright/test'
import { CHART_IDS } from '../src/shared/contract'
import { expect, test, type App } from './fixtures'
import { imageStats } from './support/pixels'
import { E2E_SCENARIOS_DIR } from './support/paths'

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

async function finishedRun(app: App): Promise<void> {
  await app.loadScenarioFile(join(E2E_SCENARIOS_DIR, 'small-cycles.yaml'))
  await expect(app.page.getByTestId('loaded-scenario-name')).toHaveText('E2E small cycles')
  await app.runLoaded(/done/, 60_000)
}

/** A finished run picked in the Reports view. @returns the export result line */
async function reportsWithRun(app: App): Promise<Locator> {
  await finishedRun(app)
  await app.goto('reports')
  const choice = app.page.getByTestId('report-run').first()
  if (!(await choice.isChecked())) await choice.check()
  return app.page.getByTestId('export-result')
}

/** @returns where the last save went (the bridge's save dialog answers with its default name) */
function lastSavedPath(app: App): string {
  return join(app.bridge.exportDir, app.bridge.saveDialog.requests.at(-1)?.defaultName ?? '')
}

test('a chart exports as PNG and SVG', async ({ app }) => {
  test.setTimeout(120_000)
  await finishedRun(app)
  const chart = app.chart('footprint')
  await chart.scrollIntoViewIfNeeded()
  await chart.getByTestId('chart-export-png').click()
  const result = chart.getByTestId('chart-export-result')
  await expect(result).toContainText('.png')
  const request = app.bridge.saveDialog.requests.at(-1)
  expect(request?.extensions).toEqual(['png'])
  const pngPath = join(app.bridge.exportDir, request?.defaultName ?? '')
  expect(existsSync(pngPath), pngPath).toBe(true)
  const png = readFileSync(pngPath)
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true)
  const stats = await imageStats(app.page, png)
  expect(stats.width).toBeGreaterThan(300)
  expect(stats.colors, 'the PNG shows a chart').toBeGreaterThan(12)
  expect(stats.dominantShare).toBeLessThan(0.97)

  await chart.getByTestId('chart-export-svg').click()
  await expect(result).toContainText('.svg')
  const svgPath = lastSavedPath(app)
  const svg = readFileSync(svgPath, 'utf8')
  expect(svg.trimStart().startsWith('<svg')).toBe(true)
  expect(svg).toContain('<path')
})

test('the HTML report has every chart family as inline SVG; CSV and JSON export; PDF says it needs the app', async ({ app }) => {
  test.setTimeout(120_000)
  const result = await reportsWithRun(app)

  await app.page.getByTestId('export-report-html').click()
  await expect(result).toContainText('.html')
  const htmlPath = lastSavedPath(app)
  const html = readFileSync(htmlPath, 'utf8')
  expect(html).toContain('E2E small cycles')
  for (const id of CHART_IDS) {
    const section = new RegExp(`id="chart-${id}"[\\s\\S]*?<svg`)
    expect(html, `the report has the ${id} chart as SVG`).toMatch(section)
  }
  expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(CHART_IDS.length)
  expect(html, 'self-contained: no external script or stylesheet').not.toMatch(/<script[^>]+src=|<link[^>]+href="https?:/)

  await app.page.getByTestId('export-report-csv').click()
  await expect(result).not.toHaveText(/Saving/)
  await expect(result).toContainText('csv')
  const csvDir = lastSavedPath(app)
  const csvFiles = readdirSync(csvDir).filter((f) => f.endsWith('.csv'))
  expect(csvFiles.length).toBeGreaterThan(1)
  for (const file of csvFiles) {
    const [header, firstRow] = readFileSync(join(csvDir, file), 'utf8').split('\n')
    expect(header, `${file} has a header`).toMatch(/^[A-Za-z_]/)
    if (firstRow !== undefined && firstRow !== '') expect(firstRow, `${file} rows are numbers`).toMatch(/^[-\d.eE,]+$|^[-\d.eE,]*(NaN)?/)
  }

  await app.page.getByTestId('export-report-json').click()
  await expect(result).toContainText('.json')
  const json = JSON.parse(readFileSync(lastSavedPath(app), 'utf8')) as unknown
  expect(JSON.stringify(json)).toContain('E2E small cycles')

  // PDF printing is Electron's printToPDF: without it, a clear message, and nothing written.
  const before = readdirSync(app.bridge.exportDir).length
  await app.page.getByTestId('export-report-pdf').click()
  await expect(result).toContainText(/PDF/i)
  await expect(result).toHaveClass(/error/)
  expect(readdirSync(app.bridge.exportDir)).toHaveLength(before)
})

test('saving onto an existing file: declined leaves it, confirmed replaces it', async ({ app }) => {
  test.setTimeout(120_000)
  const result = await reportsWithRun(app)
  await app.page.getByTestId('export-report-html').click()
  await expect(result).toContainText('.html')
  const path = lastSavedPath(app)
  const first = readFileSync(path, 'utf8')
  const firstModified = statSync(path).mtimeMs

  // The user picks the same file and declines replacing it.
  app.bridge.saveDialog.onExisting = 'cancel'
  app.bridge.saveDialog.answerNext(path)
  await app.page.getByTestId('export-report-html').click()
  await expect(result).toContainText(/cancel|no file/i)
  expect(readFileSync(path, 'utf8')).toBe(first)
  expect(statSync(path).mtimeMs).toBe(firstModified)

  // …and then confirms it.
  app.bridge.saveDialog.onExisting = 'replace'
  app.bridge.saveDialog.answerNext(path)
  await app.page.waitForTimeout(20) // the report carries its generation time: let it differ
  await app.page.getByTestId('export-report-html').click()
  await expect(result).toContainText('.html')
  await expect.poll(() => readFileSync(path, 'utf8') !== first).toBe(true)
  expect(readdirSync(app.bridge.exportDir).filter((f) => f.endsWith('.html'))).toHaveLength(1)
})
