/**
 * The Validate view against the real validation service: the local interpreters are listed, and a
 * bundled check scenario validated on them matches (every compared row green). Skipped, with the
 * reason, on a machine without a CPython 3.11–3.13.
 */
import { expect, test } from './fixtures'
import { shoot, useTheme } from './support/screenshots'

const SCENARIO = 'checks/resurrect.yaml'

test('local interpreters are listed and a bundled scenario validates green on them', async ({ app }) => {
  test.setTimeout(240_000)
  const interpreters = await app.bridge.services.commands.listInterpreters()
  const modelled = interpreters.filter((i) => i.preset !== null)
  test.skip(modelled.length === 0, `no local CPython 3.11–3.13 interpreter found (${interpreters.length} interpreters without a preset): nothing to validate against`)

  await app.openLibraryScenario(SCENARIO)
  await app.goto('validate')
  const items = app.page.getByTestId('interpreter-list').getByTestId('interpreter-item')
  await expect(items).toHaveCount(interpreters.length)
  for (const interpreter of interpreters) await expect(app.page.getByTestId('interpreter-list')).toContainText(interpreter.version)

  // Validate on one modelled interpreter (the newest) to keep the run short.
  const target = modelled[modelled.length - 1] as (typeof modelled)[number]
  for (const item of await items.all()) {
    const box = item.locator('input[type="checkbox"]')
    if (await box.isDisabled()) continue
    const wanted = (await item.innerText()).includes(target.path)
    if ((await box.isChecked()) !== wanted) await box.click()
  }
  await app.page.getByTestId('validate-start').click()
  const table = app.page.getByTestId('validate-table')
  const message = app.page.getByTestId('validate-message')
  await expect(table.or(message).first()).toBeVisible({ timeout: 200_000 })
  if (await message.isVisible()) throw new Error(`validation did not run: ${await message.innerText()}`)
  await expect(table).toHaveCount(1)
  await expect(app.page.getByTestId('validate-interpreter')).toContainText(target.version)
  const rows = table.getByTestId('validate-row')
  expect(await rows.count()).toBeGreaterThan(3)
  const mismatches = await table.locator('[data-testid="validate-row"].mismatch').allInnerTexts()
  expect(mismatches, 'rows that differ from real CPython').toEqual([])
  await expect(rows.first()).toHaveClass(/match/)
  // The view with its table, for people to look at (test-results/screenshots).
  for (const theme of ['light', 'dark'] as const) {
    await useTheme(app, theme)
    await shoot(app, `validate-results-${theme}`)
  }
})

test('validating without a loaded scenario says what to do', async ({ app }) => {
  const interpreters = await app.bridge.services.commands.listInterpreters()
  await app.goto('validate')
  await expect(app.page.getByTestId('interpreter-list').getByTestId('interpreter-item')).toHaveCount(interpreters.length)
  const start = app.page.getByTestId('validate-start')
  if (interpreters.length === 0) {
    // No interpreter: the view says so instead.
    await expect(app.page.getByTestId('validate-message')).toBeVisible()
    return
  }
  await start.click()
  await expect(app.page.getByTestId('validate-message')).toContainText(/load a scenario/i)
})
