/**
 * Playwright: two projects.
 * - `renderer`: the built renderer (`out/renderer`, from `electron-vite build`) in Chromium (Debian's
 *   `/usr/bin/chromium` when present), served over http with the app's CSP, `window.heapscope`
 *   bridged to the real main-process services running in the test process (`e2e/bridge`).
 * - `electron`: the built app through `_electron.launch`; skips itself when no Electron binary is on disk.
 * - `renderer-bench`: the renderer benchmark (`e2e/perf.bench.ts`, the longest main-thread task
 *   during a ~12 M-operation run), only with HEAPSCOPE_BENCH=1 (`npm run bench:renderer`): a
 *   benchmark, not part of `npm test`.
 *
 * `npm test` (scripts/run-tests.mjs) runs `playwright test --reporter=list,json` with
 * `PLAYWRIGHT_JSON_OUTPUT_NAME` and counts the JSON report's stats.
 */
import { defineConfig } from '@playwright/test'
import { CHROMIUM_ARGS, findChromium } from './e2e/support/browsers'

const chromium = findChromium()
const executablePath = 'executablePath' in chromium ? chromium.executablePath : undefined
/** The renderer's browser: Chromium at the app's default window size. */
const inChromium = {
  browserName: 'chromium' as const,
  viewport: { width: 1280, height: 800 },
  launchOptions: { ...(executablePath !== undefined ? { executablePath } : {}), args: [...CHROMIUM_ARGS] },
}

export default defineConfig({
  testDir: 'e2e',
  testMatch: /.*\.spec\.ts$/,
  outputDir: 'test-results',
  tsconfig: './tsconfig.e2e.json',
  globalSetup: './e2e/global-setup.ts',
  // One worker: runs use worker threads of their own, and the benchmark must not share the 2 cores.
  workers: 1,
  fullyParallel: false,
  forbidOnly: process.env['CI'] !== undefined,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  // Tracing snapshots the DOM on the page's main thread and slows every test: turn it on when
  // debugging (`npx playwright test --trace on`). A failing test keeps its screenshot.
  use: { trace: 'off', screenshot: 'only-on-failure' },
  projects: [
    {
      name: 'renderer',
      testIgnore: /electron\.spec\.ts$/,
      use: inChromium,
    },
    { name: 'electron', testMatch: /electron\.spec\.ts$/ },
    ...(process.env['HEAPSCOPE_BENCH'] === '1'
      ? [
          {
            name: 'renderer-bench',
            testMatch: /perf\.bench\.ts$/,
            use: inChromium,
          },
        ]
      : []),
  ],
})
