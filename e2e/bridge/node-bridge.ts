/**
 * The Node half of the test bridge: the app's real services (`createAppServices`) behind the
 * app's real IPC layer (`handleAll`: sender check, argument guards, handlers), reached from the
 * page through one Playwright binding instead of Electron's `ipcMain`. Events the services emit
 * are delivered to the page's listeners in order. Only Electron's own pieces are replaced: the
 * dialogs (scripted by the test), the theme (a `nativeTheme` stand-in) and the PDF printer (none).
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { IpcMainInvokeEvent } from 'electron'
import type { Page } from '@playwright/test'
import { API_MEMBERS, CHANNELS, type CommandName, type HeapScopeEvents, type MenuCommand, type Theme, type ThemeSource } from '../../src/shared/contract'
import { handlersFromCommands } from '../../src/main/ipc/handlers-from-commands'
import { handleAll, type IpcMainLike } from '../../src/main/ipc/typed-ipc-main'
import { createAppServices, type AppServices, type ValidationBackend } from '../../src/main/services/app-services'
import type { ReportContent } from '../../src/main/services/export/export-service'
import type { SettingsService } from '../../src/main/services/settings-service'
import { DELIVER_GLOBAL, pageBridgeScript } from './page-bridge'
import { createEventPump, type DeliveryStats } from './event-pump'
import { encodeForPage } from './typed-array-codec'

const INVOKE_BINDING = '__heapscopeInvoke'

/** The save dialog as the test scripts it. */
export interface ScriptedSaveDialog {
  /** Every request the app made: the default file name and the filters. */
  readonly requests: { readonly defaultName: string; readonly extensions: readonly string[] }[]
  /** Answers the next request with this path (default: `<exportDir>/<defaultName>`); null = Cancel. */
  answerNext(path: string | null): void
  /**
   * What the user does when the chosen file exists (Electron's `showOverwriteConfirmation`):
   * `replace` confirms, `cancel` (the default) declines, which cancels the save.
   */
  onExisting: 'replace' | 'cancel'
}

export interface BridgeEvent {
  readonly event: keyof HeapScopeEvents
  readonly payload: unknown
}

export interface Bridge {
  readonly services: AppServices
  readonly saveDialog: ScriptedSaveDialog
  /** Answers the next open dialog with this path (null or nothing queued = Cancel). */
  answerNextOpen(path: string | null): void
  /** Where exports go by default. */
  readonly exportDir: string
  /** Every event sent to the page, in order. */
  readonly events: readonly BridgeEvent[]
  /** Messages the IPC layer refused (untrusted sender, invalid arguments). */
  readonly refusals: readonly string[]
  /** Sends a menu command as the application menu does (File ▸ Open…, View ▸ …). */
  sendMenuCommand(command: MenuCommand): Promise<void>
  /** Sets the OS theme (`nativeTheme.shouldUseDarkColors`) and tells the page when it follows the OS. */
  setSystemTheme(theme: Theme): Promise<void>
  /** Waits until every event emitted so far has reached the page. */
  flush(): Promise<void>
  /** How many events reached the page, in how many round trips, and the longest wait between emit and arrival. */
  deliveryStats(): DeliveryStats
  dispose(): Promise<void>
}

export interface BridgeOptions {
  readonly page: Page
  /** The origin the renderer is served from (trusted like main's dev server). */
  readonly rendererUrl: string
  readonly libraryDir: string
  readonly workerPath: string
  /** Chart/HTML/CSV builders from `src/report`, as main wires them. */
  readonly content?: ReportContent
  /** Interpreter discovery and validation, given the services' settings (main passes the calibrated models). */
  readonly validation?: (settings: () => SettingsService) => ValidationBackend
  /** A fresh folder for settings and exports (default: a new temp folder). */
  readonly tempDir?: string
}

/**
 * Installs the bridge on a page before it loads the renderer.
 * @param options the page, the renderer's origin and the services' inputs
 * @returns the services and the scripted platform pieces
 */
