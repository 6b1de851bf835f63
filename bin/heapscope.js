#!/usr/bin/env node
// `npx heapscope …`: runs the command-line interface (src/cli) headless, no Electron.
//
// The CLI and its engine worker are TypeScript; Node runs them from a bundle in out/cli/
// (heapscope.js + engine-worker.js), built here with Vite on first use and again whenever a
// source file is newer than the bundle, so a fresh clone works right after `npm install`.
// The worker's path reaches the CLI as $HEAPSCOPE_ENGINE_WORKER (see locateEngineWorker).
import { existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const OUT = join(ROOT, 'out', 'cli')
const STAMP = join(OUT, '.built')
const CLI_ENTRY = join(ROOT, 'src', 'cli', 'index.ts')
const WORKER_ENTRY = join(ROOT, 'src', 'main', 'services', 'engine-host', 'engine-worker.ts')
const SOURCES = ['src/cli', 'src/main/services', 'src/engine', 'src/report', 'src/shared', 'package.json'].map((p) => join(ROOT, p))

/** Newest modification time under the given files and folders (test files excluded). */
function newestSource(paths) {
  let newest = 0
  const visit = (path) => {
    let stats
    try {
      stats = statSync(path)
    } catch {
      return
    }
    if (stats.isDirectory()) {
      for (const name of readdirSync(path)) if (!name.startsWith('.')) visit(join(path, name))
    } else if (!/\.(test|bench)\.ts$/.test(path)) newest = Math.max(newest, stats.mtimeMs)
  }
  for (const path of paths) visit(path)
  return newest
}

function isStale() {
  if (!existsSync(join(OUT, 'heapscope.js')) || !existsSync(join(OUT, 'engine-worker.js')) || !existsSync(STAMP)) return true
  return newestSource(SOURCES) > statSync(STAMP).mtimeMs
}

async function buildBundle() {
  let vite
  try {
    vite = await import('vite')
  } catch {
    throw new Error('the CLI bundle (out/cli) is missing and Vite is not installed to build it; run npm install')
  }
  const temp = `${OUT}.tmp-${process.pid}`
  await vite.build({
    configFile: false,
    root: ROOT,
    logLevel: 'error',
    resolve: {
      alias: {
        '@engine': join(ROOT, 'src/engine/index.ts'),
        '@report': join(ROOT, 'src/report/index.ts'),
        '@shared': join(ROOT, 'src/shared'),
      },
    },
    build: {
      ssr: true,
      outDir: temp,
      emptyOutDir: true,
      minify: false,
      target: 'node20',
      rolldownOptions: {
        input: { heapscope: CLI_ENTRY, 'engine-worker': WORKER_ENTRY },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  })
  writeFileSync(join(temp, '.built'), new Date().toISOString())
  rmSync(OUT, { recursive: true, force: true })
  renameSync(temp, OUT)
}

async function main() {
  if (!existsSync(CLI_ENTRY)) {
    process.stderr.write('heapscope: the command-line interface is not in this checkout yet (src/cli/index.ts is missing)\n')
    return 2
  }
  if (isStale()) {
    try {
      await buildBundle()
    } catch (error) {
      process.stderr.write(`heapscope: could not build the CLI: ${error instanceof Error ? error.message : String(error)}\n`)
      return 2
    }
  }
  process.env.HEAPSCOPE_ENGINE_WORKER = join(OUT, 'engine-worker.js')
  const cli = await import(pathToFileURL(join(OUT, 'heapscope.js')).href)
  // The CLI either runs on import, or exports main(argv) → exit code.
  if (typeof cli.main === 'function') return cli.main(process.argv.slice(2))
  return undefined
}

const code = await main()
if (typeof code === 'number') process.exitCode = code
