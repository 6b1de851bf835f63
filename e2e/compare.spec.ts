/**
 * The Compare view against real runs: the same scenario with threshold0 700 and 50 000, their KPI
 * table with deltas and best values, the overlaid charts; and a small threshold sweep run to the end.
 */
import { join } from 'node:path'
import { expect, test, type App } from './fixtures'
import { elementStats } from './support/pixels'
import { E2E_SCENARIOS_DIR } from './support/paths'

async function runWithThreshold0(app: App, threshold0: number, name: string): Promise<void> {
  await app.goto('scenarios')
  await app.page.getByTestId('threshold0').fill(String(threshold0))
  await app.page.getByTestId('run-scenario').click()
  await expect(app.page.getByTestId('run-state')).toHaveText(/done/, { timeout: 60_000 })
  const nameInput = app.page.getByTestId('run-name')
  await nameInput.fill(name)
  await nameInput.press('Enter')
  await expect.poll(async () => (await app.bridge.services.commands.listRuns()).some((r) => r.name === name)).toBe(true)
}

test('two runs compared: KPI table with deltas and best values, overlaid charts', async ({ app }) => {
  test.setTimeout(150_000)
  await app.loadScenarioFile(join(E2E_SCENARIOS_DIR, 'small-cycles.yaml'))
  await expect(app.page.getByTestId('loaded-scenario-name')).toHaveText('E2E small cycles')
  await runWithThreshold0(app, 700, 'threshold 700')
  await runWithThreshold0(app, 50000, 'threshold 50000')

  await app.goto('compare')
  const choices = app.page.getByTestId('compare-run')
  await expect(choices).toHaveCount(2)
  for (const choice of await choices.all()) if (!(await choice.isChecked())) await choice.check()

  const table = app.page.getByTestId('compare-table')
  await expect(table).toBeVisible({ timeout: 20_000 })
  await expect(table.locator('thead')).toContainText('threshold 700')
  await expect(table.locator('thead')).toContainText('threshold 50000')
  expect(await table.locator('td.best').count(), 'best values are marked').toBeGreaterThan(0)
  await expect(table.locator('td .delta').first()).toContainText(/%|[+−-]/)

  // The table's collection counts are the runs' own GC logs.
  const runs = await app.bridge.services.commands.listRuns()
  const counts: number[] = []
  for (const name of ['threshold 700', 'threshold 50000']) {
    const info = runs.find((r) => r.name === name)
    if (info === undefined) throw new Error(`run ${name} is missing`)
    const reply = await app.bridge.services.commands.getRunResult(info.runId)
    if (!reply.ok) throw new Error(reply.reason)
    counts.push(reply.result.gcLog.generation.length)
  }
  expect(counts[0], 'threshold 700 collects more often').toBeGreaterThan(counts[1] as number)
  const cells = table.locator('tr[data-kpi="collections.total"] td .value')
  const shown = (await cells.allInnerTexts()).map((t) => Number(t.replace(/[^\d]/g, '')))
  expect(shown).toEqual(counts)

  for (const id of ['gc-pause-timeline', 'footprint'] as const) {
    const chart = app.chart(id)
    await chart.scrollIntoViewIfNeeded()
    await expect.poll(async () => (await elementStats(chart.locator('canvas').first())).colors, { message: `${id} overlay draws` }).toBeGreaterThan(12)
  }
})

test('a small threshold0 sweep runs to the end and draws its trade-off', async ({ app }) => {
  test.setTimeout(120_000)
  await app.loadScenarioFile(join(E2E_SCENARIOS_DIR, 'small-cycles.yaml'))
  await expect(app.page.getByTestId('loaded-scenario-name')).toHaveText('E2E small cycles')
  await app.goto('compare')
  await app.page.getByTestId('sweep-param').selectOption('gc.threshold0')
  await app.page.getByTestId('sweep-values').fill('700,2000,10000')
  await app.page.getByTestId('sweep-start').click()
  const progress = app.page.getByTestId('sweep-progress')
  await expect(progress).toContainText('3 / 3', { timeout: 90_000 })
  await expect(progress).toContainText('done')
  const chart = app.page.getByTestId('sweep-chart')
  await chart.scrollIntoViewIfNeeded()
  await expect.poll(async () => (await elementStats(chart.locator('canvas').first())).colors, { message: 'the sweep chart draws' }).toBeGreaterThan(12)
  const sweeps = app.bridge.events.filter((e) => e.event === 'sweepProgress').map((e) => e.payload as { state: string; points: unknown[] })
  expect(sweeps.at(-1)).toMatchObject({ state: 'done' })
  expect(sweeps.at(-1)?.points).toHaveLength(3)
})
