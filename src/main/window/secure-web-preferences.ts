/**
 * The one place where a window's web preferences are set: every security default on, nothing
 * relaxed. Every HeapScope window (the main window, the hidden PDF printer) uses it.
 */
import type { WebPreferences } from 'electron'

/**
 * Secure web preferences.
 * @param preload absolute path of the sandboxed (CommonJS) preload, or none
 * @returns preferences with sandbox, context isolation and web security on, Node off everywhere
 */
export function secureWebPreferences(preload?: string): WebPreferences {
  return {
    ...(preload !== undefined ? { preload } : {}),
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    experimentalFeatures: false,
    enableBlinkFeatures: '',
  }
}
