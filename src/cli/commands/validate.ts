/**
 * `heapscope validate <scenario>... [--python <interpreter>]...`: each scenario under real
 * interpreters vs its simulation, side by side (metric, simulated, real, diff, ✓/✗) per
 * interpreter. Exit 0 when every interpreter matches, 1 on a mismatch or an interpreter that
 * failed, 2 for a bad scenario, a bad `--python` or no interpreter at all.
 */
import type { InterpreterInfo, ValidationInterpreterReport, ValidationReply } from '../../shared/contract'
import { describeInterpreter, listInterpreters } from '../../main/services/python/interpreters'
import { noInterpreterMessage, validateScenario, type ValidateOptions } from '../../main/services/python/validate-service'
import { CliError, EXIT, println, type CliIo } from '../cli-io'
import { calibratedCostModel } from '../engine-runs'
import { formatDiff, formatNumber, formatTable } from '../format'
import { readScenario } from '../scenario-input'

/** The side-by-side table of one interpreter. */
export function formatReport(report: ValidationInterpreterReport): string {
  const title = `Python ${report.interpreter.version} (${report.interpreter.path}) vs ${report.preset}: ${report.error !== undefined ? 'ERROR' : report.match ? 'match' : 'MISMATCH'}`
  if (report.error !== undefined) return `${title}\n  ${report.error}`
  const rows = report.rows.map((r) => {
    const info = !Number.isFinite(r.tolerance)
    const tolerance = info ? 'info' : r.tolerance === 0 ? 'exact' : `±${formatNumber(r.tolerance)}`
    return [r.metric, formatNumber(r.simulated), formatNumber(r.real), formatDiff(r.simulated - r.real), tolerance, info ? '·' : r.match ? '✓' : '✗']
  })
  return `${title}\n${formatTable(['metric', 'simulated', 'real', 'diff', 'allowed', ''], rows)}`
}

/**
 * The interpreters named by `--python` (each checked), or every local one.
 * @throws CliError for a bad `--python`, or when there is no interpreter at all
 */
export async function interpreterPaths(io: CliIo, python: readonly string[] = []): Promise<readonly string[]> {
  for (const path of python) {
    const described = await describeInterpreter(path, io.env)
    if (!described.ok) throw new CliError(`--python: ${described.message}`)
  }
  if (python.length > 0) return python
  const found = (await listInterpreters({ env: io.env })).map((i) => i.path)
  if (found.length === 0) throw new CliError(noInterpreterMessage(io.env))
  return found
}

/** What every CLI validation passes the service: the environment and the user's calibrated pause models. */
export function cliValidateOptions(io: CliIo): Pick<ValidateOptions, 'env' | 'costModel'> {
  return { env: io.env, costModel: (preset) => calibratedCostModel(io, preset) }
}

export const RULES = 'GC numbers exact; allocator deltas: arenas ±1, used blocks max(1 %, 32), pools 1 % + 1; pauses for information'

export async function validateCommand(io: CliIo, scenarioArgs: readonly string[], options: { python?: readonly string[]; json?: boolean; quiet?: boolean }): Promise<number> {
  // Every scenario is read first: a bad one stops the command before any interpreter runs.
  const inputs = []
  for (const arg of scenarioArgs) inputs.push(await readScenario(arg, io.cwd))
  const paths = await interpreterPaths(io, options.python)
  const replies: ValidationReply[] = []
  const failing: string[] = []
  for (const input of inputs) {
    const progress = (interpreter: InterpreterInfo, phase: 'start' | 'done'): void => {
      if (phase === 'start' && options.quiet !== true) println(io.stderr, `validating ${input.fileName} on Python ${interpreter.version} (${interpreter.path})…`)
    }
    const reply = await validateScenario({ text: input.text, fileName: input.fileName }, paths, {
      ...cliValidateOptions(io),
      onInterpreter: progress,
    })
    if (!reply.ok) throw new CliError(reply.reason)
    replies.push(reply)
    if (!reply.reports.every((r) => r.match)) failing.push(input.fileName)
    if (options.json === true) continue
    if (inputs.length > 1) println(io.stdout, `${'═'.repeat(20)}`)
    println(io.stdout, `${reply.scenarioName} (${input.fileName})`)
    for (const report of reply.reports) println(io.stdout, `\n${formatReport(report)}`)
    const matched = reply.reports.filter((r) => r.match).length
    println(io.stdout, `\n${matched} of ${reply.reports.length} interpreter${reply.reports.length === 1 ? '' : 's'} match (${RULES})`)
  }
  if (options.json === true) {
    const out = replies.length === 1 ? replies[0] : replies
    io.stdout.write(`${JSON.stringify(out, (_key, value: unknown) => (value === Number.POSITIVE_INFINITY ? 'info' : value), 2)}\n`)
  } else if (inputs.length > 1) {
    println(io.stdout, `\n${inputs.length - failing.length} of ${inputs.length} scenarios match on every interpreter${failing.length > 0 ? `; not: ${failing.join(', ')}` : ''}`)
  }
  return failing.length === 0 ? EXIT.ok : EXIT.checkFailed
}
