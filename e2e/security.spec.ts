/**
 * Security of the page, as far as Chromium can check it without Electron (the `electron`
 * project checks the window itself): the CSP forbids inline script and eval (proved by trying),
 * no Node globals, `window.heapscope` is exactly the contract, frozen, and the real IPC layer
 * refuses a page from another origin; external links never navigate the app's window.
 */
import { API_MEMBERS } from '../src/shared/contract'
import { contentSecurityPolicy } from '../src/main/window/content-security-policy'
import { expect, test } from './fixtures'
import { bridgeShape, metaPolicy, nodeGlobals, parsePolicy, probeContentSecurityPolicy } from './support/security-probes'
import { RENDERER_URL_ENV } from './support/paths'

test('the page\'s CSP forbids inline scripts, inline handlers, eval and foreign connections', async ({ app }) => {
  app.allowErrors(/Content Security Policy|Refused to (execute|connect|load)|Failed to fetch|ERR_BLOCKED/i)
  const meta = await metaPolicy(app.page)
  expect(meta, 'index.html has a CSP <meta>').not.toBeNull()
  const directives = parsePolicy(meta ?? '')
  const scriptSources = directives.get('script-src') ?? directives.get('default-src') ?? []
  expect(scriptSources).toContain("'self'")
  expect(scriptSources).not.toContain("'unsafe-inline'")
  expect(scriptSources).not.toContain("'unsafe-eval'")
  expect(directives.get('object-src')).toEqual(["'none'"])

  const probe = await probeContentSecurityPolicy(app.page)
  expect(probe.inlineScriptRan, 'an inline <script> ran').toBe(false)
  expect(probe.evalAllowed, 'eval ran').toBe(false)
  expect(probe.functionConstructorAllowed, 'new Function ran').toBe(false)
  expect(probe.inlineHandlerRan, 'an inline onerror handler ran').toBe(false)
  expect(probe.foreignFetchAllowed, 'fetch to another origin went through').toBe(false)
  // Both policies are in force: the page's meta and the header main adds (served here by the test server).
  expect(probe.violatedPolicies).toContain(meta)
  expect(probe.violatedPolicies).toContain(contentSecurityPolicy())
  expect(probe.violatedDirectives).toEqual(expect.arrayContaining(['script-src-elem', 'script-src']))
})

test('no Node globals in the page', async ({ app }) => {
  expect(await nodeGlobals(app.page)).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', Buffer: 'undefined', global: 'undefined', __dirname: 'undefined' })
})

test('window.heapscope has exactly the contract\'s members, all functions, and cannot be replaced', async ({ app }) => {
  const shape = await bridgeShape(app.page)
  expect([...shape.keys].sort()).toEqual([...API_MEMBERS].sort())
  expect(shape.allFunctions).toBe(true)
  expect(shape.frozen).toBe(true)
  expect(shape.replaceable).toBe(false)
  // The app still works after the attempt.
  const info = await app.page.evaluate(() => window.heapscope.getAppInfo())
  expect(info.name).toBe('HeapScope')
})

test('main refuses commands from a page of another origin and arguments that break the contract', async ({ app }) => {
  // Same files, another origin (localhost instead of 127.0.0.1): the sender check refuses it.
  const own = new URL(process.env[RENDERER_URL_ENV] ?? '')
  const foreign = `http://localhost:${own.port}/index.html`
  app.allowErrors(/untrusted sender|heapscope/i) // the app on a foreign origin cannot talk to main and may say so
  const ownPage = app.page.url()
  await app.page.goto(foreign)
  const refused = await app.page.evaluate(() =>
    window.heapscope.listScenarios().then(
      () => 'answered',
      (error: unknown) => String(error),
    ),
  )
  expect(refused).toMatch(/refused: untrusted sender/)
  await app.page.goto(ownPage)
  await expect(app.page.getByTestId('nav-scenarios')).toBeVisible()
  expect(app.bridge.refusals.some((r) => r.includes(`origin http://localhost:${own.port} is not HeapScope's`))).toBe(true)

  // Our page with a malformed argument: refused by the argument guard, not run.
  const invalid = await app.page.evaluate(() =>
    (window.heapscope.openScenarioPath as unknown as (p: unknown) => Promise<unknown>)(42).then(
      () => 'answered',
      (error: unknown) => String(error),
    ),
  )
  expect(invalid).toMatch(/openScenarioPath: invalid arguments/)
})

test('external links never navigate the app window', async ({ app }) => {
  const views = ['scenarios', 'run', 'compare', 'validate', 'reports'] as const
  const offending: string[] = []
  let external = 0
  for (const view of views) {
    await app.goto(view)
    const links = await app.page.$$eval('a[href]', (anchors) => anchors.map((a) => ({ href: (a as HTMLAnchorElement).href, target: a.getAttribute('target'), rel: a.getAttribute('rel') ?? '' })))
    for (const link of links) {
      const url = new URL(link.href)
      if (url.origin === new URL(app.page.url()).origin || url.protocol === 'javascript:') continue
      external++
      // In Electron a target=_blank link reaches the window-open handler (denied; https allow-list opens the browser).
      if (link.target !== '_blank' || !/noopener/.test(link.rel)) offending.push(`${view}: ${link.href} target=${link.target} rel=${link.rel}`)
    }
  }
  test.info().annotations.push({ type: 'external links', description: String(external) })
  expect(offending).toEqual([])
  expect(await app.page.evaluate(() => document.querySelectorAll('a[href^="javascript:"]').length)).toBe(0)
})
