/**
 * The main window: the one secure window factory's product, placed where it was last time,
 * hardened, loading our page (file, or the dev server in development).
 */
import { BrowserWindow, screen, shell } from 'electron'
import type { WindowBounds } from '../services/settings-service'
import type { SenderPolicy } from '../ipc/validate-sender'
import { hardenWebContents } from './harden'
import { secureWebPreferences } from './secure-web-preferences'
import { MIN_WINDOW_SIZE, placeWindow } from './window-bounds'

export interface MainWindowOptions {
  readonly preloadPath: string
  readonly rendererHtml: string
  readonly policy: SenderPolicy
  readonly savedBounds: WindowBounds | null
  readonly saveBounds: (bounds: WindowBounds) => void
  readonly backgroundColor: string
}

const SAVE_DELAY_MS = 500

/**
 * Creates and loads the main window.
 * @param options preload, page, saved bounds and how to save them
 * @returns the window (shown once its page is ready)
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const primary = screen.getPrimaryDisplay()
  const others = screen.getAllDisplays().filter((d) => d.id !== primary.id)
  const placement = placeWindow(options.savedBounds, [primary, ...others].map((d) => d.workArea))
  const window = new BrowserWindow({
    ...placement.bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    title: 'HeapScope',
    backgroundColor: options.backgroundColor,
    webPreferences: secureWebPreferences(options.preloadPath),
  })
  hardenWebContents(window.webContents, options.policy, (url) => shell.openExternal(url))
  if (placement.maximized) window.maximize()
  window.once('ready-to-show', () => window.show())
  trackBounds(window, options.saveBounds)
  if (options.policy.devServerUrl !== undefined) void window.loadURL(options.policy.devServerUrl)
  else void window.loadFile(options.rendererHtml)
  return window
}

function trackBounds(window: BrowserWindow, save: (bounds: WindowBounds) => void): void {
  let timer: ReturnType<typeof setTimeout> | null = null
  const saveNow = (): void => {
    if (timer !== null) clearTimeout(timer)
    timer = null
    if (window.isDestroyed() || window.isMinimized() || window.isFullScreen()) return
    const b = window.getNormalBounds()
    save({ x: b.x, y: b.y, width: b.width, height: b.height, maximized: window.isMaximized() })
  }
  const later = (): void => {
    if (timer !== null) clearTimeout(timer)
    timer = setTimeout(saveNow, SAVE_DELAY_MS)
  }
  window.on('resize', later)
  window.on('move', later)
  window.on('maximize', later)
  window.on('unmaximize', later)
  window.on('close', saveNow)
}
