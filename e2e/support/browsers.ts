/**
 * Which browser and which Electron binary the end-to-end tests drive.
 *
 * Chromium: `$PLAYWRIGHT_CHROMIUM_PATH` (or `$PW_CHROMIUM_PATH`), else Debian's `/usr/bin/chromium`,
 * else Playwright's own download when one is installed; otherwise a clear message says how to get one.
 * Electron: the binary named by `$ELECTRON_EXEC_PATH` or electron's `path.txt`, found WITHOUT
 * `require('electron')` (electron ≥ 42 tries to download its binary there and throws offline).
 */
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/** Flags for a root user in a container without a GPU: no sandbox, no background traffic. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--font-render-hinting=none'] as const

const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser']

/**
 * Finds Chromium.
 * @returns `{ executablePath }` for a system or given binary, `{}` to use Playwright's own, or an error message
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): { readonly executablePath?: string } | { readonly error: string } {
  const given = env['PLAYWRIGHT_CHROMIUM_PATH'] ?? env['PW_CHROMIUM_PATH']
  if (given !== undefined && given !== '') {
    return existsSync(given) ? { executablePath: given } : { error: `PLAYWRIGHT_CHROMIUM_PATH=${given} does not exist` }
  }
  const system = SYSTEM_CHROMIUM.find((path) => existsSync(path))
  if (system !== undefined) return { executablePath: system }
  if (playwrightOwnChromium()) return {}
  return {
    error: 'no Chromium found for the end-to-end tests: install Debian\'s (`apt-get install chromium`), run `npx playwright install chromium`, or set PLAYWRIGHT_CHROMIUM_PATH',
  }
}

function playwrightOwnChromium(): boolean {
  try {
    const require = createRequire(import.meta.url)
    const { chromium } = require('playwright-core') as { chromium: { executablePath(): string } }
    return existsSync(chromium.executablePath())
  } catch {
    return false
  }
}

/**
 * The Electron binary on disk, if any.
 * @returns its absolute path, or undefined when none was downloaded
 */
export function findElectron(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const given = env['ELECTRON_EXEC_PATH'] ?? env['ELECTRON_OVERRIDE_DIST_PATH']
  if (given !== undefined && given !== '' && existsSync(given)) return given
  try {
    const dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
    const exe = join(dir, 'dist', readFileSync(join(dir, 'path.txt'), 'utf8').trim())
    return existsSync(exe) ? exe : undefined
  } catch {
    return undefined
  }
}
