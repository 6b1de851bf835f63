// The main process bootstrap against a fake Electron (no binary here): one hardened window,
// every command registered behind the sender check, the menu, the theme, and a real run through
// the IPC handlers with the real engine worker.
import { copyFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { MenuItemConstructorOptions } from 'electron'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { CHANNELS, type RunStatusEvent } from '../shared/contract'
import { buildEngineWorker } from './services/engine-host/build-engine-worker'
import { ENGINE_WORKER_ENV } from './services/engine-host/engine-host'

type Listener = (...args: unknown[]) => unknown

const fake = vi.hoisted(() => {
  const root = new URL('../../', import.meta.url).pathname
  class FakeWebContents {
    readonly events = new Map<string, Listener[]>()
    readonly sent: unknown[][] = []
    openHandler: Listener | null = null
    send(...args: unknown[]): void {
      this.sent.push(args)
    }
    isDestroyed(): boolean {
      return false
    }
    on(event: string, listener: Listener): this {
      this.events.set(event, [...(this.events.get(event) ?? []), listener])
      return this
    }
    emit(event: string, ...args: unknown[]): void {
      for (const listener of this.events.get(event) ?? []) listener(...args)
    }
    setWindowOpenHandler(handler: Listener): void {
      this.openHandler = handler
    }
    reload(): void {}
  }
  class BrowserWindow {
    static readonly all: BrowserWindow[] = []
    readonly webContents = new FakeWebContents()
    readonly loaded: string[] = []
    constructor(readonly options: Record<string, unknown>) {
      BrowserWindow.all.push(this)
    }
    static getAllWindows(): BrowserWindow[] {
      return BrowserWindow.all
    }
    async loadFile(path: string): Promise<void> {
      this.loaded.push(path)
    }
    async loadURL(url: string): Promise<void> {
      this.loaded.push(url)
    }
    once(): this {
      return this
    }
    on(): this {
      return this
    }
    isDestroyed(): boolean {
      return false
    }
    isMinimized(): boolean {
      return false
    }
    isFullScreen(): boolean {
      return false
    }
    isMaximized(): boolean {
      return false
    }
    maximize(): void {}
    show(): void {}
    focus(): void {}
    restore(): void {}
    getNormalBounds(): { x: number; y: number; width: number; height: number } {
      return { x: 0, y: 0, width: 1280, height: 800 }
    }
  }
  const paths: Record<string, string> = { userData: '/nonexistent', documents: '/nonexistent' }
  const appEvents = new Map<string, Listener>()
  const menus: { template: MenuItemConstructorOptions[] }[] = []
  const handlers = new Map<string, Listener>()
  return {
    root,
    paths,
    appEvents,
    menus,
    handlers,
    BrowserWindow,
    app: {
      isPackaged: false,
      getVersion: () => '0.1.0',
      getAppPath: () => root,
      getPath: (name: string) => paths[name] as string,
      setPath: (name: string, value: string) => void (paths[name] = value),
      requestSingleInstanceLock: () => true,
      quit: () => undefined,
      isReady: () => true,
      whenReady: () => Promise.resolve(),
      on: (event: string, listener: Listener) => void appEvents.set(event, listener),
    },
    ipcMain: { handle: (channel: string, listener: Listener) => void handlers.set(channel, listener), removeHandler: (channel: string) => void handlers.delete(channel) },
    Menu: { setApplicationMenu: (menu: { template: MenuItemConstructorOptions[] }) => void menus.push(menu), buildFromTemplate: (template: MenuItemConstructorOptions[]) => ({ template }) },
    nativeTheme: {
      themeSource: 'system',
      listeners: [] as Listener[],
      get shouldUseDarkColors(): boolean {
        return this.themeSource === 'dark'
      },
      on(event: string, listener: Listener) {
        if (event === 'updated') this.listeners.push(listener)
      },
    },
    session: {
      defaultSession: {
        permissionHandler: null as Listener | null,
        webRequest: { onHeadersReceived: () => undefined },
        setPermissionRequestHandler(handler: Listener) {
          this.permissionHandler = handler
        },
        setPermissionCheckHandler: () => undefined,
        setDevicePermissionHandler: () => undefined,
        setDisplayMediaRequestHandler: () => undefined,
        on: () => undefined,
      },
    },
    screen: {
      getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }),
      getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
    },
    dialog: { showOpenDialog: async (): Promise<{ canceled: boolean; filePaths: string[] }> => ({ canceled: true, filePaths: [] }), showSaveDialog: async () => ({ canceled: true }), showMessageBox: async () => ({ response: 0 }) },
    shell: { openExternal: async () => undefined },
  }
})

