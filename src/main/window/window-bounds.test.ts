import { describe, expect, it } from 'vitest'
import { DEFAULT_WINDOW_SIZE, placeWindow } from './window-bounds'

const LAPTOP = { x: 0, y: 25, width: 1440, height: 875 }
const MONITOR = { x: 1440, y: 0, width: 2560, height: 1415 }

describe('placeWindow', () => {
  it('uses the default size, centred, when nothing was saved', () => {
    expect(placeWindow(null, [LAPTOP])).toEqual({ bounds: DEFAULT_WINDOW_SIZE, maximized: false })
    expect(placeWindow(null, [{ x: 0, y: 0, width: 1024, height: 700 }])).toEqual({ bounds: { width: 1024, height: 700 }, maximized: false })
  })

  it('restores saved bounds that a display shows', () => {
    const saved = { x: 1600, y: 100, width: 1400, height: 900, maximized: false }
    expect(placeWindow(saved, [LAPTOP, MONITOR])).toEqual({ bounds: { x: 1600, y: 100, width: 1400, height: 900 }, maximized: false })
  })

  it('moves a window that sticks out back fully onto its display', () => {
    const saved = { x: 3500, y: 1300, width: 1000, height: 600, maximized: true }
    expect(placeWindow(saved, [LAPTOP, MONITOR])).toEqual({ bounds: { x: 4000 - 1000, y: 1415 - 600, width: 1000, height: 600 }, maximized: true })
  })

  it('centres on the primary display when the saved display is gone (monitor unplugged)', () => {
    const saved = { x: 1600, y: 100, width: 1400, height: 900, maximized: false }
    expect(placeWindow(saved, [LAPTOP])).toEqual({ bounds: { width: 1400, height: 875 }, maximized: false })
  })

  it('ignores a sliver of overlap (the title bar must be reachable)', () => {
    const saved = { x: 1400, y: 100, width: 1000, height: 700, maximized: false }
    expect(placeWindow(saved, [LAPTOP]).bounds).toEqual({ width: 1000, height: 700 })
  })

  it('shrinks a window larger than its display', () => {
    const saved = { x: 0, y: 0, width: 3000, height: 2000, maximized: false }
    expect(placeWindow(saved, [LAPTOP])).toEqual({ bounds: { x: 0, y: 25, width: 1440, height: 875 }, maximized: false })
  })
})
