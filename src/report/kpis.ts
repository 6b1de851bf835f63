/**
 * Key numbers of a run, the same whether it is live (derived from the GC log and samples) or
 * finished (from its summary), and their comparison across runs. KPI ids that are also budget
 * metrics (`pause.p99`, `arenas.peak` …) use the budget's name.
 */
import { formatValue, type ValueUnit } from './format'
import type { ReportRun, RunSeries } from './run-series'
import { collectionsPerGeneration, columnMax, columnSum, modeledTimeNs, runPauseStats } from './run-stats'

export interface Kpi {
  readonly id: string
  readonly label: string
  readonly value: number
  readonly unit: ValueUnit
  readonly better: 'lower' | 'higher' | 'none'
  /** The value formatted with its unit. */
  readonly text: string
}

function kpi(id: string, label: string, value: number, unit: ValueUnit, better: Kpi['better']): Kpi {
  return { id, label, value, unit, better, text: formatValue(value, unit) }
}

/** Free-list hit rate over all lists at the end (percent), NaN when no list was asked. */
function freeListHitRate(run: RunSeries): number {
  let reused = 0
  let missed = 0
  if (run.summary !== undefined) {
    for (const list of Object.values(run.summary.freelists)) {
      reused += list.reused
      missed += list.missed
    }
  } else {
    const s = run.samples
    const last = s.count - 1
    if (last >= 0) {
      for (let k = 0; k < s.freeListCount; k++) {
        reused += s.freeListReused[last * s.freeListCount + k] as number
        missed += s.freeListMissed[last * s.freeListCount + k] as number
      }
    }
  }
  return reused + missed > 0 ? (reused / (reused + missed)) * 100 : NaN
}

/** Internal fragmentation at the last sample: (block − requested) / block bytes, percent. */
function internalFragmentation(run: RunSeries): number {
  const s = run.samples
  const last = s.count - 1
  if (last < 0 || !((s.blockBytes[last] as number) > 0)) return NaN
  return (((s.blockBytes[last] as number) - (s.requestedBytes[last] as number)) / (s.blockBytes[last] as number)) * 100
}

/**
 * @param run a run, live (no summary) or finished
 * @returns its KPIs, in a fixed order (KPIs that cannot be computed yet are left out)
 */
export function computeKpis(run: RunSeries): readonly Kpi[] {
  const summary = run.summary
  const pauses = runPauseStats(run)
  const time = modeledTimeNs(run)
  const collections = summary?.gc.collections ?? collectionsPerGeneration(run)
  const collected = summary !== undefined ? summary.gc.collected[0] + summary.gc.collected[1] + summary.gc.collected[2] : columnSum(run.gcLog.collected, run.gcLog.count)
  const uncollectable = summary?.gc.uncollectable ?? columnSum(run.gcLog.uncollectable, run.gcLog.count)
  const overhead = summary?.gc.overhead_pct ?? (time > 0 ? (pauses.total / time) * 100 : 0)
  const s = run.samples
  const arenasPeak = summary?.allocator.end.arenas.highwater ?? columnMax(s.arenasHighwater, s.count)
  const footprintPeak = summary?.allocator.peak_footprint_bytes ?? columnMax(s.footprintBytes, s.count)
  const livePeak = summary?.objects.peak_live ?? columnMax(s.liveObjects, s.count)
  const out: Kpi[] = [
    kpi('pause.p50', 'GC pause p50', pauses.p50, 'ns', 'lower'),
    kpi('pause.p95', 'GC pause p95', pauses.p95, 'ns', 'lower'),
    kpi('pause.p99', 'GC pause p99', pauses.p99, 'ns', 'lower'),
    kpi('pause.max', 'GC pause max', pauses.max, 'ns', 'lower'),
    kpi('pause.total', 'GC pause total', pauses.total, 'ns', 'lower'),
    kpi('gc.overhead_pct', 'GC overhead', overhead, 'percent', 'lower'),
    kpi('time.modeled', 'Modeled run time', time, 'ns', 'lower'),
    kpi('collections.total', 'Collections', collections[0] + collections[1] + collections[2], 'count', 'none'),
    kpi('collections.gen0', 'Collections gen0', collections[0], 'count', 'none'),
    kpi('collections.gen1', 'Collections gen1', collections[1], 'count', 'none'),
    kpi('collections.gen2', 'Collections gen2', collections[2], 'count', 'lower'),
    kpi('collected.total', 'Objects collected by the GC', collected, 'count', 'none'),
    kpi('uncollectable', 'Uncollectable objects', uncollectable, 'count', 'lower'),
    kpi('arenas.peak', 'Arenas (peak)', arenasPeak, 'count', 'lower'),
    kpi('footprint.peak', 'Footprint (peak)', footprintPeak, 'bytes', 'lower'),
    kpi('objects.peak_live', 'Live objects (peak)', livePeak, 'count', 'none'),
  ]
  const hitRate = freeListHitRate(run)
  if (Number.isFinite(hitRate)) out.push(kpi('freelists.hit_pct', 'Free-list hit rate', hitRate, 'percent', 'higher'))
  const internal = internalFragmentation(run)
  if (Number.isFinite(internal)) out.push(kpi('fragmentation.internal_pct', 'Internal fragmentation (end)', internal, 'percent', 'lower'))
  return out
}

