/**
 * SVG → PNG with resvg (a native module, loaded on first use so nothing else depends on it).
 */

/** Default PNG width, pixels (2× a typical 800-pixel chart). */
export const DEFAULT_PNG_WIDTH = 1600

/**
 * Rasterises an SVG document.
 * @param svg the SVG text (from ECharts' SSR renderer)
 * @param background fill behind the chart (`white` for light, the dark theme's background for dark)
 * @param width output width in pixels
 * @returns PNG bytes
 */
export async function svgToPng(svg: string, background: string, width: number = DEFAULT_PNG_WIDTH): Promise<Uint8Array> {
  const { Resvg } = await import('@resvg/resvg-js')
  const resvg = new Resvg(svg, { background, fitTo: { mode: 'width', value: width }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } })
  return resvg.render().asPng()
}
