/**
 * Security for sessions and web contents: deny every permission request and check, add the CSP
 * header, refuse navigation away from our page, new windows and webviews (allowed https links
 * open in the browser instead).
 */
import type { Session, WebContents } from 'electron'
import { installContentSecurityPolicy } from './content-security-policy'
import { openExternalSafely } from './external-links'
import { checkSender, type SenderPolicy } from '../ipc/validate-sender'

/**
 * Hardens a session once (all windows share it).
 * @param session `session.defaultSession`
 * @param devServerUrl the dev server in development
 */
export function hardenSession(session: Session, devServerUrl?: string): void {
  installContentSecurityPolicy(session, devServerUrl)
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler(() => false)
  session.setDisplayMediaRequestHandler((_request, callback) => callback(null))
  session.on('will-download', (event) => event.preventDefault())
}

/**
 * Hardens one window's web contents.
 * @param contents the window's webContents
 * @param policy which page is ours
 * @param openExternal Electron's `shell.openExternal`
 */
export function hardenWebContents(contents: WebContents, policy: SenderPolicy, openExternal: (url: string) => Promise<void>): void {
  const isOurPage = (url: string): boolean => checkSender({ url, parent: null }, policy).ok
  const refuse = (event: { preventDefault(): void }, url: string): void => {
    if (isOurPage(url)) return
    event.preventDefault()
    openExternalSafely(openExternal, url)
  }
  contents.on('will-navigate', (event) => refuse(event, event.url))
  contents.on('will-redirect', (event) => refuse(event, event.url))
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(openExternal, url)
    return { action: 'deny' }
  })
}
