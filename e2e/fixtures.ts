/**
 * `test` with an `app` fixture: a page that shows the built renderer with `window.heapscope`
 * bridged to the real services, ready (the navigation is visible). Every console error and
 * uncaught page error fails the test, unless the test declared it expected.
 */
import { existsSync } from 'node:fs'
import { test as base, expect, type Locator, type Page } from '@playwright/test'
import { CHART_IDS, type ChartId } from '../src/shared/contract'
import { installBridge, type Bridge } from './bridge/node-bridge'
import { reportContent } from './bridge/report-content'
import { validationBackend } from './bridge/validation-backend'
import { findChromium } from './support/browsers'
import { BUILT_ENGINE_WORKER, RENDERER_URL_ENV, SCENARIOS_DIR } from './support/paths'

export type ViewName = 'scenarios' | 'run' | 'compare' | 'validate' | 'reports'

export interface App {
  readonly page: Page
  readonly bridge: Bridge
  /** Console errors and page errors seen so far. */
  readonly errors: readonly string[]
  /** Declares console errors matching `pattern` expected (e.g. the CSP refusing an inline script). */
  allowErrors(pattern: RegExp): void
  /** Clicks a navigation entry and waits for it to be current. */
  goto(view: ViewName): Promise<void>
  /** Opens a bundled scenario from the library list; `file` is the end of its path (`reference/float_churn.yaml`). */
  openLibraryScenario(file: string): Promise<void>
  /** Loads a file through the hidden file input (like choosing it in the browser's file picker). */
  loadScenarioFile(path: string): Promise<void>
  /** Loads scenario text as a file chosen in the file input (the renderer calls `loadScenarioText`). */
  loadScenarioText(fileName: string, text: string): Promise<void>
  /** Presses Run on the loaded scenario and waits until the run view shows `state`. */
  runLoaded(state?: RegExp, timeoutMs?: number): Promise<void>
  /** The container of a chart. */
  chart(id: ChartId): Locator
}

export const test = base.extend<{ app: App }, { chromiumPresent: void }>({
  chromiumPresent: [
    // Playwright requires the object pattern for a fixture without dependencies.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const found = findChromium()
      if ('error' in found) throw new Error(found.error)
      await use()
    },
    { scope: 'worker', auto: true },
  ],
  app: async ({ page }, use, testInfo) => {
    const rendererUrl = process.env[RENDERER_URL_ENV]
    if (rendererUrl === undefined) throw new Error(`${RENDERER_URL_ENV} is not set: the global setup did not run`)
    const workerPath = existsSync(BUILT_ENGINE_WORKER) ? BUILT_ENGINE_WORKER : await (await import('../src/main/services/engine-host/build-engine-worker')).buildEngineWorker()
    const bridge = await installBridge({
      page,
      rendererUrl,
      libraryDir: SCENARIOS_DIR,
      workerPath,
      content: reportContent(),
      validation: validationBackend,
    })
    const errors: string[] = []
    const allowed: RegExp[] = [/Download the Vue Devtools/i]
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console.error: ${message.text()}`)
    })
    page.on('pageerror', (error) => errors.push(`page error: ${error.stack ?? error.message}`))

    await page.goto(`${rendererUrl}/index.html`)
    await expect(page.getByTestId('nav-scenarios')).toBeVisible()

    const app: App = {
      page,
      bridge,
      errors,
      allowErrors: (pattern) => void allowed.push(pattern),
      async goto(view) {
        await page.getByTestId(`nav-${view}`).click()
      },
      async openLibraryScenario(file) {
        await app.goto('scenarios')
        const item = page.getByTestId('library-list').locator(`[data-testid="scenario-item"][data-path$="${file}"]`)
        await expect(item, `the library lists ${file}`).toHaveCount(1)
        await item.click()
        await expect(page.getByTestId('loaded-scenario-name')).toBeVisible()
      },
      async loadScenarioFile(path) {
        await page.getByTestId('scenario-file-input').setInputFiles(path)
      },
      async loadScenarioText(fileName, text) {
        await page.getByTestId('scenario-file-input').setInputFiles({ name: fileName, mimeType: 'application/yaml', buffer: Buffer.from(text, 'utf8') })
      },
      async runLoaded(state = /done/, timeoutMs = 30_000) {
        await app.goto('scenarios')
        await page.getByTestId('run-scenario').click()
        await expect(page.getByTestId('run-state')).toHaveText(state, { timeout: timeoutMs })
      },
      chart: (id) => page.getByTestId(`chart-${id}`),
    }

    await use(app)

    await bridge.dispose()
    const unexpected = errors.filter((e) => !allowed.some((pattern) => pattern.test(e)))
    if (bridge.refusals.length > 0) await testInfo.attach('ipc-refusals', { body: bridge.refusals.join('\n'), contentType: 'text/plain' })
    expect(unexpected, 'console errors and page errors').toEqual([])
  },
})

export { expect, CHART_IDS }
