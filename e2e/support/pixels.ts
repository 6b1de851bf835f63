/**
 * Pixels, decoded by the browser (no image library in the test process): whether a screenshot or
 * an exported PNG shows something, and where a chart drew coloured marks.
 */
import type { Locator, Page } from '@playwright/test'

export interface ImageStats {
  readonly width: number
  readonly height: number
  /** Distinct colours after quantising each channel to 4 bits. */
  readonly colors: number
  /** Share of the most frequent (quantised) colour, 0…1. */
  readonly dominantShare: number
}

/**
 * Decodes a PNG in the page and counts its colours.
 * @param page any page of ours (its CSP allows blob: images)
 * @param png the image bytes
 */
export function imageStats(page: Page, png: Uint8Array): Promise<ImageStats> {
  return page.evaluate(async (base64) => {
    const binary = atob(base64)
    const bytes = new Uint8Array(binary.length)
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }))
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height)
    const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D
    context.drawImage(bitmap, 0, 0)
    const data = context.getImageData(0, 0, bitmap.width, bitmap.height).data
    const counts = new Map<number, number>()
    for (let i = 0; i < data.length; i += 4) {
      const key = (((data[i] as number) >> 4) << 8) | (((data[i + 1] as number) >> 4) << 4) | ((data[i + 2] as number) >> 4)
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
    const pixels = data.length / 4
    return { width: bitmap.width, height: bitmap.height, colors: counts.size, dominantShare: Math.max(...counts.values()) / pixels }
  }, Buffer.from(png).toString('base64'))
}

/**
 * Screenshot of an element, with its colour statistics.
 * @param locator the element (scrolled into view first)
 */
export async function elementStats(locator: Locator): Promise<ImageStats> {
  await locator.scrollIntoViewIfNeeded()
  const png = await locator.screenshot()
  return imageStats(locator.page(), png)
}

/**
 * Points (page coordinates) of strongly coloured pixels inside a chart's plot area: where marks
 * are drawn (axes, labels and backgrounds are grey). Legend (top) and zoom slider (bottom) are left out.
 * @param chart the chart container
 * @param limit at most this many points, spread over the area
 */
export async function colouredPoints(chart: Locator, limit = 40): Promise<{ x: number; y: number }[]> {
  await chart.scrollIntoViewIfNeeded()
  return chart.evaluate((element, max) => {
    const canvas = element.querySelector('canvas')
    if (canvas === null) return []
    const rect = canvas.getBoundingClientRect()
    const context = canvas.getContext('2d')
    if (context === null) return []
    const scaleX = canvas.width / rect.width
    const scaleY = canvas.height / rect.height
    const { data, width, height } = context.getImageData(0, 0, canvas.width, canvas.height)
    const found: { x: number; y: number; s: number }[] = []
    const step = Math.max(1, Math.round(2 * scaleX))
    for (let y = Math.floor(height * 0.15); y < height * 0.72; y += step) {
      for (let x = Math.floor(width * 0.08); x < width * 0.97; x += step) {
        const i = (y * width + x) * 4
        const r = data[i] as number
        const g = data[i + 1] as number
        const b = data[i + 2] as number
        const a = data[i + 3] as number
        const saturation = Math.max(r, g, b) - Math.min(r, g, b)
        if (a > 200 && saturation > 90) found.push({ x, y, s: saturation })
      }
    }
    // Spread: keep points at least 6 px apart; lowest first (marks sit above the x axis, the legend is on top).
    found.sort((p, q) => q.y - p.y || q.s - p.s)
    const kept: { x: number; y: number }[] = []
    for (const p of found) {
      if (kept.length >= max) break
      if (kept.every((k) => Math.abs(k.x - p.x) > 6 * scaleX || Math.abs(k.y - p.y) > 6 * scaleY)) kept.push(p)
    }
    return kept.map((p) => ({ x: rect.left + p.x / scaleX, y: rect.top + p.y / scaleY }))
  }, limit)
}
