/**
 * The renderer's one door to main: `window.heapscope`, the contract the preload exposes (or the
 * test bridge Playwright installs in plain Chromium). Every other renderer module imports
 * `heapscope` from here; unit tests swap it with `setClient` for a typed fake.
 */
import type { HeapScopeApi } from '@shared/contract'

let current: HeapScopeApi | null = null

/**
 * The API. Resolved on first use so that a bridge installed after this module loads still counts.
 * @returns the contract implementation
 */
export function client(): HeapScopeApi {
  if (current !== null) return current
  const bridge = (window as Window & { heapscope?: HeapScopeApi }).heapscope
  if (bridge === undefined) throw new Error('window.heapscope is missing: the preload did not run (open HeapScope through Electron)')
  current = bridge
  return current
}

/**
 * Replaces the API (unit tests with a typed fake).
 * @param api the implementation, or null to go back to `window.heapscope`
 */
export function setClient(api: HeapScopeApi | null): void {
  current = api
}
