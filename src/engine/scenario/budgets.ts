/**
 * Budgets: checks written as text (`pause.p99 < 2ms`) that a headless run must pass. Each metric
 * has a unit family; values are converted to the metric's base unit (nanoseconds for pauses,
 * bytes for footprint, plain numbers otherwise).
 */
import type { Budget } from './ast'
import { didYouMean } from './suggest'

/** Unit families of budget metrics. */
export const BUDGET_UNIT_KINDS = ['time', 'bytes', 'percent', 'count'] as const
export type BudgetUnitKind = (typeof BUDGET_UNIT_KINDS)[number]

/** The metrics a budget may name, with their unit family and meaning. */
export const BUDGET_METRICS = {
  'pause.p50': { unit: 'time', meaning: 'median GC pause' },
  'pause.p95': { unit: 'time', meaning: '95th percentile GC pause' },
  'pause.p99': { unit: 'time', meaning: '99th percentile GC pause' },
  'pause.max': { unit: 'time', meaning: 'longest GC pause' },
  'pause.total': { unit: 'time', meaning: 'sum of all GC pauses' },
  'gc.overhead_pct': { unit: 'percent', meaning: 'GC time as a percentage of modeled run time' },
  'arenas.peak': { unit: 'count', meaning: 'most arenas mapped at once' },
  'footprint.peak': { unit: 'bytes', meaning: 'peak footprint (arenas plus raw heap)' },
  'collections.gen0': { unit: 'count', meaning: 'generation-0 collections' },
  'collections.gen1': { unit: 'count', meaning: 'generation-1 collections' },
  'collections.gen2': { unit: 'count', meaning: 'generation-2 collections' },
  'collected.total': { unit: 'count', meaning: 'objects freed by the cyclic GC' },
  uncollectable: { unit: 'count', meaning: 'objects the GC found uncollectable' }
} as const satisfies Record<string, { unit: BudgetUnitKind; meaning: string }>
export type BudgetMetric = keyof typeof BUDGET_METRICS

/** Multipliers to the base unit of each family, by unit suffix. */
export const BUDGET_UNITS: Readonly<Record<BudgetUnitKind, Readonly<Record<string, number>>>> = {
  time: { ns: 1, us: 1e3, 'µs': 1e3, ms: 1e6, s: 1e9 },
  bytes: { '': 1, B: 1, kB: 1e3, KB: 1e3, KiB: 1024, MB: 1e6, MiB: 1024 ** 2, GB: 1e9, GiB: 1024 ** 3 },
  percent: { '': 1, '%': 1 },
  count: { '': 1 }
}

const NUMBER = '[0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?'
const OPERATOR = '(?:<=|>=|==|<|>)'
const SHAPE = new RegExp(`^\\s*([A-Za-z0-9_.]+)\\s*(${OPERATOR})\\s*(${NUMBER})\\s*([A-Za-zµ%]*)\\s*$`)

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** The exact budget syntax as one regular expression (the JSON Schema `pattern` of a budget). */
export function budgetPattern(): string {
  const byUnit = new Map<BudgetUnitKind, string[]>()
  for (const [metric, { unit }] of Object.entries(BUDGET_METRICS)) byUnit.set(unit, [...(byUnit.get(unit) ?? []), escape(metric)])
  const alternatives = [...byUnit].map(([unit, metrics]) => {
    const suffixes = Object.keys(BUDGET_UNITS[unit]).filter((suffix) => suffix !== '').map(escape)
    const optional = Object.hasOwn(BUDGET_UNITS[unit], '')
    const suffix = suffixes.length === 0 ? '' : `\\s*(?:${suffixes.join('|')})${optional ? '?' : ''}`
    return `(?:${metrics.join('|')})\\s*${OPERATOR}\\s*${NUMBER}${suffix}`
  })
  return `^\\s*(?:${alternatives.join('|')})\\s*$`
}

/** The parsed parts of a budget, or why the text is not one. */
export type BudgetParse = { readonly ok: true; readonly budget: Omit<Budget, 'loc'> } | { readonly ok: false; readonly message: string }

function unitList(kind: BudgetUnitKind): string {
  return Object.keys(BUDGET_UNITS[kind]).filter((suffix) => suffix !== '').join(', ')
}

/** Parses `pause.p99 < 2ms` into metric, operator and value in the metric's base unit. */
export function parseBudget(text: string): BudgetParse {
  const known = Object.keys(BUDGET_METRICS)
  const match = SHAPE.exec(text)
  if (match === null) {
    return { ok: false, message: `${JSON.stringify(text)} is not a budget; write <metric> <op> <value>[unit], e.g. "pause.p99 < 2ms" (op: <, <=, >, >=, ==)` }
  }
  const [, metric = '', op = '', number = '', unit = ''] = match
  if (!Object.hasOwn(BUDGET_METRICS, metric)) {
    return { ok: false, message: `unknown budget metric "${metric}"${didYouMean(metric, known)}; known metrics: ${known.join(', ')}` }
  }
  const kind = BUDGET_METRICS[metric as BudgetMetric].unit
  const factor = BUDGET_UNITS[kind][unit]
  if (factor === undefined) {
    if (unit === '' && kind === 'time') return { ok: false, message: `${metric} needs a time unit (${unitList(kind)}), e.g. "${metric} ${op} ${number}ms"` }
    const accepted = kind === 'count' ? 'no unit (it is a count)' : `no unit or one of ${unitList(kind)}`
    return { ok: false, message: `unknown unit "${unit}" for ${metric}; expected ${accepted}` }
  }
  const value = Number(number) * factor
  if (!Number.isFinite(value)) return { ok: false, message: `the value ${number}${unit} of ${metric} is too large` }
  if (kind === 'percent' && value > 100) return { ok: false, message: `${metric} is a percentage (0..100), got ${number}` }
  return { ok: true, budget: { metric, op: op as Budget['op'], value, text: text.trim() } }
}
