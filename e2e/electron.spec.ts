/**
 * The built app in Electron (`out/main/index.js`): the page is isolated from the preload
 * (context isolation), the page has no Node, `window.heapscope` is exactly the contract, navigation away
 * is refused and the CSP header main adds is in force. Needs an Electron binary (and a display:
 * run under `xvfb-run -a`); skipped with the reason when there is none.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test'
import { API_MEMBERS } from '../src/shared/contract'
import { contentSecurityPolicy } from '../src/main/window/content-security-policy'
import { findElectron } from './support/browsers'
import { BUILT_MAIN, REPO_ROOT } from './support/paths'
import { bridgeShape, metaPolicy, nodeGlobals, probeContentSecurityPolicy } from './support/security-probes'

const executablePath = findElectron()

test.describe('the Electron app', () => {
  test.skip(executablePath === undefined, 'no Electron binary on disk (none can be downloaded on this machine): run `npx install-electron` where GitHub is reachable, then `xvfb-run -a npx playwright test --project=electron`')
  test.skip(process.platform === 'linux' && process.env['DISPLAY'] === undefined, 'no X display: run under `xvfb-run -a`')
  test.skip(!existsSync(BUILT_MAIN), `the app is not built (${BUILT_MAIN}): run \`npx electron-vite build\``)

  let app: ElectronApplication
  let page: Page
  let userData: string

  test.beforeAll(async () => {
    userData = mkdtempSync(join(tmpdir(), 'heapscope-electron-'))
    // The app folder (package.json's main is out/main/index.js), so app.getAppPath() finds scenarios/.
    app = await electron.launch({ executablePath: executablePath as string, args: [REPO_ROOT], cwd: REPO_ROOT, env: { ...process.env, HEAPSCOPE_USER_DATA_DIR: userData } })
    page = await app.firstWindow()
    await expect(page.getByTestId('nav-scenarios')).toBeVisible()
  })

  test.afterAll(async () => {
    await app?.close()
    rmSync(userData, { recursive: true, force: true })
  })

  test('the page is isolated from the preload and has no Node', async () => {
    expect(await nodeGlobals(page)).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', Buffer: 'undefined', global: 'undefined', __dirname: 'undefined' })
    // Functions exposed through contextBridge are proxies from the isolated world: their source is not visible.
    expect(await page.evaluate(() => Function.prototype.toString.call(window.heapscope.getAppInfo))).toMatch(/\[native code\]/)
    // The web preferences themselves are checked by main's window-factory tests (Electron has no getter for them).
  })

  test('window.heapscope is exactly the contract', async () => {
    const shape = await bridgeShape(page)
    expect([...shape.keys].sort()).toEqual([...API_MEMBERS].sort())
    expect(shape.allFunctions).toBe(true)
    expect(shape.replaceable).toBe(false)
  })

  test('the CSP header and meta are both in force', async () => {
    const probe = await probeContentSecurityPolicy(page)
    expect(probe.inlineScriptRan).toBe(false)
    expect(probe.evalAllowed).toBe(false)
    expect(probe.violatedPolicies).toContain(await metaPolicy(page))
    expect(probe.violatedPolicies).toContain(contentSecurityPolicy())
  })

  test('navigation to another origin and new windows are refused', async () => {
    const before = page.url()
    await page.evaluate(() => {
      window.location.href = 'https://example.com/'
    })
    await page.waitForTimeout(500)
    expect(page.url()).toBe(before)
    await page.evaluate(() => void window.open('https://example.com/'))
    await page.waitForTimeout(500)
    expect(app.windows()).toHaveLength(1)
  })
})
