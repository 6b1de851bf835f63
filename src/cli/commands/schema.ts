/**
 * `heapscope schema [-o file]`: the JSON Schema of scenario files (`schema/scenario.schema.json`,
 * generated from the engine's scenario definition), for editors that validate YAML/JSON.
 */
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { writeFileAtomic } from '../../main/services/atomic-write'
import { CliError, EXIT, type CliIo } from '../cli-io'
import { checkWritable } from '../options'

export async function schemaCommand(io: CliIo, root: string, options: { output?: string; force?: boolean }): Promise<number> {
  const source = join(root, 'schema', 'scenario.schema.json')
  let text: string
  try {
    text = await readFile(source, 'utf8')
  } catch {
    throw new CliError(`the scenario schema is missing (${source}); run npm run schema`)
  }
  if (options.output === undefined || options.output === '-') {
    io.stdout.write(text)
    return EXIT.ok
  }
  const force = options.force === true
  checkWritable(options.output, io.cwd, '-o', force)
  try {
    await writeFileAtomic(resolve(io.cwd, options.output), text, { overwrite: force })
  } catch (error) {
    throw new CliError(`-o ${options.output}: cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
  }
  return EXIT.ok
}
