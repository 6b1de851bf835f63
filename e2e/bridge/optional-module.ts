/**
 * Imports a module of the app that may not exist yet (parts land independently); a missing file
 * is `undefined`, any other failure is thrown. The specifier is computed, so type checking does not
 * depend on the file either.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { REPO_ROOT } from '../support/paths'

/**
 * @param relativePath from the repository root, e.g. `src/report/index.ts`
 * @returns the module's namespace, or undefined when the file is absent
 */
export async function importIfPresent<T>(relativePath: string): Promise<T | undefined> {
  const file = join(REPO_ROOT, relativePath)
  if (!existsSync(file)) return undefined
  return (await import(pathToFileURL(file).href)) as T
}
