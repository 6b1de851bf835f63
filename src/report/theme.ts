/**
 * The two chart palettes, light and dark, in one place. The live view, SVG/PNG export and the HTML
 * report use the same options, so a chart looks the same everywhere; the background is part of the
 * option, so an exported SVG or PNG keeps its theme. Dark's background is the export service's
 * `PNG_BACKGROUND.dark`.
 */
import type { Theme } from '../shared/contract'

export interface ChartPalette {
  readonly background: string
  readonly text: string
  readonly subtleText: string
  readonly axisLine: string
  readonly splitLine: string
  readonly tooltipBackground: string
  /** Categorical series colours (runs, types, free lists). */
  readonly series: readonly string[]
  /** gen0, gen1, gen2, permanent (or young, visited old, pending old, permanent). */
  readonly generations: readonly [string, string, string, string]
  /** Low to high, for size classes (16 B … 512 B) in the arena map. */
  readonly sizeClassRamp: readonly string[]
  /** Phase markLines and percentile markLines. */
  readonly marker: string
  readonly markerStrong: string
  readonly pass: string
  readonly fail: string
}

export const PALETTES: Readonly<Record<Theme, ChartPalette>> = {
  light: {
    background: '#ffffff',
    text: '#1f2328',
    subtleText: '#57606a',
    axisLine: '#8c959f',
    splitLine: '#e6e8eb',
    tooltipBackground: '#ffffff',
    series: ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#7f7f7f', '#b8a600', '#332288', '#882255', '#44aa99', '#999933'],
    generations: ['#0072b2', '#e69f00', '#d55e00', '#7f7f7f'],
    sizeClassRamp: ['#313695', '#4575b4', '#74add1', '#abd9e9', '#fee090', '#fdae61', '#f46d43', '#a50026'],
    marker: '#6e7781',
    markerStrong: '#cf222e',
    pass: '#1a7f37',
    fail: '#cf222e',
  },
  dark: {
    background: '#100c2a',
    text: '#e6e6f0',
    subtleText: '#a4a3b8',
    axisLine: '#6e6a8e',
    splitLine: '#2a2650',
    tooltipBackground: '#1c1840',
    series: ['#56b4e9', '#f0c05a', '#3ddc97', '#f08cc8', '#8fd3ff', '#ff8a4c', '#c0c0c0', '#e6dc5a', '#9c8cff', '#ff7aa8', '#6fd8c8', '#d0d070'],
    generations: ['#56b4e9', '#f0c05a', '#ff8a4c', '#c0c0c0'],
    sizeClassRamp: ['#4575b4', '#74add1', '#abd9e9', '#e0f3f8', '#fee090', '#fdae61', '#f46d43', '#d73027'],
    marker: '#a4a3b8',
    markerStrong: '#ff6b6b',
    pass: '#3ddc97',
    fail: '#ff6b6b',
  },
}

/**
 * @param theme light or dark
 * @returns its palette
 */
export function paletteOf(theme: Theme): ChartPalette {
  return PALETTES[theme]
}

/**
 * @param palette a palette
 * @param index a series index
 * @returns the index-th categorical colour (cycling)
 */
export function seriesColor(palette: ChartPalette, index: number): string {
  return palette.series[index % palette.series.length] as string
}

/**
 * @param color a `#rrggbb` colour
 * @param background the `#rrggbb` colour under it
 * @param opacity of `color`, 0..1
 * @returns the opaque `#rrggbb` colour `color` shows at `opacity` over `background`
 */
export function blend(color: string, background: string, opacity: number): string {
  const channel = (hex: string, i: number): number => Number.parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16)
  let out = '#'
  for (let i = 0; i < 3; i++) out += Math.round(channel(color, i) * opacity + channel(background, i) * (1 - opacity)).toString(16).padStart(2, '0')
  return out
}
