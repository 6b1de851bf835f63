#!/usr/bin/env node
// Writes schema/scenario.schema.json from the scenario definition (src/engine/scenario). The
// definition is TypeScript, so it is loaded through Vite's SSR module loader (no build step).
// Usage: node scripts/generate-schema.mjs [--check]   (--check: exit 1 when the file is stale)
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createServer } from 'vite'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const server = await createServer({ root, configFile: false, logLevel: 'error', server: { middlewareMode: true, hmr: false }, appType: 'custom', optimizeDeps: { noDiscovery: true, include: [] } })
try {
  const { scenarioSchemaText, SCENARIO_SCHEMA_PATH } = await server.ssrLoadModule('/src/engine/scenario/scenario-schema.ts')
  const target = resolve(root, SCENARIO_SCHEMA_PATH)
  const text = scenarioSchemaText()
  const current = await readFile(target, 'utf8').catch(() => null)
  if (process.argv.includes('--check')) {
    if (current !== text) {
      console.error(`${SCENARIO_SCHEMA_PATH} is out of date: run npm run schema`)
      process.exitCode = 1
    }
  } else if (current === text) {
    console.log(`${SCENARIO_SCHEMA_PATH} is up to date`)
  } else {
    await mkdir(dirname(target), { recursive: true })
    await writeFile(target, text)
    console.log(`wrote ${SCENARIO_SCHEMA_PATH}`)
  }
} finally {
  await server.close()
}
