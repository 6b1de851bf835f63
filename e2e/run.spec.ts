/**
 * The Run dashboard against real runs: KPIs and every chart fill in, the arena-map scrubber and
 * the GC log record work, pause/resume/cancel control a long run, and a run that fails at run
 * time shows its error while the app stays usable.
 */
import { join } from 'node:path'
import { CHART_IDS } from '../src/shared/contract'
import { expect, test } from './fixtures'
import { colouredPoints, elementStats } from './support/pixels'
import { E2E_SCENARIOS_DIR } from './support/paths'

/** `1,234 / 5,678 ops …` → 1234 */
async function opsDone(text: Promise<string>): Promise<number> {
  const match = /^([\d,.\s\u202f]+)\s*\//.exec(await text)
  return match === null ? Number.NaN : Number((match[1] as string).replace(/[^\d]/g, ''))
}

test('a finished run fills the KPIs and every chart; the arena scrubber and a collection\'s GC record work', async ({ app }) => {
  test.setTimeout(120_000)
  await app.loadScenarioFile(join(E2E_SCENARIOS_DIR, 'small-cycles.yaml'))
  await expect(app.page.getByTestId('loaded-scenario-name')).toHaveText('E2E small cycles')
  await app.runLoaded(/done/, 60_000)
  await expect(app.page.getByTestId('run-progress-text')).toContainText('/')

  const kpis = app.page.getByTestId('kpi-strip').locator('[data-testid^="kpi-"]')
  // The run's data shows in the frame after its state (the whole result once main has sent it).
  await expect.poll(() => kpis.count(), { message: 'KPIs shown', timeout: 10_000 }).toBeGreaterThanOrEqual(8)
  const kpiTexts = await kpis.allInnerTexts()
  expect(kpiTexts.every((t) => t.trim() !== '' && !/NaN|undefined/.test(t)), kpiTexts.join(' | ')).toBe(true)
  expect(kpiTexts.some((t) => /[1-9]/.test(t)), 'some KPI is non-zero').toBe(true)

  for (const id of CHART_IDS) {
    const chart = app.chart(id)
    // Charts draw only while on screen.
    await chart.scrollIntoViewIfNeeded()
    await expect(chart.locator('canvas').first(), `${id} has a canvas`).toBeAttached()
    await expect.poll(async () => (await elementStats(chart.locator('canvas').first())).colors, { message: `${id} draws something`, timeout: 10_000 }).toBeGreaterThan(12)
    const stats = await elementStats(chart.locator('canvas').first())
    expect(stats.dominantShare, `${id} is not one colour`).toBeLessThan(0.97)
  }

  // Arena map: scrubbing back to the first snapshot redraws it.
  const scrubber = app.page.getByTestId('arena-scrubber')
  await expect(scrubber).toBeEnabled()
  const arena = app.chart('arena-map').locator('canvas').first()
  await arena.scrollIntoViewIfNeeded()
  const last = await arena.screenshot()
  await scrubber.fill('0')
  await expect.poll(async () => Buffer.compare(await arena.screenshot(), last) !== 0, { message: 'the arena map redraws for another snapshot' }).toBe(true)

  // A collection mark on the pause timeline opens its GC log record.
  const timeline = app.chart('gc-pause-timeline')
  await timeline.scrollIntoViewIfNeeded()
  await app.page.waitForTimeout(300)
  const points = await colouredPoints(timeline)
  expect(points.length, 'the timeline draws coloured marks').toBeGreaterThan(0)
  const record = app.page.getByTestId('gc-record')
  // Click only where the chart's item tooltip names a collection (a legend entry is coloured too).
  const tooltipShowsCollection = (): Promise<boolean> =>
    timeline.evaluate((element) =>
      [...element.querySelectorAll<HTMLElement>('div[style*="z-index: 9999999"]')].some((tip) => {
        const style = getComputedStyle(tip)
        return style.display !== 'none' && style.visibility !== 'hidden' && Number(style.opacity) > 0 && /collection #/.test(tip.textContent ?? '')
      }),
    )
  for (const point of points) {
    await app.page.mouse.move(point.x, point.y)
    await app.page.waitForTimeout(150)
    if (!(await tooltipShowsCollection())) continue
    await app.page.mouse.click(point.x, point.y)
    if (await record.isVisible()) break
  }
  await expect(record).toBeVisible()
  await expect(record).toContainText(/generation/i)
  await expect(record).toContainText(/collected/i)
  // "#k of N": N is this run's number of collections.
  const [info] = await app.bridge.services.commands.listRuns()
  const reply = await app.bridge.services.commands.getRunResult(info?.runId ?? '')
  if (!reply.ok) throw new Error(reply.reason)
  const of = /#[\d,\s\u202f]+ of ([\d,\s\u202f]+)/.exec(await record.innerText())
  expect(Number((of?.[1] ?? '').replace(/[^\d]/g, ''))).toBe(reply.result.gcLog.generation.length)
})

