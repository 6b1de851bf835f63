/**
 * The ECharts parts the report's options use. The renderer registers them with `use()` next to
 * its CanvasRenderer; SSR registers them with the SVGRenderer (chart-svg.ts), so every export
 * test also proves this list complete.
 */
import { BarChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts'
import { DataZoomComponent, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, VisualMapComponent } from 'echarts/components'

export const ECHARTS_PARTS = [LineChart, ScatterChart, BarChart, HeatmapChart, GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, MarkLineComponent, TitleComponent, VisualMapComponent]
