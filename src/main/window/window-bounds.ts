/**
 * Window placement between launches: the saved bounds are put back only where a display can
 * show them (a monitor may have been unplugged), shrunk to fit and moved fully on screen.
 */
import type { WindowBounds } from '../services/settings-service'

export interface Rect {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

export interface Placement {
  /** Position is absent when the window should be centred on the primary display. */
  readonly bounds: { readonly x?: number; readonly y?: number; readonly width: number; readonly height: number }
  readonly maximized: boolean
}

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 800 } as const
export const MIN_WINDOW_SIZE = { width: 800, height: 560 } as const
/** How much of a window must be on a display for the saved position to count. */
const MIN_VISIBLE = { width: 120, height: 40 } as const

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  }
}

/**
 * Where to put the window.
 * @param saved the bounds saved last time (null: never saved or invalid)
 * @param workAreas the work areas of the connected displays, primary first
 * @returns the placement: saved bounds clamped into the display showing most of them, or a default
 */
export function placeWindow(saved: WindowBounds | null, workAreas: readonly Rect[]): Placement {
  const primary = workAreas[0]
  const fitSize = (area: Rect | undefined, width: number, height: number): { width: number; height: number } => ({
    width: Math.max(Math.min(MIN_WINDOW_SIZE.width, area?.width ?? Infinity), Math.min(width, area?.width ?? width)),
    height: Math.max(Math.min(MIN_WINDOW_SIZE.height, area?.height ?? Infinity), Math.min(height, area?.height ?? height)),
  })
  if (saved === null) return { bounds: fitSize(primary, DEFAULT_WINDOW_SIZE.width, DEFAULT_WINDOW_SIZE.height), maximized: false }
  let best: Rect | undefined
  let bestArea = 0
  for (const area of workAreas) {
    const o = overlap(saved, area)
    if (o.width >= MIN_VISIBLE.width && o.height >= MIN_VISIBLE.height && o.width * o.height > bestArea) {
      best = area
      bestArea = o.width * o.height
    }
  }
  if (best === undefined) return { bounds: fitSize(primary, saved.width, saved.height), maximized: saved.maximized }
  const size = fitSize(best, saved.width, saved.height)
  const x = Math.min(Math.max(saved.x, best.x), best.x + best.width - size.width)
  const y = Math.min(Math.max(saved.y, best.y), best.y + best.height - size.height)
  return { bounds: { x, y, ...size }, maximized: saved.maximized }
}
