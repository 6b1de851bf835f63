/**
 * Screenshots for people to look at: `test-results/screenshots/<name>.png`, each checked to show
 * more than a blank page.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, type App } from '../fixtures'
import { imageStats } from './pixels'
import { REPO_ROOT } from './paths'

export const SCREENSHOTS_DIR = join(REPO_ROOT, 'test-results/screenshots')

/** Saves the page as `<name>.png` once its charts have finished drawing. */
export async function shoot(app: App, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true })
  await app.page.waitForTimeout(1200) // let charts finish drawing (finished runs' charts animate in)
  const png = await app.page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`) })
  const stats = await imageStats(app.page, png)
  expect(stats.colors, `${name} shows more than a blank page`).toBeGreaterThan(8)
}

/** Switches the app's theme and waits until the page has it. */
export async function useTheme(app: App, theme: 'light' | 'dark'): Promise<void> {
  await app.page.getByTestId('theme-select').selectOption(theme)
  await expect(app.page.locator('html')).toHaveAttribute('data-theme', theme)
}
