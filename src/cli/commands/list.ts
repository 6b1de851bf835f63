/**
 * `heapscope list`: the bundled scenario library (`scenarios/library`) and the reference
 * workloads (`scenarios/reference`), each with its name and the first sentence of its description.
 */
import { readFile } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { parseScenario } from '@engine'
import { listLibraryFiles } from '../../main/services/scenarios/scenario-library'
import { EXIT, println, type CliIo } from '../cli-io'
import { formatTable } from '../format'

/** Folders of `scenarios/` that `list` shows. */
const LISTED = ['library/', 'reference/']
const DESCRIPTION_WIDTH = 90

/** The first sentence of a description, on one line, shortened to `width`. */
export function firstSentence(text: string, width = DESCRIPTION_WIDTH): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  const end = flat.search(/\.(\s|$)/)
  const sentence = end >= 0 ? flat.slice(0, end + 1) : flat
  return sentence.length > width ? `${sentence.slice(0, width - 1)}…` : sentence
}

export async function listCommand(io: CliIo, root: string, options: { json?: boolean }): Promise<number> {
  const dir = join(root, 'scenarios')
  const files = (await listLibraryFiles(dir)).filter((file) => LISTED.some((prefix) => relative(dir, file).split(sep).join('/').startsWith(prefix)))
  const entries = await Promise.all(
    files.map(async (file) => {
      const shown = relative(io.cwd, file).startsWith('..') ? file : relative(io.cwd, file)
      const parsed = parseScenario(await readFile(file, 'utf8'), shown)
      return parsed.ok
        ? { path: shown, name: parsed.scenario.name, preset: parsed.scenario.preset, description: parsed.scenario.description }
        : { path: shown, name: '(invalid)', preset: '', description: parsed.errors[0]?.message ?? 'not a valid scenario' }
    }),
  )
  if (options.json === true) {
    io.stdout.write(`${JSON.stringify(entries, null, 2)}\n`)
    return EXIT.ok
  }
  if (entries.length === 0) {
    println(io.stderr, `no scenarios found under ${dir}`)
    return EXIT.ok
  }
  println(io.stdout, formatTable(['scenario', 'name', 'preset', 'what it shows'], entries.map((e) => [e.path, e.name, e.preset, firstSentence(e.description)]), ['l', 'l', 'l', 'l']))
  return EXIT.ok
}
