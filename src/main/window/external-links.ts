/**
 * Links that may leave the app: https only, to hosts on an allow-list, checked with `URL`
 * (so `https://docs.python.org.evil.example` or `javascript:` never pass).
 */

/** Hosts HeapScope links to (CPython documentation and sources). */
export const EXTERNAL_HOSTS = ['docs.python.org', 'devguide.python.org', 'peps.python.org', 'github.com'] as const

/** Help menu links. */
export const HELP_LINKS = {
  gcModule: 'https://docs.python.org/3/library/gc.html',
  memoryManagement: 'https://docs.python.org/3/c-api/memory.html',
  gcDesign: 'https://devguide.python.org/internals/garbage-collector/',
} as const

/**
 * Whether `url` may be opened in the user's browser.
 * @param url any string (from the renderer: untrusted)
 * @returns true for https URLs to an allowed host without credentials or a custom port
 */
export function isAllowedExternalUrl(url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '' || parsed.port !== '') return false
  return (EXTERNAL_HOSTS as readonly string[]).includes(parsed.hostname)
}

/**
 * Opens `url` in the browser when it is allowed.
 * @param openExternal Electron's `shell.openExternal`
 * @returns whether it was opened
 */
export function openExternalSafely(openExternal: (url: string) => Promise<void>, url: string): boolean {
  if (!isAllowedExternalUrl(url)) return false
  void openExternal(new URL(url).href).catch(() => undefined)
  return true
}
