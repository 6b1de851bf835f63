/**
 * The self-contained HTML report: one file, no scripts, no external URLs (charts are inline SVG
 * from `renderChartSvg`, styles inline), readable offline and printable to PDF. All user text
 * (scenario, run, type names, the scenario source) is escaped.
 */
import { COLLECTOR_LABELS, getPreset, type RunSummary } from '../engine/index'
import { CHART_IDS, type Theme } from '../shared/contract'
import type { BudgetOutcome } from './budgets'
import { CHART_INFO } from './chart-info'
import { renderChartSvg } from './chart-svg'
import { formatCount, formatNs } from './format'
import { summarizeGcLog } from './gc-log-summary'
import { escapeHtml } from './html-escape'
import { compareKpis, computeKpis } from './kpis'
import type { ReportRun } from './run-series'
import { paletteOf } from './theme'

export interface HtmlReportOptions {
  readonly theme: Theme
  /** The scenario's source, shown in a collapsed section. */
  readonly scenarioText?: string
  /** Shown in the header (e.g. an ISO timestamp); the builder reads no clock. */
  readonly generatedAt?: string
  /** Evaluated budgets of the (first) run, shown as a pass/fail table. */
  readonly budgets?: readonly BudgetOutcome[]
}

/** @returns the display label of the run's collector (what-ifs say "not CPython") */
export function collectorLabel(summary: RunSummary): string {
  const kind = summary.collector === 'cpython' ? getPreset(summary.preset).collector : summary.collector
  return COLLECTOR_LABELS[kind]
}

function styles(theme: Theme): string {
  const p = paletteOf(theme)
  return `
body{margin:0;padding:24px 32px;background:${p.background};color:${p.text};font:14px/1.45 Helvetica,Arial,"Liberation Sans",sans-serif}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 8px;border-bottom:1px solid ${p.splitLine};padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}
.subtle{color:${p.subtleText}}
table{border-collapse:collapse;margin:8px 0}th,td{padding:4px 10px;border-bottom:1px solid ${p.splitLine};text-align:right;vertical-align:top}
th:first-child,td:first-child{text-align:left}th{color:${p.subtleText};font-weight:600}
td.best{font-weight:700;color:${p.pass}}td.text{text-align:left}td.pass{color:${p.pass};font-weight:700}td.fail{color:${p.fail};font-weight:700}
figure{margin:12px 0 24px}figure svg{max-width:100%;height:auto;display:block}figcaption{color:${p.subtleText};margin-top:4px}
pre{background:${p.tooltipBackground};border:1px solid ${p.splitLine};padding:12px;overflow:auto;font-size:12px}
.warning{color:${p.fail}}
@media print{figure{break-inside:avoid}}
`
}

function runsTable(runs: readonly ReportRun[]): string {
  const rows = runs.map((run) => {
    const s = run.result.summary
    if (s === undefined) return `<tr><td>${escapeHtml(run.name)}</td><td class="text" colspan="6">run not finished (live data, no summary yet)</td></tr>`
    const label = collectorLabel(s)
    const warn = /not CPython|not checked/.test(label) ? ' class="text warning"' : ' class="text"'
    return `<tr><td>${escapeHtml(run.name)}</td><td class="text">${escapeHtml(s.scenario)}</td><td class="text">${escapeHtml(getPreset(s.preset).label)}</td><td${warn}>${escapeHtml(label)}</td><td>${s.thresholds.join(', ')}</td><td>${formatCount(s.sim.ops)}</td><td>${formatNs(s.time.modeled_ns)}</td></tr>`
  })
  return `<table><thead><tr><th>run</th><th>scenario</th><th>preset</th><th>collector</th><th>thresholds</th><th>operations</th><th>modeled time</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
}

function kpiTable(runs: readonly ReportRun[]): string {
  const only = runs[0]
  if (runs.length === 1 && only !== undefined) {
    const rows = computeKpis(only.result).map((k) => `<tr><td>${escapeHtml(k.label)}</td><td>${escapeHtml(k.text)}</td></tr>`)
    return `<table><thead><tr><th>KPI</th><th>value</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  }
  const head = runs.map((run, r) => `<th>${escapeHtml(run.name)}</th>${r > 0 ? `<th>Δ vs ${escapeHtml(runs[0]?.name ?? '')}</th>` : ''}`).join('')
  const rows = compareKpis(runs).map((row) => {
    const cells = row.values.map((k, r) => `<td${row.best === r ? ' class="best"' : ''}>${escapeHtml(k.text)}</td>${r > 0 ? `<td>${escapeHtml(row.deltas[r]?.text ?? '')}</td>` : ''}`).join('')
    return `<tr><td>${escapeHtml(row.label)}</td>${cells}</tr>`
  })
  return `<table><thead><tr><th>KPI</th>${head}</tr></thead><tbody>${rows.join('')}</tbody></table><p class="subtle">Bold: the best run where lower or higher is better; Δ against the first run.</p>`
}

