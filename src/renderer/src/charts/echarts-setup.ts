/**
 * ECharts, tree-shaken to what the report builders use, with the canvas renderer (no eval, no
 * inline scripts: it runs under the page's strict CSP).
 */
import { BarChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts'
import {
  AxisPointerComponent,
  DatasetComponent,
  DataZoomComponent,
  GraphicComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  MarkPointComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'

echarts.use([
  LineChart, BarChart, ScatterChart, HeatmapChart,
  AxisPointerComponent, DatasetComponent, DataZoomComponent, GraphicComponent, GridComponent, LegendComponent,
  MarkAreaComponent, MarkLineComponent, MarkPointComponent, TitleComponent, TooltipComponent, VisualMapComponent,
  CanvasRenderer,
])

export { echarts }
