/**
 * The report layer's public surface: pure chart option builders (live view and export alike),
 * SSR SVG rendering, KPIs, budget evaluation, HTML and CSV reports. No DOM, no Node.
 */
export type { RunSeries, ReportRun, ChartOptions } from './run-series'
export { CHART_INFO } from './chart-info'
export { buildChartOption } from './build-chart'
export { renderChartSvg, DEFAULT_SVG_WIDTH, DEFAULT_SVG_HEIGHT } from './chart-svg'
export { collectionIndexOf } from './charts/gc-pause-timeline'
export { arenaMapIndexOf } from './charts/arena-map'
export { computeKpis, compareKpis } from './kpis'
export type { Kpi, KpiComparisonRow, KpiDelta } from './kpis'
export { evaluateBudgets, formatBudgetTable, budgetActual } from './budgets'
export type { BudgetOutcome } from './budgets'
export { formatNs, formatBytes, formatCount, formatPercent, formatValue } from './format'
export type { ValueUnit } from './format'
export { PALETTES, paletteOf } from './theme'
export type { ChartPalette } from './theme'
