/**
 * `heapscope fuzz [--count N] [--seed S] [--python P]... [--jobs J] [--out DIR]`: differential
 * testing of the engine against the real interpreters. Each seed gives a random program
 * (`randomScenario`: every construct of the language, low thresholds so the collector runs
 * often) that is validated like `heapscope validate` does it; a program on which the engine and
 * CPython disagree (or that one of them cannot run) is saved as a scenario file, with what
 * differed written at its top, so it can be rerun, studied and turned into a check. Exit 0 when
 * every program matches on every interpreter, 1 otherwise, 2 for bad options.
 */
import { randomInt } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { stringify } from 'yaml'
import { randomScenario } from '@engine'
import type { ValidationInterpreterReport } from '../../shared/contract'
import { validateScenario } from '../../main/services/python/validate-service'
import { CliError, EXIT, println, type CliIo } from '../cli-io'
import { formatNumber } from '../format'
import { checkInteger } from '../options'
import { displayPath } from '../scenario-input'
import { cliValidateOptions, interpreterPaths, RULES } from './validate'

export interface FuzzOptions {
  readonly count: string
  readonly seed?: string
  readonly python?: readonly string[]
  readonly jobs: string
  readonly out: string
  readonly quiet?: boolean
}

/** What one program gave: nothing to report, or the lines saying what differed. */
interface Finding {
  readonly seed: number
  readonly problems: readonly string[]
}

/** @returns one line per differing row or failed interpreter of the reports */
export function describeDifferences(reports: readonly ValidationInterpreterReport[]): string[] {
  const lines: string[] = []
  for (const report of reports) {
    const who = `Python ${report.interpreter.version} vs ${report.preset}`
    if (report.error !== undefined) lines.push(`${who}: ${report.error}`)
    for (const row of report.rows) {
      if (!row.match) lines.push(`${who}: ${row.metric}: simulated ${formatNumber(row.simulated)}, real ${formatNumber(row.real)} (allowed ${row.tolerance === 0 ? 'exact' : `±${formatNumber(row.tolerance)}`})`)
    }
  }
  return lines
}

/** A scenario file's text with `title` and what differs as comments at its top. */
export function withHeader(title: string, problems: readonly string[], text: string): string {
  return `${[title, ...problems].map((l) => `# ${l}`).join('\n')}\n${text}`
}

/** @returns where the program is, and whether it was there already (an existing file is left as it is) */
async function saveFinding(dir: string, seed: number, text: string): Promise<{ path: string; existed: boolean }> {
  await mkdir(dir, { recursive: true })
  const path = join(dir, `fuzz-${seed}.yaml`)
  try {
    await writeFile(path, text, { flag: 'wx' })
    return { path, existed: false }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { path, existed: true }
    throw new CliError(`--out ${dir}: cannot write ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
  }
}

export async function fuzzCommand(io: CliIo, options: FuzzOptions): Promise<number> {
  const count = checkInteger(options.count, '--count', 100_000)
  if (count === 0) throw new CliError('--count "0": expected an integer from 1 to 100000')
  const jobs = Math.max(1, checkInteger(options.jobs, '--jobs', 64))
  const first = options.seed !== undefined ? checkInteger(options.seed, '--seed', 2 ** 32 - 1) : randomInt(2 ** 31)
  const paths = await interpreterPaths(io, options.python)
  const outDir = resolve(io.cwd, options.out)
  if (options.quiet !== true) println(io.stderr, `fuzz: ${count} random program${count === 1 ? '' : 's'} (seeds ${first}…${first + count - 1}) on ${paths.length} interpreter${paths.length === 1 ? '' : 's'}, ${jobs} at a time`)

  const findings: Finding[] = []
  const check = async (seed: number): Promise<void> => {
    const text = stringify(randomScenario(seed), { lineWidth: 0, aliasDuplicateObjects: false })
    const fileName = `fuzz-${seed}.yaml`
    const reply = await validateScenario({ text, fileName }, paths, cliValidateOptions(io))
    const problems = reply.ok ? describeDifferences(reply.reports) : [`the program is not a valid scenario: ${reply.reason}`]
    if (problems.length === 0) {
      if (options.quiet !== true) println(io.stderr, `seed ${seed}: match`)
      return
    }
    findings.push({ seed, problems })
    const saved = await saveFinding(outDir, seed, withHeader(`Found by \`heapscope fuzz --seed ${seed} --count 1\`: the engine and CPython differ.`, problems, text))
    println(io.stdout, `seed ${seed}: DIFFERS (${saved.existed ? 'already saved' : 'saved'} as ${displayPath(saved.path, io.cwd)})`)
    for (const line of problems) println(io.stdout, `  ${line}`)
  }

  let next = 0
  const worker = async (): Promise<void> => {
    while (next < count) await check(first + next++)
  }
  await Promise.all(Array.from({ length: Math.min(jobs, count) }, worker))

  println(io.stdout, `${count - findings.length} of ${count} random programs match on every interpreter (${RULES})${findings.length > 0 ? `; differing: seeds ${findings.map((f) => f.seed).sort((a, b) => a - b).join(', ')}` : ''}`)
  return findings.length === 0 ? EXIT.ok : EXIT.checkFailed
}
