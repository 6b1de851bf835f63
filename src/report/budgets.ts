/**
 * Budget evaluation: the engine parses budgets (`pause.p99 < 2ms` → metric, operator, value in the
 * metric's base unit); here each metric is read from a run's summary and compared.
 */
import { BUDGET_METRICS, type Budget, type RunSummary } from '../engine/index'
import { formatValue, type ValueUnit } from './format'

export interface BudgetOutcome {
  readonly budget: Budget
  /** The budget as written. */
  readonly text: string
  /** The metric's value in the run, in the metric's base unit (NaN for an unknown metric). */
  readonly actual: number
  readonly actualText: string
  readonly pass: boolean
}

type BudgetMetric = keyof typeof BUDGET_METRICS

const UNIT_OF: Readonly<Record<(typeof BUDGET_METRICS)[BudgetMetric]['unit'], ValueUnit>> = { time: 'ns', bytes: 'bytes', percent: 'percent', count: 'count' }

/**
 * @param summary a finished run's summary
 * @param metric a budget metric name
 * @returns the metric's value in its base unit, or undefined for an unknown metric
 */
export function budgetActual(summary: RunSummary, metric: string): number | undefined {
  const pause = summary.gc.pause_ns
  switch (metric as BudgetMetric) {
    case 'pause.p50':
      return pause.p50
    case 'pause.p95':
      return pause.p95
    case 'pause.p99':
      return pause.p99
    case 'pause.max':
      return pause.max
    case 'pause.total':
      return pause.total
    case 'gc.overhead_pct':
      return summary.gc.overhead_pct
    case 'arenas.peak':
      return summary.allocator.end.arenas.highwater
    case 'footprint.peak':
      return summary.allocator.peak_footprint_bytes
    case 'collections.gen0':
      return summary.gc.collections[0]
    case 'collections.gen1':
      return summary.gc.collections[1]
    case 'collections.gen2':
      return summary.gc.collections[2]
    case 'collected.total':
      return summary.gc.collected[0] + summary.gc.collected[1] + summary.gc.collected[2]
    case 'uncollectable':
      return summary.gc.uncollectable
    default:
      return undefined
  }
}

function compare(actual: number, op: Budget['op'], limit: number): boolean {
  switch (op) {
    case '<':
      return actual < limit
    case '<=':
      return actual <= limit
    case '>':
      return actual > limit
    case '>=':
      return actual >= limit
    case '==':
      return actual === limit
  }
}

/**
 * @param summary a finished run's summary
 * @param budgets parsed budgets (from the scenario or `parseBudget`)
 * @returns one outcome per budget, in order; an unknown metric fails with an explanation
 */
export function evaluateBudgets(summary: RunSummary, budgets: readonly Budget[]): readonly BudgetOutcome[] {
  return budgets.map((budget) => {
    const actual = budgetActual(summary, budget.metric)
    if (actual === undefined) {
      return { budget, text: budget.text, actual: NaN, actualText: `unknown metric "${budget.metric}" (known: ${Object.keys(BUDGET_METRICS).join(', ')})`, pass: false }
    }
    const unit = UNIT_OF[BUDGET_METRICS[budget.metric as BudgetMetric].unit]
    return { budget, text: budget.text, actual, actualText: formatValue(actual, unit), pass: compare(actual, budget.op, budget.value) }
  })
}

/**
 * @param outcomes evaluated budgets
 * @returns a plain-text table for the CLI: status, budget, actual, then a count line
 */
export function formatBudgetTable(outcomes: readonly BudgetOutcome[]): string {
  if (outcomes.length === 0) return 'no budgets\n'
  const rows = outcomes.map((o) => [o.pass ? 'PASS' : 'FAIL', o.text, o.actualText])
  const header = ['status', 'budget', 'actual']
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => (row[c] as string).length)))
  const line = (cells: readonly string[]): string => cells.map((cell, c) => cell.padEnd(widths[c] as number)).join('  ').trimEnd()
  const failed = outcomes.filter((o) => !o.pass).length
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), '', `${outcomes.length - failed} passed, ${failed} failed`].join('\n') + '\n'
}