vi.mock('electron', () => fake)

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..')
const PAGE = pathToFileURL(join(ROOT, 'src/renderer/index.html')).href
const fromPage = { senderFrame: { url: PAGE, parent: null } }

function invoke(channel: string, ...args: unknown[]): unknown {
  const handler = fake.handlers.get(channel)
  if (handler === undefined) throw new Error(`no handler for ${channel}`)
  return handler(fromPage, ...args)
}

function menuItem(path: string[]): MenuItemConstructorOptions {
  let items = fake.menus.at(-1)?.template ?? []
  let found: MenuItemConstructorOptions | undefined
  for (const label of path) {
    found = items.find((i) => i.label?.replace('&', '') === label)
    items = (found?.submenu ?? []) as MenuItemConstructorOptions[]
  }
  if (found === undefined) throw new Error(`no menu item ${path.join(' > ')}`)
  return found
}

/** Waits (up to 5 s) until `ready` holds: the services answer asynchronously. */
async function until(ready: () => boolean, what: string): Promise<void> {
  const t0 = Date.now()
  while (!ready()) {
    if (Date.now() - t0 > 5000) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('main process bootstrap (fake Electron)', () => {
  const window = (): InstanceType<typeof fake.BrowserWindow> => fake.BrowserWindow.all[0] as InstanceType<typeof fake.BrowserWindow>

  beforeAll(async () => {
    process.env['HEAPSCOPE_USER_DATA_DIR'] = mkdtempSync(join(tmpdir(), 'heapscope-main-'))
    process.env[ENGINE_WORKER_ENV] = await buildEngineWorker()
    await import('./index')
    await new Promise((r) => setTimeout(r, 50))
  }, 60_000)
  afterAll(() => {
    delete process.env[ENGINE_WORKER_ENV]
    delete process.env['HEAPSCOPE_USER_DATA_DIR']
  })

  it('uses the user data folder from the environment and opens one secure window on our page', () => {
    expect(fake.paths['userData']).toBe(process.env['HEAPSCOPE_USER_DATA_DIR'])
    expect(fake.BrowserWindow.all).toHaveLength(1)
    const prefs = window().options['webPreferences'] as Record<string, unknown>
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true })
    expect(prefs['preload']).toBe(join(ROOT, 'src/preload/index.cjs'))
    expect(window().loaded).toEqual([join(ROOT, 'src/renderer/index.html')])
    expect(window().webContents.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' })
    const answers: boolean[] = []
    fake.session.defaultSession.permissionHandler?.({}, 'geolocation', (granted: boolean) => answers.push(granted))
    expect(answers).toEqual([false])
  })

  it('registers every command behind the sender check', async () => {
    const commands = Object.keys(CHANNELS).filter((name) => !['runProgress', 'runStatus', 'sweepProgress', 'menuCommand', 'themeChanged', 'scenarioOpened'].includes(name))
    expect([...fake.handlers.keys()].sort()).toEqual(commands.map((c) => CHANNELS[c as keyof typeof CHANNELS]).sort())
    const info = (await invoke(CHANNELS.getAppInfo)) as { version: string; theme: string }
    expect(info).toMatchObject({ version: '0.1.0', theme: 'system' })
    const handler = fake.handlers.get(CHANNELS.getAppInfo) as Listener
    expect(() => handler({ senderFrame: { url: 'https://evil.example/', parent: null } })).toThrow(/untrusted sender/)
  })

  it('runs a library scenario through IPC and streams its events to the window', async () => {
    const listing = (await invoke(CHANNELS.listScenarios)) as { library: { path: string }[] }
    const path = listing.library.find((e) => e.path.endsWith('checks/tuples_dicts.yaml'))?.path
    const opened = (await invoke(CHANNELS.openScenarioPath, path)) as { ok: boolean; scenario: { id: string } }
    expect(opened.ok).toBe(true)
    expect(menuItem(['File', 'Export Report…']).enabled).toBe(false)
    const started = (await invoke(CHANNELS.startRun, { scenarioId: opened.scenario.id })) as { ok: boolean; runId: string }
    expect(started).toEqual({ ok: true, runId: 'run-1' })
    expect(menuItem(['File', 'Export Report…']).enabled).toBe(true)
    const sent = window().webContents.sent
    const t0 = Date.now()
    while (!sent.some(([channel, payload]) => channel === CHANNELS.runStatus && (payload as RunStatusEvent).state === 'done')) {
      if (Date.now() - t0 > 20_000) throw new Error('the run did not finish')
      await new Promise((r) => setTimeout(r, 20))
    }
    expect(sent.some(([channel]) => channel === CHANNELS.runProgress)).toBe(true)
    const result = (await invoke(CHANNELS.getRunResult, 'run-1')) as { ok: boolean; result: { summary: { scenario: string } } }
    expect(result.ok && result.result.summary.scenario).toMatch(/tuples/i)
  })

  it('forwards menu commands to the window and handles the theme in main', async () => {
    const sent = window().webContents.sent
    const lastOn = (channel: string): unknown => sent.findLast((m) => m[0] === channel)?.[1]
    ;(menuItem(['Run', 'Start']).click as () => void)()
    expect(lastOn(CHANNELS.menuCommand)).toBe('run-start')
    const before = sent.length
    ;(menuItem(['View', 'Theme', 'Dark']).click as () => void)()
    await until(() => sent.slice(before).some((m) => m[0] === CHANNELS.themeChanged), 'a themeChanged event')
    expect(fake.nativeTheme.themeSource).toBe('dark')
    expect(lastOn(CHANNELS.themeChanged)).toEqual({ theme: 'dark', source: 'dark' })
    await until(() => menuItem(['View', 'Theme', 'Dark']).checked === true, 'the Dark menu item checked')
    // The OS flipping its theme is announced too.
    const count = sent.length
    fake.nativeTheme.listeners[0]?.()
    expect(sent.slice(count).filter((m) => m[0] === CHANNELS.themeChanged)).toEqual([[CHANNELS.themeChanged, { theme: 'dark', source: 'dark' }]])
  })

  it('tells the window about a scenario opened from the menu', async () => {
    const mine = join(mkdtempSync(join(tmpdir(), 'heapscope-mine-')), 'mine.yaml')
    copyFileSync(join(ROOT, 'scenarios/checks/weak_fin.yaml'), mine)
    fake.dialog.showOpenDialog = async () => ({ canceled: false, filePaths: [mine] })
    ;(menuItem(['File', 'Open Scenario…']).click as () => void)()
    const sent = window().webContents.sent
    const t0 = Date.now()
    while (sent.at(-1)?.[0] !== CHANNELS.scenarioOpened) {
      if (Date.now() - t0 > 5000) throw new Error('no scenarioOpened event')
      await new Promise((r) => setTimeout(r, 10))
    }
    expect(sent.at(-1)?.[1]).toMatchObject({ ok: true, scenario: { fileName: 'mine.yaml', path: mine } })
    // A file from outside the library goes to Open Recent (the menu is rebuilt).
    await until(() => (menuItem(['File', 'Open Recent']).submenu as unknown[] | undefined)?.length === 1, 'Open Recent rebuilt')
    expect(menuItem(['File', 'Open Recent']).submenu).toEqual([expect.objectContaining({ toolTip: mine })])
  })
})