function budgetSection(outcomes: readonly BudgetOutcome[]): string {
  const failed = outcomes.filter((o) => !o.pass).length
  const rows = outcomes.map((o) => `<tr><td class="${o.pass ? 'pass' : 'fail'}">${o.pass ? 'PASS' : 'FAIL'}</td><td class="text">${escapeHtml(o.text)}</td><td>${escapeHtml(o.actualText)}</td></tr>`)
  return `<h2>Budgets</h2><p>${outcomes.length - failed} passed, ${failed} failed.</p><table><thead><tr><th>status</th><th>budget</th><th>actual</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
}

function gcLogSection(run: ReportRun, compare: boolean): string {
  const summary = summarizeGcLog(run.result, 10)
  const gens = summary.generations
    .map((g) => `<tr><td>gen${g.generation}</td><td>${formatCount(g.collections)}</td><td>${formatCount(g.collected)}</td><td>${formatNs(g.pauseTotalNs)}</td><td>${g.collections > 0 ? formatNs(g.pauseTotalNs / g.collections) : '–'}</td><td>${formatNs(g.pauseMaxNs)}</td></tr>`)
    .join('')
  const longest = summary.longest
    .map((l, i) => `<tr><td>${i + 1}</td><td>${formatCount(l.collection)}</td><td>${formatCount(l.ops)}</td><td>gen${l.generation}</td><td class="text">${l.reason}</td><td>${formatNs(l.pauseNs)}</td><td>${formatCount(l.collected)}</td></tr>`)
    .join('')
  return `${compare ? `<h3>${escapeHtml(run.name)}</h3>` : ''}
<table><thead><tr><th>generation</th><th>collections</th><th>collected</th><th>pause total</th><th>pause mean</th><th>pause max</th></tr></thead><tbody>${gens}</tbody></table>
<p class="subtle">Longest pauses (op = operation index at which the collection ran):</p>
${summary.longest.length === 0 ? '<p>No collection ran.</p>' : `<table><thead><tr><th>#</th><th>collection</th><th>op</th><th>generation</th><th>reason</th><th>pause</th><th>collected</th></tr></thead><tbody>${longest}</tbody></table>`}`
}

function notes(runs: readonly ReportRun[]): string {
  const labels = new Set<string>()
  for (const run of runs) if (run.result.summary !== undefined) labels.add(collectorLabel(run.result.summary))
  const collectorNotes = [...labels].filter((l) => /not CPython|not checked/.test(l)).map((l) => `<li>${escapeHtml(l)}.</li>`)
  return `<ul>
<li><b>Pauses are modeled, not measured.</b> Each collection's pause comes from the preset's cost model (per object examined, per reference traversed, per object freed), fitted against real CPython runs; the simulator's own wall time is not shown.</li>
<li><b>Modeled time</b> is mutator time plus modeled pauses. GC overhead = pause total / modeled time.</li>
<li><b>Internal fragmentation</b>: bytes of allocated pymalloc blocks minus the bytes requested (requests rounded up to a 16-byte size class).</li>
<li><b>External fragmentation</b>: bytes in free blocks of pools that are in use (a pool can only serve its own size class).</li>
<li><b>Quantization</b>: the tail of a 16 KiB pool too small for one more block; <b>pool headers</b>: 48 bytes per carved pool.</li>
<li><b>Footprint</b>: mapped arenas × 1 MiB plus the modeled raw heap (requests of 0 or more than 512 bytes go to the system allocator).</li>
<li>Charts use the operation index as x (runs of one scenario line up phase by phase); the cumulative-pause chart uses modeled time.</li>
${collectorNotes.join('\n')}
</ul>`
}

/**
 * @param runs one run, or several to compare (the first is the baseline)
 * @param options theme, scenario source, generation time
 * @returns a complete HTML document
 */
export function buildHtmlReport(runs: readonly ReportRun[], options: HtmlReportOptions): string {
  const scenarios = [...new Set(runs.map((r) => r.result.summary?.scenario ?? r.name))]
  const title = `HeapScope report: ${scenarios.join(', ')}`
  const compare = runs.length > 1
  const charts = CHART_IDS.map((id) => {
    const info = CHART_INFO[id]
    return `<section class="chart" id="chart-${id}"><h3>${escapeHtml(info.title)}</h3><figure>${renderChartSvg(id, runs, { theme: options.theme })}<figcaption>${escapeHtml(info.description)}</figcaption></figure></section>`
  }).join('\n')
  const source = options.scenarioText === undefined ? '' : `<h2>Scenario source</h2><details><summary>show</summary><pre>${escapeHtml(options.scenarioText)}</pre></details>`
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${styles(options.theme)}</style>
</head>
<body>
<header><h1>${escapeHtml(title)}</h1><p class="subtle">${compare ? `Comparing ${runs.length} runs` : '1 run'}${options.generatedAt === undefined ? '' : ` · generated ${escapeHtml(options.generatedAt)}`} · HeapScope simulates CPython's memory manager; numbers are modeled.</p></header>
<h2>Runs</h2>
${runsTable(runs)}
<h2>Key numbers</h2>
${kpiTable(runs)}
${options.budgets === undefined || options.budgets.length === 0 ? '' : budgetSection(options.budgets)}
<h2>Charts</h2>
${charts}
<h2>GC log</h2>
${runs.map((run) => gcLogSection(run, compare)).join('\n')}
<h2>What the numbers mean</h2>
${notes(runs)}
${source}
</body>
</html>
`
}
