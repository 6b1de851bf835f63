/**
 * Screenshots of every view at 1280×800 in the light and the dark theme, after runs so the charts
 * have data, for people to look at: `test-results/screenshots/<view>-<theme>.png` (plus the empty
 * state, and the Run and Compare views scrolled to their lower charts). Each view is checked to show something.
 */
import { join } from 'node:path'
import { expect, test, type App, type ViewName } from './fixtures'
import { E2E_SCENARIOS_DIR } from './support/paths'
import { shoot, useTheme } from './support/screenshots'

const VIEWS: readonly ViewName[] = ['scenarios', 'run', 'compare', 'validate', 'reports']
const THEMES = ['light', 'dark'] as const

async function run(app: App, threshold0: number, name: string): Promise<void> {
  await app.goto('scenarios')
  await app.page.getByTestId('threshold0').fill(String(threshold0))
  await app.page.getByTestId('run-scenario').click()
  await expect(app.page.getByTestId('run-state')).toHaveText(/done/, { timeout: 60_000 })
  await app.page.getByTestId('run-name').fill(name)
  await app.page.getByTestId('run-name').press('Enter')
}

test('every view in both themes', async ({ app }) => {
  test.setTimeout(180_000)
  await app.page.setViewportSize({ width: 1280, height: 800 })

  for (const theme of THEMES) {
    await useTheme(app, theme)
    await shoot(app, `empty-${theme}`)
  }

  await app.loadScenarioFile(join(E2E_SCENARIOS_DIR, 'small-cycles.yaml'))
  await expect(app.page.getByTestId('loaded-scenario-name')).toHaveText('E2E small cycles')
  await run(app, 700, 'threshold 700')
  await run(app, 50000, 'threshold 50000')
  await app.goto('compare')
  for (const choice of await app.page.getByTestId('compare-run').all()) if (!(await choice.isChecked())) await choice.check()
  await expect(app.page.getByTestId('compare-table')).toBeVisible({ timeout: 20_000 })
  await app.goto('reports')
  const reportRun = app.page.getByTestId('report-run').first()
  if (!(await reportRun.isChecked())) await reportRun.check()

  for (const theme of THEMES) {
    await useTheme(app, theme)
    for (const view of VIEWS) {
      await app.goto(view)
      await app.page.evaluate(() => window.scrollTo(0, 0))
      await shoot(app, `${view}-${theme}`)
    }
    // The views scroll inside the window: the rest of the Run dashboard and the Compare overlays.
    await app.goto('run')
    for (const [i, chart] of (['gc-pause-histogram', 'fragmentation', 'objects-by-type'] as const).entries()) {
      await app.chart(chart).scrollIntoViewIfNeeded()
      await shoot(app, `run-charts-${i + 2}-${theme}`)
    }
    await app.goto('compare')
    await app.chart('gc-pause-timeline').scrollIntoViewIfNeeded()
    await shoot(app, `compare-charts-${theme}`)
    for (const [i, chart] of (['gc-cumulative-pause', 'free-list-reuse', 'objects-by-type'] as const).entries()) {
      await app.chart(chart).scrollIntoViewIfNeeded()
      await shoot(app, `compare-charts-${i + 2}-${theme}`)
    }
  }
})
