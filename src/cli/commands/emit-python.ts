/**
 * `heapscope emit-python <scenario>`: the scenario as a standalone Python program (`run()` plus
 * the classes and globals it needs), with the branches a simulation picks for `choose` (same seed).
 */
import { resolve } from 'node:path'
import { writeFileAtomic } from '../../main/services/atomic-write'
import { emitProgram } from '../../main/services/python/simulate'
import { CliError, EXIT, type CliIo } from '../cli-io'
import { checkPreset, checkWritable } from '../options'
import { readScenario } from '../scenario-input'

export async function emitPythonCommand(io: CliIo, scenarioArg: string, options: { output?: string; preset?: string; force?: boolean }): Promise<number> {
  const preset = options.preset !== undefined ? checkPreset(options.preset) : undefined
  const force = options.force === true
  if (options.output !== undefined && options.output !== '-') checkWritable(options.output, io.cwd, '-o', force)
  const input = await readScenario(scenarioArg, io.cwd)
  const emitted = await emitProgram(input.scenario, { overrides: preset !== undefined ? { preset } : {} })
  if (!emitted.ok) throw new CliError(emitted.message)
  if (options.output === undefined || options.output === '-') {
    io.stdout.write(emitted.program.endsWith('\n') ? emitted.program : `${emitted.program}\n`)
    return EXIT.ok
  }
  try {
    await writeFileAtomic(resolve(io.cwd, options.output), emitted.program, { overwrite: force })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new CliError(code === 'EEXIST' ? `-o ${options.output}: the file already exists; pass --force to replace it` : `-o ${options.output}: cannot be written (${code ?? (error as Error).message})`)
  }
  return EXIT.ok
}
