/**
 * The application menu as a template built from the app's state (recent files, whether a run
 * exists, the theme setting), so it is rebuilt whenever one of those changes. Menu items that
 * act on the renderer's state send a `menuCommand`; main's own jobs (open dialog, recent files,
 * theme, About, help links) are actions main performs.
 */
import type { MenuItemConstructorOptions } from 'electron'
import type { MenuCommand, ThemeSource } from '../../shared/contract'
import { HELP_LINKS } from '../window/external-links'

export interface MenuState {
  readonly recentFiles: readonly string[]
  readonly hasRuns: boolean
  readonly theme: ThemeSource
  /** Toggle Developer Tools only in development. */
  readonly isPackaged: boolean
  readonly platform: NodeJS.Platform
  readonly appName: string
}

export interface MenuActions {
  /** Forward a command to the renderer. */
  command(command: MenuCommand): void
  /** Show the open dialog and open the chosen scenario. */
  openScenario(): void
  openRecent(path: string): void
  setTheme(source: ThemeSource): void
  showAbout(): void
  openLink(url: string): void
}

const THEMES: readonly { readonly source: ThemeSource; readonly label: string }[] = [
  { source: 'system', label: 'System' },
  { source: 'light', label: 'Light' },
  { source: 'dark', label: 'Dark' },
]

/** Shortens a path for a menu label: the file name, then its folder. */
export function recentLabel(path: string): string {
  const parts = path.split(/[\\/]/).filter((p) => p !== '')
  const file = parts.at(-1) ?? path
  const folder = parts.at(-2)
  // `&` would become a mnemonic marker on Windows and Linux.
  return (folder !== undefined ? `${file} — ${folder}` : file).replaceAll('&', '&&')
}

/**
 * Builds the menu template.
 * @param state what the menu shows
 * @param actions what its items do
 * @returns the template for `Menu.buildFromTemplate`
 */
export function buildMenuTemplate(state: MenuState, actions: MenuActions): MenuItemConstructorOptions[] {
  const isMac = state.platform === 'darwin'
  const recent: MenuItemConstructorOptions[] =
    state.recentFiles.length === 0
      ? [{ label: 'No Recent Files', enabled: false }]
      : state.recentFiles.map((path) => ({ label: recentLabel(path), toolTip: path, click: () => actions.openRecent(path) }))

  const app: MenuItemConstructorOptions[] = isMac
    ? [
        {
          label: state.appName,
          submenu: [{ label: `About ${state.appName}`, click: () => actions.showAbout() }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
        },
      ]
    : []

  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'Open Scenario…', accelerator: 'CmdOrCtrl+O', click: () => actions.openScenario() },
      { label: 'Open Recent', submenu: recent },
      { type: 'separator' },
      { label: 'Export Chart…', accelerator: 'CmdOrCtrl+Shift+E', enabled: state.hasRuns, click: () => actions.command('export-chart') },
      { label: 'Export Report…', accelerator: 'CmdOrCtrl+E', enabled: state.hasRuns, click: () => actions.command('export-report') },
      ...(isMac ? [] : ([{ type: 'separator' }, { role: 'quit' }] as MenuItemConstructorOptions[])),
    ],
  }

  const run: MenuItemConstructorOptions = {
    label: '&Run',
    submenu: [
      { label: 'Start', accelerator: 'CmdOrCtrl+R', click: () => actions.command('run-start') },
      { label: 'Pause', accelerator: 'F6', click: () => actions.command('run-pause') },
      { label: 'Cancel', accelerator: 'Shift+F5', click: () => actions.command('run-cancel') },
    ],
  }

  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      { label: 'Scenarios', accelerator: 'CmdOrCtrl+1', click: () => actions.command('navigate-scenarios') },
      { label: 'Run', accelerator: 'CmdOrCtrl+2', click: () => actions.command('navigate-run') },
      { label: 'Compare', accelerator: 'CmdOrCtrl+3', click: () => actions.command('navigate-compare') },
      { label: 'Validate', accelerator: 'CmdOrCtrl+4', click: () => actions.command('navigate-validate') },
      { label: 'Reports', accelerator: 'CmdOrCtrl+5', click: () => actions.command('navigate-reports') },
      { type: 'separator' },
      {
        label: 'Theme',
        submenu: THEMES.map(({ source, label }) => ({ label, type: 'radio' as const, checked: state.theme === source, click: () => actions.setTheme(source) })),
      },
      { type: 'separator' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { role: 'resetZoom' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(state.isPackaged ? [] : ([{ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' }] as MenuItemConstructorOptions[])),
    ],
  }

  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: '&Help',
    submenu: [
      { label: 'Python gc Module Documentation', click: () => actions.openLink(HELP_LINKS.gcModule) },
      { label: 'CPython Memory Management', click: () => actions.openLink(HELP_LINKS.memoryManagement) },
      { label: 'CPython Garbage Collector Design', click: () => actions.openLink(HELP_LINKS.gcDesign) },
      ...(isMac ? [] : ([{ type: 'separator' }, { label: `About ${state.appName}`, click: () => actions.showAbout() }] as MenuItemConstructorOptions[])),
    ],
  }

  return [...app, file, run, { role: 'editMenu' }, view, ...(isMac ? [{ role: 'windowMenu' } as MenuItemConstructorOptions] : []), help]
}