export async function installBridge(options: BridgeOptions): Promise<Bridge> {
  const { page } = options
  const tempDir = options.tempDir ?? mkdtempSync(join(tmpdir(), 'heapscope-e2e-'))
  const exportDir = join(tempDir, 'exports')
  const settingsDir = join(tempDir, 'settings')
  mkdirSync(exportDir, { recursive: true })
  mkdirSync(settingsDir, { recursive: true })

  const events: BridgeEvent[] = []
  const refusals: string[] = []
  const delivery = createEventPump(page)
  let closed = false
  const emit = <K extends keyof HeapScopeEvents>(event: K, payload: HeapScopeEvents[K]): void => {
    events.push({ event, payload })
    if (!closed) delivery.send(event, encodeForPage(payload))
  }

  let systemTheme: Theme = 'light'
  let themeSource: ThemeSource = 'system'
  const theme = {
    apply(source: ThemeSource) {
      themeSource = source
      return { theme: source === 'system' ? systemTheme : source, source }
    },
  }

  const saveAnswers: (string | null)[] = []
  const saveDialog: ScriptedSaveDialog = {
    requests: [],
    answerNext: (path) => void saveAnswers.push(path),
    onExisting: 'cancel',
  }
  const openAnswers: (string | null)[] = []

  const services = createAppServices({
    app: { name: 'HeapScope', version: '0.0.0-e2e' },
    versions: { node: process.versions.node, chrome: 'playwright', electron: 'none (e2e bridge)' },
    libraryDir: options.libraryDir,
    settingsDir,
    workerPath: options.workerPath,
    emit,
    theme,
    saveDialog: async ({ defaultName, filters }) => {
      saveDialog.requests.push({ defaultName, extensions: filters.flatMap((f) => [...f.extensions]) })
      const answer = saveAnswers.length > 0 ? (saveAnswers.shift() as string | null) : join(exportDir, defaultName)
      if (answer === null) return null
      if (existsSync(answer) && saveDialog.onExisting === 'cancel') return null
      return answer
    },
    openDialog: async () => (openAnswers.length > 0 ? (openAnswers.shift() as string | null) : null),
    ...(options.content !== undefined ? { content: options.content } : {}),
    ...(options.validation !== undefined ? { validation: options.validation(() => services.settings) } : {}),
    maxWorkers: 4,
  })

  // The app's IPC layer, with a stand-in for ipcMain: one listener per channel.
  const channels = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>()
  const ipc: IpcMainLike = {
    handle: (channel, listener) => void channels.set(channel, listener),
    removeHandler: (channel) => void channels.delete(channel),
  }
  const unregister = handleAll(ipc, handlersFromCommands(services.commands), {
    policy: { rendererFileUrl: 'file:///heapscope-e2e/index.html', devServerUrl: options.rendererUrl },
    log: (message) => void refusals.push(message),
  })
  const commandNames = new Set<string>(API_MEMBERS.filter((m) => !m.startsWith('on')))

  await page.exposeBinding(INVOKE_BINDING, async (source, name: unknown, args: unknown) => {
    if (typeof name !== 'string' || !commandNames.has(name)) throw new Error(`no such command: ${String(name)}`)
    const listener = channels.get(CHANNELS[name as CommandName])
    if (listener === undefined) throw new Error(`no handler for ${name}`)
    const frame = source.frame
    const senderFrame = { url: frame.url(), parent: frame.parentFrame() }
    const result = await listener({ senderFrame } as unknown as IpcMainInvokeEvent, ...(Array.isArray(args) ? args : []))
    return encodeForPage(result)
  })
  await page.addInitScript({ content: pageBridgeScript({ members: [...API_MEMBERS], invokeBinding: INVOKE_BINDING, deliverGlobal: DELIVER_GLOBAL }) })

  return {
    services,
    saveDialog,
    exportDir,
    events,
    refusals,
    answerNextOpen: (path) => void openAnswers.push(path),
    async sendMenuCommand(command) {
      emit('menuCommand', command)
      await delivery.flush()
    },
    async setSystemTheme(next) {
      systemTheme = next
      await page.emulateMedia({ colorScheme: next })
      if (themeSource === 'system') emit('themeChanged', { theme: next, source: 'system' })
      await delivery.flush()
    },
    flush: () => delivery.flush(),
    deliveryStats: () => delivery.stats(),
    async dispose() {
      closed = true
      unregister()
      await delivery.flush()
      await services.dispose()
    },
  }
}