test('a bundled scenario runs to the end', async ({ app }) => {
  test.setTimeout(120_000)
  const listing = await app.bridge.services.commands.listScenarios()
  const preferred = ['reference/float_churn.yaml', 'reference/list_growth.yaml']
  const entry = preferred.map((p) => listing.library.find((e) => e.path.endsWith(p))).find((e) => e !== undefined) ?? listing.library[0]
  if (entry === undefined) throw new Error('no bundled scenario')
  await app.openLibraryScenario(entry.path.slice(entry.path.lastIndexOf('scenarios/') + 'scenarios/'.length))
  await app.runLoaded(/done/, 100_000)
  await expect(app.page.getByTestId('run-list').getByTestId('run-item')).toHaveCount(1)
  await expect(app.page.getByTestId('run-list')).toContainText(entry.name)
})

test('pause, resume and cancel a long run', async ({ app }) => {
  await app.loadScenarioFile(join(E2E_SCENARIOS_DIR, 'long-churn.yaml'))
  await expect(app.page.getByTestId('loaded-scenario-name')).toHaveText('E2E long churn')
  await app.runLoaded(/running/)
  const state = app.page.getByTestId('run-state')
  const progress = app.page.getByTestId('run-progress-text')
  await expect.poll(() => opsDone(progress.innerText())).toBeGreaterThan(0)

  await app.page.getByTestId('run-pause').click()
  await expect(state).toHaveText(/paused/)
  const pausedAt = await opsDone(progress.innerText())
  await app.page.waitForTimeout(1000)
  expect(await opsDone(progress.innerText()), 'no progress while paused').toBe(pausedAt)

  await app.page.getByTestId('run-resume').click()
  await expect(state).toHaveText(/running/)
  await expect.poll(() => opsDone(progress.innerText()), { message: 'progress after resume' }).toBeGreaterThan(pausedAt)

  await app.page.getByTestId('run-cancel').click()
  await expect(state).toHaveText(/cancelled/)
  const runs = await app.bridge.services.commands.listRuns()
  expect(runs.map((r) => r.state)).toEqual(['cancelled'])
  // The run-time controls are off; a new run can start.
  await expect(app.page.getByTestId('run-cancel')).toBeDisabled()
  await expect(app.page.getByTestId('run-start')).toBeEnabled()
})

test('a run that fails at run time shows its error and the app stays usable', async ({ app }) => {
  await app.loadScenarioFile(join(E2E_SCENARIOS_DIR, 'unbound-del.yaml'))
  await expect(app.page.getByTestId('loaded-scenario-name')).toHaveText('E2E unbound del')
  await app.runLoaded(/failed|error/)
  const error = app.page.getByTestId('run-error')
  await expect(error).toBeVisible()
  await expect(error).toContainText('unbound-del.yaml:15')
  await expect(error).toContainText("local variable 'x' referenced before assignment")

  // Still usable: another scenario loads and runs to the end.
  await app.loadScenarioFile(join(E2E_SCENARIOS_DIR, 'small-cycles.yaml'))
  await expect(app.page.getByTestId('loaded-scenario-name')).toHaveText('E2E small cycles')
  await app.runLoaded(/done/, 60_000)
  await expect(app.page.getByTestId('run-list').getByTestId('run-item')).toHaveCount(2)
})
