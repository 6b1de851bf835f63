import { describe, expect, it, vi } from 'vitest'
import { handleShortcut, type AppCommands } from './app-commands'

function commands(): AppCommands {
  return {
    openScenario: vi.fn(), runLoadedScenario: vi.fn(), togglePause: vi.fn(), cancelRun: vi.fn(), exportReport: vi.fn(),
    exportChart: vi.fn(), navigate: vi.fn(), about: vi.fn(), menu: vi.fn(),
  }
}

describe('keyboard shortcuts', () => {
  it('maps the documented keys to commands', () => {
    const c = commands()
    expect(handleShortcut(new KeyboardEvent('keydown', { key: 'o', ctrlKey: true }), c)).toBe(true)
    expect(handleShortcut(new KeyboardEvent('keydown', { key: 'r', metaKey: true }), c)).toBe(true)
    expect(handleShortcut(new KeyboardEvent('keydown', { key: 'e', ctrlKey: true }), c)).toBe(true)
    expect(handleShortcut(new KeyboardEvent('keydown', { key: '3', ctrlKey: true }), c)).toBe(true)
    expect(handleShortcut(new KeyboardEvent('keydown', { key: ' ' }), c)).toBe(true)
    expect(handleShortcut(new KeyboardEvent('keydown', { key: 'Escape' }), c)).toBe(true)
    expect(c.openScenario).toHaveBeenCalledOnce()
    expect(c.runLoadedScenario).toHaveBeenCalledOnce()
    expect(c.exportReport).toHaveBeenCalledOnce()
    expect(c.navigate).toHaveBeenCalledWith('compare')
    expect(c.togglePause).toHaveBeenCalledOnce()
    expect(c.cancelRun).toHaveBeenCalledOnce()
  })

  it('leaves Space and Esc to text fields, and other keys alone', () => {
    const c = commands()
    const input = document.createElement('input')
    document.body.append(input)
    const space = new KeyboardEvent('keydown', { key: ' ', bubbles: true })
    let handled: boolean | null = null
    input.addEventListener('keydown', (e) => (handled = handleShortcut(e, c)))
    input.dispatchEvent(space)
    expect(handled).toBe(false)
    expect(handleShortcut(new KeyboardEvent('keydown', { key: 'x', ctrlKey: true }), c)).toBe(false)
    expect(handleShortcut(new KeyboardEvent('keydown', { key: 'a' }), c)).toBe(false)
    expect(c.togglePause).not.toHaveBeenCalled()
  })
})
