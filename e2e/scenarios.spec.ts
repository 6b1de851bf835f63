/**
 * The Scenarios view against the real scenario service: the bundled library, opening a
 * scenario, a malformed file that shows its error at the line and does not replace what is
 * loaded, and the generator form rewriting a parameter.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from './fixtures'
import { E2E_SCENARIOS_DIR } from './support/paths'

test('the library lists every bundled scenario with its name, description and preset', async ({ app }) => {
  const listing = await app.bridge.services.commands.listScenarios()
  expect(listing.library.length, 'bundled scenarios exist').toBeGreaterThan(0)
  await app.goto('scenarios')
  const items = app.page.getByTestId('library-list').getByTestId('scenario-item')
  await expect(items).toHaveCount(listing.library.length)
  for (const [i, entry] of listing.library.entries()) {
    const item = items.nth(i)
    await expect(item).toHaveAttribute('data-path', entry.path)
    await expect(item).toContainText(entry.name)
    if (entry.description !== '') await expect(item).toContainText(entry.description.trim().split('\n')[0] as string)
    if (entry.preset !== null) await expect(item).toContainText(entry.preset)
  }
})

test('opening a bundled scenario shows it with its source', async ({ app }) => {
  const listing = await app.bridge.services.commands.listScenarios()
  const entry = listing.library.find((e) => e.path.endsWith('reference/float_churn.yaml')) ?? listing.library[0]
  if (entry === undefined) throw new Error('no bundled scenario')
  await app.goto('scenarios')
  await app.page.getByTestId('library-list').locator(`[data-testid="scenario-item"][data-path="${entry.path}"]`).click()
  await expect(app.page.getByTestId('loaded-scenario-name')).toHaveText(entry.name)
  const firstLine = readFileSync(entry.path, 'utf8').split('\n').find((l) => l.trim() !== '') as string
  await expect(app.page.getByTestId('scenario-source')).toContainText(firstLine.trim())
  await expect(app.page.getByTestId('empty-state')).toHaveCount(0)
})

test('a malformed file shows its error at the line and the loaded scenario stays loaded', async ({ app }) => {
  await app.loadScenarioFile(join(E2E_SCENARIOS_DIR, 'small-cycles.yaml'))
  await expect(app.page.getByTestId('loaded-scenario-name')).toHaveText('E2E small cycles')

  await app.loadScenarioFile(join(E2E_SCENARIOS_DIR, 'malformed.yaml'))
  const error = app.page.getByTestId('scenario-error').first()
  await expect(error).toContainText('malformed.yaml:9:9')
  await expect(error).toContainText('program[0].do[0]')
  const line = app.page.getByTestId('scenario-source').locator('[data-line="9"]')
  await expect(line).toHaveClass(/has-error/)
  await expect(line).toContainText('let: x')
  await expect(app.page.getByTestId('scenario-source').locator('.has-error')).toHaveCount(1)
  // Still loaded: the previous scenario, and it still runs.
  await expect(app.page.getByTestId('loaded-scenario-name')).toHaveText('E2E small cycles')
  await app.page.getByTestId('run-scenario').click()
  await expect(app.page.getByTestId('run-state')).toHaveText(/done/, { timeout: 45_000 })
  await expect(app.page.getByTestId('run-name')).toHaveValue(/E2E small cycles/)
})

test('the generator form rewrites a parameter of the loaded scenario', async ({ app }) => {
  await app.loadScenarioFile(join(E2E_SCENARIOS_DIR, 'generated-requests.yaml'))
  await expect(app.page.getByTestId('loaded-scenario-name')).toHaveText('E2E generated requests')
  const form = app.page.getByTestId('generator-form')
  const requests = form.locator('input[name="requests"]')
  await expect(requests).toHaveValue('200')
  await requests.fill('321')
  await form.getByTestId('generator-apply').click()
  await expect(app.page.getByTestId('scenario-source')).toContainText('requests: 321')
  // The other parameters are kept.
  await expect(app.page.getByTestId('scenario-source')).toContainText('headers: 4')
  await expect(requests).toHaveValue('321')

  // An impossible value is refused in the form, with the allowed range.
  await requests.fill('-5')
  await expect(form.getByTestId('generator-apply')).toBeDisabled()
  await expect(form).toContainText(/requests|at least|≥|minimum|between/i)
})

test('dropping a scenario file anywhere on the window loads it', async ({ app }) => {
  const text = readFileSync(join(E2E_SCENARIOS_DIR, 'small-cycles.yaml'), 'utf8')
  await app.page.evaluate((content) => {
    const transfer = new DataTransfer()
    transfer.items.add(new File([content], 'dropped.yaml', { type: 'application/yaml' }))
    const target = document.querySelector('main') ?? document.body
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }))
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }))
  }, text)
  await expect(app.page.getByTestId('loaded-scenario-name')).toHaveText('E2E small cycles')
  await expect(app.page.getByTestId('loaded-scenario')).toContainText('dropped.yaml')
})
