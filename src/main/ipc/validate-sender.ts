/**
 * Which frames may talk to main (VS Code's ValidatedIpcMain idea): only the top frame of our own
 * page, i.e. the renderer's `index.html` loaded from disk, or in development the dev server's
 * origin (`ELECTRON_RENDERER_URL`). Everything else (another site, an iframe, a data: URL, a
 * destroyed frame) is refused.
 */
import { pathToFileURL } from 'node:url'

export interface SenderPolicy {
  /** `file:` URL of the renderer's index.html. */
  readonly rendererFileUrl: string
  /** The dev server's URL (development only; never set in a packaged app). */
  readonly devServerUrl?: string
}

/** The parts of Electron's `WebFrameMain` the check reads. */
export interface SenderFrame {
  readonly url: string
  readonly parent: unknown
}

export type SenderVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string }

/**
 * Builds the policy for the running app.
 * @param rendererHtml absolute path of `out/renderer/index.html`
 * @param devServerUrl `process.env.ELECTRON_RENDERER_URL` when not packaged
 */
export function createSenderPolicy(rendererHtml: string, devServerUrl?: string): SenderPolicy {
  return devServerUrl !== undefined && devServerUrl !== '' ? { rendererFileUrl: pathToFileURL(rendererHtml).href, devServerUrl } : { rendererFileUrl: pathToFileURL(rendererHtml).href }
}

function parse(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}

/**
 * Checks the frame a message came from.
 * @param frame `event.senderFrame` (null once the frame is gone)
 * @param policy our page's URL and the dev server
 * @returns ok, or why the sender is refused
 */
export function checkSender(frame: SenderFrame | null | undefined, policy: SenderPolicy): SenderVerdict {
  if (frame === null || frame === undefined) return { ok: false, reason: 'the sending frame is gone' }
  if (frame.parent !== null) return { ok: false, reason: 'messages from subframes are refused' }
  const url = parse(frame.url)
  if (url === null) return { ok: false, reason: `unparsable sender URL ${JSON.stringify(frame.url)}` }
  if (url.protocol === 'file:') {
    const page = parse(policy.rendererFileUrl)
    if (page !== null && url.host === page.host && decodeURIComponent(url.pathname) === decodeURIComponent(page.pathname)) return { ok: true }
    return { ok: false, reason: `file ${url.pathname} is not HeapScope's page` }
  }
  const dev = policy.devServerUrl !== undefined ? parse(policy.devServerUrl) : null
  if (dev !== null && (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === dev.origin) return { ok: true }
  return { ok: false, reason: `origin ${url.origin} is not HeapScope's` }
}