export interface KpiDelta {
  readonly abs: number
  readonly pct: number | null
  readonly text: string
}

export interface KpiComparisonRow {
  readonly id: string
  readonly label: string
  /** One per run, in run order. */
  readonly values: readonly Kpi[]
  /** Per run against the first run (the first run's own delta is zero). */
  readonly deltas: readonly KpiDelta[]
  /** Index of the best run, -1 when the KPI has no better direction or all are equal. */
  readonly best: number
}

function delta(base: Kpi, value: Kpi): KpiDelta {
  const abs = value.value - base.value
  const pct = base.value !== 0 ? (abs / Math.abs(base.value)) * 100 : null
  if (abs === 0) return { abs, pct: pct === null ? null : 0, text: '±0' }
  const sign = abs > 0 ? '+' : '−'
  // Percent KPIs differ in percentage points.
  const magnitude = value.unit === 'percent' ? `${+Math.abs(abs).toPrecision(2)} pp` : formatValue(Math.abs(abs), value.unit)
  return { abs, pct, text: pct === null ? `${sign}${magnitude}` : `${sign}${magnitude} (${sign}${Math.abs(pct).toFixed(1)} %)` }
}

function bestOf(values: readonly Kpi[]): number {
  const first = values[0]
  if (first === undefined || first.better === 'none' || values.length < 2) return -1
  let best = 0
  let allEqual = true
  for (let i = 1; i < values.length; i++) {
    const v = (values[i] as Kpi).value
    if (v !== first.value) allEqual = false
    const b = (values[best] as Kpi).value
    if (first.better === 'lower' ? v < b : v > b) best = i
  }
  return allEqual ? -1 : best
}

/**
 * @param runs runs to compare, the first is the baseline
 * @returns one row per KPI that every run has, with deltas against the first run
 */
export function compareKpis(runs: readonly ReportRun[]): readonly KpiComparisonRow[] {
  const perRun = runs.map((run) => new Map(computeKpis(run.result).map((k) => [k.id, k])))
  const first = perRun[0]
  if (first === undefined) return []
  const rows: KpiComparisonRow[] = []
  for (const [id, base] of first) {
    const values = perRun.map((m) => m.get(id))
    if (values.some((v) => v === undefined)) continue
    const kpis = values as Kpi[]
    rows.push({ id, label: base.label, values: kpis, deltas: kpis.map((k) => delta(base, k)), best: bestOf(kpis) })
  }
  return rows
}
