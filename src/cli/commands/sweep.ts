/**
 * `heapscope sweep <scenario> --param gc.threshold0=700,2000,10000`: one run per value, in
 * parallel worker threads (as many as the machine has cores), then a table of value →
 * collections, total pause, p99 pause, peak footprint (or `--json -`: value and summary per run).
 */
import { availableParallelism } from 'node:os'
import type { RunSummary } from '@engine'
import { sweepOverrides } from '../../main/services/sweep-service'
import { writeFileAtomic } from '../../main/services/atomic-write'
import { CliError, EXIT, println, type CliIo } from '../cli-io'
import { calibratedCostModel, createCliHost, runFailure } from '../engine-runs'
import { formatBytes, formatDuration, formatNumber, formatTable } from '../format'
import { checkSweepParam, checkWritable, runOverrides, type RunOptionsText } from '../options'
import { readScenario } from '../scenario-input'

export interface SweepPointResult {
  readonly value: number | string | boolean
  readonly summary: RunSummary
}

/** The sweep's table. */
export function formatSweepTable(param: string, points: readonly SweepPointResult[]): string {
  return formatTable(
    [param, 'collections (gen0/1/2)', 'collected', 'total pause', 'p99 pause', 'GC overhead', 'peak footprint'],
    points.map(({ value, summary: s }) => [
      String(value),
      s.gc.collections.map((c) => formatNumber(c)).join(' / '),
      formatNumber(s.gc.collected[0] + s.gc.collected[1] + s.gc.collected[2]),
      formatDuration(s.gc.pause_ns.total),
      formatDuration(s.gc.pause_ns.p99),
      `${s.gc.overhead_pct.toFixed(1)} %`,
      formatBytes(s.allocator.peak_footprint_bytes),
    ]),
  )
}

export async function sweepCommand(io: CliIo, scenarioArg: string, options: RunOptionsText & { param: string; json?: string; quiet?: boolean; force?: boolean }): Promise<number> {
  const { param, values } = checkSweepParam(options.param)
  const base = runOverrides(options)
  const jsonPath = options.json !== undefined && options.json !== '-' ? checkWritable(options.json, io.cwd, '--json', options.force === true) : null
  const input = await readScenario(scenarioArg, io.cwd)
  const scenario = { preset: input.scenario.preset, thresholds: input.scenario.gc.thresholds }
  const host = createCliHost(io, Math.max(1, Math.min(values.length, availableParallelism())))
  const verbose = options.quiet !== true && options.json !== '-'
  let done = 0
  try {
    const points = await Promise.all(
      values.map(async (value): Promise<SweepPointResult> => {
        const overrides = sweepOverrides(scenario, base, param, value)
        const preset = overrides.preset ?? input.scenario.preset
        const run = host.start({ text: input.text, fileName: input.fileName, overrides, costModel: calibratedCostModel(io, preset) })
        const outcome = await run.finished
        if (outcome.state !== 'done' || outcome.result === null) throw runFailure(outcome, `${input.fileName} with ${param}=${String(value)}`)
        done++
        if (verbose && io.stderr.isTTY === true) io.stderr.write(`\r${param}: ${done} of ${values.length} runs done\x1b[K`)
        return { value, summary: outcome.result.summary }
      }),
    )
    if (verbose && io.stderr.isTTY === true) io.stderr.write('\r\x1b[K')
    const json = `${JSON.stringify({ scenario: input.scenario.name, param, points }, null, 2)}\n`
    if (jsonPath !== null) {
      try {
        await writeFileAtomic(jsonPath, json, { overwrite: options.force === true })
      } catch (error) {
        throw new CliError(`--json ${options.json}: cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
      }
    }
    if (options.json === '-') io.stdout.write(json)
    else println(io.stdout, `${input.scenario.name}: sweep of ${param} (${values.length} runs)\n${formatSweepTable(param, points)}`)
    return EXIT.ok
  } finally {
    await host.dispose()
  }
}
