/**
 * The app shell: the theme follows the OS until the user picks one, menu commands and keyboard
 * shortcuts reach the views, and File ▸ Open goes through main's open dialog.
 */
import { join } from 'node:path'
import { expect, test } from './fixtures'
import { E2E_SCENARIOS_DIR } from './support/paths'

test('the theme follows the OS until the user picks one, and the pick is kept in the settings', async ({ app }) => {
  const html = app.page.locator('html')
  await app.page.getByTestId('theme-select').selectOption('system')
  await app.bridge.setSystemTheme('dark')
  await expect(html).toHaveAttribute('data-theme', 'dark')
  await app.bridge.setSystemTheme('light')
  await expect(html).toHaveAttribute('data-theme', 'light')

  await app.page.getByTestId('theme-select').selectOption('dark')
  await expect(html).toHaveAttribute('data-theme', 'dark')
  await app.bridge.setSystemTheme('light') // the OS changes; the user's pick stays
  await expect(html).toHaveAttribute('data-theme', 'dark')
  await expect.poll(() => app.bridge.services.settings.get().theme).toBe('dark')
})

test('menu commands and keyboard shortcuts switch views; Open… goes through the open dialog', async ({ app }) => {
  await app.bridge.sendMenuCommand('navigate-compare')
  await expect(app.page.getByTestId('nav-compare')).toHaveAttribute('aria-current', 'page')
  await app.page.locator('body').press('Control+1')
  await expect(app.page.getByTestId('nav-scenarios')).toHaveAttribute('aria-current', 'page')

  // The empty state's Open button asks main's dialog; here the dialog answers with a file.
  app.bridge.answerNextOpen(join(E2E_SCENARIOS_DIR, 'small-cycles.yaml'))
  await app.page.getByTestId('open-scenario').click()
  await expect(app.page.getByTestId('loaded-scenario-name')).toHaveText('E2E small cycles')
  // A file opened from disk joins the recent list.
  await expect(app.page.getByTestId('recent-list').getByTestId('scenario-item')).toHaveAttribute('data-path', join(E2E_SCENARIOS_DIR, 'small-cycles.yaml'))
  // A cancelled dialog changes nothing.
  await app.page.locator('body').press('Control+o')
  await expect(app.page.getByTestId('loaded-scenario-name')).toHaveText('E2E small cycles')
  await expect(app.page.getByTestId('app-message')).not.toContainText(/error|failed/i)
})
