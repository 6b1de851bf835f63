/**
 * Default file names for exports: derived from run and chart names, safe on every platform.
 */

/**
 * Turns a display name into a file-name stem: letters, digits, dots, dashes and underscores,
 * at most 80 characters, never empty.
 * @param name e.g. "Cycles · CPython 3.12"
 * @returns e.g. "Cycles-CPython-3.12"
 */
export function fileStem(name: string): string {
  const stem = name
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80)
  return stem === '' ? 'heapscope' : stem
}

/**
 * The default name of an export of `runNames`.
 * @param runNames display names of the exported runs
 * @param suffix what is exported (`report`, a chart id)
 * @param extension without the dot; empty for a folder
 */
export function exportFileName(runNames: readonly string[], suffix: string, extension: string): string {
  const base = runNames.length === 1 ? fileStem(runNames[0] as string) : `${runNames.length}-runs`
  return `${base}-${fileStem(suffix)}${extension === '' ? '' : `.${extension}`}`
}
