/**
 * The sweep trade-off chart: one point per swept value, peak footprint on x, total GC pause and
 * p99 pause on y. Sweeps are not runs, so it takes the sweep's points rather than `ReportRun`s.
 */
import type { EChartsOption } from 'echarts'
import type { SweepPoint, Theme } from '../../shared/contract'
import { formatBytes, formatNs } from '../format'
import { paletteOf } from '../theme'

/**
 * @param param the swept parameter (axis and tooltip wording)
 * @param points the sweep's finished points
 * @param theme light or dark
 * @returns the ECharts option
 */
export function sweepTradeoffOption(param: string, points: readonly SweepPoint[], theme: Theme): EChartsOption {
  const palette = paletteOf(theme)
  const sorted = [...points].sort((a, b) => a.summary.allocator.peak_footprint_bytes - b.summary.allocator.peak_footprint_bytes)
  const row = (p: SweepPoint, y: number): [number, number, string] => [p.summary.allocator.peak_footprint_bytes, y, String(p.value)]
  const axis = {
    axisLine: { lineStyle: { color: palette.axisLine } },
    axisLabel: { color: palette.subtleText },
    splitLine: { lineStyle: { color: palette.splitLine } },
    nameTextStyle: { color: palette.subtleText },
  }
  const label = { show: true, formatter: (p: { value: unknown }) => String((p.value as [number, number, string])[2]), color: palette.text, fontSize: 10, position: 'top' as const }
  return {
    backgroundColor: palette.background,
    animation: false,
    title: { text: `Trade-off: ${param}`, left: 8, top: 4, textStyle: { color: palette.text, fontSize: 13 } },
    legend: { top: 6, right: 10, textStyle: { color: palette.subtleText } },
    grid: { top: 64, left: 70, right: 70, bottom: 40 },
    tooltip: {
      trigger: 'item',
      backgroundColor: palette.tooltipBackground,
      textStyle: { color: palette.text },
      formatter: (p: unknown) => {
        const item = p as { value: [number, number, string]; seriesName: string }
        return `${param} = ${item.value[2]}<br/>${item.seriesName}: ${formatNs(item.value[1])}<br/>peak footprint: ${formatBytes(item.value[0])}`
      },
    },
    xAxis: { type: 'value', name: 'peak footprint', nameLocation: 'middle', nameGap: 26, scale: true, ...axis, axisLabel: { ...axis.axisLabel, formatter: (v: number) => formatBytes(v) } },
    yAxis: [
      { type: 'value', name: 'total pause', ...axis, axisLabel: { ...axis.axisLabel, formatter: (v: number) => formatNs(v) } },
      { type: 'value', name: 'p99 pause', ...axis, splitLine: { show: false }, axisLabel: { ...axis.axisLabel, formatter: (v: number) => formatNs(v) } },
    ],
    series: [
      { name: 'total GC pause', type: 'line', yAxisIndex: 0, symbolSize: 9, data: sorted.map((p) => row(p, p.summary.gc.pause_ns.total)), color: palette.series[0], label },
      { name: 'p99 pause', type: 'line', yAxisIndex: 1, symbolSize: 9, lineStyle: { type: 'dashed' }, data: sorted.map((p) => row(p, p.summary.gc.pause_ns.p99)), color: palette.series[1] },
    ],
  }
}
