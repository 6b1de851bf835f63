/**
 * Starts the renderer server once for the whole run and hands its URL to the test workers
 * through the environment. Fails with a clear message when the renderer is not built.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { RENDERER_DIR, RENDERER_URL_ENV } from './support/paths'
import { startRendererServer } from './support/renderer-server'

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`the renderer is not built (${join(RENDERER_DIR, 'index.html')} is missing): run \`npx electron-vite build\` first`)
  }
  const server = await startRendererServer(RENDERER_DIR)
  process.env[RENDERER_URL_ENV] = server.url
  return () => server.close()
}
