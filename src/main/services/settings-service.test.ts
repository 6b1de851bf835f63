import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createSettingsService, DEFAULT_SETTINGS, defaultSettingsDir, MAX_RECENT_FILES, SETTINGS_FILE, toSettings } from './settings-service'

const MODEL = { gcFixedNs: 300, gcPerExaminedNs: 7, gcPerLongLivedNs: 400, gcPerTraversedNs: 2, gcPerFreedNs: 50, gcPerAuxFreedNs: 10, opNs: 8, allocNs: 0, freeNs: 0 }

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'heapscope-settings-'))
}

describe('settings service', () => {
  it('starts from defaults when there is no file, and writes a valid file', async () => {
    const dir = join(tempDir(), 'nested')
    const settings = createSettingsService(dir)
    expect(settings.get()).toEqual(DEFAULT_SETTINGS)
    await settings.setTheme('dark')
    expect(JSON.parse(readFileSync(join(dir, SETTINGS_FILE), 'utf8'))).toMatchObject({ theme: 'dark', recentFiles: [] })
    expect(createSettingsService(dir).get().theme).toBe('dark')
  })

  it('falls back to defaults for a corrupt file', () => {
    const dir = tempDir()
    writeFileSync(join(dir, SETTINGS_FILE), '{"theme": "dark", "recentFiles": [')
    expect(createSettingsService(dir).get()).toEqual(DEFAULT_SETTINGS)
    writeFileSync(join(dir, SETTINGS_FILE), '\u0000\u0001binary')
    expect(createSettingsService(dir).get()).toEqual(DEFAULT_SETTINGS)
  })

  it('keeps the valid fields of a hand-edited file and drops the rest', () => {
    const settings = toSettings({
      theme: 'purple',
      recentFiles: ['/a.yaml', 'relative.yaml', 42, '/a.yaml', '/b.yaml'],
      windowBounds: { x: 10, y: 20, width: 50, height: 600 },
      costModels: { 'cpython-3.11': MODEL, 'cpython-3.12': { ...MODEL, opNs: -1 }, 'cpython-9.9': MODEL },
    })
    expect(settings).toEqual({ theme: 'system', recentFiles: ['/a.yaml', '/b.yaml'], windowBounds: null, costModels: { 'cpython-3.11': MODEL } })
    expect(toSettings({ windowBounds: { x: -1200, y: 0, width: 1280, height: 800, maximized: true } }).windowBounds).toEqual({ x: -1200, y: 0, width: 1280, height: 800, maximized: true })
    expect(toSettings({ windowBounds: { x: 0.5, y: 0, width: 1280, height: 800 } }).windowBounds).toBeNull()
    expect(toSettings([1, 2])).toEqual(DEFAULT_SETTINGS)
  })

  it('keeps at most 10 recent files, most recent first, without duplicates', async () => {
    const settings = createSettingsService(tempDir())
    for (let i = 0; i < 12; i++) await settings.addRecentFile(`/s/${i}.yaml`)
    await settings.addRecentFile('/s/5.yaml')
    const recent = settings.get().recentFiles
    expect(recent).toHaveLength(MAX_RECENT_FILES)
    expect(recent.slice(0, 3)).toEqual(['/s/5.yaml', '/s/11.yaml', '/s/10.yaml'])
    await settings.removeRecentFile('/s/11.yaml')
    expect(settings.get().recentFiles).not.toContain('/s/11.yaml')
  })

  it('does not lose what another process wrote (read-modify-write), and serialises its own writes', async () => {
    const dir = tempDir()
    const app = createSettingsService(dir)
    await app.setTheme('light')
    const cli = createSettingsService(dir)
    await cli.setCostModel('cpython-3.13', MODEL)
    await Promise.all([app.setWindowBounds({ x: 1, y: 2, width: 800, height: 600, maximized: false }), app.addRecentFile('/x.yaml'), app.setTheme('dark')])
    const onDisk = toSettings(JSON.parse(readFileSync(join(dir, SETTINGS_FILE), 'utf8')))
    expect(onDisk).toEqual({ theme: 'dark', recentFiles: ['/x.yaml'], windowBounds: { x: 1, y: 2, width: 800, height: 600, maximized: false }, costModels: { 'cpython-3.13': MODEL } })
    expect(await app.reload()).toEqual(onDisk)
    await app.setCostModel('cpython-3.13', null)
    expect(app.get().costModels).toEqual({})
    // No temporary files left behind.
    expect(readdirSync(dir)).toEqual([SETTINGS_FILE])
  })

  it('computes the same folder as Electron’s userData', () => {
    expect(defaultSettingsDir({}, 'linux', '/home/u')).toBe('/home/u/.config/heapscope')
    expect(defaultSettingsDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/u')).toBe('/cfg/heapscope')
    expect(defaultSettingsDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/heapscope')
    expect(defaultSettingsDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u')).toContain('heapscope')
  })
})
