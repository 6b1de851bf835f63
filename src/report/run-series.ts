/**
 * What the report builders read: a run's series, with or without its summary. While a run is live
 * the renderer passes growing columns and no summary yet; a finished run (or an `ExportRun`) has one.
 */
import type { RunResult, RunSummary } from '../engine/index'
import type { Theme } from '../shared/contract'

/** A run's series. While a run is live the renderer passes growing columns and no summary yet. */
export type RunSeries = Omit<RunResult, 'summary'> & { readonly summary?: RunSummary }

/** A named run; the main process's `ExportRun` is assignable to it. */
export interface ReportRun {
  readonly runId: string
  readonly name: string
  readonly result: RunSeries
}

export interface ChartOptions {
  readonly theme: Theme
  /** arena-map: which snapshot (default last); out-of-range indexes are clamped. */
  readonly arenaMapIndex?: number
  /** Default true; SSR and exports turn it off, and so does the live view (a redraw must stay short). */
  readonly animation?: boolean
  /**
   * The live view's budget of points per series: longer series are thinned (first, smallest and
   * largest row per bucket, `thin.ts`), so a redraw costs the same whatever the run's length.
   * Undefined (exports): every row is drawn.
   */
  readonly maxPoints?: number
  /** Width in px the chart is drawn at (title and legend wrap to it); default 960, the SVG export's. */
  readonly width?: number
}
