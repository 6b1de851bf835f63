/**
 * HeapScope's Electron main process: one instance, one secure window, the menu, the services
 * behind the typed IPC contract, and the theme following the settings (the OS by default).
 * The engine never runs here: runs go to worker threads through the engine host.
 */
import { isAbsolute, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, session, shell } from 'electron'
import type { HeapScopeEvents, LoadResult, MenuCommand } from '../shared/contract'
import { emit } from './ipc/emit'
import { handlersFromCommands } from './ipc/handlers-from-commands'
import { handleAll } from './ipc/typed-ipc-main'
import { createSenderPolicy } from './ipc/validate-sender'
import { aboutText } from './menu/about'
import { buildMenuTemplate, type MenuActions } from './menu/app-menu'
import { scenarioArguments } from './scenario-arguments'
import { createAppServices, type AppServices } from './services/app-services'
import { ENGINE_WORKER_ENV } from './services/engine-host/engine-host'
import { createWorkerValidationBackend } from './services/python/validation-in-worker'
import { createMainWindow } from './window/create-main-window'
import { openExternalSafely } from './window/external-links'
import { hardenSession } from './window/harden'
import { printHtmlToPdf } from './window/pdf-printer'
import { buildCsvFiles, buildHtmlReport, renderChartSvg } from '@report'
import { applyTheme, effectiveTheme, WINDOW_BACKGROUND } from './window/theme'

const APP_NAME = 'HeapScope'
const OUT_MAIN = fileURLToPath(new URL('.', import.meta.url))
const PRELOAD = join(OUT_MAIN, '../preload/index.cjs')
const RENDERER_HTML = join(OUT_MAIN, '../renderer/index.html')
/** The dev server is trusted only in development (electron-vite dev sets it). */
const DEV_SERVER_URL = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL']
/** The engine worker next to this file; in development (and tests) `$HEAPSCOPE_ENGINE_WORKER` may name another. */
const ENGINE_WORKER = (!app.isPackaged ? process.env[ENGINE_WORKER_ENV] : undefined) || join(OUT_MAIN, 'engine-worker.js')
const MAX_RENDERER_RELOADS = 3

/** Where the bundled scenario library is. */
function libraryDir(): string {
  return app.isPackaged ? join(process.resourcesPath, 'scenarios') : join(app.getAppPath(), 'scenarios')
}

