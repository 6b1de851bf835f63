/**
 * The About dialog's text: app version and the runtime versions it runs on.
 */

/**
 * @param app name and version
 * @param versions `process.versions`
 * @returns message and detail for `dialog.showMessageBox`
 */
export function aboutText(app: { readonly name: string; readonly version: string }, versions: Readonly<Record<string, string | undefined>>): { message: string; detail: string } {
  const rows = [
    ['Electron', versions['electron']],
    ['Chromium', versions['chrome']],
    ['Node.js', versions['node']],
    ['V8', versions['v8']],
  ].filter((row): row is [string, string] => row[1] !== undefined)
  return {
    message: `${app.name} ${app.version}`,
    detail: [
      'A profiler and simulator of CPython’s memory manager: obmalloc, reference counting, free lists and the cyclic garbage collector.',
      '',
      ...rows.map(([name, v]) => `${name} ${v}`),
      `${process.platform} ${process.arch}`,
    ].join('\n'),
  }
}
