/**
 * `heapscope shrink <scenario> [--python P]... [-o out] [--force]`: makes a scenario on which the
 * simulation and CPython differ as small as it can while the same rows still differ the same way
 * (the same metric too high or too low, or the same error), by removing statements and halving
 * loop counts (`shrinkDocument`). What `fuzz` saves is the usual input. Writes `<name>.min.yaml`
 * next to the scenario unless `-o` says otherwise. Exit 0 when a smaller scenario was written,
 * 1 when the scenario matches everywhere (nothing to shrink), 2 for bad input.
 */
import { writeFile } from 'node:fs/promises'
import { parse, stringify } from 'yaml'
import { shrinkDocument, statementLists, type ScenarioDocument } from '@engine'
import type { ValidationInterpreterReport } from '../../shared/contract'
import { validateScenario } from '../../main/services/python/validate-service'
import { CliError, EXIT, println, type CliIo } from '../cli-io'
import { checkWritable } from '../options'
import { displayPath, readScenario } from '../scenario-input'
import { describeDifferences, withHeader } from './fuzz'
import { cliValidateOptions, interpreterPaths } from './validate'

export interface ShrinkOptions {
  readonly python?: readonly string[]
  readonly output?: string
  readonly force?: boolean
  readonly quiet?: boolean
}

/** What differs, one key per interpreter and row: the metric and the sign of simulated − real, or the error. */
export function differenceKeys(reports: readonly ValidationInterpreterReport[]): Set<string> {
  const keys = new Set<string>()
  for (const report of reports) {
    if (report.error !== undefined) keys.add(`${report.interpreter.path}|error|${report.error}`)
    for (const row of report.rows) if (!row.match) keys.add(`${report.interpreter.path}|${row.metric}|${Math.sign(row.simulated - row.real)}`)
  }
  return keys
}

function statementCount(doc: ScenarioDocument): number {
  return statementLists(doc).reduce((n, list) => n + list.length, 0)
}

export async function shrinkCommand(io: CliIo, scenarioArg: string, options: ShrinkOptions): Promise<number> {
  const input = await readScenario(scenarioArg, io.cwd)
  const outArg = options.output ?? input.path.replace(/(\.min)?\.(ya?ml|json)$/i, '') + '.min.yaml'
  const outPath = checkWritable(outArg, io.cwd, '-o', options.force === true)
  const paths = await interpreterPaths(io, options.python)
  const validate = (text: string, on: readonly string[]) => validateScenario({ text, fileName: input.fileName }, on, cliValidateOptions(io))

  const original = await validate(input.text, paths)
  if (!original.ok) throw new CliError(original.reason)
  const wanted = differenceKeys(original.reports)
  if (wanted.size === 0) {
    println(io.stdout, `${input.fileName}: the simulation matches every interpreter; nothing to shrink`)
    return EXIT.checkFailed
  }
  // Only the interpreters that differ are asked again.
  const differing = original.reports.filter((r) => differenceKeys([r]).size > 0).map((r) => r.interpreter.path)
  const doc = parse(input.text) as ScenarioDocument
  const before = statementCount(doc)
  if (options.quiet !== true) println(io.stderr, `shrink: ${before} statements; what differs: ${describeDifferences(original.reports).join('; ')}`)

  const progress = await shrinkDocument(
    doc,
    async (smaller) => {
      const reply = await validate(stringify(smaller, { lineWidth: 0, aliasDuplicateObjects: false }), differing)
      if (!reply.ok) return false
      const now = differenceKeys(reply.reports)
      return [...wanted].every((key) => now.has(key))
    },
    (p, change, kept) => {
      if (options.quiet !== true && kept) println(io.stderr, `  ${change} (${p.kept} of ${p.tried} tries kept)`)
    },
  )

  const text = stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false })
  const final = await validate(text, differing)
  const problems = final.ok ? describeDifferences(final.reports) : [final.reason]
  const title = `Shrunk by \`heapscope shrink ${input.fileName}\` from ${before} statements to ${statementCount(doc)}: the engine and CPython still differ.`
  try {
    await writeFile(outPath, withHeader(title, problems, text))
  } catch (error) {
    throw new CliError(`-o ${outArg}: cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
  }
  println(io.stdout, `${displayPath(outPath, io.cwd)}: ${statementCount(doc)} statements (from ${before}, ${progress.tried} versions tried)`)
  for (const line of problems) println(io.stdout, `  ${line}`)
  return EXIT.ok
}
