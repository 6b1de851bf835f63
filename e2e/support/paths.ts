/** Paths of the repository the end-to-end tests use. */
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..')
/** The built renderer (`electron-vite build`); `$HEAPSCOPE_E2E_RENDERER_DIR` serves another build. */
export const RENDERER_DIR = process.env['HEAPSCOPE_E2E_RENDERER_DIR'] ?? join(REPO_ROOT, 'out/renderer')
/** The built engine worker (`electron-vite build`). */
export const BUILT_ENGINE_WORKER = join(REPO_ROOT, 'out/main/engine-worker.js')
/** The built validation worker (`electron-vite build`). */
export const BUILT_VALIDATION_WORKER = join(REPO_ROOT, 'out/main/validation-worker.js')
/** The built main process, for the electron project. */
export const BUILT_MAIN = join(REPO_ROOT, 'out/main/index.js')
/** The bundled scenarios, as main lists them (`<app>/scenarios`). */
export const SCENARIOS_DIR = join(REPO_ROOT, 'scenarios')
/** Scenario files made for the end-to-end tests. */
export const E2E_SCENARIOS_DIR = join(REPO_ROOT, 'e2e/scenarios')
/** Environment variable carrying the renderer server's URL from the global setup to the workers. */
export const RENDERER_URL_ENV = 'HEAPSCOPE_E2E_RENDERER_URL'
