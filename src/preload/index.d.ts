/**
 * Types `window.heapscope` for the renderer: exactly the contract the preload exposes.
 */
import type { HeapScopeApi } from '../shared/contract'

declare global {
  interface Window {
    readonly heapscope: HeapScopeApi
  }
}

export {}
