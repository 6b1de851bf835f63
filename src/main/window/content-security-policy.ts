/**
 * The Content-Security-Policy header main adds to our own pages' responses, on top of the
 * renderer's `<meta>` (both apply). Scripts only from our origin; inline styles allowed
 * (ECharts tooltips and Vue style bindings use them); no objects, frames, forms or base URL.
 */
import type { Session } from 'electron'

/**
 * Builds the policy.
 * @param devServerUrl the dev server (development: its websocket carries hot reload)
 * @returns the header value
 */
export function contentSecurityPolicy(devServerUrl?: string): string {
  const connect = ["'self'"]
  if (devServerUrl !== undefined) {
    const dev = new URL(devServerUrl)
    connect.push(dev.origin, `${dev.protocol === 'https:' ? 'wss' : 'ws'}://${dev.host}`)
  }
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${connect.join(' ')}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ')
}

/**
 * Whether a response URL is one of our pages' (file: or the dev server), i.e. gets the header.
 * @param url the response's URL
 * @param devServerUrl the dev server in development
 */
export function isOwnUrl(url: string, devServerUrl?: string): boolean {
  try {
    const parsed = new URL(url)
    if (parsed.protocol === 'file:') return true
    return devServerUrl !== undefined && parsed.origin === new URL(devServerUrl).origin
  } catch {
    return false
  }
}

/**
 * Adds the header to every response of our pages in `session`.
 * @param session the window's session
 * @param devServerUrl the dev server in development
 */
export function installContentSecurityPolicy(session: Session, devServerUrl?: string): void {
  const policy = contentSecurityPolicy(devServerUrl)
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!isOwnUrl(details.url, devServerUrl)) {
      callback({})
      return
    }
    const headers = { ...details.responseHeaders }
    for (const key of Object.keys(headers)) if (key.toLowerCase() === 'content-security-policy') delete headers[key]
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [policy] } })
  })
}
