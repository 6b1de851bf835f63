import { describe, expect, it, vi } from 'vitest'
import { scenarioArguments } from './scenario-arguments'
import { applyTheme, effectiveTheme } from './window/theme'

vi.mock('electron', () => ({}))

describe('scenario files on the command line', () => {
  it('keeps scenario files, resolved against the working folder', () => {
    expect(scenarioArguments(['/opt/HeapScope/heapscope', '--no-sandbox', 'a.yaml', '/abs/b.json', 'c.YML', 'notes.txt', '.', 'package.json'], '/home/u')).toEqual(['/home/u/a.yaml', '/abs/b.json', '/home/u/c.YML'])
    expect(scenarioArguments(['electron'], '/x')).toEqual([])
  })
})

describe('theme', () => {
  it('applies the source to nativeTheme and reports the effective theme', () => {
    // Like Electron's: the OS is dark; an explicit source wins over it.
    const nativeTheme = {
      themeSource: 'system' as 'system' | 'light' | 'dark',
      get shouldUseDarkColors() {
        return this.themeSource !== 'light'
      },
    }
    expect(applyTheme(nativeTheme, 'light')).toEqual({ theme: 'light', source: 'light' })
    expect(nativeTheme.themeSource).toBe('light')
    expect(applyTheme(nativeTheme, 'system')).toEqual({ theme: 'dark', source: 'system' })
    expect(effectiveTheme({ shouldUseDarkColors: false })).toBe('light')
  })
})
