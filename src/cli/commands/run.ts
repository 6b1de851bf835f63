/**
 * `heapscope run <scenario>`: one run in a worker thread, then what was asked for: a short
 * summary on stdout, `--json` (the RunSummary, `-` for stdout), `--report` (HTML), `--csv`
 * (one file per series), and budgets (`--budget` and the scenario's `budgets:`) → table, exit 1
 * when one is exceeded. Existing files are never replaced without `--force` (checked before running).
 */
import { writeFileAtomic } from '../../main/services/atomic-write'
import { writeExportFolder } from '../../main/services/export/export-service'
import { buildCsvFiles, buildHtmlReport, evaluateBudgets, formatBudgetTable, type ReportRun } from '@report'
import type { RunResult, RunSummary } from '@engine'
import { CliError, EXIT, println, type CliIo } from '../cli-io'
import { createCliHost, runInWorker } from '../engine-runs'
import { formatBytes, formatDuration, formatNumber } from '../format'
import { checkBudgets, checkWritable, runOverrides, type RunOptionsText } from '../options'
import { readScenario } from '../scenario-input'

export interface RunCommandOptions extends RunOptionsText {
  readonly json?: string
  readonly report?: string
  readonly csv?: string
  readonly budget?: readonly string[]
  readonly force?: boolean
  readonly quiet?: boolean
}

/** The human summary of a run (stdout when no `--json -`). */
export function describeSummary(s: RunSummary): string {
  const p = s.gc.pause_ns
  return [
    `${s.scenario} on ${s.preset} (${s.collector}), thresholds ${s.thresholds.join(', ')}`,
    `  collections  gen0 ${formatNumber(s.gc.collections[0])}, gen1 ${formatNumber(s.gc.collections[1])}, gen2 ${formatNumber(s.gc.collections[2])}`,
    `  collected    gen0 ${formatNumber(s.gc.collected[0])}, gen1 ${formatNumber(s.gc.collected[1])}, gen2 ${formatNumber(s.gc.collected[2])}; uncollectable ${formatNumber(s.gc.uncollectable)}`,
    `  pauses       total ${formatDuration(p.total)}, p50 ${formatDuration(p.p50)}, p99 ${formatDuration(p.p99)}, max ${formatDuration(p.max)}; GC overhead ${s.gc.overhead_pct.toFixed(1)} % (modeled)`,
    `  memory       peak footprint ${formatBytes(s.allocator.peak_footprint_bytes)}, arenas ${s.allocator.start.arenas.current} → ${s.allocator.end.arenas.current} (peak ${s.allocator.end.arenas.highwater})`,
    `  objects      ${formatNumber(s.objects.allocated)} allocated, ${formatNumber(s.objects.freed)} freed, peak live ${formatNumber(s.objects.peak_live)}`,
  ].join('\n')
}

async function writeOutput(path: string, data: string, force: boolean, option: string): Promise<void> {
  try {
    await writeFileAtomic(path, data, { overwrite: force })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST') throw new CliError(`${option} ${path}: the file already exists; pass --force to replace it`)
    throw new CliError(`${option} ${path}: cannot be written (${code ?? (error as Error).message})`)
  }
}

/**
 * Runs the command.
 * @returns the exit code: 0, or 1 when a budget is exceeded
 * @throws CliError for bad options, an invalid scenario, a failed run or an output that cannot be written
 */
export async function runCommand(io: CliIo, scenarioArg: string, options: RunCommandOptions): Promise<number> {
  const force = options.force === true
  const overrides = runOverrides(options)
  const cliBudgets = checkBudgets(options.budget ?? [])
  const jsonPath = options.json !== undefined && options.json !== '-' ? checkWritable(options.json, io.cwd, '--json', force) : null
  const reportPath = options.report !== undefined ? checkWritable(options.report, io.cwd, '--report', force) : null
  const csvDir = options.csv !== undefined ? checkWritable(options.csv, io.cwd, '--csv', force, true) : null
  const input = await readScenario(scenarioArg, io.cwd)
  const budgets = [...input.scenario.budgets, ...cliBudgets]

  const host = createCliHost(io)
  let result: RunResult
  try {
    result = await runInWorker(io, host, {
      text: input.text,
      fileName: input.fileName,
      overrides,
      preset: overrides.preset ?? input.scenario.preset,
      progress: io.stderr.isTTY === true && options.quiet !== true,
    })
  } finally {
    await host.dispose()
  }

  const summary = result.summary
  const jsonToStdout = options.json === '-'
  if (jsonToStdout) io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`)
  else if (options.quiet !== true) println(io.stdout, describeSummary(summary))
  if (jsonPath !== null) await writeOutput(jsonPath, `${JSON.stringify(summary, null, 2)}\n`, force, '--json')
  const runs: ReportRun[] = [{ runId: 'run-1', name: input.scenario.name, result }]
  if (reportPath !== null) await writeOutput(reportPath, buildHtmlReport(runs, { theme: 'light', scenarioText: input.text, generatedAt: new Date().toISOString() }), force, '--report')
  if (csvDir !== null) {
    const written = await writeExportFolder(csvDir, buildCsvFiles(runs).map((f) => ({ name: f.name, data: f.text })), force)
    if (!written.ok) throw new CliError(`--csv ${options.csv}: ${written.message}`)
  }

  if (budgets.length === 0) return EXIT.ok
  const outcomes = evaluateBudgets(summary, budgets)
  // With the summary JSON on stdout, the table goes to stderr so stdout stays parseable.
  const table = formatBudgetTable(outcomes)
  const failed = outcomes.some((o) => !o.pass)
  // --quiet hides a passing table; an exceeded budget is always shown.
  if (failed || options.quiet !== true) {
    if (jsonToStdout) io.stderr.write(table)
    else io.stdout.write(`${options.quiet === true ? '' : '\n'}${table}`)
  }
  return failed ? EXIT.checkFailed : EXIT.ok
}