function start(pendingFiles: string[]): void {
  const policy = createSenderPolicy(RENDERER_HTML, DEV_SERVER_URL)
  hardenSession(session.defaultSession, DEV_SERVER_URL)
  let window: BrowserWindow | null = null
  let pageReady = false

  const send = <K extends keyof HeapScopeEvents>(event: K, payload: HeapScopeEvents[K]): void => {
    if (window !== null && !window.isDestroyed()) emit(window.webContents, event, payload)
  }
  const parent = (): BrowserWindow | undefined => (window !== null && !window.isDestroyed() ? window : undefined)

  const services: AppServices = createAppServices({
    app: { name: APP_NAME, version: app.getVersion() },
    versions: process.versions,
    libraryDir: libraryDir(),
    settingsDir: app.getPath('userData'),
    workerPath: ENGINE_WORKER,
    emit: send,
    theme: { apply: (source) => applyTheme(nativeTheme, source) },
    openDialog: async () => {
      const options: Electron.OpenDialogOptions = { title: 'Open Scenario', properties: ['openFile'], filters: [{ name: 'Scenarios', extensions: ['yaml', 'yml', 'json'] }] }
      const owner = parent()
      const answer = owner !== undefined ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options)
      return answer.canceled ? null : (answer.filePaths[0] ?? null)
    },
    saveDialog: async ({ defaultName, filters }) => {
      const options: Electron.SaveDialogOptions = {
        defaultPath: join(app.getPath('documents'), defaultName),
        filters: filters.map((f) => ({ name: f.name, extensions: [...f.extensions] })),
        properties: ['showOverwriteConfirmation', 'createDirectory'],
      }
      const owner = parent()
      const answer = owner !== undefined ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options)
      return answer.canceled || answer.filePath === undefined || answer.filePath === '' ? null : answer.filePath
    },
    // Charts, HTML and CSV come from src/report; PDF prints that HTML.
    content: { pdf: printHtmlToPdf, chartSvg: (chart, runs, theme) => renderChartSvg(chart, runs, { theme }), htmlReport: (runs, theme) => buildHtmlReport(runs, { theme, generatedAt: new Date().toISOString() }), csvFiles: (runs) => buildCsvFiles(runs).map((file) => ({ name: file.name, data: file.text })) },
    // Interpreter discovery and validation against them (src/main/services/python), the
    // simulations in a worker thread.
    validation: createWorkerValidationBackend({ workerPath: join(OUT_MAIN, 'validation-worker.js'), costModels: () => services.settings.get().costModels }),
    onRunsChanged: () => refreshMenu(),
    onSettingsChanged: () => refreshMenu(),
  })

  const openAndTell = (load: Promise<LoadResult>): void => {
    void load.then((result) => {
      if (!result.ok && result.reason === 'cancelled') return
      send('scenarioOpened', result)
    })
  }
  const openFiles = (paths: readonly string[]): void => {
    for (const path of paths) openAndTell(services.scenarios.openUserFile(path))
  }

  const actions: MenuActions = {
    command: (command: MenuCommand) => send('menuCommand', command),
    openScenario: () => openAndTell(services.scenarios.openScenarioDialog()),
    openRecent: (path) => openAndTell(services.scenarios.openScenarioPath(path)),
    setTheme: (source) => void services.commands.setTheme(source),
    showAbout: () => {
      const text = aboutText({ name: APP_NAME, version: app.getVersion() }, process.versions)
      const options: Electron.MessageBoxOptions = { type: 'info', title: `About ${APP_NAME}`, buttons: ['OK'], ...text }
      const owner = parent()
      void (owner !== undefined ? dialog.showMessageBox(owner, options) : dialog.showMessageBox(options))
    },
    openLink: (url) => void openExternalSafely((u) => shell.openExternal(u), url),
  }
  function refreshMenu(): void {
    const settings = services.settings.get()
    const state = { recentFiles: settings.recentFiles, hasRuns: services.runs.listRuns().length > 0, theme: settings.theme, isPackaged: app.isPackaged, platform: process.platform, appName: APP_NAME }
    Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(state, actions)))
  }

  handleAll(ipcMain, handlersFromCommands(services.commands), { policy })
  nativeTheme.on('updated', () => send('themeChanged', { theme: effectiveTheme(nativeTheme), source: services.settings.get().theme }))
  refreshMenu()

  const openWindow = (): void => {
    pageReady = false
    let reloads = 0
    window = createMainWindow({
      preloadPath: PRELOAD,
      rendererHtml: RENDERER_HTML,
      policy,
      savedBounds: services.settings.get().windowBounds,
      saveBounds: (bounds) => void services.settings.setWindowBounds(bounds).catch(() => undefined),
      backgroundColor: WINDOW_BACKGROUND[effectiveTheme(nativeTheme)],
    })
    const contents = window.webContents
    contents.on('did-finish-load', () => {
      pageReady = true
      openFiles(pendingFiles.splice(0))
    })
    // A crashed page comes back (a few times), never a dead window.
    contents.on('render-process-gone', (_event, details) => {
      if (details.reason === 'clean-exit' || reloads >= MAX_RENDERER_RELOADS) return
      reloads++
      contents.reload()
    })
    window.on('closed', () => {
      window = null
    })
  }
  openWindow()

  app.on('second-instance', (_event, argv, cwd) => {
    if (window === null) openWindow()
    else {
      if (window.isMinimized()) window.restore()
      window.focus()
    }
    const files = scenarioArguments(argv, cwd)
    if (pageReady) openFiles(files)
    else pendingFiles.push(...files)
  })
  app.on('open-file', (event, path) => {
    event.preventDefault()
    if (pageReady) openFiles([path])
    else pendingFiles.push(path)
  })
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow()
  })
  app.on('before-quit', () => void services.dispose())
}

function main(): void {
  const userData = process.env['HEAPSCOPE_USER_DATA_DIR']
  if (userData !== undefined && isAbsolute(userData)) app.setPath('userData', userData)
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }
  const pendingFiles = scenarioArguments(process.argv, process.cwd())
  // macOS delivers "open with" files before ready.
  app.on('open-file', (event, path) => {
    event.preventDefault()
    if (!app.isReady()) pendingFiles.push(path)
  })
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (e) => e.preventDefault())
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  void app.whenReady().then(() => start(pendingFiles))
}

main()
