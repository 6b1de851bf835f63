import { describe, expect, it, vi } from 'vitest'
import { createSenderPolicy } from '../ipc/validate-sender'
import { hardenSession, hardenWebContents } from './harden'
import { secureWebPreferences } from './secure-web-preferences'

vi.mock('electron', () => ({}))

type Handler = (...args: unknown[]) => unknown

function fakeContents(): { on: (event: string, handler: Handler) => void; setWindowOpenHandler: (h: Handler) => void; fire: (event: string, ...args: unknown[]) => void; open: Handler } {
  const handlers = new Map<string, Handler>()
  let open: Handler = () => undefined
  return {
    on: (event, handler) => handlers.set(event, handler),
    setWindowOpenHandler: (h) => (open = h),
    fire: (event, ...args) => handlers.get(event)?.(...args),
    get open() {
      return open
    },
  }
}

function navigation(url: string, isMainFrame = true): { url: string; isMainFrame: boolean; prevented: boolean; preventDefault(): void } {
  return {
    url,
    isMainFrame,
    prevented: false,
    preventDefault() {
      this.prevented = true
    },
  }
}

describe('secure web preferences', () => {
  it('keeps every security default on', () => {
    const prefs = secureWebPreferences('/app/out/preload/index.cjs')
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false, preload: '/app/out/preload/index.cjs' })
    expect(secureWebPreferences()).not.toHaveProperty('preload')
  })
})

describe('hardening', () => {
  const policy = createSenderPolicy('/app/out/renderer/index.html')

  it('denies every permission request and check', () => {
    const calls: Record<string, Handler> = {}
    const session = {
      webRequest: { onHeadersReceived: () => undefined },
      setPermissionRequestHandler: (h: Handler) => (calls['request'] = h),
      setPermissionCheckHandler: (h: Handler) => (calls['check'] = h),
      setDevicePermissionHandler: (h: Handler) => (calls['device'] = h),
      setDisplayMediaRequestHandler: (h: Handler) => (calls['display'] = h),
      on: (_event: string, h: Handler) => (calls['download'] = h),
    }
    hardenSession(session as never)
    const answers: unknown[] = []
    calls['request']?.({}, 'media', (granted: boolean) => answers.push(granted))
    calls['request']?.({}, 'notifications', (granted: boolean) => answers.push(granted))
    calls['display']?.({}, (streams: unknown) => answers.push(streams))
    expect(answers).toEqual([false, false, null])
    expect(calls['check']?.({}, 'clipboard-read', 'file://', {})).toBe(false)
    expect(calls['device']?.({})).toBe(false)
    const download = navigation('https://x/')
    calls['download']?.(download)
    expect(download.prevented).toBe(true)
  })

  it('blocks navigation away from our page and opens allowed https links in the browser', () => {
    const contents = fakeContents()
    const opened: string[] = []
    hardenWebContents(contents as never, policy, async (url) => void opened.push(url))
    const away = navigation('https://evil.example/')
    contents.fire('will-navigate', away)
    expect(away.prevented).toBe(true)
    const docs = navigation('https://docs.python.org/3/library/gc.html')
    contents.fire('will-navigate', docs)
    expect(docs.prevented).toBe(true)
    const file = navigation('file:///etc/passwd')
    contents.fire('will-redirect', file)
    expect(file.prevented).toBe(true)
    const ours = navigation('file:///app/out/renderer/index.html#/run')
    contents.fire('will-navigate', ours)
    expect(ours.prevented).toBe(false)
    const frame = navigation('file:///app/out/renderer/index.html', false)
    contents.fire('will-frame-navigate', frame)
    expect(frame.prevented).toBe(true)
    expect(opened).toEqual(['https://docs.python.org/3/library/gc.html'])
  })

  it('denies new windows and webviews', () => {
    const contents = fakeContents()
    const opened: string[] = []
    hardenWebContents(contents as never, policy, async (url) => void opened.push(url))
    expect(contents.open({ url: 'https://evil.example/' })).toEqual({ action: 'deny' })
    expect(contents.open({ url: 'https://github.com/python/cpython' })).toEqual({ action: 'deny' })
    expect(opened).toEqual(['https://github.com/python/cpython'])
    const webview = navigation('')
    contents.fire('will-attach-webview', webview)
    expect(webview.prevented).toBe(true)
  })
})
