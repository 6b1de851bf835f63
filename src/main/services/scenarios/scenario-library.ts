/**
 * The bundled scenario library: every `*.yaml`, `*.yml` and `*.json` under the library folder,
 * recursively, except measured-data JSON files (`reference/*.json` and the `<name>.cpython3.N.json`
 * results next to check scenarios). Sorted with files in folders first (by folder), then the
 * library's top-level files, each group by file name.
 */
import { readdir } from 'node:fs/promises'
import { extname, join, relative, sep } from 'node:path'

const SCENARIO_EXTENSIONS = new Set(['.yaml', '.yml', '.json'])
/** Measured results of a reference or check workload (`float_churn.cpython3.11.json`). */
const MEASURED_DATA = /\.cpython\d+(\.\d+)*\.json$/i
const MAX_DEPTH = 8

/**
 * Whether a file of the library (path relative to its root, `/`-separated) is a scenario.
 * @param relativePath e.g. `reference/float_churn.yaml`
 */
export function isLibraryScenario(relativePath: string): boolean {
  const ext = extname(relativePath).toLowerCase()
  if (!SCENARIO_EXTENSIONS.has(ext)) return false
  if (ext !== '.json') return true
  if (MEASURED_DATA.test(relativePath)) return false
  return !relativePath.startsWith('reference/')
}

/** Library order: files in folders first (folders by name), then top-level files; by name within. */
export function compareLibraryPaths(a: string, b: string): number {
  const split = (p: string): [string, string] => {
    const i = p.lastIndexOf('/')
    return i < 0 ? ['', p] : [p.slice(0, i), p.slice(i + 1)]
  }
  const [dirA, fileA] = split(a)
  const [dirB, fileB] = split(b)
  if (dirA !== dirB) {
    if (dirA === '') return 1
    if (dirB === '') return -1
    return dirA.localeCompare(dirB)
  }
  return fileA.localeCompare(fileB)
}

/**
 * Lists the library's scenario files.
 * @param root the library folder (absolute)
 * @returns absolute paths in library order; empty when the folder is missing
 */
export async function listLibraryFiles(root: string): Promise<string[]> {
  const found: string[] = []
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries
    try {
      entries = await readdir(dir, { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue
      const full = join(dir, entry.name)
      if (entry.isDirectory() && depth < MAX_DEPTH) await walk(full, depth + 1)
      else if (entry.isFile() && isLibraryScenario(relative(root, full).split(sep).join('/'))) found.push(full)
    }
  }
  await walk(root, 0)
  const rel = (p: string): string => relative(root, p).split(sep).join('/')
  return found.sort((a, b) => compareLibraryPaths(rel(a), rel(b)))
}
