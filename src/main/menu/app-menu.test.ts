import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { aboutText } from './about'
import { buildMenuTemplate, recentLabel, type MenuActions, type MenuState } from './app-menu'

vi.mock('electron', () => ({}))

const STATE: MenuState = { recentFiles: ['/home/u/work/api.yaml', '/tmp/R&D.yaml'], hasRuns: false, theme: 'system', isPackaged: true, platform: 'linux', appName: 'HeapScope' }

function recorder(): { actions: MenuActions; calls: unknown[][] } {
  const calls: unknown[][] = []
  const actions: MenuActions = {
    command: (c) => calls.push(['command', c]),
    openScenario: () => calls.push(['openScenario']),
    openRecent: (p) => calls.push(['openRecent', p]),
    setTheme: (s) => calls.push(['setTheme', s]),
    showAbout: () => calls.push(['showAbout']),
    openLink: (u) => calls.push(['openLink', u]),
  }
  return { actions, calls }
}

function find(template: MenuItemConstructorOptions[], ...path: string[]): MenuItemConstructorOptions {
  let items = template
  let found: MenuItemConstructorOptions | undefined
  for (const label of path) {
    found = items.find((i) => i.label?.replace('&', '') === label)
    if (found === undefined) throw new Error(`no menu item ${path.join(' > ')}`)
    items = (found.submenu ?? []) as MenuItemConstructorOptions[]
  }
  return found as MenuItemConstructorOptions
}

const click = (item: MenuItemConstructorOptions): void => (item.click as () => void)()

describe('application menu', () => {
  it('has File, Run, View and Help with the required items and shortcuts', () => {
    const { actions, calls } = recorder()
    const t = buildMenuTemplate(STATE, actions)
    expect(find(t, 'File', 'Open Scenario…').accelerator).toBe('CmdOrCtrl+O')
    expect(find(t, 'Run', 'Start').accelerator).toBe('CmdOrCtrl+R')
    // The View menu's shortcuts are the renderer's Ctrl+1..5.
    expect(['Scenarios', 'Run', 'Compare', 'Validate', 'Reports'].map((v) => find(t, 'View', v).accelerator)).toEqual(['CmdOrCtrl+1', 'CmdOrCtrl+2', 'CmdOrCtrl+3', 'CmdOrCtrl+4', 'CmdOrCtrl+5'])
    click(find(t, 'File', 'Open Scenario…'))
    click(find(t, 'Run', 'Start'))
    click(find(t, 'Run', 'Pause'))
    click(find(t, 'Run', 'Cancel'))
    click(find(t, 'File', 'Export Chart…'))
    click(find(t, 'View', 'Compare'))
    expect(calls).toEqual([['openScenario'], ['command', 'run-start'], ['command', 'run-pause'], ['command', 'run-cancel'], ['command', 'export-chart'], ['command', 'navigate-compare']])
    expect(((find(t, 'File').submenu ?? []) as MenuItemConstructorOptions[]).some((i) => i.role === 'quit')).toBe(true)
    expect(((find(t, 'View').submenu ?? []) as MenuItemConstructorOptions[]).map((i) => i.role).filter(Boolean)).toEqual(['zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen'])
  })

  it('enables Export Report… only when a run exists', () => {
    const { actions, calls } = recorder()
    expect(find(buildMenuTemplate(STATE, actions), 'File', 'Export Report…').enabled).toBe(false)
    const withRuns = find(buildMenuTemplate({ ...STATE, hasRuns: true }, actions), 'File', 'Export Report…')
    expect(withRuns.enabled).toBe(true)
    click(withRuns)
    expect(calls).toEqual([['command', 'export-report']])
  })

  it('lists recent files, or says there are none', () => {
    const { actions, calls } = recorder()
    const recent = (find(buildMenuTemplate(STATE, actions), 'File', 'Open Recent').submenu ?? []) as MenuItemConstructorOptions[]
    expect(recent.map((i) => i.label)).toEqual(['api.yaml — work', 'R&&D.yaml — tmp'])
    click(recent[1] as MenuItemConstructorOptions)
    expect(calls).toEqual([['openRecent', '/tmp/R&D.yaml']])
    const none = (find(buildMenuTemplate({ ...STATE, recentFiles: [] }, actions), 'File', 'Open Recent').submenu ?? []) as MenuItemConstructorOptions[]
    expect(none).toEqual([{ label: 'No Recent Files', enabled: false }])
    expect(recentLabel('C:\\Users\\u\\a.yaml')).toBe('a.yaml — u')
  })

  it('offers the theme as a radio group checked on the setting', () => {
    const { actions, calls } = recorder()
    const themes = (find(buildMenuTemplate({ ...STATE, theme: 'dark' }, actions), 'View', 'Theme').submenu ?? []) as MenuItemConstructorOptions[]
    expect(themes.map((i) => [i.label, i.type, i.checked])).toEqual([
      ['System', 'radio', false],
      ['Light', 'radio', false],
      ['Dark', 'radio', true],
    ])
    click(themes[1] as MenuItemConstructorOptions)
    expect(calls).toEqual([['setTheme', 'light']])
  })

  it('shows Toggle Developer Tools only when not packaged', () => {
    const { actions } = recorder()
    const roles = (state: MenuState): unknown[] => ((find(buildMenuTemplate(state, actions), 'View').submenu ?? []) as MenuItemConstructorOptions[]).map((i) => i.role)
    expect(roles(STATE)).not.toContain('toggleDevTools')
    expect(roles({ ...STATE, isPackaged: false })).toContain('toggleDevTools')
  })

  it('has About and allow-listed documentation links under Help (About in the app menu on macOS)', () => {
    const { actions, calls } = recorder()
    const t = buildMenuTemplate(STATE, actions)
    click(find(t, 'Help', 'About HeapScope'))
    click(find(t, 'Help', 'Python gc Module Documentation'))
    expect(calls).toEqual([['showAbout'], ['openLink', 'https://docs.python.org/3/library/gc.html']])
    const mac = buildMenuTemplate({ ...STATE, platform: 'darwin' }, actions)
    expect(mac[0]?.label).toBe('HeapScope')
    expect(find(mac, 'HeapScope', 'About HeapScope')).toBeDefined()
  })

  it('writes the About text with the runtime versions', () => {
    const text = aboutText({ name: 'HeapScope', version: '0.1.0' }, { electron: '45.4.1', chrome: '142.0', node: '22.20.0', v8: '14.2' })
    expect(text.message).toBe('HeapScope 0.1.0')
    expect(text.detail).toContain('Electron 45.4.1\nChromium 142.0\nNode.js 22.20.0\nV8 14.2')
  })
})
