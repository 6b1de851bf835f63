/**
 * Bundles the engine worker entry into one ESM file for processes that run the services from
 * TypeScript sources (unit tests, the Playwright test process): a worker thread cannot load
 * `.ts`. The app uses `out/main/engine-worker.js` from `electron-vite build` instead.
 * Needs the `vite` dev dependency; never imported by the app itself.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const HERE = fileURLToPath(new URL('.', import.meta.url))
const ROOT = resolve(HERE, '../../../..')

/**
 * Builds `engine-worker.mjs` (engine included) into `outDir` (default: a fresh temp folder).
 * @param outDir where to write it
 * @returns the absolute path of the built worker
 */
export function buildEngineWorker(outDir?: string): Promise<string> {
  return buildWorker(join(HERE, 'engine-worker.ts'), outDir)
}

/**
 * Builds one worker entry (a `.ts` file) into `<outDir>/<its name>.mjs`.
 * @param entry the worker's source file
 * @param outDir where to write it (default: a fresh temp folder)
 * @returns the absolute path of the built worker
 */
export async function buildWorker(entry: string, outDir: string = mkdtempSync(join(tmpdir(), 'heapscope-worker-'))): Promise<string> {
  const name = basename(entry).replace(/\.ts$/, '')
  const { build } = await import('vite')
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'silent',
    resolve: { alias: { '@engine': join(ROOT, 'src/engine/index.ts'), '@report': join(ROOT, 'src/report/index.ts') } },
    // Bundle npm dependencies too (the engine reads YAML with `yaml`): the output lives outside
    // the project, where node_modules cannot be resolved.
    ssr: { noExternal: true },
    build: {
      ssr: true,
      outDir,
      emptyOutDir: true,
      minify: false,
      target: 'node20',
      rolldownOptions: {
        input: { [name]: entry },
        output: { format: 'esm', entryFileNames: '[name].mjs' },
      },
    },
  })
  return join(outDir, `${name}.mjs`)
}
